//! Follow-up against plan: investment frames vs outcome (`frames`) and the
//! operating budget vs outcome with forecast (`operating`).

mod frames;
mod operating;

pub use frames::*;
pub use operating::*;

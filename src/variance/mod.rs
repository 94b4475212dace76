//! Follow-up against plan: investment frames vs outcome (`frames`) and the
//! operating budget vs outcome with forecast (`operating`), and planned
//! purchases against the remaining frame (`plans`).

mod frames;
mod operating;
mod plans;

pub use frames::*;
pub use operating::*;
pub use plans::*;

//! Forecast rounds (prognosomgångar), pure domain: reading a round's
//! workbook (`read`) and comparing rounds with each other and with the
//! outcome (`compare`). The store keeps the rounds (`store::forecasts`);
//! `variance::rounds` lays the comparison over the variance report.

mod compare;
mod read;

pub use compare::*;
pub use read::*;

//! Ramkoll: budget and investment follow-up for Swedish healthcare regions.
//! The whole domain lives here; the CLI (`src/bin/ramkoll/`) and the desktop
//! shell (`src-tauri/`) are thin doors onto these functions.

pub mod error;

pub use error::{Error, Result};
pub mod money;
pub mod period;

pub use money::{Amount, Unit};
pub mod app;
pub mod capital;
pub mod classify;
pub mod control;
pub mod demo;
pub mod export;
pub mod forecast;
pub mod import;
pub mod os;
pub mod safety;
pub mod staffing;
pub mod store;
pub mod table;
pub mod variance;

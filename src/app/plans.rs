//! Planned purchases against the remaining frame.

use super::input;
use super::Session;
use crate::error::Result;
use crate::variance::{self, PlanFit, PlanReport};
use serde::{Deserialize, Serialize};

/// A planned purchase as the user typed it: `quantity` × `unit_price`
/// ("3 876,00"); without a kategori it is held against the whole område.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanInput {
    pub year: i32,
    pub area: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub text: String,
    pub quantity: i64,
    pub unit_price: String,
}

/// Register a planned purchase and see whether it fits.
pub fn add_plan(s: &mut Session, p: &PlanInput) -> Result<PlanFit> {
    let price = input::unit_price(&p.unit_price)?;
    variance::add_plan(s.store_mut(), p.year, &p.area, p.category.as_deref(), &p.text, p.quantity, price)
}

/// The year's planned purchases, each checked in registration order.
pub fn plans(s: &Session, year: i32) -> Result<PlanReport> {
    variance::plan_report(s.store(), year)
}

pub fn remove_plan(s: &mut Session, id: i64) -> Result<()> {
    variance::remove_plan(s.store_mut(), id)
}

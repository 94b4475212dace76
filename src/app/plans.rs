//! Planned purchases against the remaining frame, with the inputs of their
//! costing (`capital` costs them).

use super::input::{self, PeriodInput};
use super::Session;
use crate::capital::{self, Classification};
use crate::error::{Error, Result};
use crate::money::{self, Amount};
use crate::store::{PlannedPurchase, Store};
use crate::variance::{self, PlanFit, PlanReport, PlanSpec};
use serde::{Deserialize, Serialize};

/// A planned purchase as the user typed it: `quantity` × `unit_price`
/// ("3 876,00"); without a kategori it is held against the whole område.
/// The costing inputs are optional: a plan without them takes its
/// kategori's useful life and is taken into use in January of its year.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    #[serde(default)]
    pub life_years: Option<u32>,
    /// Taken into use: 201901, 2019-01, "januari 2019".
    #[serde(default)]
    pub start: Option<PeriodInput>,
    /// Per unit and month, e.g. a subscription ("150,00").
    #[serde(default)]
    pub monthly_cost_per_unit: Option<String>,
    #[serde(default)]
    pub yearly_running_cost: Option<String>,
    #[serde(default)]
    pub yearly_saving: Option<String>,
    #[serde(default)]
    pub counted_together: bool,
}

/// The costing inputs of a plan as a form sends them (the desktop app's
/// `add_plan`): amounts as typed, the start as YYYYMM; all optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanCostingInput {
    #[serde(default)]
    pub life_years: Option<u32>,
    #[serde(default)]
    pub start: Option<u32>,
    #[serde(default)]
    pub monthly_cost_per_unit: Option<String>,
    #[serde(default)]
    pub yearly_running_cost: Option<String>,
    #[serde(default)]
    pub yearly_saving: Option<String>,
    #[serde(default)]
    pub counted_together: bool,
}

/// An optional amount as typed; the error names the field.
fn amount_opt(field: &str, label: &str, v: Option<&str>) -> Result<Amount> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(Amount::ZERO),
        Some(v) => money::parse_amount(v).map_err(|e| Error::invalid(field, format!("{label} '{v}': {e}"))),
    }
}

/// Register a planned purchase and see whether it fits.
pub fn add_plan(s: &mut Session, p: &PlanInput) -> Result<PlanFit> {
    let start = p
        .start
        .as_ref()
        .map(|st| st.resolve(Some(p.year)).map_err(|e| Error::invalid("start", e.to_string())))
        .transpose()?;
    let spec = PlanSpec {
        year: p.year,
        area: &p.area,
        category: p.category.as_deref(),
        text: &p.text,
        quantity: p.quantity,
        unit_price: input::unit_price(&p.unit_price)?,
        life_years: p.life_years,
        start,
        monthly_cost_per_unit: amount_opt(
            "monthly_cost_per_unit",
            "driftkostnad per enhet och månad",
            p.monthly_cost_per_unit.as_deref(),
        )?,
        yearly_running_cost: amount_opt(
            "yearly_running_cost",
            "driftkostnad per år",
            p.yearly_running_cost.as_deref(),
        )?,
        yearly_saving: amount_opt("yearly_saving", "besparing per år", p.yearly_saving.as_deref())?,
        counted_together: p.counted_together,
    };
    let id = variance::add_plan(s.store_mut(), &spec)?;
    plans(s, p.year)?
        .plans
        .into_iter()
        .find(|f| f.plan.id == id)
        .ok_or_else(|| Error::internal(format!("planen {id} finns inte i planrapporten för {}", p.year)))
}

/// Investment or expense for a stored plan, with the thresholds and lives
/// of the settings.
pub fn classify_plan(store: &Store, p: &PlannedPurchase) -> Result<Classification> {
    let inputs = super::capital::plan_inputs(store, p)?;
    let threshold = super::capital::expense_threshold(store, crate::period::year_of(inputs.start))?;
    Ok(capital::classify_purchase(&inputs, threshold))
}

/// The year's planned purchases, each checked in registration order.
pub fn plans(s: &Session, year: i32) -> Result<PlanReport> {
    let store = s.store();
    variance::plan_report(store, year, &|p| classify_plan(store, p))
}

pub fn remove_plan(s: &mut Session, id: i64) -> Result<()> {
    variance::remove_plan(s.store_mut(), id)
}

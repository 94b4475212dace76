//! Planned purchases (e.g. 2 500 service phones × unit price) against what
//! is left of an investment frame: each plan is checked, in the order it was
//! registered, against the remaining frame of its kategori (or område) after
//! the outcome so far and the plans before it — and, stricter, against
//! Disponibelt, where the open orders (Beställt) are taken off too. A plan registered with
//! costing inputs that make it an expense (förbrukningsinventarier) falls on
//! the operating budget instead and draws nothing.

use super::frame_report;
use crate::capital::{Classification, Treatment};
use crate::error::{Error, Result};
use crate::money::Amount;
pub use crate::store::PlannedPurchase;
use crate::store::{NewPlan, Store};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanFit {
    #[serde(flatten)]
    pub plan: PlannedPurchase,
    /// Investment or expense (förbrukningsinventarier), and why.
    pub classification: Classification,
    /// Whether the plan draws on the frame: all plans do, except those
    /// registered with costing inputs that make them an expense (those fall
    /// on the operating budget).
    pub on_frame: bool,
    /// Total frame − total outcome of the row the plan is held against.
    pub frame_remaining: Amount,
    /// What is left before this plan, after the plans registered before it.
    pub remaining_before: Amount,
    pub remaining_after: Amount,
    pub fits: bool,
    /// Beställt on the same row: the open orders dated in or before the year.
    pub committed: Amount,
    /// Disponibelt before this plan: total frame − outcome − committed − the
    /// plans registered before it; and after it.
    pub available_before: Amount,
    pub available_after: Amount,
    /// The stricter check: the plan fits within Disponibelt, the open orders
    /// counted (`fits` holds it against frame − outcome only).
    pub fits_available: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanReport {
    pub year: i32,
    pub plans: Vec<PlanFit>,
}

/// A planned purchase to register: quantity × unit price, and the inputs
/// of its costing (none given: the kategori's life, from January).
#[derive(Debug, Clone, Default)]
pub struct PlanSpec<'a> {
    pub year: i32,
    pub area: &'a str,
    pub category: Option<&'a str>,
    pub text: &'a str,
    pub quantity: i64,
    pub unit_price: Amount,
    pub life_years: Option<u32>,
    pub start: Option<u32>,
    pub monthly_cost_per_unit: Amount,
    pub yearly_running_cost: Amount,
    pub yearly_saving: Amount,
    pub counted_together: bool,
}

/// Whether a plan was registered with costing inputs (then its
/// investment-or-expense assessment decides whether it draws on the frame).
pub fn has_costing(p: &PlannedPurchase) -> bool {
    p.life_years.is_some()
        || p.start.is_some()
        || p.counted_together
        || !p.monthly_cost_per_unit.is_zero()
        || !p.yearly_running_cost.is_zero()
        || !p.yearly_saving.is_zero()
}

/// Check and register a planned purchase; its id. The amount is quantity ×
/// unit price, exactly.
pub fn add_plan(store: &mut Store, p: &PlanSpec<'_>) -> Result<i64> {
    let area = crate::classify::normalize_area(p.area)
        .ok_or_else(|| Error::invalid("area", format!("okänt område '{}' (IT eller MT)", p.area)))?;
    if p.quantity <= 0 {
        return Err(Error::invalid("quantity", "antal och styckpris måste vara större än noll"));
    }
    if p.unit_price.0 <= 0 {
        return Err(Error::invalid("unit_price", "antal och styckpris måste vara större än noll"));
    }
    let amount = p
        .unit_price
        .0
        .checked_mul(p.quantity)
        .map(Amount)
        .ok_or_else(|| Error::invalid("unit_price", "beloppet är för stort"))?;
    check_costing(p)?;
    let plan = NewPlan {
        year: p.year,
        area: &area,
        category: p.category.map(str::trim).filter(|c| !c.is_empty()),
        text: p.text.trim(),
        quantity: p.quantity,
        unit_price: p.unit_price,
        amount,
        life_years: p.life_years,
        start: p.start,
        monthly_cost_per_unit: p.monthly_cost_per_unit,
        yearly_running_cost: p.yearly_running_cost,
        yearly_saving: p.yearly_saving,
        counted_together: p.counted_together,
    };
    store.add_plan(&plan)
}

/// The costing inputs: a life of 1–50 years, a start in (or after) the
/// plan's year, no negative running costs or savings.
fn check_costing(p: &PlanSpec<'_>) -> Result<()> {
    if let Some(l) = p.life_years.filter(|l| !(1..=50).contains(l)) {
        return Err(Error::invalid("life_years", format!("nyttjandeperioden {l} år ligger inte inom 1–50 år")));
    }
    if let Some(s) = p.start.filter(|s| crate::period::year_of(*s) < p.year) {
        return Err(Error::invalid("start", format!("aktiveringen {s} ligger före planens år {}", p.year)));
    }
    for (field, a) in [
        ("monthly_cost_per_unit", p.monthly_cost_per_unit),
        ("yearly_running_cost", p.yearly_running_cost),
        ("yearly_saving", p.yearly_saving),
    ] {
        if a.0 < 0 {
            return Err(Error::invalid(field, "beloppet får inte vara negativt"));
        }
    }
    Ok(())
}

pub fn remove_plan(store: &mut Store, id: i64) -> Result<()> {
    if !store.remove_plan(id)? {
        return Err(Error::not_found(format!("det finns ingen planerad anskaffning {id}")));
    }
    Ok(())
}

/// The year's plans against what is left of their frames, each with its
/// investment-or-expense assessment (`classify`, from the app's settings).
pub fn plan_report(
    store: &Store,
    year: i32,
    classify: &dyn Fn(&PlannedPurchase) -> Result<Classification>,
) -> Result<PlanReport> {
    let frames = frame_report(store, year, None)?;
    let plans = store.plans(year)?;
    // plans held against the same row draw on the same remaining frame
    let mut used: std::collections::HashMap<(String, Option<String>), Amount> = Default::default();
    let mut out = Vec::new();
    for plan in plans {
        let classification = classify(&plan)?;
        let on_frame = !(has_costing(&plan) && classification.treatment == Treatment::Expense);
        let block = frames.areas.iter().find(|a| a.row.area == plan.area);
        let row = match (&plan.category, block) {
            (Some(c), Some(b)) => b.categories.iter().find(|r| r.category.as_deref() == Some(c.as_str())),
            (None, Some(b)) => Some(&b.row),
            (_, None) => None,
        };
        let remaining = row.map(|r| r.remaining).unwrap_or(Amount::ZERO);
        let committed = row.map(|r| r.committed).unwrap_or(Amount::ZERO);
        let spent = used.entry((plan.area.clone(), plan.category.clone())).or_insert(Amount::ZERO);
        let before = remaining - *spent;
        let drawn = if on_frame { plan.amount } else { Amount::ZERO };
        let after = before - drawn;
        *spent += drawn;
        out.push(PlanFit {
            classification,
            on_frame,
            frame_remaining: remaining,
            remaining_before: before,
            remaining_after: after,
            fits: after.0 >= 0,
            committed,
            available_before: before - committed,
            available_after: after - committed,
            fits_available: (after - committed).0 >= 0,
            plan,
        });
    }
    Ok(PlanReport { year, plans: out })
}

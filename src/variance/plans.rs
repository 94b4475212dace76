//! Planned purchases (e.g. 2 500 service phones × unit price) against what
//! is left of an investment frame: each plan is checked, in the order it was
//! registered, against the remaining frame of its kategori (or område) after
//! the outcome so far and the plans before it.

use super::frame_report;
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
    /// Total frame − total outcome of the row the plan is held against.
    pub frame_remaining: Amount,
    /// What is left before this plan, after the plans registered before it.
    pub remaining_before: Amount,
    pub remaining_after: Amount,
    pub fits: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanReport {
    pub year: i32,
    pub plans: Vec<PlanFit>,
}

/// Register a planned purchase; the amount is quantity × unit price, exactly.
pub fn add_plan(
    store: &mut Store,
    year: i32,
    area: &str,
    category: Option<&str>,
    text: &str,
    quantity: i64,
    unit_price: Amount,
) -> Result<PlanFit> {
    let area = crate::classify::normalize_area(area)
        .ok_or_else(|| Error::invalid("area", format!("okänt område '{area}' (IT eller MT)")))?;
    if quantity <= 0 {
        return Err(Error::invalid("quantity", "antal och styckpris måste vara större än noll"));
    }
    if unit_price.0 <= 0 {
        return Err(Error::invalid("unit_price", "antal och styckpris måste vara större än noll"));
    }
    let amount = unit_price
        .0
        .checked_mul(quantity)
        .map(Amount)
        .ok_or_else(|| Error::invalid("unit_price", "beloppet är för stort"))?;
    let category = category.map(str::trim).filter(|c| !c.is_empty());
    let plan = NewPlan { year, area: &area, category, text: text.trim(), quantity, unit_price, amount };
    let id = store.add_plan(&plan)?;
    plan_report(store, year)?
        .plans
        .into_iter()
        .find(|p| p.plan.id == id)
        .ok_or_else(|| Error::internal(format!("planen {id} finns inte i planrapporten för {year}")))
}

pub fn remove_plan(store: &mut Store, id: i64) -> Result<()> {
    if !store.remove_plan(id)? {
        return Err(Error::not_found(format!("det finns ingen planerad anskaffning {id}")));
    }
    Ok(())
}

pub fn plan_report(store: &Store, year: i32) -> Result<PlanReport> {
    let frames = frame_report(store, year, None)?;
    let plans = store.plans(year)?;
    // plans held against the same row draw on the same remaining frame
    let mut used: std::collections::HashMap<(String, Option<String>), Amount> = Default::default();
    let mut out = Vec::new();
    for plan in plans {
        let block = frames.areas.iter().find(|a| a.row.area == plan.area);
        let remaining = match (&plan.category, block) {
            (Some(c), Some(b)) => b
                .categories
                .iter()
                .find(|r| r.category.as_deref() == Some(c.as_str()))
                .map(|r| r.remaining)
                .unwrap_or(Amount::ZERO),
            (None, Some(b)) => b.row.remaining,
            (_, None) => Amount::ZERO,
        };
        let spent = used.entry((plan.area.clone(), plan.category.clone())).or_insert(Amount::ZERO);
        let before = remaining - *spent;
        let after = before - plan.amount;
        *spent += plan.amount;
        out.push(PlanFit {
            frame_remaining: remaining,
            remaining_before: before,
            remaining_after: after,
            fits: after.0 >= 0,
            plan,
        });
    }
    Ok(PlanReport { year, plans: out })
}

//! Commitments in the remaining frame: Beställt (the open orders of the
//! latest orders snapshot) and Disponibelt = total frame − outcome −
//! committed − planned purchases, per område and kategori and in total; and
//! the latest investment forecast beside each row.
//!
//! The orders a report counts are those dated up to its end (the period, or
//! December of its year): open orders are a snapshot of today, so an order
//! placed in an earlier year that is still open commits this year's frame
//! too, and one placed after a period-to-date report's end does not yet.

use super::frames::Cells;
use super::{FrameReport, FrameRow, InvestmentForecast, PlanFit};
use crate::classify::UNCLASSIFIED;
use crate::error::Result;
use crate::money::Amount;
use crate::store::{OrderQuery, Store};

/// Disponibelt of a row from its other figures.
pub(super) fn available(r: &FrameRow) -> Amount {
    r.total_frame - r.outcome_total - r.committed - r.planned
}

/// The last period a report of `year` (to `period`) counts orders to.
fn period_to(year: i32, period: Option<u32>) -> u32 {
    period.unwrap_or(year as u32 * 100 + 12)
}

/// The orders behind a row: its område and kategori (none on the total row).
pub(super) fn orders_drill(year: i32, period: Option<u32>, area: &str, category: Option<&str>) -> OrderQuery {
    OrderQuery {
        area: (area != "Totalt").then(|| area.to_string()),
        category: category.map(str::to_string),
        period_to: Some(period_to(year, period)),
    }
}

/// Add the open orders to the cells, grouped as the rows' drills narrow the
/// report's one query; orders without an område go to the unclassified row,
/// those of an område without a kategori to its "Ej klassificerat" row.
pub(super) fn add_orders(
    store: &Store,
    year: i32,
    period: Option<u32>,
    cells: &mut Cells,
    unclassified: &mut Option<FrameRow>,
) -> Result<()> {
    let q = OrderQuery { period_to: Some(period_to(year, period)), ..Default::default() };
    for s in store.order_sums(&q)? {
        let target = match &s.area {
            Some(a) => cells
                .entry(a.clone())
                .or_default()
                .entry(s.category.clone().unwrap_or_else(|| UNCLASSIFIED.to_string()))
                .or_default(),
            None => unclassified.get_or_insert_with(FrameRow::default),
        };
        target.committed += s.amount;
        target.orders += s.orders;
    }
    Ok(())
}

/// Set a row's planned purchases and with them its Disponibelt.
fn set_planned(r: &mut FrameRow, planned: Amount) {
    r.planned = planned;
    r.available = available(r);
}

/// Add the year's planned purchases that draw on the frame (`PlanFit::on_frame`):
/// a kategori's row gets the plans of its kategori, an område's row every
/// plan of the område (those held against the whole område too), the total
/// row all of them.
pub fn add_plans(report: &mut FrameReport, plans: &[PlanFit]) {
    let drawn: Vec<&PlanFit> = plans.iter().filter(|p| p.on_frame).collect();
    let sum = |f: &dyn Fn(&PlanFit) -> bool| drawn.iter().filter(|p| f(p)).map(|p| p.plan.amount).sum::<Amount>();
    for block in &mut report.areas {
        let area = block.row.area.clone();
        set_planned(&mut block.row, sum(&|p| p.plan.area == area));
        for c in &mut block.categories {
            let cat = c.category.clone();
            set_planned(c, sum(&|p| p.plan.area == area && p.plan.category == cat));
        }
    }
    set_planned(&mut report.total, sum(&|_| true));
}

/// Put the latest investment round's forecasts beside the rows: an område
/// row its own forecast, else the sum of its kategorier's; the total row
/// the sum of the område rows that have one.
pub fn add_forecast(report: &mut FrameReport, forecasts: &[InvestmentForecast]) {
    let Some(round) = forecasts.first().map(|f| f.round) else { return };
    report.forecast_round = Some(round);
    let set = |r: &mut FrameRow, f: Amount| {
        r.forecast = Some(f);
        r.forecast_variance = Some(r.total_frame - f);
    };
    let mut total: Option<Amount> = None;
    for block in &mut report.areas {
        let area = block.row.area.clone();
        let mut from_categories: Option<Amount> = None;
        for c in &mut block.categories {
            let own = forecasts.iter().find(|f| f.area == area && f.category.is_some() && f.category == c.category);
            if let Some(f) = own {
                set(c, f.forecast);
                *from_categories.get_or_insert(Amount::ZERO) += f.forecast;
            }
        }
        let own = forecasts.iter().find(|f| f.area == area && f.category.is_none()).map(|f| f.forecast);
        if let Some(f) = own.or(from_categories) {
            set(&mut block.row, f);
            *total.get_or_insert(Amount::ZERO) += f;
        }
    }
    if let Some(t) = total {
        set(&mut report.total, t);
    }
}

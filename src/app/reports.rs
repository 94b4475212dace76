//! The reports: investments, variance (operating + investments), staffing,
//! categories over years, plans are in `plans`.

use super::input::{period_opt, PeriodInput, YearRange};
use super::Session;
use crate::error::Result;
use crate::staffing::{self, StaffingReport};
use crate::store::Store;
use crate::variance::{self, CategoryReport, ForecastRounds, FrameReport, OperatingReport};
use serde::Serialize;

/// The reference investment table for `year`, or year to date to `period`,
/// with Beställt, the year's planned purchases, Disponibelt and the latest
/// investment forecast round.
pub fn investments(s: &Session, year: i32, period: Option<&PeriodInput>) -> Result<FrameReport> {
    investment_report(s.store(), year, period_opt(period, Some(year))?)
}

/// The investment table as every door shows it (the report, the variance
/// report and its workbook): the frame table with its open orders, plus the
/// plans that draw on the frame (as `plans` assesses them) and the latest
/// investment forecast.
pub fn investment_report(store: &Store, year: i32, period: Option<u32>) -> Result<FrameReport> {
    let mut r = variance::frame_report(store, year, period)?;
    let plans = variance::plan_report(store, year, &|p| super::plans::classify_plan(store, p))?;
    variance::add_plans(&mut r, &plans.plans);
    let forecasts = variance::investment_forecasts(&store.forecast_entries(year)?, &r);
    variance::add_forecast(&mut r, &forecasts);
    Ok(r)
}

/// The operating budget per kostnadsslag (to `period`; default: the last
/// period with outcome), optionally split per VO.
pub fn operating(s: &Session, year: i32, period: Option<&PeriodInput>, by_vo: bool) -> Result<OperatingReport> {
    variance::operating_report(s.store(), year, period_opt(period, Some(year))?, by_vo)
}

/// The variance analysis: operating budget and investment frames together.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VarianceReport {
    pub year: i32,
    /// The period asked for (none: the operating part runs to the last one with outcome).
    pub period: Option<u32>,
    pub operating: OperatingReport,
    pub investments: FrameReport,
    /// The year's forecast rounds over both (`variance::rounds`).
    pub rounds: ForecastRounds,
}

pub fn variance(s: &Session, year: i32, period: Option<&PeriodInput>, by_vo: bool) -> Result<VarianceReport> {
    let period = period_opt(period, Some(year))?;
    let operating = variance::operating_report(s.store(), year, period, by_vo)?;
    let investments = investment_report(s.store(), year, period)?;
    let rounds = variance::forecast_rounds(s.store(), &operating, &investments)?;
    Ok(VarianceReport { year, period, operating, investments, rounds })
}

/// Staff costs per VO × cost type, FTE, extra time and sick leave against
/// budget and last year (to `period`; default: the last period with outcome).
pub fn staffing(s: &Session, year: i32, period: Option<&PeriodInput>) -> Result<StaffingReport> {
    staffing::staffing_report(s.store(), year, period_opt(period, Some(year))?)
}

/// Outcome per kategori per year for one område.
pub fn categories(s: &Session, area: &str, years: YearRange) -> Result<CategoryReport> {
    variance::category_report(s.store(), area, years.from, years.to)
}

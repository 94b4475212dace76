//! The reports: investments, categories, operating budget, staffing.

use ramkoll::app::{self, YearRange};
use ramkoll::staffing::StaffingReport;
use ramkoll::variance::{CategoryReport, FrameReport, OperatingReport};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;
use crate::startup;

pub async fn investments<R: Runtime>(app: AppHandle<R>, year: i32, period: Option<u32>) -> CmdResult<FrameReport> {
    let p = super::period(period);
    let report = blocking(&app, move |_, st| st.with_reader(|s| app::investments(s, year, p.as_ref()))).await;
    // The first screen's report: the end of a startup measurement.
    if startup::mark(startup::Event::FirstReport) {
        app.exit(0);
    }
    report
}

pub async fn categories<R: Runtime>(app: AppHandle<R>, area: String, from: i32, to: i32) -> CmdResult<CategoryReport> {
    blocking(&app, move |_, st| st.with_reader(|s| app::categories(s, &area, YearRange { from, to }))).await
}

pub async fn operating<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
    by_vo: bool,
) -> CmdResult<OperatingReport> {
    let p = super::period(period);
    blocking(&app, move |_, st| st.with_reader(|s| app::operating(s, year, p.as_ref(), by_vo))).await
}

pub async fn staffing_report<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<StaffingReport> {
    let p = super::period(period);
    blocking(&app, move |_, st| st.with_reader(|s| app::staffing(s, year, p.as_ref()))).await
}

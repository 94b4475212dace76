//! The reports: investments, categories, operating budget, staffing.

use ramkoll::staffing::{self, StaffingReport};
use ramkoll::variance::{self, CategoryReport, FrameReport, OperatingReport};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;
use crate::startup;

pub async fn investments<R: Runtime>(app: AppHandle<R>, year: i32, period: Option<u32>) -> CmdResult<FrameReport> {
    let report = blocking(&app, move |_, st| st.with_store(|s| variance::frame_report(s, year, period))).await;
    // The first screen's report: the end of a startup measurement.
    if startup::mark(startup::Event::FirstReport) {
        app.exit(0);
    }
    report
}

pub async fn categories<R: Runtime>(app: AppHandle<R>, area: String, from: i32, to: i32) -> CmdResult<CategoryReport> {
    blocking(&app, move |_, st| st.with_store(|s| variance::category_report(s, &area, from, to))).await
}

pub async fn operating<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
    by_vo: bool,
) -> CmdResult<OperatingReport> {
    blocking(&app, move |_, st| st.with_store(|s| variance::operating_report(s, year, period, by_vo))).await
}

pub async fn staffing_report<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<StaffingReport> {
    blocking(&app, move |_, st| st.with_store(|s| staffing::staffing_report(s, year, period))).await
}

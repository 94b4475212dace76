//! Capital costs: the report over a range of years, and a planned purchase's
//! costing (shown, or saved as a workbook where the user chooses).

use ramkoll::app::{self, CapitalOverview, PlanCosting, YearRange};
use ramkoll::export::PlanExport;
use tauri::{AppHandle, Runtime};

use super::blocking;
use super::exports::save_as;
use crate::error::CmdResult;

/// The range when the UI gives both ends, else the plan's own.
fn range(from: Option<i32>, to: Option<i32>) -> Option<YearRange> {
    Some(YearRange { from: from?, to: to? })
}

pub async fn capital_report<R: Runtime>(app: AppHandle<R>, from: i32, to: i32) -> CmdResult<CapitalOverview> {
    blocking(&app, move |_, st| st.with_reader(|s| app::capital_report(s, YearRange { from, to }))).await
}

pub async fn plan_cost<R: Runtime>(
    app: AppHandle<R>,
    id: i64,
    from: Option<i32>,
    to: Option<i32>,
) -> CmdResult<PlanCosting> {
    blocking(&app, move |_, st| st.with_reader(|s| app::plan_cost(s, id, range(from, to)))).await
}

pub async fn export_plan<R: Runtime>(
    app: AppHandle<R>,
    id: i64,
    from: Option<i32>,
    to: Option<i32>,
) -> CmdResult<Option<PlanExport>> {
    let name = app::plan_file_name(id);
    blocking(&app, move |handle, st| save_as(handle, st, &name, |s, out| app::export_plan(s, id, range(from, to), out)))
        .await
}

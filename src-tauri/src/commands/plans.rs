//! Planned purchases against what is left of the frame.

use ramkoll::app::{self, PeriodInput, PlanCostingInput, PlanInput};
use ramkoll::variance::{PlanFit, PlanReport};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn plans<R: Runtime>(app: AppHandle<R>, year: i32) -> CmdResult<PlanReport> {
    blocking(&app, move |_, st| st.with_reader(|s| app::plans(s, year))).await
}

#[allow(clippy::too_many_arguments)] // the form's fields, by name, as the webview sends them
pub async fn add_plan<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    area: String,
    category: Option<String>,
    text: String,
    quantity: i64,
    unit_price: String,
    costing: Option<PlanCostingInput>,
) -> CmdResult<PlanFit> {
    let c = costing.unwrap_or_default();
    let plan = PlanInput {
        year,
        area,
        category,
        text,
        quantity,
        unit_price,
        life_years: c.life_years,
        start: c.start.map(PeriodInput::from),
        monthly_cost_per_unit: c.monthly_cost_per_unit,
        yearly_running_cost: c.yearly_running_cost,
        yearly_saving: c.yearly_saving,
        counted_together: c.counted_together,
    };
    blocking(&app, move |_, st| st.with_session(|s| app::add_plan(s, &plan))).await
}

pub async fn remove_plan<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<()> {
    blocking(&app, move |_, st| st.with_session(|s| app::remove_plan(s, id))).await
}

//! Planned purchases against what is left of the frame.

use ramkoll::variance::{self, PlanFit, PlanReport};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn plans<R: Runtime>(app: AppHandle<R>, year: i32) -> CmdResult<PlanReport> {
    blocking(&app, move |_, st| st.with_store(|s| variance::plan_report(s, year))).await
}

pub async fn add_plan<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    area: String,
    category: Option<String>,
    text: String,
    quantity: i64,
    unit_price: String,
) -> CmdResult<PlanFit> {
    blocking(&app, move |_, st| {
        let price = ramkoll::money::parse_amount(&unit_price)
            .map_err(|e| ramkoll::Error::invalid("unit_price", format!("styckpris '{}': {e}", unit_price.trim())))?;
        st.with_store(|s| variance::add_plan(s, year, &area, category.as_deref(), &text, quantity, price))
    })
    .await
}

pub async fn remove_plan<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<()> {
    blocking(&app, move |_, st| st.with_store(|s| variance::remove_plan(s, id))).await
}

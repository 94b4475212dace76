//! Forecast rounds: the rounds over the variance report, one row set by
//! hand, a round's workbook imported, a year's rounds, locking a round.

use ramkoll::app::{self, ForecastImportOutcome, ForecastInput, ForecastList, PeriodInput};
use ramkoll::store::{ForecastEntry, ForecastRound};
use ramkoll::variance::ForecastRounds;
use std::path::PathBuf;
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn forecast_rounds<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<ForecastRounds> {
    let p = super::period(period);
    blocking(&app, move |_, st| st.with_reader(|s| app::forecast_rounds(s, year, p.as_ref()))).await
}

pub async fn set_forecast<R: Runtime>(app: AppHandle<R>, input: ForecastInput) -> CmdResult<ForecastEntry> {
    blocking(&app, move |_, st| st.with_session(|s| app::set_forecast(s, &input))).await
}

pub async fn forecasts<R: Runtime>(app: AppHandle<R>, year: i32) -> CmdResult<ForecastList> {
    blocking(&app, move |_, st| st.with_reader(|s| app::forecasts(s, year))).await
}

pub async fn lock_forecast<R: Runtime>(app: AppHandle<R>, round: u32) -> CmdResult<ForecastRound> {
    blocking(&app, move |_, st| st.with_session(|s| app::lock_forecast(s, &PeriodInput::from(round)))).await
}

/// Only a file the user chose in the import dialog (or dropped) is read.
pub async fn import_forecast_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    round: u32,
    replace: bool,
) -> CmdResult<ForecastImportOutcome> {
    blocking(&app, move |_, st| {
        let path = PathBuf::from(path);
        st.check_read(&path)?;
        st.with_session(|s| app::import_forecast(s, &path, &PeriodInput::from(round), replace))
    })
    .await
}

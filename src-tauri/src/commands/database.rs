//! The database in use: what the app knows about it, and switching to another.

use serde::Serialize;
use std::path::Path;
use tauri::{AppHandle, Manager, Runtime};

use super::blocking;
use crate::dialog;
use crate::error::{CmdError, CmdResult};
use crate::startup;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub db_is_default: bool,
    /// Why the database could not be opened (the UI offers to choose another).
    pub db_error: Option<CmdError>,
    /// Years with frames or ledger lines, ascending.
    pub years: Vec<i32>,
    /// The last period with ledger lines per year (YYYYMM), as (year, period).
    pub last_periods: Vec<(i32, u32)>,
    pub batches: usize,
}

fn app_info_now<R: Runtime>(app: &AppHandle<R>, st: &AppState) -> AppInfo {
    let db_path = st.db_path();
    let (years, last_periods, batches) = st
        .with_store(|s| {
            let years = s.years()?;
            let mut last = Vec::new();
            for y in &years {
                if let Some(p) = s.last_period(*y)? {
                    last.push((*y, p));
                }
            }
            Ok((years, last, s.batches()?.len()))
        })
        .unwrap_or_default();
    AppInfo {
        version: app.package_info().version.to_string(),
        db_is_default: db_path == ramkoll::store::default_db_path(),
        db_path: db_path.display().to_string(),
        db_error: st.open_error(),
        years,
        last_periods,
        batches,
    }
}

/// Window title: the app and the database in use.
pub fn set_title<R: Runtime>(app: &AppHandle<R>, db: &Path) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title(&format!("Ramkoll — {}", db.display()));
    }
}

pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    startup::mark(startup::Event::UiStarted);
    blocking(&app, |app, st| Ok(app_info_now(app, st))).await
}

pub async fn choose_database<R: Runtime>(app: AppHandle<R>, create: bool) -> CmdResult<Option<AppInfo>> {
    blocking(&app, move |app, st| {
        let Some(path) = dialog::database(app, create) else { return Ok(None) };
        st.switch(path.clone())?;
        set_title(app, &path);
        Ok(Some(app_info_now(app, st)))
    })
    .await
}

pub async fn use_default_database<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    blocking(&app, |app, st| {
        let path = ramkoll::store::default_db_path();
        st.switch(path.clone())?;
        set_title(app, &path);
        Ok(app_info_now(app, st))
    })
    .await
}

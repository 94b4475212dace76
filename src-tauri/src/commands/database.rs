//! The database in use: what the app knows about it, and switching to another
//! (a file, or a shared database on a PostgreSQL server).

use ramkoll::app;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};

use super::blocking;
use crate::dialog;
use crate::error::{CmdError, CmdResult};
use crate::server::{self, DbServer, ServerLogin};
use crate::startup;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    pub version: String,
    /// The file's path, or a server's address without its password
    /// (`postgres://user@host:port/db`).
    pub db_path: String,
    pub db_is_default: bool,
    /// Why the database could not be opened (the UI offers to choose another).
    pub db_error: Option<CmdError>,
    /// Years with frames or ledger lines, ascending.
    pub years: Vec<i32>,
    /// The last period with ledger lines per year (YYYYMM), as (year, period).
    pub last_periods: Vec<(i32, u32)>,
    pub batches: usize,
    /// The database is on a network share (`app::db_location_warning`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub db_warning: Option<String>,
    /// The server the database is on; none for a file. A server's database
    /// has no backups of Ramkoll's own (the server's pg_dump keeps them).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub db_server: Option<DbServer>,
}

/// The app and the database as they are now; an unopened database has no data.
fn app_info_now<R: Runtime>(handle: &AppHandle<R>, st: &AppState) -> AppInfo {
    let db_path = st.db_path();
    let db = st.with_reader(app::db_info).unwrap_or_default();
    let db_server = st.server();
    AppInfo {
        version: handle.package_info().version.to_string(),
        db_is_default: db_path == app::db_path(None),
        db_path: st.db_label(),
        db_error: st.open_error(),
        years: db.years,
        last_periods: db.last_periods,
        batches: db.batches,
        // a network share is a file's concern
        db_warning: if db_server.is_some() { None } else { app::db_location_warning(&db_path) },
        db_server,
    }
}

/// Open `path` (the title follows) and say how things are then.
fn switch<R: Runtime>(handle: &AppHandle<R>, st: &AppState, path: &std::path::Path) -> CmdResult<AppInfo> {
    st.switch(path.to_path_buf())?;
    set_title(handle, &st.db_label());
    Ok(app_info_now(handle, st))
}

/// Window title: the app and the database in use (`AppState::db_label`).
pub fn set_title<R: Runtime>(app: &AppHandle<R>, db: &str) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title(&format!("Ramkoll — {db}"));
    }
}

pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    startup::mark(startup::Event::UiStarted);
    blocking(&app, |handle, st| Ok(app_info_now(handle, st))).await
}

pub async fn choose_database<R: Runtime>(app: AppHandle<R>, create: bool) -> CmdResult<Option<AppInfo>> {
    blocking(&app, move |handle, st| dialog::database(handle, create).map(|path| switch(handle, st, &path)).transpose())
        .await
}

pub async fn use_default_database<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    blocking(&app, |handle, st| switch(handle, st, &app::db_path(None))).await
}

/// Connect to a shared database on a PostgreSQL server in place of the
/// current database; an empty password means the password file's.
pub async fn connect_server<R: Runtime>(
    app: AppHandle<R>,
    host: String,
    port: String,
    dbname: String,
    user: String,
    password: String,
) -> CmdResult<AppInfo> {
    blocking(&app, move |handle, st| {
        let conn = server::connection_string(&host, &port, &dbname, &user)?;
        st.connect(ServerLogin::new(&conn, Some(&password))?)?;
        set_title(handle, &st.db_label());
        Ok(app_info_now(handle, st))
    })
    .await
}

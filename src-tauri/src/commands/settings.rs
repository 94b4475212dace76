//! The settings the staffing report uses: full-time hours and PO-pålägg
//! (validated by the application layer, as for the command line).

use ramkoll::app::{self, Settings};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> CmdResult<Settings> {
    blocking(&app, |_, st| st.with_reader(app::settings)).await
}

pub async fn set_setting<R: Runtime>(app: AppHandle<R>, key: String, value: String) -> CmdResult<Settings> {
    blocking(&app, move |_, st| st.with_session(|s| app::set_setting(s, &key, &value))).await
}

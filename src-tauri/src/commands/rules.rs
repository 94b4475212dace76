//! The classification rules.

use ramkoll::app;
use ramkoll::classify::Rule;
use ramkoll::store::ReclassifyOutcome;
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn rules<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<Rule>> {
    blocking(&app, |_, st| st.with_reader(app::rules)).await
}

pub async fn save_rules<R: Runtime>(app: AppHandle<R>, rules: Vec<Rule>) -> CmdResult<ReclassifyOutcome> {
    blocking(&app, move |_, st| st.with_session(|s| app::replace_rules(s, &rules))).await
}

//! The classification rules.

use ramkoll::classify::Rule;
use ramkoll::store::ReclassifyOutcome;
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn rules<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<Rule>> {
    blocking(&app, |_, st| st.with_store(|s| s.rules())).await
}

pub async fn save_rules<R: Runtime>(app: AppHandle<R>, rules: Vec<Rule>) -> CmdResult<ReclassifyOutcome> {
    blocking(&app, move |_, st| st.with_store(|s| s.replace_rules(&rules))).await
}

//! Import history: list, undo and redo batches.

use ramkoll::app;
use ramkoll::store::{BatchInfo, UndoOutcome};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn batches<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<BatchInfo>> {
    blocking(&app, |_, st| st.with_reader(app::batches)).await
}

pub async fn undo_batch<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<UndoOutcome> {
    blocking(&app, move |_, st| st.with_session(|s| app::undo(s, id))).await
}

pub async fn redo_batch<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<UndoOutcome> {
    blocking(&app, move |_, st| st.with_session(|s| app::redo(s, id))).await
}

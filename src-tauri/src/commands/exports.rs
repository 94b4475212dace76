//! Excel workbooks saved where the user chooses, and showing them in the
//! file manager afterwards.

use ramkoll::app::{self, Session};
use ramkoll::export::{ExportOutcome, StaffingExport};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::dialog;
use crate::error::{CmdError, CmdResult};
use crate::state::AppState;

/// Ask where to save, suggesting `name` (`None`: the user cancelled), write
/// there with `write`, and remember the file so that it may be revealed.
pub(super) fn save_as<R: Runtime, T>(
    app: &AppHandle<R>,
    st: &AppState,
    name: &str,
    write: impl FnOnce(&Session, &Path) -> ramkoll::Result<T>,
) -> CmdResult<Option<T>> {
    let Some(out) = dialog::save_workbook(app, name) else { return Ok(None) };
    let outcome = st.with_reader(|s| write(s, &out))?;
    st.mark_written(out);
    Ok(Some(outcome))
}

pub async fn export_variance<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<Option<ExportOutcome>> {
    let (name, p) = (app::variance_file_name(year, period), super::period(period));
    blocking(&app, move |handle, st| {
        save_as(handle, st, &name, |s, out| app::export_variance(s, year, p.as_ref(), out))
    })
    .await
}

pub async fn export_staffing<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<Option<StaffingExport>> {
    let (name, p) = (app::staffing_file_name(year, period), super::period(period));
    blocking(&app, move |handle, st| {
        save_as(handle, st, &name, |s, out| app::export_staffing(s, year, p.as_ref(), out))
    })
    .await
}

pub async fn reveal_path<R: Runtime>(app: AppHandle<R>, path: String) -> CmdResult<()> {
    blocking(&app, move |_, st| {
        let path = PathBuf::from(path);
        st.check_written(&path)?;
        crate::reveal::reveal(&path).map_err(|e| CmdError::new("io", format!("kunde inte öppna mappen: {e}")))
    })
    .await
}

//! Excel workbooks saved where the user chooses, and showing them in the
//! file manager afterwards.

use ramkoll::export::{ExportOutcome, StaffingExport};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::dialog;
use crate::error::{CmdError, CmdResult};
use crate::state::AppState;

/// The suggested file name: "Avvikelser 2018.xlsx", "… 2018 t.o.m. 201806.xlsx".
fn suggested(what: &str, year: i32, period: Option<u32>) -> String {
    match period {
        Some(p) => format!("{what} {year} t.o.m. {p}.xlsx"),
        None => format!("{what} {year}.xlsx"),
    }
}

/// Ask where to save (`None`: the user cancelled), write there with `write`,
/// and remember the file so that it may be revealed.
fn save_as<R: Runtime, T>(
    app: &AppHandle<R>,
    st: &AppState,
    name: &str,
    write: impl FnOnce(&mut ramkoll::store::Store, &Path) -> ramkoll::Result<T>,
) -> CmdResult<Option<T>> {
    let Some(out) = dialog::save_workbook(app, name) else { return Ok(None) };
    let outcome = st.with_store(|s| write(s, &out))?;
    st.mark_written(out);
    Ok(Some(outcome))
}

pub async fn export_variance<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<Option<ExportOutcome>> {
    blocking(&app, move |app, st| {
        save_as(app, st, &suggested("Avvikelser", year, period), |s, out| {
            ramkoll::export::variance_workbook(s, year, period, out)
        })
    })
    .await
}

pub async fn export_staffing<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<Option<StaffingExport>> {
    blocking(&app, move |app, st| {
        save_as(app, st, &suggested("Personalkostnader", year, period), |s, out| {
            ramkoll::export::staffing_workbook(s, year, period, out)
        })
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

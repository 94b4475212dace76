//! Native file dialogs, opened from Rust (the webview has no dialog or fs
//! permission). For end-to-end tests, environment variables stand in for the
//! dialog only; everything after it is the real path:
//!
//! - `RAMKOLL_E2E_OPEN_FILES`: the files "chosen" in the import dialog,
//!   separated like PATH (`:` on Linux, `;` on Windows);
//! - `RAMKOLL_E2E_SAVE_FILE`: the file "chosen" in a save dialog;
//! - `RAMKOLL_E2E_DATABASE`: the file "chosen" when switching database.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

pub const E2E_OPEN_FILES: &str = "RAMKOLL_E2E_OPEN_FILES";
pub const E2E_SAVE_FILE: &str = "RAMKOLL_E2E_SAVE_FILE";
pub const E2E_DATABASE: &str = "RAMKOLL_E2E_DATABASE";

fn seam(var: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(var).filter(|v| !v.is_empty())
}

pub fn import_files<R: Runtime>(app: &AppHandle<R>) -> Vec<PathBuf> {
    if let Some(v) = seam(E2E_OPEN_FILES) {
        return std::env::split_paths(&v).collect();
    }
    app.dialog()
        .file()
        .set_title("Välj filer att importera")
        .add_filter("Kalkylblad, CSV och SIE", &["xlsx", "xlsm", "xls", "ods", "csv", "txt", "se", "si", "sie"])
        .add_filter("Alla filer", &["*"])
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}

/// A save dialog for an Excel workbook, starting with `suggested` as name.
pub fn save_workbook<R: Runtime>(app: &AppHandle<R>, suggested: &str) -> Option<PathBuf> {
    if let Some(v) = seam(E2E_SAVE_FILE) {
        return Some(PathBuf::from(v));
    }
    let mut path = app
        .dialog()
        .file()
        .set_title("Spara arbetsbok")
        .set_file_name(suggested)
        .add_filter("Excel-arbetsbok", &["xlsx"])
        .blocking_save_file()?
        .into_path()
        .ok()?;
    if path.extension().is_none() {
        path.set_extension("xlsx");
    }
    Some(path)
}

/// Open an existing database file, or (`create`) name a new one.
pub fn database<R: Runtime>(app: &AppHandle<R>, create: bool) -> Option<PathBuf> {
    if let Some(v) = seam(E2E_DATABASE) {
        return Some(PathBuf::from(v));
    }
    let d = app
        .dialog()
        .file()
        .set_title(if create { "Skapa ny databas" } else { "Öppna databas" })
        .add_filter("Ramkoll-databas", &["db", "sqlite", "sqlite3"]);
    let picked = if create { d.set_file_name("ramkoll.db").blocking_save_file() } else { d.blocking_pick_file() };
    let mut path = picked?.into_path().ok()?;
    if create && path.extension().is_none() {
        path.set_extension("db");
    }
    Some(path)
}

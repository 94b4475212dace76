//! Native file dialogs, opened from Rust (the webview has no dialog or fs
//! permission). For end-to-end tests, environment variables stand in for the
//! dialog only; everything after it is the real path:
//!
//! - `RAMKOLL_E2E_OPEN_FILES`: the files "chosen" in the import dialog,
//!   separated like PATH (`:` on Linux, `;` on Windows);
//! - `RAMKOLL_E2E_SAVE_FILE`: the file "chosen" in a save dialog;
//! - `RAMKOLL_E2E_DATABASE`: the file "chosen" when switching database.
//!
//! Only in a build with the cargo feature `e2e` (scripts/test.sh and
//! scripts/e2e.sh build the app with it): in a default or release build the
//! variables are never read, so whoever can set the app's environment
//! cannot skip a dialog.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

pub const E2E_OPEN_FILES: &str = "RAMKOLL_E2E_OPEN_FILES";
pub const E2E_SAVE_FILE: &str = "RAMKOLL_E2E_SAVE_FILE";
pub const E2E_DATABASE: &str = "RAMKOLL_E2E_DATABASE";

/// Whether this build reads the stand-ins at all.
pub const STAND_INS: bool = cfg!(feature = "e2e");

/// The stand-in for a dialog: the variable's value, in an `e2e` build only.
fn seam(var: &str) -> Option<std::ffi::OsString> {
    if !STAND_INS {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// In a default build (`cargo test -p ramkoll-app`) the variables are
    /// ignored; with `--features e2e` they stand in for the dialogs.
    #[test]
    fn stand_ins_are_read_only_with_the_e2e_feature() {
        std::env::set_var(E2E_DATABASE, "/tmp/annan.db");
        std::env::set_var(E2E_OPEN_FILES, std::env::join_paths(["/tmp/a.xlsx", "/tmp/b.csv"]).unwrap());
        let (db, files) = (seam(E2E_DATABASE), seam(E2E_OPEN_FILES));
        std::env::remove_var(E2E_DATABASE);
        std::env::remove_var(E2E_OPEN_FILES);
        if cfg!(feature = "e2e") {
            assert_eq!(db, Some("/tmp/annan.db".into()));
            assert_eq!(std::env::split_paths(&files.unwrap()).count(), 2);
        } else {
            assert_eq!((db, files), (None, None));
        }
        assert_eq!(STAND_INS, cfg!(feature = "e2e"));
    }
}

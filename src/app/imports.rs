//! Importing files and previewing what an import would do — including which
//! earlier batches it would replace and whether that needs confirming.

use super::Session;
use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, ImportOutcome, Kind, Preview, Progress};
use crate::store::ReplacePlan;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One file to import, as a form or the command line names it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportItem {
    pub path: PathBuf,
    pub kind: Kind,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub options: Option<ImportOptions>,
}

impl ImportItem {
    pub fn new(kind: Kind, path: impl Into<PathBuf>, options: ImportOptions) -> ImportItem {
        ImportItem { path: path.into(), kind, options: Some(options) }
    }
}

/// Where a run of imports is: sent at each file's start, while it runs and at its end.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProgress {
    /// 0-based index of the file being imported, of `count`.
    pub index: usize,
    pub count: usize,
    pub file: String,
    pub rows: u64,
    /// Fraction of this file done, when known (0–1).
    pub fraction: Option<f32>,
    /// The rows are read; the file's batch is being written and committed.
    pub saving: bool,
    pub done: bool,
}

/// What became of one file of a run.
#[derive(Debug)]
pub struct FileImport {
    pub path: PathBuf,
    pub file: String,
    /// The outcome, or the file's errors (by cell): nothing from it was stored.
    pub result: Result<ImportOutcome>,
}

/// Whether a run goes on after a file that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// The app: every file is tried, each in its own transaction.
    Continue,
    /// The command line: the first error ends the run.
    Stop,
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Import one file as a batch; `progress` is called every few thousand rows.
pub fn import_file(s: &mut Session, item: &ImportItem, progress: &mut dyn FnMut(Progress)) -> Result<ImportOutcome> {
    let opts = item.options.clone().unwrap_or_default();
    import::import_file(s.store_mut(), item.kind, &item.path, &opts, progress)
}

/// Import the files one after another, each in its own transaction.
pub fn import_files(
    s: &mut Session,
    items: &[ImportItem],
    on_error: OnError,
    progress: &mut dyn FnMut(ImportProgress),
) -> Vec<FileImport> {
    let count = items.len();
    let mut out = Vec::with_capacity(count);
    for (index, item) in items.iter().enumerate() {
        let file = file_name(&item.path);
        let mut emit = |rows, fraction, saving, done| {
            progress(ImportProgress { index, count, file: file.clone(), rows, fraction, saving, done })
        };
        emit(0, Some(0.0), false, false);
        let result = import_file(s, item, &mut |p| emit(p.rows, p.fraction, p.saving, false));
        emit(result.as_ref().map(|o| o.rows).unwrap_or(0), Some(1.0), false, true);
        let failed = result.is_err();
        out.push(FileImport { path: item.path.clone(), file, result });
        if failed && on_error == OnError::Stop {
            break;
        }
    }
    out
}

/// A preview with the kind it was made for.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilePreview {
    pub path: String,
    /// The kind asked for, or the one that fits the file best when not given.
    pub kind: Kind,
    pub preview: Preview,
    /// What importing it (with these options) would replace and whether that
    /// needs confirming; None when the file cannot be imported as it is
    /// (a required column missing, a wrong cell: the import will say).
    pub replaces: Option<ReplacePlan>,
}

/// Sheet, header row, column mapping and first rows of a file, and what
/// importing it would replace. Without `kind`, the kind whose required
/// columns the file has is chosen.
pub fn preview_file(s: &mut Session, path: &Path, kind: Option<Kind>, opts: &ImportOptions) -> Result<FilePreview> {
    let (kind, preview) = match kind {
        Some(k) => (k, import::preview(Some(s.store()), k, path, opts)?),
        None => best_kind(s, path, opts)?,
    };
    let replaces = if preview.missing.is_empty() { replace_plan(s, kind, path, opts)? } else { None };
    Ok(FilePreview { path: path.display().to_string(), kind, preview, replaces })
}

/// What the import would replace. The import runs on trial (reading the
/// whole file), so a database with nothing of this kind is answered at once.
fn replace_plan(s: &mut Session, kind: Kind, path: &Path, opts: &ImportOptions) -> Result<Option<ReplacePlan>> {
    if !s.store().batches()?.iter().any(|b| b.kind == kind && b.active_rows > 0) {
        let source = opts.source.clone().unwrap_or_else(|| kind.label_sv().to_string());
        return Ok(Some(ReplacePlan::nothing(source)));
    }
    match import::plan_import(s.store_mut(), kind, path, opts) {
        Ok(p) => Ok(Some(p)),
        // the file's own faults are the import's to report, cell by cell
        Err(Error::Input(_) | Error::File { .. } | Error::Invalid { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The first of frames, budget, staff (HR), assets and orders whose every required
/// column the file has, else ledger. An SIE file: ledger, or budget when it
/// has only `#PBUDGET`.
fn best_kind(s: &Session, p: &Path, opts: &ImportOptions) -> Result<(Kind, Preview)> {
    if let Some(kind) = import::sie_kind(p) {
        return Ok((kind, import::preview(Some(s.store()), kind, p, opts)?));
    }
    for kind in [Kind::Frames, Kind::Budget, Kind::Staff, Kind::Assets, Kind::Orders] {
        if let Ok(pv) = import::preview(Some(s.store()), kind, p, opts) {
            if pv.missing.is_empty() {
                return Ok((kind, pv));
            }
        }
    }
    Ok((Kind::Ledger, import::preview(Some(s.store()), Kind::Ledger, p, opts)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Cancel;
    use crate::store::Store;

    /// A ledger CSV of `rows` lines of 1,00 kr in `year`'s months.
    fn ledger_csv(path: &Path, year: i32, rows: usize) {
        let mut s = String::from("Period;Konto;Ansvar;Projekt;Belopp\n");
        for i in 0..rows {
            s.push_str(&format!("{year}-{:02};1225;52320;IT-NAT-{year}-01;1,00\n", i % 12 + 1));
        }
        std::fs::write(path, s).unwrap();
    }

    #[test]
    fn a_cancelled_run_keeps_the_files_before_it_and_nothing_of_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let paths = [dir.path().join("a_2016.csv"), dir.path().join("b_2017.csv"), dir.path().join("c_2018.csv")];
        ledger_csv(&paths[0], 2016, 300);
        // several progress points (every 4096 rows): the cancel lands mid-file
        ledger_csv(&paths[1], 2017, 20_000);
        ledger_csv(&paths[2], 2018, 300);
        let mut s = Session::from_store(Store::open_in_memory().unwrap());
        let cancel = Cancel::new();
        let opts = ImportOptions { cancel: Some(cancel.clone()), ..Default::default() };
        let items: Vec<ImportItem> = paths.iter().map(|p| ImportItem::new(Kind::Ledger, p, opts.clone())).collect();
        let mut seen_rows_of_b = 0;
        let done = import_files(&mut s, &items, OnError::Continue, &mut |p| {
            if p.index == 1 && p.rows > 0 && !p.done {
                seen_rows_of_b = p.rows;
                cancel.cancel();
            }
        });
        assert_eq!(seen_rows_of_b, 4096, "cancelled at b's first progress point");
        assert_eq!(done.len(), 3);
        assert_eq!(done[0].result.as_ref().map(|o| o.rows).ok(), Some(300));
        for d in &done[1..] {
            assert!(matches!(d.result, Err(Error::Cancelled)), "{}: {:?}", d.file, d.result);
            assert_eq!(d.result.as_ref().unwrap_err().code(), "cancelled");
        }
        // only a_2016.csv is stored: b's transaction rolled back, c was never read
        let batches = s.store().batches().unwrap();
        assert_eq!(
            batches.iter().map(|b| (b.file_name.as_str(), b.active_rows)).collect::<Vec<_>>(),
            [("a_2016.csv", 300)]
        );
        assert_eq!(s.store().years().unwrap(), [2016]);
    }

    #[test]
    fn a_cancelled_preview_stops_its_trial_import() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("a_2017.csv"), dir.path().join("b_2017.csv"));
        ledger_csv(&first, 2017, 300);
        ledger_csv(&second, 2017, 9000);
        let mut s = Session::from_store(Store::open_in_memory().unwrap());
        import_file(&mut s, &ImportItem::new(Kind::Ledger, &first, ImportOptions::default()), &mut |_| {}).unwrap();
        // with a ledger live, the preview runs the import on trial to see what it replaces
        let cancel = Cancel::new();
        cancel.cancel();
        let opts = ImportOptions { cancel: Some(cancel), ..Default::default() };
        let e = preview_file(&mut s, &second, Some(Kind::Ledger), &opts).unwrap_err();
        assert!(matches!(e, Error::Cancelled), "{e:?}");
        let pv = preview_file(&mut s, &second, Some(Kind::Ledger), &ImportOptions::default()).unwrap();
        assert_eq!(pv.replaces.map(|p| p.replaces.len()), Some(1), "uncancelled, the plan replaces a_2017.csv");
    }
}

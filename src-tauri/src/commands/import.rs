//! Choosing, previewing and importing files. Only paths the user chose in the
//! native dialog or dropped on the window are read; imports report progress
//! through the `import-progress` event.

use ramkoll::import::{self, ImportOptions, ImportOutcome, Kind, Preview};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use super::blocking;
use crate::dialog;
use crate::error::{CmdError, CmdResult};
use crate::state::AppState;

/// Event names (mirrored in ui/src/api.ts).
pub const EV_IMPORT_PROGRESS: &str = "import-progress";
pub const EV_FILES_DROPPED: &str = "files-dropped";
/// At most one `import-progress` event per this interval (plus start and end).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PickedFile {
    pub path: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilePreview {
    pub path: String,
    /// The kind asked for, or the one that fits the file best when not given.
    pub kind: Kind,
    pub preview: Preview,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportItem {
    pub path: String,
    pub kind: Kind,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub options: Option<ImportOptions>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportResult {
    pub path: String,
    pub file: String,
    pub outcome: Option<ImportOutcome>,
    /// The file's errors (by cell); nothing from it was stored.
    pub error: Option<CmdError>,
}

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
    pub done: bool,
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn picked(paths: Vec<PathBuf>) -> Vec<PickedFile> {
    paths.into_iter().map(|p| PickedFile { name: file_name(&p), path: p.display().to_string() }).collect()
}

pub async fn pick_import_files<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<PickedFile>> {
    blocking(&app, |app, st| {
        let paths = dialog::import_files(app);
        st.allow_read(paths.iter().cloned());
        Ok(picked(paths))
    })
    .await
}

/// Files dropped on the window (called from the window-event handler).
pub fn files_dropped<R: Runtime>(app: &AppHandle<R>, paths: &[PathBuf]) {
    app.state::<AppState>().allow_read(paths.iter().cloned());
    let _ = app.emit(EV_FILES_DROPPED, picked(paths.to_vec()));
}

pub async fn preview_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    kind: Option<Kind>,
    options: Option<ImportOptions>,
) -> CmdResult<FilePreview> {
    blocking(&app, move |_, st| {
        let p = PathBuf::from(&path);
        st.check_read(&p)?;
        let opts = options.unwrap_or_default();
        st.with_store(|s| {
            let (kind, preview) = match kind {
                Some(k) => (k, import::preview(Some(s), k, &p, &opts)?),
                None => best_kind(s, &p, &opts)?,
            };
            Ok(FilePreview { path, kind, preview })
        })
    })
    .await
}

/// The first of frames, budget and staff (HR) whose every required column
/// the file has, else ledger.
fn best_kind(s: &ramkoll::store::Store, p: &Path, opts: &ImportOptions) -> ramkoll::Result<(Kind, Preview)> {
    for kind in [Kind::Frames, Kind::Budget, Kind::Staff] {
        if let Ok(pv) = import::preview(Some(s), kind, p, opts) {
            if pv.missing.is_empty() {
                return Ok((kind, pv));
            }
        }
    }
    Ok((Kind::Ledger, import::preview(Some(s), Kind::Ledger, p, opts)?))
}

pub async fn import_files<R: Runtime>(app: AppHandle<R>, items: Vec<ImportItem>) -> CmdResult<Vec<ImportResult>> {
    blocking(&app, move |app, st| {
        let count = items.len();
        Ok(items.into_iter().enumerate().map(|(index, item)| import_one(app, st, index, count, item)).collect())
    })
    .await
}

/// One file of an `import_files` call, in its own transaction.
fn import_one<R: Runtime>(
    app: &AppHandle<R>,
    st: &AppState,
    index: usize,
    count: usize,
    item: ImportItem,
) -> ImportResult {
    let path = PathBuf::from(&item.path);
    let file = file_name(&path);
    let mut progress = Progress::start(
        app,
        ImportProgress { index, count, file: file.clone(), rows: 0, fraction: Some(0.0), done: false },
    );
    let outcome = st.check_read(&path).and_then(|_| {
        let opts = item.options.clone().unwrap_or_default();
        st.with_store(|s| import::import_file(s, item.kind, &path, &opts, &mut |p| progress.rows(p)))
    });
    progress.end(outcome.as_ref().map_or(0, |o| o.rows));
    let (outcome, error) = match outcome {
        Ok(o) => (Some(o), None),
        Err(e) => (None, Some(e)),
    };
    ImportResult { path: item.path, file, outcome, error }
}

/// `import-progress` for one file: at the start, at most every
/// `PROGRESS_EVERY` while it runs, and at the end. The core reports every few
/// thousand rows (≈ 80 times a second on a large file); each event re-renders
/// the Import screen, and the webview repainting that fast took a core from
/// the import. Ten a second still moves the bar well within a quarter second.
struct Progress<'a, R: Runtime> {
    app: &'a AppHandle<R>,
    event: ImportProgress,
    last: Instant,
}

impl<'a, R: Runtime> Progress<'a, R> {
    fn start(app: &'a AppHandle<R>, event: ImportProgress) -> Self {
        let p = Progress { app, event, last: Instant::now() };
        p.emit();
        p
    }

    fn rows(&mut self, p: import::Progress) {
        if self.last.elapsed() >= PROGRESS_EVERY {
            self.last = Instant::now();
            (self.event.rows, self.event.fraction) = (p.rows, p.fraction);
            self.emit();
        }
    }

    fn end(mut self, rows: u64) {
        (self.event.rows, self.event.fraction, self.event.done) = (rows, Some(1.0), true);
        self.emit();
    }

    fn emit(&self) {
        let _ = self.app.emit(EV_IMPORT_PROGRESS, self.event.clone());
    }
}

pub async fn load_demo<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<ImportOutcome>> {
    blocking(&app, |_, st| st.with_store(|s| ramkoll::demo::load_demo(s, None))).await
}

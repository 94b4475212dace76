//! Choosing, previewing and importing files. Only paths the user chose in the
//! native dialog or dropped on the window are read; imports report progress
//! through the `import-progress` event, throttled here, and can be cancelled
//! (`cancel_import`) while they run or wait for the store.

use ramkoll::app::{self, FileImport, FilePreview, ImportItem, ImportProgress, OnError};
use ramkoll::import::{Cancel, ImportOptions, ImportOutcome, Kind};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use super::blocking;
use crate::dialog;
use crate::error::{CmdError, CmdResult};
use crate::state::AppState;

/// Event names (mirrored in ui/src/api.ts).
pub const EV_IMPORT_PROGRESS: &str = "import-progress";
pub const EV_FILES_DROPPED: &str = "files-dropped";
/// At most one `import-progress` event per this interval (plus each file's start and end).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PickedFile {
    pub path: String,
    pub name: String,
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

impl From<FileImport> for ImportResult {
    fn from(f: FileImport) -> Self {
        let (outcome, error) = match f.result {
            Ok(o) => (Some(o), None),
            Err(e) => (None, Some(e.into())),
        };
        ImportResult { path: f.path.display().to_string(), file: f.file, outcome, error }
    }
}

fn picked(paths: Vec<PathBuf>) -> Vec<PickedFile> {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    paths.into_iter().map(|p| PickedFile { name: name(&p), path: p.display().to_string() }).collect()
}

pub async fn pick_import_files<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<PickedFile>> {
    blocking(&app, |handle, st| {
        let paths = dialog::import_files(handle);
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

/// The cancel flag of the imports and previews started since the last
/// cancel. Outside the session's lock, which a running import holds: a call
/// takes the flag before it waits for the store, so a cancel reaches the
/// running call and those queued behind it, not the ones started after.
#[derive(Default)]
struct Running(Mutex<Cancel>);

fn running<R: Runtime>(app: &AppHandle<R>) -> Cancel {
    if app.try_state::<Running>().is_none() {
        // managed on first use; a second `manage` of a racing call is a no-op
        app.manage(Running::default());
    }
    let r = app.state::<Running>();
    let flag = r.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
    flag
}

pub async fn cancel_import<R: Runtime>(app: AppHandle<R>) -> CmdResult<()> {
    if let Some(r) = app.try_state::<Running>() {
        let mut flag = r.0.lock().unwrap_or_else(|p| p.into_inner());
        flag.cancel();
        *flag = Cancel::new();
    }
    Ok(())
}

pub async fn preview_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    kind: Option<Kind>,
    options: Option<ImportOptions>,
) -> CmdResult<FilePreview> {
    let cancel = running(&app);
    blocking(&app, move |_, st| {
        let path = PathBuf::from(path);
        st.check_read(&path)?;
        let opts = ImportOptions { cancel: Some(cancel), ..options.unwrap_or_default() };
        st.with_import(|s| app::preview_file(s, &path, kind, &opts))
    })
    .await
}

/// A path the user never chose refuses the whole call before anything is read.
pub async fn import_files<R: Runtime>(app: AppHandle<R>, mut items: Vec<ImportItem>) -> CmdResult<Vec<ImportResult>> {
    let cancel = running(&app);
    for item in &mut items {
        item.options.get_or_insert_with(ImportOptions::default).cancel = Some(cancel.clone());
    }
    blocking(&app, move |handle, st| {
        items.iter().try_for_each(|item| st.check_read(&item.path))?;
        let mut throttle = Throttle::default();
        let mut progress = |p| throttle.emit(handle, p);
        let done = st.with_import(|s| Ok(app::import_files(s, &items, OnError::Continue, &mut progress)))?;
        Ok(done.into_iter().map(ImportResult::from).collect())
    })
    .await
}

/// Which progress reports become events. The core reports every few
/// thousand rows (≈ 80 times a second on a large file); each event
/// re-renders the Import screen, and the webview repainting that fast took a
/// core from the import. Ten a second still moves the bar well within a
/// quarter second; each file's first and last report always go out.
#[derive(Default)]
struct Throttle {
    /// The file and time of the last event sent.
    last: Option<(usize, Instant)>,
}

impl Throttle {
    fn emit<R: Runtime>(&mut self, app: &AppHandle<R>, p: ImportProgress) {
        if self.due(&p) {
            let _ = app.emit(EV_IMPORT_PROGRESS, p);
        }
    }

    fn due(&mut self, p: &ImportProgress) -> bool {
        // a file's saving phase is announced once and must not be dropped:
        // nothing else is reported until the file is done
        let due = p.done
            || p.saving
            || match self.last {
                Some((index, at)) => index != p.index || at.elapsed() >= PROGRESS_EVERY,
                None => true,
            };
        if due {
            self.last = Some((p.index, Instant::now()));
        }
        due
    }
}

pub async fn load_demo<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<ImportOutcome>> {
    blocking(&app, |_, st| st.with_import(|s| app::load_demo(s, None))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(index: usize, rows: u64, done: bool) -> ImportProgress {
        ImportProgress { index, count: 2, file: "f.csv".into(), rows, fraction: None, saving: false, done }
    }

    #[test]
    fn each_file_starts_and_ends_with_an_event_and_little_between() {
        let mut t = Throttle::default();
        assert!(t.due(&at(0, 0, false)), "first file's start");
        assert!(!t.due(&at(0, 5000, false)), "within 100 ms of the last event");
        assert!(t.due(&at(0, 9000, true)), "first file's end");
        assert!(t.due(&at(1, 0, false)), "second file's start");
        std::thread::sleep(PROGRESS_EVERY);
        assert!(t.due(&at(1, 5000, false)), "100 ms later");
        assert!(t.due(&ImportProgress { saving: true, ..at(1, 6000, false) }), "saving, however soon");
    }
}

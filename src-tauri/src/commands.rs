//! The app's commands. Each is a few lines: take the store, call the core,
//! map its error. Everything runs on a blocking thread (never the main
//! thread); imports report progress through the `import-progress` event.

use ramkoll::classify::Rule;
use ramkoll::export::{ExportOutcome, StaffingExport};
use ramkoll::import::{self, ImportOptions, ImportOutcome, Kind, Preview};
use ramkoll::staffing::{self, StaffingReport};
use ramkoll::store::{BatchInfo, Comment, LineQuery, Lines, ReclassifyOutcome, UndoOutcome};
use ramkoll::variance::{self, CategoryReport, FrameReport, OperatingReport, PlanFit, PlanReport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::dialog;
use crate::error::{CmdError, CmdResult};
use crate::startup;
use crate::state::AppState;

/// Event names (mirrored in ui/src/api.ts).
pub const EV_IMPORT_PROGRESS: &str = "import-progress";
/// At most one `import-progress` event per this interval (plus start and end).
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);
pub const EV_FILES_DROPPED: &str = "files-dropped";

/// Run `f` on a blocking thread with the app state.
async fn blocking<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&AppHandle<R>, &AppState) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || f(&app, &app.state::<AppState>()))
        .await
        .map_err(|e| CmdError::new("internal", e.to_string()))?
}

// ---------------------------------------------------------------- app, database

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub db_is_default: bool,
    /// Why the database could not be opened (the UI offers to choose another).
    pub db_error: Option<CmdError>,
    /// Years with frames or ledger lines, ascending.
    pub years: Vec<i32>,
    /// The last period with ledger lines per year (YYYYMM), as (year, period).
    pub last_periods: Vec<(i32, u32)>,
    pub batches: usize,
}

fn app_info_now<R: Runtime>(app: &AppHandle<R>, st: &AppState) -> AppInfo {
    let db_path = st.db_path();
    let (years, last_periods, batches) = st
        .with_store(|s| {
            let years = s.years()?;
            let mut last = Vec::new();
            for y in &years {
                if let Some(p) = s.last_period(*y)? {
                    last.push((*y, p));
                }
            }
            Ok((years, last, s.batches()?.len()))
        })
        .unwrap_or_default();
    AppInfo {
        version: app.package_info().version.to_string(),
        db_is_default: db_path == ramkoll::store::default_db_path(),
        db_path: db_path.display().to_string(),
        db_error: st.open_error(),
        years,
        last_periods,
        batches,
    }
}

/// Window title: the app and the database in use.
pub fn set_title<R: Runtime>(app: &AppHandle<R>, db: &Path) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title(&format!("Ramkoll — {}", db.display()));
    }
}

#[tauri::command]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    startup::mark(startup::Event::UiStarted);
    blocking(&app, |app, st| Ok(app_info_now(app, st))).await
}

/// Choose another database file through the native dialog (`create`: a save
/// dialog for a new file). `None` when the user cancels.
#[tauri::command]
pub async fn choose_database<R: Runtime>(app: AppHandle<R>, create: bool) -> CmdResult<Option<AppInfo>> {
    blocking(&app, move |app, st| {
        let Some(path) = dialog::database(app, create) else { return Ok(None) };
        st.switch(path.clone())?;
        set_title(app, &path);
        Ok(Some(app_info_now(app, st)))
    })
    .await
}

#[tauri::command]
pub async fn use_default_database<R: Runtime>(app: AppHandle<R>) -> CmdResult<AppInfo> {
    blocking(&app, |app, st| {
        let path = ramkoll::store::default_db_path();
        st.switch(path.clone())?;
        set_title(app, &path);
        Ok(app_info_now(app, st))
    })
    .await
}

// ---------------------------------------------------------------- import

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PickedFile {
    pub path: String,
    pub name: String,
}

fn picked(paths: Vec<PathBuf>) -> Vec<PickedFile> {
    paths
        .into_iter()
        .map(|p| PickedFile {
            name: p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            path: p.display().to_string(),
        })
        .collect()
}

/// Files for import, through the native open dialog (several at once).
#[tauri::command]
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

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilePreview {
    pub path: String,
    /// The kind asked for, or the one that fits the file best when not given.
    pub kind: Kind,
    pub preview: Preview,
}

/// Sheet, header row, column mapping and first rows of a chosen file.
/// Without `kind`, the kind whose required columns the file has is chosen.
#[tauri::command]
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

/// Import the files one after another, each in its own transaction: a file
/// with errors stores nothing, the others are still imported.
#[tauri::command]
pub async fn import_files<R: Runtime>(app: AppHandle<R>, items: Vec<ImportItem>) -> CmdResult<Vec<ImportResult>> {
    blocking(&app, move |app, st| {
        let count = items.len();
        let mut results = Vec::with_capacity(count);
        for (index, item) in items.into_iter().enumerate() {
            let path = PathBuf::from(&item.path);
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let emit = |rows: u64, fraction: Option<f32>, done: bool| {
                let ev = ImportProgress { index, count, file: file.clone(), rows, fraction, done };
                let _ = app.emit(EV_IMPORT_PROGRESS, ev);
            };
            emit(0, Some(0.0), false);
            // The core reports every few thousand rows (≈ 80 times a second on a
            // large file); each event re-renders the Import screen, and the
            // webview repainting that fast took a core from the import. Ten a
            // second still moves the bar well within a quarter second.
            let mut last = std::time::Instant::now();
            let outcome = st.check_read(&path).and_then(|_| {
                st.with_store(|s| {
                    let opts = item.options.clone().unwrap_or_default();
                    import::import_file(s, item.kind, &path, &opts, &mut |p| {
                        if last.elapsed() >= PROGRESS_EVERY {
                            last = std::time::Instant::now();
                            emit(p.rows, p.fraction, false);
                        }
                    })
                })
            });
            emit(outcome.as_ref().map(|o| o.rows).unwrap_or(0), Some(1.0), true);
            let (outcome, error) = match outcome {
                Ok(o) => (Some(o), None),
                Err(e) => (None, Some(e)),
            };
            results.push(ImportResult { path: item.path, file, outcome, error });
        }
        Ok(results)
    })
    .await
}

// ---------------------------------------------------------------- history

#[tauri::command]
pub async fn batches<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<BatchInfo>> {
    blocking(&app, |_, st| st.with_store(|s| s.batches())).await
}

#[tauri::command]
pub async fn undo_batch<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<UndoOutcome> {
    blocking(&app, move |_, st| st.with_store(|s| s.undo(id))).await
}

#[tauri::command]
pub async fn redo_batch<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<UndoOutcome> {
    blocking(&app, move |_, st| st.with_store(|s| s.redo(id))).await
}

// ---------------------------------------------------------------- reports

#[tauri::command]
pub async fn investments<R: Runtime>(app: AppHandle<R>, year: i32, period: Option<u32>) -> CmdResult<FrameReport> {
    let report = blocking(&app, move |_, st| st.with_store(|s| variance::frame_report(s, year, period))).await;
    if startup::mark(startup::Event::FirstReport) {
        app.exit(0);
    }
    report
}

#[tauri::command]
pub async fn categories<R: Runtime>(app: AppHandle<R>, area: String, from: i32, to: i32) -> CmdResult<CategoryReport> {
    blocking(&app, move |_, st| st.with_store(|s| variance::category_report(s, &area, from, to))).await
}

/// Operating budget vs outcome per kostnadsslag (to `period`; default: the
/// last period with outcome), optionally split per VO.
#[tauri::command]
pub async fn operating<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
    by_vo: bool,
) -> CmdResult<OperatingReport> {
    blocking(&app, move |_, st| st.with_store(|s| variance::operating_report(s, year, period, by_vo))).await
}

/// Staff costs per VO and per staffing column, årsarbetare, extra hours and
/// sick leave against budget and last year (to `period`; default: the last
/// period with outcome).
#[tauri::command]
pub async fn staffing_report<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<StaffingReport> {
    blocking(&app, move |_, st| st.with_store(|s| staffing::staffing_report(s, year, period))).await
}

/// The ledger lines behind a figure.
#[tauri::command]
pub async fn lines<R: Runtime>(app: AppHandle<R>, query: LineQuery) -> CmdResult<Lines> {
    blocking(&app, move |_, st| st.with_store(|s| s.lines(&query))).await
}

#[tauri::command]
pub async fn set_comment<R: Runtime>(app: AppHandle<R>, key: String, text: String) -> CmdResult<()> {
    blocking(&app, move |_, st| st.with_store(|s| s.set_comment(&key, &text))).await
}

#[tauri::command]
pub async fn comments<R: Runtime>(app: AppHandle<R>) -> CmdResult<BTreeMap<String, Comment>> {
    blocking(&app, |_, st| st.with_store(|s| s.comments())).await
}

// ---------------------------------------------------------------- planned purchases

/// Planned purchases for `year`, each checked against what is left of its
/// kategori (or område) after the outcome and the plans registered before it.
#[tauri::command]
pub async fn plans<R: Runtime>(app: AppHandle<R>, year: i32) -> CmdResult<PlanReport> {
    blocking(&app, move |_, st| st.with_store(|s| variance::plan_report(s, year))).await
}

/// Register a planned purchase (`quantity` × `unit_price`, the price as typed:
/// "3 876,00"). `category` none or empty: held against the whole område.
#[tauri::command]
pub async fn add_plan<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    area: String,
    category: Option<String>,
    text: String,
    quantity: i64,
    unit_price: String,
) -> CmdResult<PlanFit> {
    blocking(&app, move |_, st| {
        let price = ramkoll::money::parse_amount(&unit_price)
            .map_err(|e| CmdError::new("usage", format!("styckpris '{}': {e}", unit_price.trim())))?;
        st.with_store(|s| variance::add_plan(s, year, &area, category.as_deref(), &text, quantity, price))
    })
    .await
}

#[tauri::command]
pub async fn remove_plan<R: Runtime>(app: AppHandle<R>, id: i64) -> CmdResult<()> {
    blocking(&app, move |_, st| st.with_store(|s| variance::remove_plan(s, id))).await
}

// ---------------------------------------------------------------- rules

#[tauri::command]
pub async fn rules<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<Rule>> {
    blocking(&app, |_, st| st.with_store(|s| s.rules())).await
}

/// Replace the rules (in this order) and reclassify every stored line.
#[tauri::command]
pub async fn save_rules<R: Runtime>(app: AppHandle<R>, rules: Vec<Rule>) -> CmdResult<ReclassifyOutcome> {
    blocking(&app, move |_, st| st.with_store(|s| s.replace_rules(&rules))).await
}

// ---------------------------------------------------------------- demo, export

/// Load the built-in fixture set (frames, the 2014–2018 investment ledgers,
/// the operating ledgers, budgets and HR exports).
#[tauri::command]
pub async fn load_demo<R: Runtime>(app: AppHandle<R>) -> CmdResult<Vec<ImportOutcome>> {
    blocking(&app, |_, st| st.with_store(|s| ramkoll::demo::load_demo(s, None))).await
}

/// The variance workbook for `year` (to `period`), saved where the user
/// chooses in the native save dialog. `None` when the user cancels.
#[tauri::command]
pub async fn export_variance<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<Option<ExportOutcome>> {
    blocking(&app, move |app, st| {
        let name = match period {
            Some(p) => format!("Avvikelser {year} t.o.m. {p}.xlsx"),
            None => format!("Avvikelser {year}.xlsx"),
        };
        let Some(out) = dialog::save_workbook(app, &name) else { return Ok(None) };
        let outcome = st.with_store(|s| ramkoll::export::variance_workbook(s, year, period, &out))?;
        st.mark_written(out);
        Ok(Some(outcome))
    })
    .await
}

/// The staffing workbook for `year` (to `period`), saved where the user
/// chooses. `None` when the user cancels.
#[tauri::command]
pub async fn export_staffing<R: Runtime>(
    app: AppHandle<R>,
    year: i32,
    period: Option<u32>,
) -> CmdResult<Option<StaffingExport>> {
    blocking(&app, move |app, st| {
        let name = match period {
            Some(p) => format!("Personalkostnader {year} t.o.m. {p}.xlsx"),
            None => format!("Personalkostnader {year}.xlsx"),
        };
        let Some(out) = dialog::save_workbook(app, &name) else { return Ok(None) };
        let outcome = st.with_store(|s| ramkoll::export::staffing_workbook(s, year, period, &out))?;
        st.mark_written(out);
        Ok(Some(outcome))
    })
    .await
}

// ---------------------------------------------------------------- settings

/// The settings the staffing report uses.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// Full-time hours a year (`annual_hours`), or the default when not set.
    pub annual_hours: i64,
    pub annual_hours_default: i64,
    /// PO-pålägg per year with data, ascending.
    pub po_rates: Vec<PoRate>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PoRate {
    pub year: i32,
    /// Percent as a decimal string ("46.45"): the setting `po_rate/YYYY`, else the sector's rate.
    pub rate: String,
    /// Whether `po_rate/YYYY` is set (else `rate` is the sector's default).
    pub stored: bool,
}

fn settings_now(s: &ramkoll::store::Store) -> ramkoll::Result<Settings> {
    let mut po_rates = Vec::new();
    for year in s.years()? {
        let key = format!("po_rate/{year}");
        let stored = s.setting(&key)?.is_some();
        // A stored value the core cannot read shows as it is (the report names the problem).
        let rate = match staffing::po_rate(s, year) {
            Ok(r) => r.to_string(),
            Err(_) => s.setting(&key)?.unwrap_or_default(),
        };
        po_rates.push(PoRate { year, rate, stored });
    }
    Ok(Settings {
        annual_hours: staffing::annual_hours(s)?,
        annual_hours_default: staffing::DEFAULT_ANNUAL_HOURS,
        po_rates,
    })
}

#[tauri::command]
pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> CmdResult<Settings> {
    blocking(&app, |_, st| st.with_store(|s| settings_now(s))).await
}

/// A value the core can read for `key`, or why not. Keys: `annual_hours`
/// (whole hours) and `po_rate/YYYY` (percent, comma or point).
fn check_setting(key: &str, value: &str) -> CmdResult<String> {
    let v = value.trim();
    let bad = |what: &str| CmdError::new("usage", format!("{key}: '{v}' är {what}"));
    if key == "annual_hours" {
        let h: i64 = v.replace([' ', '\u{a0}'], "").parse().map_err(|_| bad("inget heltal"))?;
        if !(1..=8784).contains(&h) {
            return Err(bad("utanför 1–8784 timmar"));
        }
        return Ok(h.to_string());
    }
    let year = key.strip_prefix("po_rate/").filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    if year.is_none() {
        return Err(CmdError::new("usage", format!("okänd inställning: {key}")));
    }
    let n = v.trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = n.split_once('.').unwrap_or((&n, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || frac.len() > 4 || !digits(whole) || !digits(frac) {
        return Err(bad("ingen procentsats"));
    }
    let whole_n: u32 = whole.parse().map_err(|_| bad("ingen procentsats"))?;
    if whole_n > 100 || (whole_n == 100 && frac.bytes().any(|b| b != b'0')) {
        return Err(bad("över 100 %"));
    }
    Ok(if frac.is_empty() { whole.to_string() } else { format!("{whole}.{frac}") })
}

/// Set `annual_hours` or `po_rate/YYYY`; returns the settings after the change.
#[tauri::command]
pub async fn set_setting<R: Runtime>(app: AppHandle<R>, key: String, value: String) -> CmdResult<Settings> {
    blocking(&app, move |_, st| {
        let value = check_setting(&key, &value)?;
        st.with_store(|s| {
            s.set_setting(&key, &value)?;
            settings_now(s)
        })
    })
    .await
}

/// Show a file the app saved in the system's file manager (Explorer on
/// Windows). Only files this session wrote are accepted.
#[tauri::command]
pub async fn reveal_path<R: Runtime>(app: AppHandle<R>, path: String) -> CmdResult<()> {
    blocking(&app, move |_, st| {
        let path = PathBuf::from(path);
        st.check_written(&path)?;
        crate::reveal::reveal(&path).map_err(|e| CmdError::new("io", format!("kunde inte öppna mappen: {e}")))
    })
    .await
}

//! The desktop app's figures in the bench (`--app PATH`): the bench's ledger
//! imported through the Import screen by the app's own measurement script,
//! `ui/e2e/progress.mjs` (WebDriver under `xvfb-run`, from the click to the
//! results), each run right after a CLI import of the same file so the two
//! share the host's mood; and the app's start on the report database, to the
//! first report in the Översikt screen (`RAMKOLL_STARTUP_LOG`). Needs what
//! `scripts/e2e.sh` needs: Node with ui/node_modules, tauri-driver,
//! WebKitWebDriver, xvfb-run; PATH is an app built with the feature `e2e`.

use ramkoll::error::{Error, Result};
use serde::Serialize;
use std::path::Path;
use std::process::Command;

/// The measurement script, beside the workspace this testkit is built in.
const PROGRESS_MJS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/e2e/progress.mjs");
const SCREEN: &str = "--server-args=-screen 0 1400x900x24";

/// One import through the app.
#[derive(Debug, Clone, Serialize)]
pub struct AppImport {
    pub seconds: f64,
    /// CPU the webview's process used during it, and at rest before the click
    /// (share of one core).
    pub webview_cpu_s: Option<f64>,
    pub webview_idle_share: Option<f64>,
}

/// The app's figures of one bench run.
#[derive(Debug, Clone, Serialize)]
pub struct AppFigures {
    pub import_runs: Vec<AppImport>,
    /// Median of the runs, and its ratio to the CLI import's median.
    pub import_s: f64,
    pub import_ratio: f64,
    /// Start to the first report in the window, on the report database.
    pub start_runs_ms: Vec<f64>,
    pub start_first_report_ms: f64,
    pub start_db_lines: u64,
}

/// `progress.mjs FILE --json` into a new database `db`, without the per-frame
/// sampler (it keeps the webview painting, which a user's import does not).
pub fn import(app: &Path, file: &Path, db: &Path) -> Result<AppImport> {
    super::remove_db(db);
    let out = Command::new("xvfb-run")
        .args(["-a", SCREEN, "node", PROGRESS_MJS])
        .arg(file)
        .arg("--json")
        .env("RAMKOLL_APP", app)
        .env("RAMKOLL_DB", db)
        .env("NO_SAMPLER", "1")
        .output()
        .map_err(|e| Error::internal(format!("--app: xvfb-run node {PROGRESS_MJS}: {e}")))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    // the one JSON line among the script's Swedish lines
    let figures = stdout
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with('{'))
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok());
    let Some(f) = figures.filter(|_| out.status.success()) else {
        return Err(Error::internal(format!(
            "--app: progress.mjs ({}): {}{}",
            out.status,
            stdout,
            String::from_utf8_lossy(&out.stderr)
        )));
    };
    let seconds = f["wall_s"].as_f64().ok_or_else(|| Error::internal("--app: progress.mjs gav ingen tid"))?;
    Ok(AppImport { seconds, webview_cpu_s: f["import_cpu_s"].as_f64(), webview_idle_share: f["idle_share"].as_f64() })
}

/// One start of the app on `db` under Xvfb: ms to the first report.
pub fn start(app: &Path, db: &Path) -> Result<f64> {
    let out = Command::new("xvfb-run")
        .args(["-a", SCREEN])
        .arg(app)
        .env("RAMKOLL_DB", db)
        .env("RAMKOLL_STARTUP_LOG", "1")
        .env("RAMKOLL_STARTUP_EXIT", "1")
        .output()
        .map_err(|e| Error::internal(format!("--app: xvfb-run {}: {e}", app.display())))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("ramkoll-startup FirstReport "))
        .and_then(|rest| rest.trim_end_matches(" ms").trim().parse::<f64>().ok())
        .ok_or_else(|| Error::internal(format!("--app: ingen rapport nådde fönstret ({}): {stderr}", out.status)))
}

/// The figures from the runs, against the CLI import's median.
pub fn figures(import_runs: Vec<AppImport>, cli_s: f64, start_runs_ms: Vec<f64>, start_db_lines: u64) -> AppFigures {
    let import_s = super::median(import_runs.iter().map(|r| r.seconds).collect());
    AppFigures {
        import_ratio: import_s / cli_s,
        import_s,
        import_runs,
        start_first_report_ms: super::median(start_runs_ms.clone()),
        start_runs_ms,
        start_db_lines,
    }
}

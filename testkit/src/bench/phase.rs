//! One measured phase and how it runs in its own process: the bare
//! calamine read, the full import, and the progress bar watched during it.

use ramkoll::error::{Error, Result};
use ramkoll::import::{self, ImportOptions, Kind};
use ramkoll::money::{self, Amount};
use ramkoll::store::Store;
use serde::Serialize;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct PhaseResult {
    pub seconds: f64,
    pub peak_rss_mib: f64,
    pub rows: u64,
    pub sum: Amount,
    /// Imports: progress reports, and the longest stretch in which the
    /// progress bar's fraction did not move (between two moves, the last one
    /// to the end), in ms; the phases without a fraction apart (`ProgressWatch`).
    pub progress_reports: u64,
    pub progress_max_gap_ms: f64,
    /// Imports: every report carried a fraction, none smaller than the one
    /// before (the bar moves, not only the row count).
    pub progress_bar_moves: bool,
    pub progress_opening_ms: f64,
    pub progress_saving_ms: f64,
}

/// Watches an import's progress callback as the Import screen shows it: how
/// long the fraction's bar stands still (between moves, and from the last
/// move to the end), apart from the two phases the app shows as a sliding bar
/// when they stall — before the first row (opening the file, the backup and
/// its check, the batch's start) and saving (the saving report to the end).
pub(super) struct ProgressWatch {
    start: Instant,
    /// The bar's last move; none while opening or saving.
    last: Option<Instant>,
    max_gap: f64,
    reports: u64,
    last_fraction: f32,
    moves: bool,
    opening_ms: f64,
    saving_from: Option<Instant>,
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl ProgressWatch {
    pub(super) fn new() -> ProgressWatch {
        let start = Instant::now();
        ProgressWatch {
            start,
            last: None,
            max_gap: 0.0,
            reports: 0,
            last_fraction: -1.0,
            moves: true,
            opening_ms: 0.0,
            saving_from: None,
        }
    }
    pub(super) fn tick(&mut self, p: &import::Progress) {
        self.reports += 1;
        let now = Instant::now();
        if p.saving {
            if self.saving_from.is_none() {
                self.gap(now);
                self.last = None;
                self.saving_from = Some(now);
            }
            return;
        }
        match p.fraction {
            Some(f) if f > self.last_fraction => {
                // the first row ends the opening (the backup's fraction
                // before it: the app slides the bar when that stalls)
                if self.last.is_none() && self.saving_from.is_none() && p.rows > 0 {
                    self.opening_ms = ms(now - self.start);
                }
                self.gap(now);
                if p.rows > 0 {
                    self.last = Some(now);
                }
                self.last_fraction = f;
            }
            Some(f) if f == self.last_fraction => {}
            _ => self.moves = false,
        }
    }
    fn gap(&mut self, now: Instant) {
        if let Some(last) = self.last {
            self.max_gap = self.max_gap.max(ms(now - last));
        }
    }
    pub(super) fn finish(mut self, seconds: f64, rows: u64, sum: Amount, peak_rss_mib: f64) -> PhaseResult {
        let now = Instant::now();
        self.gap(now);
        PhaseResult {
            seconds,
            peak_rss_mib,
            rows,
            sum,
            progress_reports: self.reports,
            progress_max_gap_ms: self.max_gap,
            progress_bar_moves: self.moves && self.reports > 0,
            progress_opening_ms: self.opening_ms,
            progress_saving_ms: self.saving_from.map_or(0.0, |t| ms(now - t)),
        }
    }
}

/// Peak resident memory of this process so far (Linux; 0 elsewhere).
pub fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// The floor: calamine's streaming cell reader over the first sheet, summing
/// column J (Belopp) in öre. No header detection, no validation, no storage.
pub fn bare_read(path: &Path) -> Result<PhaseResult> {
    use calamine::{DataRef, Reader, Xlsx};
    let t = Instant::now();
    let mut wb: Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e: calamine::XlsxError| Error::File { path: path.into(), message: e.to_string() })?;
    let sheet = wb.sheet_names().first().cloned().unwrap_or_default();
    let mut reader =
        wb.worksheet_cells_reader(&sheet).map_err(|e| Error::File { path: path.into(), message: e.to_string() })?;
    let (mut rows, mut sum) = (0u64, 0i64);
    while let Some(c) = reader.next_cell().map_err(|e| Error::File { path: path.into(), message: e.to_string() })? {
        if c.get_position().1 == 9 && c.get_position().0 > 0 {
            if let &DataRef::Float(f) = c.get_value() {
                sum += money::amount_from_f64(f).map(|a| a.0).unwrap_or(0);
                rows += 1;
            }
        }
    }
    Ok(PhaseResult {
        seconds: t.elapsed().as_secs_f64(),
        peak_rss_mib: peak_rss_mib(),
        rows,
        sum: Amount(sum),
        progress_reports: 0,
        progress_max_gap_ms: 0.0,
        progress_opening_ms: 0.0,
        progress_saving_ms: 0.0,
        progress_bar_moves: false,
    })
}

/// A full `import ledger` (into a fresh database, or under `source` into an
/// existing one), from opening the database to the commit.
pub fn full_import(path: &Path, db: &Path, source: Option<&str>) -> Result<PhaseResult> {
    let t = Instant::now();
    let mut watch = ProgressWatch::new();
    // a connection string: the shared database on a server (issue 15)
    let mut store = match ramkoll::app::server_address(db) {
        Some(conn) => Store::open_server(&ramkoll::store::ServerConfig::parse(conn)?)?,
        None => Store::open(db)?,
    };
    let opts = ImportOptions { source: source.map(str::to_string), ..Default::default() };
    let o = import::import_file(&mut store, Kind::Ledger, path, &opts, &mut |p| watch.tick(&p))?;
    Ok(watch.finish(t.elapsed().as_secs_f64(), o.rows, o.control_sum, peak_rss_mib()))
}

/// Start-up as the app does it, in ms: opening the database, and that plus
/// the Översikt screen's data (the database info, the investment and
/// operating reports of the last year, the batch list).
#[derive(Debug, Clone, Serialize)]
pub struct StartResult {
    pub open_ms: f64,
    pub first_report_ms: f64,
}

pub fn startup(db: &Path) -> Result<StartResult> {
    let t = Instant::now();
    let s = ramkoll::app::Session::open(db)?;
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    let info = ramkoll::app::db_info(&s)?;
    let year = info.years.last().copied().ok_or_else(|| Error::internal("databasen har inga år"))?;
    let inv = ramkoll::app::investments(&s, year, None)?;
    ramkoll::app::operating(&s, year, None, false)?;
    if ramkoll::app::batches(&s)?.is_empty() || inv.total.outcome_total.is_zero() {
        return Err(Error::internal("översikten över benchmarkdatabasen blev tom"));
    }
    Ok(StartResult { open_ms, first_report_ms: t.elapsed().as_secs_f64() * 1000.0 })
}

/// `startup` in a child process (`ramkoll-testkit bench-phase start DB`).
pub(super) fn child_start(exe: &Path, db: &Path) -> Result<StartResult> {
    let out = Command::new(exe).arg("bench-phase").arg("start").arg(db).output()?;
    if !out.status.success() {
        return Err(Error::internal(format!("bench-phase start: {}", String::from_utf8_lossy(&out.stderr))));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    Ok(StartResult {
        open_ms: v["open_ms"].as_f64().unwrap_or(0.0),
        first_report_ms: v["first_report_ms"].as_f64().unwrap_or(0.0),
    })
}

/// Run one phase in a child process (`ramkoll-testkit bench-phase …`) and read its JSON.
pub(super) fn child(exe: &Path, args: &[&str]) -> Result<PhaseResult> {
    let out = Command::new(exe).arg("bench-phase").args(args).output()?;
    if !out.status.success() {
        return Err(Error::internal(format!("bench-phase {args:?}: {}", String::from_utf8_lossy(&out.stderr))));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let sum = v["sum"].as_str().and_then(|s| money::parse_amount(s).ok()).unwrap_or_default();
    Ok(PhaseResult {
        seconds: v["seconds"].as_f64().unwrap_or(0.0),
        peak_rss_mib: v["peak_rss_mib"].as_f64().unwrap_or(0.0),
        rows: v["rows"].as_u64().unwrap_or(0),
        sum,
        progress_reports: v["progress_reports"].as_u64().unwrap_or(0),
        progress_max_gap_ms: v["progress_max_gap_ms"].as_f64().unwrap_or(0.0),
        progress_bar_moves: v["progress_bar_moves"].as_bool().unwrap_or(false),
        progress_opening_ms: v["progress_opening_ms"].as_f64().unwrap_or(0.0),
        progress_saving_ms: v["progress_saving_ms"].as_f64().unwrap_or(0.0),
    })
}

//! The benchmark behind `ramkoll bench`: a seeded 1 000 000-row ledger
//! imported next to a bare streaming calamine read of the same file (each in
//! its own process, so peak memory is the phase's own), report and drill-down
//! timings over a large database, and the export time. Prints figures; with
//! `check` it asserts correctness (never a time).

use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, Kind};
use crate::money::{self, Amount};
use crate::store::{LineQuery, Store};
use crate::variance;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct PhaseResult {
    pub seconds: f64,
    pub peak_rss_mib: f64,
    pub rows: u64,
    pub sum: Amount,
    /// Imports: progress reports, and the longest stretch in which the
    /// progress bar did not move (start to first move, between two, last to
    /// end), in ms.
    pub progress_reports: u64,
    pub progress_max_gap_ms: f64,
    /// Imports: every report carried a fraction, none smaller than the one
    /// before (the bar moves, not only the row count).
    pub progress_bar_moves: bool,
}

/// Watches an import's progress callback: how long the progress bar stands
/// still (start to its first move, between moves, last move to the end).
struct ProgressWatch {
    last: Instant,
    max_gap: f64,
    reports: u64,
    last_fraction: f32,
    moves: bool,
}

impl ProgressWatch {
    fn new() -> ProgressWatch {
        ProgressWatch { last: Instant::now(), max_gap: 0.0, reports: 0, last_fraction: -1.0, moves: true }
    }
    fn tick(&mut self, p: &import::Progress) {
        self.reports += 1;
        match p.fraction {
            Some(f) if f > self.last_fraction => {
                self.gap();
                self.last_fraction = f;
            }
            Some(f) if f == self.last_fraction => {}
            _ => self.moves = false,
        }
    }
    fn gap(&mut self) {
        let now = Instant::now();
        self.max_gap = self.max_gap.max((now - self.last).as_secs_f64() * 1000.0);
        self.last = now;
    }
    fn finish(mut self, seconds: f64, rows: u64, sum: Amount, peak_rss_mib: f64) -> PhaseResult {
        self.gap();
        PhaseResult {
            seconds,
            peak_rss_mib,
            rows,
            sum,
            progress_reports: self.reports,
            progress_max_gap_ms: self.max_gap,
            progress_bar_moves: self.moves && self.reports > 0,
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
        progress_bar_moves: false,
    })
}

/// A full `import ledger` into a fresh database.
pub fn full_import(path: &Path, db: &Path) -> Result<PhaseResult> {
    let t = Instant::now();
    let mut watch = ProgressWatch::new();
    let mut store = Store::open(db)?;
    let o = import::import_file(&mut store, Kind::Ledger, path, &ImportOptions::default(), &mut |p| watch.tick(&p))?;
    Ok(watch.finish(t.elapsed().as_secs_f64(), o.rows, o.control_sum, peak_rss_mib()))
}

/// Run one phase in a child process (`ramkoll bench-phase …`) and read its JSON.
fn child(exe: &Path, args: &[&str]) -> Result<PhaseResult> {
    let out = Command::new(exe).arg("bench-phase").args(args).output()?;
    if !out.status.success() {
        return Err(Error::usage(format!("bench-phase {args:?}: {}", String::from_utf8_lossy(&out.stderr))));
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
    })
}

/// A bench database from an earlier run, with its side files, is removed
/// (the `-inuse` marker too: a fresh file needs no check).
fn remove_db(db: &Path) {
    for ext in ["", "-wal", "-shm", "-journal", "-inuse"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

/// The run with the median time (peak memory: the largest of all runs).
fn median_run(mut v: Vec<PhaseResult>) -> PhaseResult {
    let peak = v.iter().map(|r| r.peak_rss_mib).fold(0.0, f64::max);
    v.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let mut m = v.swap_remove(v.len() / 2);
    m.peak_rss_mib = peak;
    m
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn time_ms<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(f64, T)> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f()?);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((median(times), last.ok_or_else(|| Error::usage("no runs"))?))
}

/// Fill a database with `lines` synthetic ledger lines over ten years,
/// straight through SQL (the import path is measured separately).
pub fn synthetic_db(db: &Path, lines: u64) -> Result<Store> {
    let store = Store::open(db)?;
    // straight into the tables, beside the store's own connection
    rusqlite::Connection::open(store.path())?.execute_batch(&format!(
        "BEGIN;
         INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row, mapping,
                                   row_count, control_sum, imported_at)
         VALUES ('ledger', 'bench', 'syntetisk', '', 'bench', 'xlsx', 'Huvudbok', 1, '{{}}', {lines}, 0, '');
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {lines})
         INSERT INTO ledger_line (batch_id, row_no, period, year, konto, projekt, text, amount, area, category,
                                  cost_type, decision_year)
         SELECT 1, i + 2,
                (2009 + (i % 10)) * 100 + 1 + (i / 10) % 12,
                2009 + (i % 10),
                '1222',
                'P' || (i % 977),
                'rad ' || i,
                ((i * 7919) % 2000000) - 300000,
                CASE WHEN i % 3 = 0 THEN 'MT' ELSE 'IT' END,
                CASE (i / 3) % 6 WHEN 0 THEN 'Nät' WHEN 1 THEN 'Server' WHEN 2 THEN 'Video'
                     WHEN 3 THEN 'Skrivare' WHEN 4 THEN 'Röntgen' ELSE 'Ultraljud' END,
                'Investering',
                2008 + (i % 10) + (i / 7) % 2
         FROM n;
         UPDATE import_batch SET first_line = (SELECT MIN(id) FROM ledger_line), last_line = (SELECT MAX(id) FROM ledger_line);
         INSERT INTO ledger_agg (batch_id, period, year, area, category, decision_year, cost_type, vo, n, amount)
         SELECT batch_id, period, year, area, category, decision_year, cost_type, vo, COUNT(*), SUM(amount)
         FROM ledger_line GROUP BY batch_id, period, year, area, category, decision_year, cost_type, vo;
         INSERT INTO frame (batch_id, row_no, year, area, category, decided, extended)
         SELECT 1, 1, 2018, 'IT', NULL, 820000000, 640000000;
         COMMIT;"
    ))?;
    Ok(store)
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub rows: u64,
    pub seed: u64,
    pub file: String,
    pub file_mib: f64,
    pub generate_s: f64,
    /// Median of `read_runs` / `import_runs`.
    pub bare_read: PhaseResult,
    pub import: PhaseResult,
    pub read_runs: Vec<f64>,
    pub import_runs: Vec<f64>,
    pub import_ratio: f64,
    pub reimport: PhaseResult,
    pub reimport_ratio: f64,
    pub db_lines: u64,
    pub report_investments_ms: f64,
    pub report_variance_ms: f64,
    pub report_categories_ms: f64,
    pub drilldown_ms: f64,
    pub drilldown_lines: u64,
    pub export_ms: f64,
    pub export_lines: u64,
}

pub struct BenchOptions {
    pub rows: u64,
    pub seed: u64,
    pub db_lines: u64,
    /// Runs of the read and the import each (their medians are compared).
    pub runs: usize,
    pub dir: PathBuf,
    /// The `ramkoll` executable, to run each phase in its own process.
    pub exe: PathBuf,
}

pub fn run(o: &BenchOptions, log: &mut dyn FnMut(&str)) -> Result<BenchReport> {
    std::fs::create_dir_all(&o.dir)?;
    let file = o.dir.join(format!("huvudbok_{}_{}.xlsx", o.rows, o.seed));
    let t = Instant::now();
    let expected = crate::fixtures::write_large_ledger(&file, o.rows, o.seed)?;
    let generate_s = t.elapsed().as_secs_f64();
    let file_mib = std::fs::metadata(&file)?.len() as f64 / (1 << 20) as f64;
    log(&format!("genererade {} ({:.1} MiB) på {:.1} s", file.display(), file_mib, generate_s));
    let f = file.to_string_lossy().to_string();

    // Read and import alternate, `runs` times each; the medians are compared
    // (on a shared machine one run of either can be off by a tenth).
    let db = o.dir.join("bench-import.db");
    let d = db.to_string_lossy().to_string();
    let (mut reads, mut imports) = (Vec::new(), Vec::new());
    for run in 1..=o.runs.max(1) {
        let r = child(&o.exe, &["read", &f])?;
        log(&format!("calamine (strömmande läsning), körning {run}: {:.2} s, {:.0} MiB", r.seconds, r.peak_rss_mib));
        reads.push(r);
        remove_db(&db);
        let i = child(&o.exe, &["import", &f, &d])?;
        log(&format!("import ledger, körning {run}: {:.2} s, {:.0} MiB", i.seconds, i.peak_rss_mib));
        imports.push(i);
    }
    for (r, i) in reads.iter().zip(&imports) {
        if i.rows != o.rows || i.sum.0 != expected || r.sum.0 != expected {
            return Err(Error::usage(format!(
                "kontrollsumman stämmer inte: genererat {} öre/{} rader, import {} öre/{} rader, calamine {} öre",
                expected, o.rows, i.sum.0, i.rows, r.sum.0
            )));
        }
    }
    let read_runs: Vec<f64> = reads.iter().map(|r| r.seconds).collect();
    let import_runs: Vec<f64> = imports.iter().map(|r| r.seconds).collect();
    let bare_read = median_run(reads);
    let import = median_run(imports);
    // A newer export of the same periods: the same file again, with the
    // earlier batch's hash changed so it is not taken for the very same file.
    let reimport = {
        let mut store = Store::open(&db)?;
        rusqlite::Connection::open(store.path())?.execute("UPDATE import_batch SET sha256 = 'bench-' || sha256", [])?;
        let t = Instant::now();
        let mut watch = ProgressWatch::new();
        let out =
            import::import_file(&mut store, Kind::Ledger, &file, &ImportOptions::default(), &mut |p| watch.tick(&p))?;
        if out.replaced.iter().map(|r| r.rows).sum::<u64>() != o.rows {
            return Err(Error::usage("återimporten ersatte inte alla rader"));
        }
        watch.finish(t.elapsed().as_secs_f64(), out.rows, out.control_sum, 0.0)
    };
    log(&format!("återimport (ersätter alla perioder): {:.2} s", reimport.seconds));
    // correctness, not time: the bar must move during both imports
    if !(import.progress_bar_moves && reimport.progress_bar_moves) {
        return Err(Error::usage("importens förloppsstapel rörde sig inte (rapporter utan andel eller bakåt)"));
    }

    // reports over a large database
    let big = o.dir.join("bench-reports.db");
    remove_db(&big);
    let t = Instant::now();
    let store = synthetic_db(&big, o.db_lines)?;
    log(&format!("byggde databas med {} rader på {:.1} s", o.db_lines, t.elapsed().as_secs_f64()));
    let (inv_ms, inv) = time_ms(5, || variance::frame_report(&store, 2018, None))?;
    let (var_ms, _) = time_ms(5, || variance::frame_report(&store, 2018, Some(201806)))?;
    let (cat_ms, cats) = time_ms(5, || variance::category_report(&store, "IT", 2009, 2018))?;
    let q = LineQuery {
        year: Some(2018),
        area: Some("IT".into()),
        category: Some("Nät".into()),
        period_to: Some(201812),
        limit: Some(10_000),
        ..Default::default()
    };
    let (drill_ms, drill) = time_ms(5, || store.lines(&q))?;
    if inv.total.outcome_total.is_zero() || cats.total.total.is_zero() || drill.lines.is_empty() {
        return Err(Error::usage("rapporterna över benchmarkdatabasen blev tomma"));
    }
    log(&format!(
        "rapporter över {} rader: investments {:.1} ms, variance {:.1} ms, categories {:.1} ms, drill-down ({} rader) {:.1} ms",
        o.db_lines,
        inv_ms,
        var_ms,
        cat_ms,
        drill.lines.len(),
        drill_ms
    ));

    // export with a 10 000-line detail sheet
    let exp_db = o.dir.join("bench-export.db");
    remove_db(&exp_db);
    let exp_store = synthetic_db(&exp_db, 100_000)?;
    let out = o.dir.join("bench-export.xlsx");
    let (export_ms, eo) = time_ms(3, || crate::export::variance_workbook(&exp_store, 2018, None, &out))?;
    log(&format!("export ({} detaljrader): {:.0} ms", eo.detail_lines, export_ms));

    Ok(BenchReport {
        rows: o.rows,
        seed: o.seed,
        file: file.display().to_string(),
        file_mib,
        generate_s,
        import_ratio: import.seconds / bare_read.seconds,
        reimport_ratio: reimport.seconds / import.seconds,
        bare_read,
        import,
        read_runs,
        import_runs,
        reimport,
        db_lines: o.db_lines,
        report_investments_ms: inv_ms,
        report_variance_ms: var_ms,
        report_categories_ms: cat_ms,
        drilldown_ms: drill_ms,
        drilldown_lines: drill.lines.len() as u64,
        export_ms,
        export_lines: eo.detail_lines,
    })
}

//! The benchmark behind `ramkoll-testkit bench`: a seeded 1 000 000-row
//! ledger imported next to a bare streaming calamine read of the same file
//! (each in its own process, so peak memory is the phase's own), report and
//! drill-down timings over a large database, and the export time. Prints
//! figures; with `check` it asserts correctness (never a time).

mod app;
mod bigdb;
mod db;
mod pg;
mod phase;
pub mod render;

pub use app::{AppFigures, AppImport};
pub use bigdb::BigDbImport;
pub use db::{remove_db, synthetic_db};
pub use phase::{bare_read, full_import, peak_rss_mib, startup, PhaseResult, StartResult};

use phase::{child, ProgressWatch};
use ramkoll::error::{Error, Result};
use ramkoll::import::{self, ImportOptions, Kind};
use ramkoll::store::{LineQuery, Store};
use ramkoll::variance;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// The same import into a new database on the PostgreSQL server (`--pg`):
    /// the median of `pg_import_runs`, and its ratio to the SQLite import.
    pub pg_import: Option<PhaseResult>,
    pub pg_import_runs: Vec<f64>,
    pub pg_import_ratio: Option<f64>,
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
    /// The same ledger into an empty database and into the report database.
    pub big_db: BigDbImport,
    /// `--pg`: reports over `db_lines` lines on the server, readers during an import.
    pub server: Option<pg::ServerFigures>,
    /// `--app`: the same import through the app's Import screen, and the
    /// app's start on the report database.
    pub app: Option<AppFigures>,
}

pub struct BenchOptions {
    pub rows: u64,
    pub seed: u64,
    pub db_lines: u64,
    /// Rows of the ledger imported into the big database (and an empty one).
    pub big_rows: u64,
    /// Runs of each import of the big-database case, and of the start-up.
    pub big_runs: usize,
    /// Reuse the report database in `dir` when a run left one of `db_lines`.
    pub keep_db: bool,
    /// Runs of the read and the import each (their medians are compared).
    pub runs: usize,
    pub dir: PathBuf,
    /// The `ramkoll-testkit` executable, to run each phase in its own process.
    pub exe: PathBuf,
    /// Also import into a new database on the test server (`RAMKOLL_TEST_PG`).
    pub pg: bool,
    /// The desktop app (built with the feature `e2e`) to measure too.
    pub app: Option<PathBuf>,
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
    Ok((median(times), last.ok_or_else(|| Error::internal("no runs"))?))
}

/// Import figures: the medians of the alternating read/import runs.
struct Imports {
    bare_read: PhaseResult,
    import: PhaseResult,
    read_runs: Vec<f64>,
    import_runs: Vec<f64>,
    pg_import: Option<PhaseResult>,
    pg_import_runs: Vec<f64>,
    app_runs: Vec<AppImport>,
}

/// Read and import alternate, `runs` times each, each in its own process;
/// the medians are compared (on a shared machine one run of either can be
/// off by a tenth). Every run must find the generated sum.
fn imports(o: &BenchOptions, file: &Path, db: &Path, expected: i64, log: &mut dyn FnMut(&str)) -> Result<Imports> {
    let (f, d) = (file.to_string_lossy().to_string(), db.to_string_lossy().to_string());
    let (mut reads, mut imports, mut app_runs) = (Vec::new(), Vec::new(), Vec::new());
    for run in 1..=o.runs.max(1) {
        let r = child(&o.exe, &["read", &f])?;
        log(&format!("calamine (strömmande läsning), körning {run}: {:.2} s, {:.0} MiB", r.seconds, r.peak_rss_mib));
        reads.push(r);
        remove_db(db);
        let i = child(&o.exe, &["import", &f, &d])?;
        log(&format!("import ledger, körning {run}: {:.2} s, {:.0} MiB", i.seconds, i.peak_rss_mib));
        imports.push(i);
        // the app right after the CLI, so that the two share the host's mood
        if let Some(exe) = &o.app {
            let a = app::import(exe, file, &o.dir.join("bench-app.db"))?;
            log(&format!(
                "import i appen, körning {run}: {:.2} s, webbvyn {:.1} s CPU",
                a.seconds,
                a.webview_cpu_s.unwrap_or(f64::NAN)
            ));
            app_runs.push(a);
        }
    }
    for (r, i) in reads.iter().zip(&imports) {
        if i.rows != o.rows || i.sum.0 != expected || r.sum.0 != expected {
            return Err(Error::internal(format!(
                "kontrollsumman stämmer inte: genererat {} öre/{} rader, import {} öre/{} rader, calamine {} öre",
                expected, o.rows, i.sum.0, i.rows, r.sum.0
            )));
        }
    }
    // the same file into a new database on the server, each run in its own
    // process as the SQLite ones
    let mut pg = Vec::new();
    for run in 1..=(if o.pg { o.runs.max(1) } else { 0 }) {
        let conn = crate::pg::fresh_database("bench")
            .ok_or_else(|| Error::usage("--pg: ingen testserver (RAMKOLL_TEST_PG)"))?;
        let i = child(&o.exe, &["import", &f, &conn])?;
        log(&format!("import ledger till PostgreSQL, körning {run}: {:.2} s, {:.0} MiB", i.seconds, i.peak_rss_mib));
        if i.rows != o.rows || i.sum.0 != expected {
            return Err(Error::internal(format!("PostgreSQL-importen: {} öre/{} rader", i.sum.0, i.rows)));
        }
        pg.push(i);
    }
    remove_db(&o.dir.join("bench-app.db"));
    Ok(Imports {
        app_runs,
        pg_import_runs: pg.iter().map(|r| r.seconds).collect(),
        pg_import: (!pg.is_empty()).then(|| median_run(pg)),
        read_runs: reads.iter().map(|r| r.seconds).collect(),
        import_runs: imports.iter().map(|r| r.seconds).collect(),
        bare_read: median_run(reads),
        import: median_run(imports),
    })
}

/// The same file again as a newer export of the same periods: it must
/// replace every line of the first import.
fn reimport(file: &Path, db: &Path, rows: u64) -> Result<PhaseResult> {
    db::rename_hashes(db)?;
    let mut store = Store::open(db)?;
    let t = Instant::now();
    let mut watch = ProgressWatch::new();
    let out = import::import_file(&mut store, Kind::Ledger, file, &ImportOptions::default(), &mut |p| watch.tick(&p))?;
    if out.replaced.iter().map(|r| r.rows).sum::<u64>() != rows {
        return Err(Error::internal("återimporten ersatte inte alla rader"));
    }
    Ok(watch.finish(t.elapsed().as_secs_f64(), out.rows, out.control_sum, 0.0))
}

/// Report and drill-down timings over a large synthetic database.
#[derive(Debug, Clone, Serialize)]
pub struct Reports {
    pub investments_ms: f64,
    pub variance_ms: f64,
    pub categories_ms: f64,
    pub drilldown_ms: f64,
    pub drilldown_lines: u64,
}

fn reports(o: &BenchOptions, big: &Path, log: &mut dyn FnMut(&str)) -> Result<Reports> {
    let store = match db::reusable(big, o.db_lines).then(|| Store::open(big)).transpose()? {
        Some(store) => {
            log(&format!("återanvänder databasen med {} rader i {}", o.db_lines, big.display()));
            store
        }
        None => {
            remove_db(big);
            let _ = std::fs::remove_dir_all(ramkoll::safety::backup_dir(big));
            let t = Instant::now();
            let store = synthetic_db(big, o.db_lines)?;
            log(&format!("byggde databas med {} rader på {:.1} s", o.db_lines, t.elapsed().as_secs_f64()));
            store
        }
    };
    timed_reports(&store, o.db_lines, log)
}

/// The reports over a bench database, five runs each (medians): the same
/// on a file and on the server (`pg.rs`).
fn timed_reports(store: &Store, db_lines: u64, log: &mut dyn FnMut(&str)) -> Result<Reports> {
    let (inv_ms, inv) = time_ms(5, || variance::frame_report(store, 2018, None))?;
    let (var_ms, _) = time_ms(5, || variance::frame_report(store, 2018, Some(201806)))?;
    let (cat_ms, cats) = time_ms(5, || variance::category_report(store, "IT", 2009, 2018))?;
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
        return Err(Error::internal("rapporterna över benchmarkdatabasen blev tomma"));
    }
    log(&format!(
        "rapporter över {} rader: investments {inv_ms:.1} ms, variance {var_ms:.1} ms, categories {cat_ms:.1} ms, drill-down ({} rader) {drill_ms:.1} ms",
        db_lines,
        drill.lines.len(),
    ));
    Ok(Reports {
        investments_ms: inv_ms,
        variance_ms: var_ms,
        categories_ms: cat_ms,
        drilldown_ms: drill_ms,
        drilldown_lines: drill.lines.len() as u64,
    })
}

/// The variance workbook over 100 000 lines (a 10 000-line detail sheet):
/// (median ms, detail lines).
fn export(dir: &Path, log: &mut dyn FnMut(&str)) -> Result<(f64, u64)> {
    let exp_db = dir.join("bench-export.db");
    remove_db(&exp_db);
    let exp = ramkoll::app::Session::from_store(synthetic_db(&exp_db, 100_000)?);
    let out = dir.join("bench-export.xlsx");
    let (export_ms, eo) = time_ms(3, || ramkoll::app::export_variance(&exp, 2018, None, &out))?;
    log(&format!("export ({} detaljrader): {export_ms:.0} ms", eo.detail_lines));
    Ok((export_ms, eo.detail_lines))
}

pub fn run(o: &BenchOptions, log: &mut dyn FnMut(&str)) -> Result<BenchReport> {
    std::fs::create_dir_all(&o.dir)?;
    let file = o.dir.join(format!("huvudbok_{}_{}.xlsx", o.rows, o.seed));
    let t = Instant::now();
    let expected = crate::fixtures::write_large_ledger(&file, o.rows, o.seed)?;
    let generate_s = t.elapsed().as_secs_f64();
    let file_mib = std::fs::metadata(&file)?.len() as f64 / (1 << 20) as f64;
    log(&format!("genererade {} ({:.1} MiB) på {:.1} s", file.display(), file_mib, generate_s));

    let db = o.dir.join("bench-import.db");
    let im = imports(o, &file, &db, expected, log)?;
    let reimport = reimport(&file, &db, o.rows)?;
    log(&format!("återimport (ersätter alla perioder): {:.2} s", reimport.seconds));
    // correctness, not time: the bar must move during both imports
    if !(im.import.progress_bar_moves && reimport.progress_bar_moves) {
        return Err(Error::internal("importens förloppsstapel rörde sig inte (rapporter utan andel eller bakåt)"));
    }
    let big = o.dir.join("bench-reports.db");
    let rep = reports(o, &big, log)?;
    let app = match &o.app {
        Some(exe) => {
            let starts = (0..o.big_runs.max(1)).map(|_| app::start(exe, &big)).collect::<Result<Vec<_>>>()?;
            log(&format!("appens start med {} rader: första rapporten {:?} ms", o.db_lines, starts));
            Some(app::figures(im.app_runs.clone(), im.import.seconds, starts, o.db_lines))
        }
        None => None,
    };
    let (export_ms, export_lines) = export(&o.dir, log)?;
    let big_db = big_db(o, &file, expected, &big, log)?;
    let server = if o.pg { Some(pg::run(o, &file, log)?) } else { None };
    if !o.keep_db {
        remove_db(&big);
        let _ = std::fs::remove_dir_all(ramkoll::safety::backup_dir(&big));
    }

    Ok(BenchReport {
        rows: o.rows,
        seed: o.seed,
        file: file.display().to_string(),
        file_mib,
        generate_s,
        import_ratio: im.import.seconds / im.bare_read.seconds,
        pg_import_ratio: im.pg_import.as_ref().map(|p| p.seconds / im.import.seconds),
        pg_import: im.pg_import,
        pg_import_runs: im.pg_import_runs,
        reimport_ratio: reimport.seconds / im.import.seconds,
        bare_read: im.bare_read,
        import: im.import,
        read_runs: im.read_runs,
        import_runs: im.import_runs,
        reimport,
        db_lines: o.db_lines,
        report_investments_ms: rep.investments_ms,
        report_variance_ms: rep.variance_ms,
        report_categories_ms: rep.categories_ms,
        drilldown_ms: rep.drilldown_ms,
        drilldown_lines: rep.drilldown_lines,
        export_ms,
        export_lines,
        big_db,
        server,
        app,
    })
}

/// The big-database import: of the bench's own ledger when it has
/// `big_rows` rows, else of one generated with that many.
fn big_db(o: &BenchOptions, file: &Path, expected: i64, big: &Path, log: &mut dyn FnMut(&str)) -> Result<BigDbImport> {
    if o.big_rows == o.rows {
        return bigdb::run(o, file, o.rows, expected, big, log);
    }
    let small = o.dir.join(format!("huvudbok_{}_{}.xlsx", o.big_rows, o.seed));
    let expected = crate::fixtures::write_large_ledger(&small, o.big_rows, o.seed)?;
    bigdb::run(o, &small, o.big_rows, expected, big, log)
}

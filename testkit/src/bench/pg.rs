//! The shared database on the PostgreSQL test server (`--pg`, issue 15):
//! the reports over a database of `db_lines` synthetic lines there, and ten
//! report readers while an import of the bench ledger runs into it.

use super::phase::child;
use super::{median, timed_reports, BenchOptions, Reports};
use ramkoll::error::{Error, Result};
use ramkoll::store::{ServerConfig, Store};
use ramkoll::variance;
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Ten readers during an import: every report they asked for, in ms.
#[derive(Debug, Clone, Serialize)]
pub struct Readers {
    pub readers: usize,
    pub reports: usize,
    pub errors: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub import_s: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServerFigures {
    pub db_lines: u64,
    pub build_s: f64,
    pub reports: Reports,
    pub readers: Readers,
}

fn fresh() -> Result<String> {
    crate::pg::fresh_database("bench").ok_or_else(|| Error::usage("--pg: ingen testserver (RAMKOLL_TEST_PG)"))
}

fn open(conn: &str) -> Result<Store> {
    Store::open_server(&ServerConfig::parse(conn)?)
}

/// The synthetic lines of `db::synthetic_db`, written by the server itself.
fn fill(conn: &str, lines: u64) -> Result<()> {
    drop(open(conn)?);
    let mut c = postgres::Client::connect(conn, postgres::NoTls).map_err(|e| Error::internal(e.to_string()))?;
    let numbers = format!("generate_series(0::bigint, {lines}::bigint - 1) AS n(i)");
    c.batch_execute(&format!(
        "BEGIN; {} {} COMMIT; ANALYZE;",
        super::db::synthetic_lines(lines, "", &numbers),
        super::db::SYNTHETIC_AGGREGATES
    ))
    .map_err(|e| Error::internal(format!("syntetiska rader på servern: {e}")))?;
    Ok(())
}

pub fn run(o: &BenchOptions, file: &Path, log: &mut dyn FnMut(&str)) -> Result<ServerFigures> {
    let conn = fresh()?;
    let t = Instant::now();
    fill(&conn, o.db_lines)?;
    let build_s = t.elapsed().as_secs_f64();
    log(&format!("byggde serverdatabas med {} rader på {build_s:.1} s", o.db_lines));
    let reports = timed_reports(&open(&conn)?, o.db_lines, log)?;
    let readers = readers(o, file, &conn, log)?;
    Ok(ServerFigures { db_lines: o.db_lines, build_s, reports, readers })
}

const READERS: usize = 10;

/// Ten connections asking for the investment report over and over while
/// the bench ledger is imported (another process, under its own source).
fn readers(o: &BenchOptions, file: &Path, conn: &str, log: &mut dyn FnMut(&str)) -> Result<Readers> {
    let done = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();
    for _ in 0..READERS {
        let (done, conn) = (done.clone(), conn.to_string());
        threads.push(std::thread::spawn(move || -> (Vec<f64>, usize) {
            let (mut times, mut errors) = (Vec::new(), 0);
            let Ok(store) = open(&conn) else { return (times, 1) };
            while !done.load(Ordering::Relaxed) {
                let t = Instant::now();
                match variance::frame_report(&store, 2018, None) {
                    Ok(_) => times.push(t.elapsed().as_secs_f64() * 1000.0),
                    Err(_) => errors += 1,
                }
            }
            (times, errors)
        }));
    }
    let t = Instant::now();
    let imported = child(&o.exe, &["import", &file.to_string_lossy(), conn, "--source", "stor"]);
    let import_s = t.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let (mut all, mut errors) = (Vec::new(), 0);
    for th in threads {
        let (t, e) = th.join().map_err(|_| Error::internal("en läsare stannade"))?;
        all.extend(t);
        errors += e;
    }
    let imported = imported?;
    if imported.rows != o.rows {
        return Err(Error::internal(format!("importen under läsningen: {} rader", imported.rows)));
    }
    all.sort_by(|a, b| a.total_cmp(b));
    let pct =
        |p: f64| all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).copied().unwrap_or(0.0);
    let r = Readers {
        readers: READERS,
        reports: all.len(),
        errors,
        p50_ms: if all.is_empty() { 0.0 } else { median(all.clone()) },
        p95_ms: pct(0.95),
        max_ms: all.last().copied().unwrap_or(0.0),
        import_s,
    };
    log(&format!(
        "{} läsare under en import ({:.1} s): {} rapporter, {} fel, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        r.readers, r.import_s, r.reports, r.errors, r.p50_ms, r.p95_ms, r.max_ms
    ));
    if r.errors > 0 || r.reports == 0 {
        return Err(Error::internal(format!("läsarna under importen: {} fel, {} rapporter", r.errors, r.reports)));
    }
    Ok(r)
}

//! The import into a big database (issue 16): the same ledger imported into
//! an empty database and into the report database of `--db-lines` lines,
//! alternating, each in its own process; and what one full safety copy of
//! the big database costs. An import's cost should not grow with the
//! database (goal ≤ 1,2 ×).

use super::phase::{child, child_start};
use super::{db, median_run, remove_db, BenchOptions};
use ramkoll::error::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct BigDbImport {
    pub rows: u64,
    /// Lines in the big database before the first import into it.
    pub db_lines: u64,
    pub db_mib: f64,
    pub empty_runs: Vec<f64>,
    pub big_runs: Vec<f64>,
    /// Medians.
    pub empty_s: f64,
    pub big_s: f64,
    pub ratio: f64,
    /// Safety copies the imports into the big database took (the policy).
    pub backups_taken: u64,
    /// One full safety copy of the big database: time and size.
    pub backup_s: f64,
    pub backup_mib: f64,
    /// What the backup directory of the big database holds after the runs.
    pub backups_disk_mib: f64,
    /// Start-up on the big database (medians of the runs, ms): open, and open
    /// plus the Översikt screen's data; and the open after an unclean close
    /// (the in-use marker left behind: `quick_check` reads the whole file).
    pub start_open_ms: f64,
    pub start_first_report_ms: f64,
    pub start_after_crash_ms: f64,
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn backups_bytes(db: &Path) -> Result<(u64, u64)> {
    let list = ramkoll::safety::list_backups(db)?;
    Ok((list.len() as u64, list.iter().map(|b| b.bytes).sum()))
}

/// `file` (`rows` rows summing to `expected`) into a fresh database and into
/// `big`, `o.big_runs` times each. Each run into `big` is a new source, so it
/// replaces nothing and every run adds the same lines to the same kind of
/// database.
pub fn run(
    o: &BenchOptions,
    file: &Path,
    rows: u64,
    expected: i64,
    big: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<BigDbImport> {
    let empty = o.dir.join("bench-empty.db");
    let db_lines: u64 = Connection::open(big)?
        .query_row("SELECT COALESCE(MAX(id), 0) FROM ledger_line", [], |r| r.get::<_, i64>(0))?
        as u64;
    let db_mib = mib(std::fs::metadata(big)?.len());
    let (backups_before, _) = backups_bytes(big)?;
    let (f, e, b) =
        (file.to_string_lossy().to_string(), empty.to_string_lossy().to_string(), big.to_string_lossy().to_string());
    let (mut empties, mut bigs) = (Vec::new(), Vec::new());
    for run in 1..=o.big_runs.max(1) {
        remove_db(&empty);
        let r = child(&o.exe, &["import", &f, &e])?;
        log(&format!("import av {rows} rader i tom databas, körning {run}: {:.2} s", r.seconds));
        empties.push(r);
        // the same file again is a new export (not "already imported"), under a source of its own
        db::rename_hashes(big)?;
        let source = format!("bench-big-{run}");
        let r = child(&o.exe, &["import", &f, &b, "--source", &source])?;
        log(&format!("import av {rows} rader i databasen med {db_lines} rader, körning {run}: {:.2} s", r.seconds));
        bigs.push(r);
    }
    for r in empties.iter().chain(&bigs) {
        if r.rows != rows || r.sum.0 != expected {
            return Err(Error::internal(format!(
                "kontrollsumman stämmer inte: genererat {expected} öre/{rows} rader, import {} öre/{} rader",
                r.sum.0, r.rows
            )));
        }
    }
    let (backups_after, disk) = backups_bytes(big)?;
    let empty_runs: Vec<f64> = empties.iter().map(|r| r.seconds).collect();
    let big_runs: Vec<f64> = bigs.iter().map(|r| r.seconds).collect();
    let (empty_s, big_s) = (median_run(empties).seconds, median_run(bigs).seconds);

    // one full copy, as the policy takes it, timed on its own and removed again
    let conn = Connection::open(big)?;
    let t = Instant::now();
    let copy = ramkoll::safety::backup_connection(&conn, big, "bench")?
        .ok_or_else(|| Error::internal("ingen säkerhetskopia av benchmarkdatabasen"))?;
    let backup_s = t.elapsed().as_secs_f64();
    let backup_mib = mib(std::fs::metadata(&copy)?.len());
    let _ = std::fs::remove_file(&copy);
    let starts: Vec<_> = (0..o.big_runs.max(1)).map(|_| child_start(&o.exe, big)).collect::<Result<_>>()?;
    let start_open_ms = super::median(starts.iter().map(|s| s.open_ms).collect());
    let start_first_report_ms = super::median(starts.iter().map(|s| s.first_report_ms).collect());
    std::fs::write(ramkoll::safety::in_use_marker(big), b"")?;
    let start_after_crash_ms = child_start(&o.exe, big)?.first_report_ms;
    log(&format!(
        "start med {db_lines} rader: öppnad {start_open_ms:.0} ms, översikten {start_first_report_ms:.0} ms; efter en krasch {start_after_crash_ms:.0} ms"
    ));
    log(&format!(
        "import i stor databas: {big_s:.2} s mot {empty_s:.2} s i tom ({:.2} ×); {} säkerhetskopior tagna; en kopia: {backup_s:.2} s, {backup_mib:.0} MiB",
        big_s / empty_s,
        backups_after.saturating_sub(backups_before)
    ));
    Ok(BigDbImport {
        rows,
        db_lines,
        db_mib,
        empty_runs,
        big_runs,
        empty_s,
        big_s,
        ratio: big_s / empty_s,
        backups_taken: backups_after.saturating_sub(backups_before),
        backup_s,
        backup_mib,
        backups_disk_mib: mib(disk),
        start_open_ms,
        start_first_report_ms,
        start_after_crash_ms,
    })
}

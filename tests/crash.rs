//! Crash safety: the real CLI imports a large generated ledger and is killed
//! (SIGKILL on unix) at seeded random moments; every time the database must
//! pass `PRAGMA integrity_check` and hold either the complete old state or
//! the complete new one (batch list + count and SUM(amount) of active lines).
//! The same for undo. Also: backups before imports, quick_check at start-up
//! and `ramkoll restore`.
//!
//! CI runs a reduced form (10 kills on a 20 000-row file, time-bounded). The
//! full run is `scripts/crash-test.sh` (100 kills on 200 000 rows), or set
//! RAMKOLL_CRASH_KILLS, RAMKOLL_CRASH_ROWS, RAMKOLL_CRASH_SEED, RAMKOLL_CRASH_SECS.
//!
//! Every child runs under the 3 GiB address-space limit of `memlimit`: one
//! that ends by itself must succeed, so an abort (a failed allocation) or a
//! signal other than the test's own SIGKILL fails the test.

mod common;
mod memlimit;
use common::*;
use ramkoll_testkit::fixtures::write_large_ledger;
use ramkoll_testkit::rng::Rng;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    /// (id, kind, state, row_count, control_sum)
    batches: Vec<(i64, String, String, i64, i64)>,
    active_lines: i64,
    active_sum: i64,
    /// The audit log as (operation, subject): a killed change has no entry
    /// or its one complete entry, never part of one (times differ per run).
    log: Vec<(String, String)>,
}

/// Integrity check, then the state. Opening recovers the WAL as SQLite would.
fn state(db: &Path) -> State {
    let c = Connection::open(db).unwrap();
    let ic: Vec<String> =
        c.prepare("PRAGMA integrity_check").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(ic, ["ok"], "integrity_check of {}", db.display());
    let batches = c
        .prepare("SELECT id, kind, state, row_count, control_sum FROM import_batch ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let (active_lines, active_sum) = c
        // a line is live when its batch's period is (the aggregates carry the state)
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM ledger_line l
             WHERE EXISTS (SELECT 1 FROM ledger_agg a WHERE a.batch_id = l.batch_id AND a.period = l.period
                                                       AND a.active = 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    State { batches, active_lines, active_sum, log: audit_log(&c) }
}

/// The log's entries, after checking that its hash chain holds and that
/// every summary is whole JSON.
fn audit_log(c: &Connection) -> Vec<(String, String)> {
    let entries: Vec<ramkoll::control::AuditEntry> = c
        .prepare("SELECT id, at, user, operation, subject, summary, prev_hash, hash FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok(ramkoll::control::AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                user: r.get(2)?,
                operation: r.get(3)?,
                subject: r.get(4)?,
                summary: r.get(5)?,
                prev_hash: r.get(6)?,
                hash: r.get(7)?,
            })
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let check = ramkoll::control::verify(&entries);
    assert_eq!(check.broken, None, "the log's chain");
    for e in &entries {
        let v: serde_json::Value = serde_json::from_str(&e.summary).unwrap();
        assert!(v.is_object(), "entry {} has a whole summary", e.id);
    }
    entries.into_iter().map(|e| (e.operation, e.subject)).collect()
}

fn ramkoll(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ramkoll"));
    c.arg("--db").arg(db).env_remove("RAMKOLL_DB").stdout(Stdio::null()).stderr(Stdio::piped());
    memlimit::limit(&mut c);
    c
}

fn run_ok(db: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = ramkoll(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ramkoll {args:?} ended with {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed()
}

/// A fresh copy of `from` (a closed database) at `dir/work.db`, no WAL, no backups.
fn fresh_copy(from: &Path, dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let to = dir.join("work.db");
    std::fs::copy(from, &to).unwrap();
    to
}

/// Move a database into one self-contained file (checkpoint the WAL).
fn settle(db: &Path) {
    let c = Connection::open(db).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
}

/// Spawn `args`, SIGKILL it after `delay` (if still running). True if it was
/// killed; one that ended first must have succeeded.
fn kill_after(db: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = ramkoll(db).args(args).stderr(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + delay;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "ramkoll {args:?} ended by itself with {status}");
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(2)));
    }
    // Child::kill is SIGKILL on unix (TerminateProcess on Windows)
    let killed = child.kill().is_ok();
    let _ = child.wait();
    killed
}

#[test]
fn sigkill_during_import_and_undo_leaves_old_or_new_state() {
    let kills = env_u64("RAMKOLL_CRASH_KILLS", 10);
    let rows = env_u64("RAMKOLL_CRASH_ROWS", 20_000);
    let seed = env_u64("RAMKOLL_CRASH_SEED", 20_181_231);
    let budget = Duration::from_secs(env_u64("RAMKOLL_CRASH_SECS", 45));
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let old_file = tmp.path().join("huvudbok_gammal.xlsx");
    let new_file = tmp.path().join("huvudbok_ny.xlsx");
    let old_sum = write_large_ledger(&old_file, 2_000, seed).unwrap();
    let new_sum = write_large_ledger(&new_file, rows, seed + 1).unwrap();

    // the old state: one batch
    let pristine = tmp.path().join("pristine.db");
    run_ok(&pristine, &["import", "ledger", old_file.to_str().unwrap()]);
    settle(&pristine);
    let old = state(&pristine);
    assert_eq!((old.batches.len(), old.active_sum), (1, old_sum));

    // the new state: the large file replaced every period of the old one
    let ref_dir = tmp.path().join("ref");
    let reference = fresh_copy(&pristine, &ref_dir);
    let import_time = run_ok(&reference, &["import", "ledger", new_file.to_str().unwrap()]);
    let new = state(&reference);
    assert_eq!((new.batches.len(), new.active_lines, new.active_sum), (2, rows as i64, new_sum));
    // the undone state
    let undo_ref = fresh_copy(&reference, &tmp.path().join("undo_ref"));
    settle(&undo_ref);
    let undo_time = run_ok(&undo_ref, &["undo", "2"]);
    let undone = state(&undo_ref);
    assert_eq!((undone.active_lines, undone.active_sum), (old.active_lines, old.active_sum));
    settle(&reference);

    let mut rng = Rng::new(seed);
    let (mut n, mut ended_old, mut ended_new, mut finished_first) = (0u64, 0u64, 0u64, 0u64);
    let work_dir = tmp.path().join("work");
    while n < kills && started.elapsed() < budget {
        // import killed at a random moment in [0, 1.1 × its normal run time]
        let db = fresh_copy(&pristine, &work_dir);
        let delay = Duration::from_micros(rng.below(import_time.as_micros() as u64 * 11 / 10));
        if !kill_after(&db, &["import", "ledger", new_file.to_str().unwrap()], delay) {
            finished_first += 1;
        }
        let s = state(&db);
        // the killed import's entry is there exactly when its batch is
        let entries = s.log.iter().filter(|(op, subject)| op == "import" && subject == "batch 2").count();
        assert_eq!(entries, usize::from(s.batches.len() == 2), "import entries after kill {n}: {:?}", s.log);
        if s == old {
            ended_old += 1;
        } else if s == new {
            ended_new += 1;
        } else {
            panic!("kill {n} after {delay:?}: neither the old nor the new state:\n{s:?}\nold {old:?}\nnew {new:?}");
        }
        // every backup restore would offer is complete (a killed backup is never listed)
        for b in ramkoll::safety::list_backups(&db).unwrap() {
            assert_eq!(state(&b.path), old, "backup {} after kill {n}", b.name);
        }
        // and the CLI starts and works on what the kill left
        run_ok(&db, &["batches"]);
        n += 1;

        // undo killed at a random moment
        if n % 2 == 0 {
            let db = fresh_copy(&reference, &work_dir);
            let delay = Duration::from_micros(rng.below(undo_time.as_micros() as u64 * 11 / 10));
            kill_after(&db, &["undo", "2"], delay);
            let s = state(&db);
            assert!(s == new || s == undone, "undo killed after {delay:?}: {s:?}");
        }
    }
    eprintln!(
        "crash test: {n} kills survived on {rows} rows (import {import_time:?}); {ended_old} ended in the old state, \
         {ended_new} in the new ({finished_first} finished before the kill) in {:?}",
        started.elapsed()
    );
    assert!(n >= kills.min(3), "only {n} kills in the time budget");
}

// --- backups, quick_check, restore -----------------------------------------

#[test]
fn backup_before_import_and_restore() {
    let cli = Cli::new();
    let f = fixtures();
    cli.import("ledger", &f.join("huvudbok_2016.xlsx"));
    // the first import of an empty database needs no backup
    assert!(ramkoll::safety::list_backups(&cli.db).unwrap().is_empty());
    let after_first = cli.batches();
    cli.import("ledger", &f.join("huvudbok_2017.ods"));
    let backups = ramkoll::safety::list_backups(&cli.db).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, "import");
    assert_eq!(state(&backups[0].path).batches.len(), 1, "the backup holds the state before the import");

    // restore the newest backup: back to one batch; what was there is saved first
    let o = cli.ok(&["--json", "restore"]).json();
    assert_eq!(o["batches"], 1);
    assert_eq!(o["previous_was_damaged"], false);
    let b = cli.batches();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0]["control_sum"], after_first[0]["control_sum"]);
    let list = cli.ok(&["--json", "restore", "--list"]).json();
    let list = list["backups"].as_array().unwrap().clone();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["reason"], "before-restore");
    // and back again, by number
    cli.ok(&["restore", "1"]);
    assert_eq!(cli.batches().len(), 2);
}

#[test]
fn only_the_last_ten_backups_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("r.db");
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        for i in 0..13 {
            c.execute("INSERT INTO t VALUES (?1)", [i]).unwrap();
            ramkoll::safety::backup_connection(&c, &db, "test").unwrap().unwrap();
        }
    }
    let list = ramkoll::safety::list_backups(&db).unwrap();
    assert_eq!(list.len(), ramkoll::safety::KEEP_BACKUPS);
    let newest = Connection::open(&list[0].path).unwrap();
    assert_eq!(newest.query_row("SELECT COUNT(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 14);
    let oldest = Connection::open(&list[9].path).unwrap();
    assert_eq!(oldest.query_row("SELECT COUNT(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 5);
}

/// A damaged database: a clear error at start-up pointing to `ramkoll restore`,
/// and restore brings the last good state back (the damaged files are kept aside).
#[test]
fn damaged_database_is_refused_and_restored() {
    let cli = Cli::new();
    let f = fixtures();
    cli.import("ledger", &f.join("huvudbok_2016.xlsx"));
    cli.import("ledger", &f.join("huvudbok_2017.ods"));
    cli.import("frames", &f.join("ramar.xlsx"));
    settle(&cli.db);
    // overwrite a few pages in the middle of the file
    let mut bytes = std::fs::read(&cli.db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page);
    for b in &mut bytes[3 * page..6 * page] {
        *b = 0x5A;
    }
    std::fs::write(&cli.db, &bytes).unwrap();

    let o = cli.run(&["batches"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("databasen är skadad") && o.stderr.contains("ramkoll restore"), "{}", o.stderr);

    let r = cli.ok(&["--json", "restore"]).json();
    assert_eq!(r["previous_was_damaged"], true);
    assert_eq!(r["batches"], 2, "the backup taken before the frames import");
    assert_eq!(cli.batches().len(), 2);
    let aside = PathBuf::from(r["previous_saved_as"].as_str().unwrap());
    assert!(aside.exists());
}

/// Not a database at all: the same clear message.
#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let cli = Cli::new();
    std::fs::write(&cli.db, b"Period;Belopp\n201803;100\n".repeat(200)).unwrap();
    let o = cli.run(&["batches"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("databasen är skadad") && o.stderr.contains("ingen säkerhetskopia"), "{}", o.stderr);
}

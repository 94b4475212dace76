//! A database file from someone else ("Öppna annan databas…", `--db`,
//! `RAMKOLL_DB`) must not change the figures: a schema object Ramkoll does not
//! create — a view over a real table, a trigger, an extra table, a recursive
//! view — makes the file refused, through the CLI, with exit code 2 and a
//! message that names the object, in a few seconds; and the refused file is
//! left exactly as it was (same bytes, no backup, no in-use marker). A
//! genuine older database still opens and migrates.

mod common;
use common::*;
use ramkoll::store::Store;
use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// The database as the refused command found it: the file's bytes and every
/// file in its directory (backups, marker, journal).
#[derive(Debug, PartialEq)]
struct Snapshot {
    db: Vec<u8>,
    files: Vec<String>,
}

fn snapshot(cli: &Cli) -> Snapshot {
    let mut files = Vec::new();
    let mut dirs = vec![cli.dir.path().to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p.clone());
            }
            files.push(p.strip_prefix(cli.dir.path()).unwrap().display().to_string());
        }
    }
    files.sort();
    Snapshot { db: std::fs::read(&cli.db).unwrap(), files }
}

/// Change the file the way its author would, with plain SQLite.
fn tamper(db: &Path, sql: &str) {
    let c = Connection::open(db).unwrap();
    c.execute_batch(sql).unwrap();
}

/// `ramkoll ARGS` ends in exit 2 with every piece in its message, within a
/// few seconds, and the database and its directory are as they were.
fn refused(cli: &Cli, args: &[&str], pieces: &[&str]) -> String {
    let before = snapshot(cli);
    let t = Instant::now();
    let o = cli.run(args);
    let took = t.elapsed();
    assert_eq!(o.code, 2, "ramkoll {args:?}: {}{}", o.stdout, o.stderr);
    for p in pieces {
        assert!(o.stderr.contains(p), "ramkoll {args:?}: expected {p:?} in: {}", o.stderr);
    }
    assert!(o.stderr.contains(&*cli.dir.path().to_string_lossy()), "names the file: {}", o.stderr);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let after = snapshot(cli);
    assert_eq!(before.files, after.files, "no backup, marker or journal written");
    assert!(before.db == after.db, "the database file is unchanged");
    o.stderr
}

/// The demo database: the committed fixtures, the reference table of 2018.
fn demo() -> Cli {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    cli
}

fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_view_named_frame_over_the_real_table_is_refused() {
    let cli = demo();
    assert_eq!(area(&cli.investments(2018), "IT")["total_frame"], "14600000.00");
    tamper(
        &cli.db,
        "ALTER TABLE frame RENAME TO frame_data;
         CREATE VIEW frame AS SELECT id, batch_id, row_no, year, area, category, decided * 10 AS decided,
                extended * 10 AS extended, decision_year, comment, superseded_by, active FROM frame_data;",
    );
    // what the report would have read: every frame ×10
    let (view, real): (i64, i64) =
        (one(&cli.db, "SELECT SUM(decided) FROM frame"), one(&cli.db, "SELECT SUM(decided) FROM frame_data"));
    assert_eq!(view, real * 10);
    refused(
        &cli,
        &["--json", "report", "investments", "--year", "2018"],
        &["databasen innehåller en vy \"frame\" som Ramkoll inte skapar: filen öppnas inte"],
    );
}

#[test]
fn a_trigger_that_halves_the_next_import_is_refused() {
    let cli = Cli::new();
    cli.import("ledger", &fixtures().join("huvudbok_2017.ods"));
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    tamper(
        &cli.db,
        "CREATE TRIGGER halve AFTER UPDATE ON import_batch
         BEGIN UPDATE ledger_agg SET amount = amount / 2 WHERE batch_id = NEW.id; END;",
    );
    let file = fixtures().join("huvudbok_2018.xlsx");
    refused(
        &cli,
        &["--json", "import", "ledger", file.to_str().unwrap()],
        &["databasen innehåller en trigger \"halve\" på tabellen \"import_batch\" som Ramkoll inte skapar: filen öppnas inte"],
    );
}

#[test]
fn an_extra_table_is_refused() {
    let cli = demo();
    tamper(&cli.db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');");
    refused(
        &cli,
        &["batches"],
        &["databasen innehåller en tabell \"notes\" som Ramkoll inte skapar: filen öppnas inte"],
    );
}

#[test]
fn a_changed_create_statement_is_refused() {
    let cli = demo();
    tamper(
        &cli.db,
        "ALTER TABLE comment RENAME TO old_comment;
         CREATE TABLE comment (key TEXT PRIMARY KEY, text TEXT NOT NULL, author TEXT NOT NULL,
                               updated_at TEXT NOT NULL DEFAULT (random()));
         DROP TABLE old_comment;",
    );
    refused(
        &cli,
        &["batches"],
        &["tabellen \"comment\" i databasen är inte som Ramkoll skapar den (schema ", "filen öppnas inte"],
    );
}

#[test]
fn a_recursive_view_is_refused_in_seconds() {
    let cli = demo();
    tamper(
        &cli.db,
        "ALTER TABLE ledger_agg RENAME TO agg_data;
         CREATE VIEW ledger_agg AS
           WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r)
           SELECT a.* FROM agg_data a, r;",
    );
    refused(
        &cli,
        &["--json", "report", "investments", "--year", "2018"],
        &["databasen innehåller en vy \"ledger_agg\" som Ramkoll inte skapar: filen öppnas inte"],
    );
}

/// A version-4 database with a trigger of its own would run it through
/// migration 5 (which updates `import_batch`): refused before any migration
/// and before the migration backup.
#[test]
fn an_old_database_with_its_own_trigger_is_refused_before_migrating() {
    let cli = Cli::new();
    Store::create_with_schema(&cli.db, 4).unwrap();
    tamper(
        &cli.db,
        "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row,
                                   mapping, row_count, control_sum, imported_at)
         VALUES ('ledger', 'huvudbok', 'a.xlsx', '', 'a', 'xlsx', 'Blad1', 1, '{}', 2, 300, '');
         INSERT INTO ledger_line (batch_id, row_no, period, year, amount) VALUES (1, 2, 201801, 2018, 100),
                                                                                 (1, 3, 201802, 2018, 200);
         CREATE TRIGGER double AFTER UPDATE ON import_batch
         BEGIN UPDATE ledger_line SET amount = amount * 2; END;",
    );
    refused(
        &cli,
        &["batches"],
        &["databasen innehåller en trigger \"double\" på tabellen \"import_batch\" som Ramkoll inte skapar: filen öppnas inte"],
    );
    assert_eq!(one::<i64>(&cli.db, "PRAGMA user_version"), 4);
    assert_eq!(one::<i64>(&cli.db, "SELECT SUM(amount) FROM ledger_line"), 300);
}

#[test]
fn a_genuine_old_database_opens_and_migrates() {
    let cli = Cli::new();
    Store::create_with_schema(&cli.db, 4).unwrap();
    tamper(
        &cli.db,
        "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row,
                                   mapping, row_count, control_sum, imported_at)
         VALUES ('ledger', 'huvudbok', 'a.xlsx', '', 'a', 'xlsx', 'Blad1', 1, '{}', 2, 300, '2018-06-01 10:00:00');
         INSERT INTO ledger_line (batch_id, row_no, period, year, amount) VALUES (1, 2, 201801, 2018, 100),
                                                                                 (1, 3, 201802, 2018, 200);
         INSERT INTO ledger_agg (batch_id, period, year, n, amount) VALUES (1, 201801, 2018, 1, 100),
                                                                           (1, 201802, 2018, 1, 200);",
    );
    let batches = cli.batches();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0]["file_name"], "a.xlsx");
    // migrated to the schema a new database gets, after a backup of version 4
    let fresh = Cli::new();
    fresh.ok(&["batches"]);
    let current: i64 = one(&fresh.db, "PRAGMA user_version");
    assert!(current > 4);
    assert_eq!(one::<i64>(&cli.db, "PRAGMA user_version"), current);
    let backups: Vec<String> = std::fs::read_dir(cli.dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(backups.len() == 1 && backups[0].ends_with("-schema4.db"), "{backups:?}");
    assert_eq!(one::<i64>(&cli.db, "SELECT first_line FROM import_batch"), 1);
    // and the migrated file passes the check at the current version
    let again = cli.batches();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["active_sum"], "3.00", "{again:?}");
}

#[test]
fn a_database_from_a_newer_ramkoll_is_refused_unchanged() {
    let cli = demo();
    tamper(&cli.db, "PRAGMA user_version = 999");
    refused(&cli, &["batches"], &["databasen är skapad av en nyare Ramkoll (schema 999); uppdatera programmet"]);
}

#[test]
fn a_truncated_database_is_refused_unchanged() {
    let cli = demo();
    let bytes = std::fs::read(&cli.db).unwrap();
    std::fs::write(&cli.db, &bytes[..bytes.len() / 3]).unwrap();
    refused(&cli, &["batches"], &["databasen är skadad"]);
}

#[test]
fn a_garbage_file_with_a_database_header_is_refused_unchanged() {
    let cli = Cli::new();
    let mut bytes = b"SQLite format 3\0".to_vec();
    let mut x: u32 = 0x2018_0601;
    while bytes.len() < 64 * 1024 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        bytes.push((x >> 16) as u8);
    }
    std::fs::write(&cli.db, &bytes).unwrap();
    refused(&cli, &["batches"], &["databasen är skadad"]);
}

/// A backup someone put in `backups/` is checked like a database before
/// `restore` copies it over the real one.
#[test]
fn a_hostile_backup_is_not_restored() {
    let cli = demo();
    let dir = cli.dir.path().join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    let planted = dir.join("test-20991231-235959-000-import.db");
    std::fs::copy(&cli.db, &planted).unwrap();
    tamper(&planted, "CREATE TRIGGER t AFTER INSERT ON ledger_agg BEGIN DELETE FROM frame; END;");
    let m = refused(
        &cli,
        &["restore"],
        &["databasen innehåller en trigger \"t\" på tabellen \"ledger_agg\" som Ramkoll inte skapar: filen öppnas inte"],
    );
    assert!(m.contains("test-20991231-235959-000-import.db"), "{m}");
}

//! The bench's own databases. Filling one with millions of lines and
//! renaming a batch's hash go straight through SQL on the file: that is test
//! tooling, not a product path (the import path is measured separately).

use ramkoll::error::Result;
use ramkoll::store::Store;
use rusqlite::Connection;
use std::path::Path;

/// A bench database from an earlier run, with its side files, is removed
/// (the `-inuse` and `-checkowed` markers too: a fresh file needs no check).
pub fn remove_db(db: &Path) {
    for ext in ["", "-wal", "-shm", "-journal", "-inuse", "-checkowed"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

/// Whether `db` is a bench database a run left with `lines` synthetic lines
/// in its first batch (`--keep-db`: a 10 000 000-line one takes minutes).
pub fn reusable(db: &Path, lines: u64) -> bool {
    db.exists()
        && Connection::open(db)
            .and_then(|c| {
                c.query_row("SELECT row_count FROM import_batch WHERE id = 1 AND source = 'bench'", [], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .is_ok_and(|n| n as u64 == lines)
}

/// Fill a database with `lines` synthetic ledger lines over ten years.
/// The store creates the schema; the lines go in through a connection of
/// our own, and the store is opened again to read them.
pub fn synthetic_db(db: &Path, lines: u64) -> Result<Store> {
    drop(Store::open(db)?);
    let numbers = format!("n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {lines})");
    Connection::open(db)?.execute_batch(&format!(
        "BEGIN;
         {}
         UPDATE import_batch SET first_line = (SELECT MIN(id) FROM ledger_line), last_line = (SELECT MAX(id) FROM ledger_line);
         {}
         COMMIT;",
        synthetic_lines(lines, &format!("WITH RECURSIVE {numbers}"), "n"),
        SYNTHETIC_AGGREGATES
    ))?;
    Store::open(db)
}

/// The batch and its `lines` lines, numbered by `i` from `from` (after
/// `with`, a CTE or nothing): the same on SQLite and on the server (`pg.rs`).
pub(super) fn synthetic_lines(lines: u64, with: &str, from: &str) -> String {
    format!(
        "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row, mapping,
                                   row_count, control_sum, imported_at)
         VALUES ('ledger', 'bench', 'syntetisk', '', 'bench', 'xlsx', 'Huvudbok', 1, '{{}}', {lines}, 0, '');
         {with}
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
         FROM {from};"
    )
}

/// The aggregates of the synthetic lines and the frame the reports need.
pub(super) const SYNTHETIC_AGGREGATES: &str =
    "INSERT INTO ledger_agg (batch_id, period, year, area, category, decision_year, cost_type, vo, n, amount)
     SELECT batch_id, period, year, area, category, decision_year, cost_type, vo, COUNT(*), SUM(amount)
     FROM ledger_line GROUP BY batch_id, period, year, area, category, decision_year, cost_type, vo;
     INSERT INTO frame (batch_id, row_no, year, area, category, decided, extended)
     SELECT 1, 1, 2018, 'IT', NULL, 820000000, 640000000;";

/// A newer export of the same periods: the batches' hashes change, so the
/// same file imported again is not taken for the very same file.
pub fn rename_hashes(db: &Path) -> Result<()> {
    Connection::open(db)?.execute("UPDATE import_batch SET sha256 = 'bench-' || sha256", [])?;
    Ok(())
}

//! Keeping the database safe: a backup (SQLite's online backup API) before
//! every schema migration and restore, and before an import as the
//! `BackupPolicy` says (every import of a small database, the first of the
//! day of a big one), kept in a `backups/` directory next to the database
//! within the policy's count and disk; `PRAGMA quick_check` when the
//! database is opened; and restore from a backup (`ramkoll restore`).
//!
//! Backups are written to a temporary name and renamed when complete, so a
//! crash during a backup never leaves a half backup that restore would offer.
//! Restore first saves the current database (or, if it is too damaged to
//! read, moves its files aside), then copies the backup in with the backup
//! API, which is one write transaction on the destination.

use super::backup_files::{
    check_at_open_needed, check_owed_marker, find_backup, is_memory, left_open, list_backups, move_aside,
    new_backup_path, prune_sparing, restore_hint, BackupPolicy, InUse, QUICK_CHECK_ALWAYS_BYTES,
};
use super::guard::{check_schema, harden};
use super::Store;
use crate::error::{Error, Result};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Pages copied per backup step: 16 MiB at the default page size, so a big
/// database reports progress several times a second.
const BACKUP_STEP_PAGES: i32 = 1024;

fn copy_with_backup_api(from: &Connection, to: &mut Connection, progress: &mut dyn FnMut(f32)) -> Result<()> {
    let b = Backup::new(from, to)?;
    let mut tries = 0;
    loop {
        match b.step(BACKUP_STEP_PAGES)? {
            StepResult::Done => {
                progress(1.0);
                return Ok(());
            }
            StepResult::More => {
                let p = b.progress();
                if p.pagecount > 0 {
                    progress(1.0 - p.remaining as f32 / p.pagecount as f32);
                }
            }
            _ => {
                tries += 1;
                if tries > 50 {
                    return Err(Error::Db(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("databasen är låst av ett annat program".into()),
                    )));
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
}

/// The backup policy from the database's settings (defaults for a database
/// without a setting table).
pub fn policy(conn: &Connection) -> BackupPolicy {
    BackupPolicy::from_settings(|key| {
        conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get::<_, String>(0)).ok()
    })
}

/// Copy the open database `conn` (whose file is `db`) into a new backup,
/// then prune to what the database's `BackupPolicy` keeps. None for
/// in-memory databases.
pub fn backup_connection(conn: &Connection, db: &Path, reason: &str) -> Result<Option<PathBuf>> {
    backup_connection_with_progress(conn, db, reason, &mut |_| {})
}

/// `backup_connection`, reporting the fraction copied (0–1) as it goes.
pub fn backup_connection_with_progress(
    conn: &Connection,
    db: &Path,
    reason: &str,
    progress: &mut dyn FnMut(f32),
) -> Result<Option<PathBuf>> {
    // a database that is not checked at every open gets its copy checked
    // before older copies are pruned: a damaged file must not push out the
    // good copies (the check reads the fresh copy, about as long as the copy)
    let unchecked = std::fs::metadata(db).is_ok_and(|m| m.len() > QUICK_CHECK_ALWAYS_BYTES);
    copy_into_backups(conn, db, reason, progress, Copy { check: unchecked, spare: None })
}

/// How `copy_into_backups` treats the copy it makes and the older ones.
struct Copy<'a> {
    /// `quick_check` the new copy before pruning: a damaged one is deleted
    /// and the older copies stay.
    check: bool,
    /// A copy that pruning must not delete (the one a restore reads from).
    spare: Option<&'a Path>,
}

fn copy_into_backups(
    conn: &Connection,
    db: &Path,
    reason: &str,
    progress: &mut dyn FnMut(f32),
    how: Copy<'_>,
) -> Result<Option<PathBuf>> {
    if is_memory(db) {
        return Ok(None);
    }
    let policy = policy(conn);
    // make room first, so the copies never need the disk of one copy more
    // than the limit (the newest copy stays whatever its size)
    let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    prune_sparing(
        db,
        &BackupPolicy {
            max_bytes: policy.max_bytes.saturating_sub(bytes),
            keep: policy.keep.saturating_sub(1),
            ..policy
        },
        how.spare,
    )?;
    let final_path = new_backup_path(db, reason)?;
    let tmp = final_path.with_extension("db.tmp");
    let _ = std::fs::remove_file(&tmp);
    {
        let mut dst = Connection::open(&tmp)?;
        harden(&dst)?;
        copy_with_backup_api(conn, &mut dst, progress)?;
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        if how.check && check_database(&dst, &tmp).is_err() {
            drop(dst);
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::File {
                path: db.to_path_buf(),
                message: format!(
                    "databasen är skadad: kopian av den klarar inte kontrollen (quick_check), så inget ändras. {}",
                    restore_hint(db)
                ),
            });
        }
    }
    std::fs::rename(&tmp, &final_path)?;
    prune_sparing(db, &policy, how.spare)?;
    Ok(Some(final_path))
}

/// Before an import: a backup of the store when the `BackupPolicy` asks for
/// one (never while it holds no batch: there is nothing to lose), reporting
/// the fraction copied.
pub fn backup_before_import(store: &Store, progress: &mut dyn FnMut(f32)) -> Result<Option<PathBuf>> {
    // a server's database is backed up by the server (pg_dump), not copied here
    let Some(conn) = store.sqlite() else {
        return Ok(None);
    };
    let batches: i64 = conn.query_row("SELECT COUNT(*) FROM import_batch", [], |r| r.get(0))?;
    if batches == 0 || is_memory(store.path()) {
        return Ok(None);
    }
    let bytes = std::fs::metadata(store.path()).map(|m| m.len()).unwrap_or(0);
    // a copy taken before a restore holds the state the user left, not the
    // one imports build on: it does not count as the day's copy
    let newest = list_backups(store.path())?.into_iter().find(|b| b.reason != "before-restore").map(|b| b.taken_at);
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let policy = policy(conn);
    if !policy.copy_before_import(bytes, newest.as_deref(), &today) {
        return Ok(None);
    }
    let owed = check_owed_marker(store.path());
    if owed.exists() {
        check_database(conn, store.path())?;
        let _ = std::fs::remove_file(owed);
    }
    backup_connection_with_progress(conn, store.path(), "import", progress)
}

/// Before migrating from schema `from_version` (call only when there is
/// something to migrate and the database is not new, i.e. `from_version > 0`).
pub(crate) fn backup_before_migration(conn: &Connection, db: &Path, from_version: i64) -> Result<Option<PathBuf>> {
    let owed = check_owed_marker(db);
    if owed.exists() {
        check_database(conn, db)?;
        let _ = std::fs::remove_file(owed);
    }
    backup_connection(conn, db, &format!("schema{from_version}"))
}

/// At open: `quick_check` when `check_at_open_needed`, else after an
/// unclean close the cheap check, and then true: the full check is owed
/// (`owe_check`). Only reads: the markers come after the schema check.
pub(crate) fn check_at_open(conn: &Connection, db: &Path) -> Result<bool> {
    if is_memory(db) {
        return Ok(false);
    }
    let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    let crashed = left_open(db);
    if check_at_open_needed(bytes, crashed) {
        check_database(conn, db)?;
    } else if crashed {
        check_cheaply(conn, db, bytes)?;
        return Ok(true);
    }
    Ok(false)
}

/// The full check of `db` runs before its next copy (`check_owed_marker`).
pub(crate) fn owe_check(db: &Path) {
    // best effort: without it the file is checked at the next unclean close
    let _ = std::fs::write(check_owed_marker(db), b"");
}

/// What can be checked without reading the whole file: the header and
/// schema are readable (which also rolls back a hot journal) and, in
/// rollback-journal mode, the file holds exactly the pages the header
/// counts (a truncated or partly written file does not).
fn check_cheaply(conn: &Connection, db: &Path, bytes: u64) -> Result<()> {
    let res: rusqlite::Result<Option<String>> = (|| {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let expected = (pages.max(0) as u64).saturating_mul(size.max(0) as u64);
        let bytes = std::fs::metadata(db).map_or(bytes, |m| m.len());
        Ok((!mode.eq_ignore_ascii_case("wal") && bytes != expected)
            .then(|| format!("filen är {bytes} byte, sidhuvudet säger {pages} sidor à {size}")))
    })();
    let problem = match res {
        Ok(None) => return Ok(()),
        Ok(Some(p)) => p,
        Err(e) => e.to_string(),
    };
    Err(Error::File {
        path: db.to_path_buf(),
        message: format!("databasen är skadad ({problem}). {}", restore_hint(db)),
    })
}

/// Mark the database in use for as long as the returned marker lives.
pub(crate) fn mark_in_use(db: &Path) -> Option<InUse> {
    InUse::mark(db)
}

/// `PRAGMA quick_check` on a freshly opened database. A damaged file, or a
/// file that is not a database at all, gives a clear error with a hint to
/// `ramkoll restore`.
pub(crate) fn check_database(conn: &Connection, db: &Path) -> Result<()> {
    if is_memory(db) {
        return Ok(());
    }
    let res: rusqlite::Result<Vec<String>> = (|| {
        let mut st = conn.prepare("PRAGMA quick_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    })();
    let problem = match res {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => return Ok(()),
        Ok(rows) => rows.into_iter().take(5).collect::<Vec<_>>().join("; "),
        Err(e) => e.to_string(),
    };
    Err(Error::File {
        path: db.to_path_buf(),
        message: format!("databasen är skadad (PRAGMA quick_check: {problem}). {}", restore_hint(db)),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct RestoreOutcome {
    pub database: PathBuf,
    pub restored_from: PathBuf,
    /// Where the database as it was before the restore went (a backup, or
    /// the damaged files moved aside).
    pub previous_saved_as: Option<PathBuf>,
    pub previous_was_damaged: bool,
    pub batches: i64,
    pub message: String,
}

/// Restore `db` from a backup (default: the newest). The current database is
/// saved first as a backup ("before-restore"); if it is too damaged for that,
/// its files are moved aside to `backups/<name>-<time>-damaged.db`.
pub fn restore(db: &Path, which: Option<&str>) -> Result<RestoreOutcome> {
    let from = find_backup(db, which)?;
    let src = Connection::open_with_flags(&from, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    harden(&src)?;
    check_database(&src, &from).map_err(|_| Error::File {
        path: from.clone(),
        message: "säkerhetskopian är själv skadad; välj en annan med `ramkoll restore --list`".into(),
    })?;
    // a backup that Ramkoll would refuse to open is not copied over the database
    check_schema(&src, &from)?;

    // On Windows a database another process holds without sharing writes
    // cannot be replaced, nor moved aside: say so before anything changes
    // (and do not mistake it for a damaged file, which it only fails to open).
    if let Some(e) = crate::os::held_by_another_process(db) {
        return Err(Error::database_held(db, &e));
    }
    let mut previous_saved_as = None;
    let mut damaged = false;
    if db.exists() {
        let healthy = Connection::open(db).ok().filter(|c| harden(c).is_ok() && check_database(c, db).is_ok());
        match healthy {
            Some(conn) => {
                // checked just above; the copy being restored is never pruned
                let how = Copy { check: false, spare: Some(&from) };
                previous_saved_as = copy_into_backups(&conn, db, "before-restore", &mut |_| {}, how)?;
            }
            None => {
                damaged = true;
                previous_saved_as = Some(move_aside(db, "damaged")?);
            }
        }
    }
    let mut dst = Connection::open(db)?;
    harden(&dst)?;
    dst.busy_timeout(std::time::Duration::from_secs(5))?;
    copy_with_backup_api(&src, &mut dst, &mut |_| {})?;
    check_database(&dst, db)?;
    // the restored file is checked: nothing is owed for it
    let _ = std::fs::remove_file(check_owed_marker(db));
    let batches: i64 = dst.query_row("SELECT COUNT(*) FROM import_batch", [], |r| r.get(0)).unwrap_or(0);
    let name = from.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut message = format!("återställde {} från {name} ({batches} importbatcher)", db.display());
    if let Some(p) = &previous_saved_as {
        let what = if damaged { "den skadade databasen flyttades till" } else { "databasen som den var sparades som" };
        message.push_str(&format!("; {what} {}", p.display()));
    }
    Ok(RestoreOutcome {
        database: db.to_path_buf(),
        restored_from: from,
        previous_saved_as,
        previous_was_damaged: damaged,
        batches,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::super::backup_files::in_use_marker;
    use super::*;

    #[test]
    fn the_cheap_check_finds_a_truncated_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        drop(Store::open(&db).unwrap());
        let bytes = std::fs::metadata(&db).unwrap().len();
        let conn = Connection::open(&db).unwrap();
        assert!(check_cheaply(&conn, &db, bytes).is_ok());
        drop(conn);
        let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.set_len(bytes - 16384).unwrap();
        drop(f);
        let conn = Connection::open(&db).unwrap();
        let e = check_cheaply(&conn, &db, bytes).unwrap_err().to_string();
        assert!(e.contains("databasen är skadad ("), "{e}");
        assert!(e.contains("ramkoll restore") || e.contains("ingen säkerhetskopia"), "{e}");
    }

    #[test]
    fn an_owed_check_runs_before_the_next_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        let mut store = Store::open(&db).unwrap();
        store.set_setting("backup/keep", "3").unwrap();
        store.conn().execute_batch(
            "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row, mapping,
                                       row_count, control_sum, imported_at)
             VALUES ('ledger', 't', 'f', '', 'x', 'xlsx', 'H', 1, '{}', 0, 0, '')",
        )
        .unwrap();
        owe_check(&db);
        assert!(backup_before_import(&store, &mut |_| {}).unwrap().is_some());
        assert!(!check_owed_marker(&db).exists(), "checked, so no longer owed");
    }

    #[test]
    fn in_use_marker_lives_while_the_store_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        let store = Store::open(&db).unwrap();
        assert!(in_use_marker(&db).exists());
        drop(store);
        assert!(!in_use_marker(&db).exists());
        // a process that dies with the database open leaves it behind
        std::mem::forget(Store::open(&db).unwrap());
        assert!(in_use_marker(&db).exists());
    }
}

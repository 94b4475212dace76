//! Keeping the database safe: a backup (SQLite's online backup API) before
//! every import and every schema migration, the last [`KEEP_BACKUPS`] kept in
//! a `backups/` directory next to the database; `PRAGMA quick_check` when the
//! database is opened; and restore from a backup (`ramkoll restore`).
//!
//! Backups are written to a temporary name and renamed when complete, so a
//! crash during a backup never leaves a half backup that restore would offer.
//! Restore first saves the current database (or, if it is too damaged to
//! read, moves its files aside), then copies the backup in with the backup
//! API, which is one write transaction on the destination.

use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How many backups are kept per database.
pub const KEEP_BACKUPS: usize = 10;

/// `<dir of the database>/backups`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new(".")).join("backups")
}

fn stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ramkoll".into())
}

fn is_memory(db: &Path) -> bool {
    db.as_os_str() == ":memory:" || db.as_os_str().is_empty()
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    /// 1 = the newest.
    pub number: usize,
    pub path: PathBuf,
    pub name: String,
    pub bytes: u64,
    /// Why it was taken: import, schema<N>, before-restore, …
    pub reason: String,
    /// `YYYY-MM-DD HH:MM:SS` from the name.
    pub taken_at: String,
}

/// Backups of `db`, newest first.
pub fn list_backups(db: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(db);
    let prefix = format!("{}-", stem(db));
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&prefix) && n.ends_with(".db") && parse_name(&n[prefix.len()..]).is_some())
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    names.sort();
    names.reverse();
    Ok(names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let path = dir.join(&name);
            let (taken_at, reason) = parse_name(&name[prefix.len()..]).unwrap_or_default();
            BackupInfo {
                number: i + 1,
                bytes: std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
                path,
                name,
                reason,
                taken_at,
            }
        })
        .collect())
}

/// `20261123-093600-001-import.db` → ("2026-11-23 09:36:00", "import")
fn parse_name(rest: &str) -> Option<(String, String)> {
    let rest = rest.strip_suffix(".db")?;
    let mut parts = rest.splitn(4, '-');
    let (d, t, seq, reason) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(d, 8) && digits(t, 6) && digits(seq, 3)) {
        return None;
    }
    Some((format!("{}-{}-{} {}:{}:{}", &d[..4], &d[4..6], &d[6..], &t[..2], &t[2..4], &t[4..]), reason.to_string()))
}

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

/// Copy the open database `conn` (whose file is `db`) into a new backup,
/// then prune to the newest [`KEEP_BACKUPS`]. None for in-memory databases.
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
    if is_memory(db) {
        return Ok(None);
    }
    let dir = backup_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| Error::File {
        path: dir.clone(),
        message: format!("kan inte skapa katalogen för säkerhetskopior: {e}"),
    })?;
    let now = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let reason: String =
        reason.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect::<String>();
    // Within one second the sequence number orders the backups: one past the
    // highest in use for this second (whatever the reason, pruned or not).
    let same_second = format!("{}-{now}-", stem(db));
    let seq = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.strip_prefix(&same_second).and_then(|r| r.get(..3)).and_then(|d| d.parse::<u32>().ok())
        })
        .max()
        .map_or(0, |m| m + 1);
    if seq > 999 {
        return Err(Error::usage("för många säkerhetskopior på samma sekund"));
    }
    let final_path = dir.join(format!("{same_second}{seq:03}-{reason}.db"));
    let tmp = final_path.with_extension("db.tmp");
    let _ = std::fs::remove_file(&tmp);
    {
        let mut dst = Connection::open(&tmp)?;
        copy_with_backup_api(conn, &mut dst, progress)?;
        dst.pragma_update(None, "journal_mode", "DELETE")?;
    }
    std::fs::rename(&tmp, &final_path)?;
    prune(db, KEEP_BACKUPS)?;
    Ok(Some(final_path))
}

/// Before an import: a backup of the store (skipped while it holds no batch:
/// there is nothing to lose), reporting the fraction copied.
pub fn backup_before_import(store: &Store, progress: &mut dyn FnMut(f32)) -> Result<Option<PathBuf>> {
    let batches: i64 = store.conn().query_row("SELECT COUNT(*) FROM import_batch", [], |r| r.get(0))?;
    if batches == 0 {
        return Ok(None);
    }
    backup_connection_with_progress(store.conn(), store.path(), "import", progress)
}

/// Before migrating from schema `from_version` (call only when there is
/// something to migrate and the database is not new, i.e. `from_version > 0`).
pub fn backup_before_migration(conn: &Connection, db: &Path, from_version: i64) -> Result<Option<PathBuf>> {
    backup_connection(conn, db, &format!("schema{from_version}"))
}

/// Delete all but the newest `keep` backups (and stale temporary files).
pub fn prune(db: &Path, keep: usize) -> Result<()> {
    for b in list_backups(db)?.into_iter().skip(keep) {
        let _ = std::fs::remove_file(&b.path);
    }
    if let Ok(rd) = std::fs::read_dir(backup_dir(db)) {
        let prefix = format!("{}-", stem(db));
        for e in rd.filter_map(|e| e.ok()) {
            let n = e.file_name().to_string_lossy().into_owned();
            // a temporary file older than a minute is a backup that crashed
            let old = e.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
            if n.starts_with(&prefix) && n.ends_with(".db.tmp") && old.is_some_and(|d| d.as_secs() > 60) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

fn restore_hint(db: &Path) -> String {
    match list_backups(db) {
        Ok(b) if !b.is_empty() => format!(
            "Återställ den senaste säkerhetskopian ({}, {}) med `ramkoll restore`; `ramkoll restore --list` visar alla {} i {}",
            b[0].name,
            b[0].taken_at,
            b.len(),
            backup_dir(db).display()
        ),
        _ => format!("Det finns ingen säkerhetskopia i {}; importera filerna på nytt i en ny databas", backup_dir(db).display()),
    }
}

/// Databases up to this size are checked at every open (`quick_check` reads
/// the whole file: a few ms here, ≈ 0,2 s per 200 MB, seconds for a decade
/// of ledgers).
pub const QUICK_CHECK_ALWAYS_BYTES: u64 = 64 << 20;

/// `<db>-inuse`: present while a process has the database open, so one found
/// at open means the last process to use it did not close it.
pub fn in_use_marker(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-inuse", db.display()))
}

/// Whether opening a database of `bytes` runs `quick_check`: always when it
/// is small, and for a large one when the last process did not close it.
pub fn check_at_open_needed(bytes: u64, left_open: bool) -> bool {
    bytes <= QUICK_CHECK_ALWAYS_BYTES || left_open
}

/// At open: `quick_check` when `check_at_open_needed`, then mark the
/// database in use (removed again by `closed`).
pub fn check_at_open(conn: &Connection, db: &Path) -> Result<()> {
    if is_memory(db) {
        return Ok(());
    }
    let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    let marker = in_use_marker(db);
    if check_at_open_needed(bytes, marker.exists()) {
        check_database(conn, db)?;
    }
    // best effort: without the marker a large database is simply checked less
    let _ = std::fs::write(&marker, b"");
    Ok(())
}

/// The database was closed cleanly.
pub fn closed(db: &Path) {
    if !is_memory(db) {
        let _ = std::fs::remove_file(in_use_marker(db));
    }
}

/// `PRAGMA quick_check` on a freshly opened database. A damaged file, or a
/// file that is not a database at all, gives a clear error with a hint to
/// `ramkoll restore`.
pub fn check_database(conn: &Connection, db: &Path) -> Result<()> {
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

/// Find a backup by number (1 = newest), file name, or path.
pub fn find_backup(db: &Path, which: Option<&str>) -> Result<PathBuf> {
    let list = list_backups(db)?;
    let Some(w) = which else {
        return list
            .first()
            .map(|b| b.path.clone())
            .ok_or_else(|| Error::usage(format!("det finns ingen säkerhetskopia i {}", backup_dir(db).display())));
    };
    if let Ok(n) = w.parse::<usize>() {
        if let Some(b) = list.iter().find(|b| b.number == n) {
            return Ok(b.path.clone());
        }
    }
    if let Some(b) = list.iter().find(|b| b.name == w) {
        return Ok(b.path.clone());
    }
    let p = PathBuf::from(w);
    if p.is_file() {
        return Ok(p);
    }
    Err(Error::usage(format!(
        "hittar ingen säkerhetskopia \"{w}\"; `ramkoll restore --list` visar de {} som finns",
        list.len()
    )))
}

fn move_aside(db: &Path, tag: &str) -> Result<PathBuf> {
    let dir = backup_dir(db);
    std::fs::create_dir_all(&dir)?;
    let now = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let target = dir.join(format!("{}-{now}-{tag}.db", stem(db)));
    std::fs::rename(db, &target)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", target.display())));
        }
    }
    Ok(target)
}

/// Restore `db` from a backup (default: the newest). The current database is
/// saved first as a backup ("before-restore"); if it is too damaged for that,
/// its files are moved aside to `backups/<name>-<time>-damaged.db`.
pub fn restore(db: &Path, which: Option<&str>) -> Result<RestoreOutcome> {
    let from = find_backup(db, which)?;
    let src = Connection::open_with_flags(&from, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    check_database(&src, &from).map_err(|_| Error::File {
        path: from.clone(),
        message: "säkerhetskopian är själv skadad; välj en annan med `ramkoll restore --list`".into(),
    })?;

    let mut previous_saved_as = None;
    let mut damaged = false;
    if db.exists() {
        let healthy = Connection::open(db).ok().filter(|c| check_database(c, db).is_ok());
        match healthy {
            Some(conn) => {
                previous_saved_as = backup_connection(&conn, db, "before-restore")?;
            }
            None => {
                damaged = true;
                previous_saved_as = Some(move_aside(db, "damaged")?);
            }
        }
    }
    let mut dst = Connection::open(db)?;
    dst.busy_timeout(std::time::Duration::from_secs(5))?;
    copy_with_backup_api(&src, &mut dst, &mut |_| {})?;
    check_database(&dst, db)?;
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
    use super::*;

    #[test]
    fn names_parse() {
        assert_eq!(parse_name("20261123-093600-001-import.db"), Some(("2026-11-23 09:36:00".into(), "import".into())));
        assert_eq!(parse_name("20261123-093600-001-before-restore.db").unwrap().1, "before-restore");
        assert!(parse_name("x.db").is_none());
    }

    #[test]
    fn quick_check_at_open_for_small_or_not_closed_databases() {
        assert!(check_at_open_needed(1 << 20, false));
        assert!(check_at_open_needed(QUICK_CHECK_ALWAYS_BYTES, false));
        assert!(!check_at_open_needed(QUICK_CHECK_ALWAYS_BYTES + 1, false));
        assert!(check_at_open_needed(QUICK_CHECK_ALWAYS_BYTES + 1, true));
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

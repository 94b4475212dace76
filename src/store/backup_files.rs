//! The files around a database that keep it safe, without opening it: the
//! `backups/` directory beside it (names, listing, pruning, choosing one to
//! restore), the policy that decides when an import is copied and how much
//! disk the copies may use, and the `<db>-inuse` marker. Nothing here
//! touches SQLite; `backup.rs` does the copying and checking.

use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How many backups are kept per database (default of `backup/keep`).
pub const KEEP_BACKUPS: usize = 10;

/// Settings of the backup policy (`ramkoll setting backup/keep 5`).
pub const KEEP_KEY: &str = "backup/keep";
/// The disk all copies of a database may use together, in MiB.
pub const MAX_MB_KEY: &str = "backup/max_mb";
/// Databases up to this size (MiB) are copied before every import; a larger
/// one before the first import of a day.
pub const EVERY_IMPORT_MB_KEY: &str = "backup/every_import_mb";

const MIB: u64 = 1 << 20;

/// When an import is copied first and what is kept. Copying is cheap for a
/// small database (≈ 0,2 s per 200 MiB) and is then done before every
/// import; for a big one (10 000 000 lines ≈ 1,1–1,3 GiB, seconds per copy) the
/// first import of a day is copied, and a mistake later that day is undone
/// by batch, a damaged file restored from the morning's copy. Migrations and
/// restores are always copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BackupPolicy {
    pub keep: usize,
    pub max_bytes: u64,
    pub every_import_bytes: u64,
}

impl Default for BackupPolicy {
    fn default() -> BackupPolicy {
        // 4 GiB: ten copies of a 1 000 000-line database, two of a 10 000 000-line one
        BackupPolicy { keep: KEEP_BACKUPS, max_bytes: 4096 * MIB, every_import_bytes: 256 * MIB }
    }
}

impl BackupPolicy {
    /// The policy from the settings `get` returns; a missing or unreadable
    /// value keeps its default (the settings are checked when set).
    pub fn from_settings(get: impl Fn(&str) -> Option<String>) -> BackupPolicy {
        let d = BackupPolicy::default();
        let num = |key: &str| get(key).and_then(|v| v.trim().parse::<u64>().ok());
        BackupPolicy {
            keep: num(KEEP_KEY).filter(|&n| n >= 1).map_or(d.keep, |n| n.min(1000) as usize),
            max_bytes: num(MAX_MB_KEY).filter(|&n| n >= 1).map_or(d.max_bytes, |n| n.saturating_mul(MIB)),
            every_import_bytes: num(EVERY_IMPORT_MB_KEY).map_or(d.every_import_bytes, |n| n.saturating_mul(MIB)),
        }
    }

    /// Whether an import into a database of `db_bytes` is copied first:
    /// always while it is small, else when the newest copy (`taken_at`,
    /// `YYYY-MM-DD HH:MM:SS`) is not from `today` (`YYYY-MM-DD`).
    pub fn copy_before_import(&self, db_bytes: u64, newest_taken_at: Option<&str>, today: &str) -> bool {
        db_bytes <= self.every_import_bytes || newest_taken_at.and_then(|t| t.get(..10)) != Some(today)
    }

    /// Of backups of these sizes (newest first), how many are kept: at most
    /// `keep`, and no more than fit in `max_bytes` together — but always the
    /// newest, even when it alone is larger: a database is never left
    /// without its last copy.
    pub fn kept(&self, sizes: &[u64]) -> usize {
        let mut total = 0u64;
        let mut n = 0;
        for &b in sizes.iter().take(self.keep.max(1)) {
            total = total.saturating_add(b);
            if n > 0 && total > self.max_bytes {
                break;
            }
            n += 1;
        }
        n
    }
}

/// Databases up to this size are checked at every open (`quick_check` reads
/// the whole file: a few ms here, ≈ 0,2 s per 200 MB, seconds for a decade
/// of ledgers).
pub const QUICK_CHECK_ALWAYS_BYTES: u64 = 64 << 20;

/// After an unclean close, databases up to this size are checked in full
/// at open (≈ 1 s); a larger one gets the cheap check (`check_cheaply`) and
/// its full check before its next daily copy (10 000 000 lines: ≈ 7 s that
/// would otherwise delay the window after every crash).
pub const QUICK_CHECK_AFTER_CRASH_BYTES: u64 = 256 << 20;

/// `<dir of the database>/backups`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new(".")).join("backups")
}

fn stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ramkoll".into())
}

pub(crate) fn is_memory(db: &Path) -> bool {
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

/// The path a new backup of `db` taken for `reason` gets (the directory is
/// created): `<stem>-<date>-<time>-<seq>-<reason>.db`.
pub(crate) fn new_backup_path(db: &Path, reason: &str) -> Result<PathBuf> {
    let dir = backup_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| Error::File {
        path: dir.clone(),
        message: format!("kan inte skapa katalogen för säkerhetskopior: {}", crate::os::describe(&e)),
    })?;
    let now = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let reason: String = reason.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
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
        return Err(Error::conflict("för många säkerhetskopior på samma sekund"));
    }
    Ok(dir.join(format!("{same_second}{seq:03}-{reason}.db")))
}

/// Delete all but the newest `keep` backups (and stale temporary files).
pub fn prune(db: &Path, keep: usize) -> Result<()> {
    prune_to(db, &BackupPolicy { keep, max_bytes: u64::MAX, ..BackupPolicy::default() })
}

/// Delete the backups `policy` does not keep (`BackupPolicy::kept`) and
/// stale temporary files.
pub fn prune_to(db: &Path, policy: &BackupPolicy) -> Result<()> {
    prune_sparing(db, policy, None)
}

/// `prune_to`, never deleting `spare` (the copy a restore is reading from).
pub(crate) fn prune_sparing(db: &Path, policy: &BackupPolicy, spare: Option<&Path>) -> Result<()> {
    let list = list_backups(db)?;
    let kept = policy.kept(&list.iter().map(|b| b.bytes).collect::<Vec<_>>());
    for b in list.into_iter().skip(kept).filter(|b| Some(b.path.as_path()) != spare) {
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

/// What to tell a user whose database is damaged.
pub(crate) fn restore_hint(db: &Path) -> String {
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

/// Find a backup by number (1 = newest), file name, or path.
pub fn find_backup(db: &Path, which: Option<&str>) -> Result<PathBuf> {
    let list = list_backups(db)?;
    let Some(w) = which else {
        return list
            .first()
            .map(|b| b.path.clone())
            .ok_or_else(|| Error::not_found(format!("det finns ingen säkerhetskopia i {}", backup_dir(db).display())));
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
    Err(Error::not_found(format!(
        "hittar ingen säkerhetskopia \"{w}\"; `ramkoll restore --list` visar de {} som finns",
        list.len()
    )))
}

/// Move a (damaged) database and its side files into the backup directory.
pub(crate) fn move_aside(db: &Path, tag: &str) -> Result<PathBuf> {
    let dir = backup_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| Error::File {
        path: dir.clone(),
        message: format!("kan inte skapa katalogen för säkerhetskopior: {}", crate::os::describe(&e)),
    })?;
    let now = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let target = dir.join(format!("{}-{now}-{tag}.db", stem(db)));
    std::fs::rename(db, &target).map_err(|e| {
        if crate::os::replace_refused(&e) {
            Error::database_held(db, &e)
        } else {
            Error::File {
                path: db.to_path_buf(),
                message: format!("kan inte flytta undan databasen: {}", crate::os::describe(&e)),
            }
        }
    })?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", target.display())));
        }
    }
    Ok(target)
}

/// `<db>-inuse`: present while a process has the database open, so one found
/// at open that nobody holds means the last process to use it did not close
/// it.
pub fn in_use_marker(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-inuse", db.display()))
}

/// Whether opening a database of `bytes` runs `quick_check`: always when it
/// is small, and for a larger one when the last process did not close it —
/// up to `QUICK_CHECK_AFTER_CRASH_BYTES`.
pub fn check_at_open_needed(bytes: u64, left_open: bool) -> bool {
    bytes <= QUICK_CHECK_ALWAYS_BYTES || (left_open && bytes <= QUICK_CHECK_AFTER_CRASH_BYTES)
}

/// `<db>-checkowed`: a big database was opened after an unclean close with
/// only the cheap check; its full `quick_check` runs before its next copy
/// (a damaged file must not become the newest copy and push the good ones
/// out), and the marker goes when that check passes.
pub fn check_owed_marker(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-checkowed", db.display()))
}

/// The marker is there and no open store holds it: the process that made it
/// ended without closing the database. Every open store holds a shared lock
/// on it (`InUse`), which the OS drops when a process dies, so a second
/// Ramkoll — or a second store in the same one — opening the database while
/// the first has it open is not mistaken for a crash (that would read the
/// whole file: seconds for 10 000 000 lines).
pub fn left_open(db: &Path) -> bool {
    match std::fs::File::open(in_use_marker(db)) {
        Ok(f) => !matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

/// The in-use marker as an open store holds it (shared lock on the file).
pub(crate) struct InUse {
    path: PathBuf,
    file: Option<std::fs::File>,
}

impl InUse {
    /// Create the marker and hold it (best effort: without it a large
    /// database is simply checked less). None for in-memory databases.
    pub(crate) fn mark(db: &Path) -> Option<InUse> {
        if is_memory(db) {
            return None;
        }
        let path = in_use_marker(db);
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).ok();
        // an opener probing it right now holds it exclusively for a moment
        let file = file.filter(|f| (0..50).any(|_| f.try_lock_shared().is_ok() || pause()));
        Some(InUse { path, file })
    }
}

fn pause() -> bool {
    std::thread::sleep(std::time::Duration::from_millis(2));
    false
}

impl Drop for InUse {
    /// Closed cleanly: the marker goes unless another store still holds it.
    fn drop(&mut self) {
        drop(self.file.take());
        if let Ok(f) = std::fs::File::open(&self.path) {
            if f.try_lock().is_ok() {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }
}

/// The database was closed cleanly (for a process without an `InUse`,
/// e.g. after a restore): remove the marker unless a store holds it.
pub fn closed(db: &Path) {
    if !is_memory(db) && !held(db) {
        let _ = std::fs::remove_file(in_use_marker(db));
    }
}

/// Some open store holds the marker.
fn held(db: &Path) -> bool {
    std::fs::File::open(in_use_marker(db)).is_ok_and(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
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
    fn small_databases_are_copied_before_every_import_big_ones_once_a_day() {
        let p = BackupPolicy::default();
        let today = "2026-12-01";
        assert!(p.copy_before_import(10 * MIB, Some("2026-12-01 09:00:00"), today));
        assert!(p.copy_before_import(256 * MIB, Some("2026-12-01 09:00:00"), today));
        let big = 1536 * MIB;
        assert!(!p.copy_before_import(big, Some("2026-12-01 09:00:00"), today));
        assert!(p.copy_before_import(big, Some("2026-11-30 23:59:59"), today));
        assert!(p.copy_before_import(big, None, today));
        // every_import_mb 0: only the first import of a day, whatever the size
        let daily = BackupPolicy { every_import_bytes: 0, ..p };
        assert!(!daily.copy_before_import(1, Some("2026-12-01 00:00:00"), today));
    }

    #[test]
    fn kept_backups_are_bounded_by_count_and_disk_but_never_the_last() {
        let p = BackupPolicy { keep: 3, max_bytes: 100, every_import_bytes: 0 };
        assert_eq!(p.kept(&[10; 5]), 3);
        assert_eq!(p.kept(&[40, 40, 40]), 2);
        assert_eq!(p.kept(&[150, 10]), 1, "the newest stays even when it alone is over the limit");
        assert_eq!(p.kept(&[]), 0);
        assert_eq!(BackupPolicy { keep: 0, ..p }.kept(&[10, 10]), 1);
        assert_eq!(BackupPolicy::default().kept(&[1536 * MIB; 4]), 2);
        assert_eq!(BackupPolicy::default().kept(&[210 * MIB; 12]), 10);
    }

    #[test]
    fn the_policy_reads_its_settings_and_keeps_defaults_for_bad_values() {
        let p = BackupPolicy::from_settings(|k| match k {
            KEEP_KEY => Some("3".into()),
            MAX_MB_KEY => Some("500".into()),
            EVERY_IMPORT_MB_KEY => Some("0".into()),
            _ => None,
        });
        assert_eq!(p, BackupPolicy { keep: 3, max_bytes: 500 * MIB, every_import_bytes: 0 });
        let bad = BackupPolicy::from_settings(|k| (k != EVERY_IMPORT_MB_KEY).then(|| "0".to_string()));
        assert_eq!(bad, BackupPolicy::default());
    }

    #[test]
    fn a_marker_held_by_an_open_store_is_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        assert!(!left_open(&db), "no marker");
        let first = InUse::mark(&db).unwrap();
        assert!(in_use_marker(&db).exists());
        assert!(!left_open(&db), "held by the first store");
        let second = InUse::mark(&db).unwrap();
        drop(first);
        assert!(in_use_marker(&db).exists(), "the second store still has it open");
        assert!(!left_open(&db));
        drop(second);
        assert!(!in_use_marker(&db).exists());
        // a marker nobody holds: the last process ended without closing
        std::fs::write(in_use_marker(&db), b"").unwrap();
        assert!(left_open(&db));
        closed(&db);
        assert!(!in_use_marker(&db).exists());
    }

    #[test]
    fn quick_check_at_open_for_small_or_not_closed_databases() {
        assert!(check_at_open_needed(1 << 20, false));
        assert!(check_at_open_needed(QUICK_CHECK_ALWAYS_BYTES, false));
        assert!(!check_at_open_needed(QUICK_CHECK_ALWAYS_BYTES + 1, false));
        assert!(check_at_open_needed(QUICK_CHECK_ALWAYS_BYTES + 1, true));
    }

    #[test]
    fn a_big_database_left_open_is_not_checked_in_full_at_open() {
        assert!(check_at_open_needed(QUICK_CHECK_AFTER_CRASH_BYTES, true));
        assert!(!check_at_open_needed(QUICK_CHECK_AFTER_CRASH_BYTES + 1, true));
        assert!(!check_at_open_needed(QUICK_CHECK_AFTER_CRASH_BYTES + 1, false));
    }
}

//! Import history: batches, undo and redo, backups and restore.

use super::Session;
use crate::error::Result;
use crate::safety::{self, BackupInfo, RestoreOutcome};
use crate::store::{BatchInfo, UndoOutcome};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub fn batches(s: &Session) -> Result<Vec<BatchInfo>> {
    s.store().batches()
}

/// Revert an import batch; what it replaced comes back.
pub fn undo(s: &mut Session, batch: i64) -> Result<UndoOutcome> {
    s.store_mut().undo(batch)
}

/// Apply an undone batch again.
pub fn redo(s: &mut Session, batch: i64) -> Result<UndoOutcome> {
    s.store_mut().redo(batch)
}

/// The backups of a database, newest first, and where they are kept.
#[derive(Debug, Clone, Serialize)]
pub struct Backups {
    #[serde(skip)]
    pub dir: PathBuf,
    pub backups: Vec<BackupInfo>,
}

/// The backups of the database at `db`. Takes a path, not a session: the
/// database may be too damaged to open.
pub fn backups(db: &Path) -> Result<Backups> {
    Ok(Backups { dir: safety::backup_dir(db), backups: safety::list_backups(db)? })
}

/// Restore the database at `db` from a backup (number, name or path;
/// default the newest). Not through a session, so a database that cannot
/// be opened can still be restored; no session may hold it open meanwhile.
pub fn restore(db: &Path, which: Option<&str>) -> Result<RestoreOutcome> {
    safety::restore(db, which)
}

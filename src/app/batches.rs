//! Import history: batches, undo and redo, backups and restore.

use super::Session;
use crate::control::{Draft, Operation};
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
    if super::session::server_address(db).is_some() {
        return Err(super::session::server_backups());
    }
    Ok(Backups { dir: safety::backup_dir(db), backups: safety::list_backups(db)? })
}

/// Restore the database at `db` from a backup (number, name or path;
/// default the newest). Not through a session, so a database that cannot
/// be opened can still be restored; no session may hold it open meanwhile.
///
/// The restore is logged in the restored database, continuing its chain:
/// which backup came back and the head of the chain it replaced.
pub fn restore(db: &Path, which: Option<&str>) -> Result<RestoreOutcome> {
    if super::session::server_address(db).is_some() {
        return Err(super::session::server_backups());
    }
    // the head before, when the database still reads (a damaged one may not)
    let before = crate::store::audit_head_at(db).ok().flatten();
    let outcome = safety::restore(db, which)?;
    let summary = serde_json::json!({
        "backup": outcome.restored_from.display().to_string(),
        "previous_saved_as": outcome.previous_saved_as.as_ref().map(|p| p.display().to_string()),
        "previous_was_damaged": outcome.previous_was_damaged,
        "head_before": before.map(|e| serde_json::json!({ "id": e.id, "hash": e.hash })),
    });
    let name = outcome.restored_from.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut s = Session::open(db)?;
    s.store_mut().append_audit(&Draft::new(Operation::Restore, format!("backup {name}"), summary))?;
    Ok(outcome)
}

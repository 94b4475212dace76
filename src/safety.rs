//! Keeping the database safe: backups before imports (as the
//! `BackupPolicy` says) and every migration,
//! `quick_check` at open, and restore. The code lives in the store
//! (`store::backup` copies and checks through SQLite, `store::backup_files`
//! handles the files beside the database); these are the paths the CLI, the
//! app and the tests call it by.

pub use crate::store::backup::{
    backup_before_import, backup_connection, backup_connection_with_progress, policy, restore, RestoreOutcome,
};
pub use crate::store::backup_files::{
    backup_dir, check_at_open_needed, closed, find_backup, in_use_marker, list_backups, prune, prune_to, BackupInfo,
    BackupPolicy, EVERY_IMPORT_MB_KEY, KEEP_BACKUPS, KEEP_KEY, MAX_MB_KEY, QUICK_CHECK_AFTER_CRASH_BYTES,
    QUICK_CHECK_ALWAYS_BYTES,
};

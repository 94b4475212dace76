//! What the shell keeps between commands: the application layer's session
//! (the open database and the user), and the paths the user handed us
//! through a native dialog or a drop (the only files commands read or
//! reveal; the webview cannot name arbitrary paths).

use ramkoll::app::Session;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{CmdError, CmdResult};

pub struct AppState {
    session: Mutex<Option<Session>>,
    /// The database the app is on (also when opening it failed).
    db_path: Mutex<PathBuf>,
    /// Why the database is not open, when it is not.
    open_error: Mutex<Option<CmdError>>,
    /// Files the user chose or dropped: import/preview accept only these.
    picked: Mutex<HashSet<PathBuf>>,
    /// Files we wrote: "open folder" accepts only these.
    written: Mutex<HashSet<PathBuf>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic inside a command must not brick the app: take the data anyway.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    pub fn open(path: PathBuf) -> AppState {
        let state = AppState {
            session: Mutex::new(None),
            db_path: Mutex::new(path.clone()),
            open_error: Mutex::new(None),
            picked: Mutex::new(HashSet::new()),
            written: Mutex::new(HashSet::new()),
        };
        // An unopenable database is reported in the UI, not a crash.
        let _ = state.switch(path);
        state
    }

    /// Close the current database and open `path` (created when missing).
    pub fn switch(&self, path: PathBuf) -> CmdResult<()> {
        let mut session = lock(&self.session);
        *session = None;
        *lock(&self.db_path) = path.clone();
        match Session::open(&path) {
            Ok(s) => {
                *session = Some(s);
                *lock(&self.open_error) = None;
                Ok(())
            }
            Err(e) => {
                let e = CmdError::from(e);
                *lock(&self.open_error) = Some(e.clone());
                Err(e)
            }
        }
    }

    pub fn db_path(&self) -> PathBuf {
        lock(&self.db_path).clone()
    }

    pub fn open_error(&self) -> Option<CmdError> {
        lock(&self.open_error).clone()
    }

    /// Run `f` with the session. Commands call this from a blocking thread.
    pub fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> ramkoll::Result<T>) -> CmdResult<T> {
        let mut guard = lock(&self.session);
        let session = guard.as_mut().ok_or_else(|| {
            self.open_error().unwrap_or_else(|| CmdError::new("no-database", "ingen databas är öppen"))
        })?;
        f(session).map_err(CmdError::from)
    }

    pub fn allow_read(&self, paths: impl IntoIterator<Item = PathBuf>) {
        lock(&self.picked).extend(paths);
    }

    pub fn check_read(&self, path: &Path) -> CmdResult<()> {
        if lock(&self.picked).contains(path) {
            Ok(())
        } else {
            Err(CmdError::new(
                "not-allowed",
                format!("{}: filen har inte valts i dialogen eller släppts i fönstret", path.display()),
            ))
        }
    }

    pub fn mark_written(&self, path: PathBuf) {
        lock(&self.written).insert(path);
    }

    pub fn check_written(&self, path: &Path) -> CmdResult<()> {
        if lock(&self.written).contains(path) {
            Ok(())
        } else {
            Err(CmdError::new("not-allowed", format!("{}: inte en fil som appen har sparat", path.display())))
        }
    }
}

//! What the shell keeps between commands: the application layer's session
//! (the open database and the user), and the paths the user handed us
//! through a native dialog or a drop (the only files commands read or
//! reveal; the webview cannot name arbitrary paths).
//!
//! Three ways to the database, one per kind of command (commands/table.rs):
//! imports and previews (`with_import`) hold the session for as long as
//! they run; reads (`with_reader`) go to a second, read-only connection
//! while an import runs, and see the state before it until it commits;
//! other writes (`with_session`) are refused while an import runs.
//!
//! The database is a file or a shared database on a PostgreSQL server
//! (`connect`); a server's password is kept here in memory only
//! (`ServerLogin`), for the reader's second connection.

use ramkoll::app::Session;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

use crate::error::{CmdError, CmdResult};
use crate::server::{DbServer, ServerLogin};

/// The refusal of a change while an import holds the database.
pub const IMPORT_RUNNING: &str = "en import pågår: ändringen kan göras när importen är klar";

pub struct AppState {
    session: Mutex<Option<Session>>,
    /// A read-only session on the same file while imports run (`with_reader`).
    reader: Mutex<Option<Session>>,
    /// Imports and previews running or waiting for the session.
    importing: AtomicUsize,
    /// The database the app is on (also when opening it failed).
    db_path: Mutex<PathBuf>,
    /// When that database is on a server: how to connect to it again.
    server: Mutex<Option<ServerLogin>>,
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
            reader: Mutex::new(None),
            importing: AtomicUsize::new(0),
            db_path: Mutex::new(path.clone()),
            server: Mutex::new(None),
            open_error: Mutex::new(None),
            picked: Mutex::new(HashSet::new()),
            written: Mutex::new(HashSet::new()),
        };
        // An unopenable database is reported in the UI, not a crash.
        let _ = state.switch(path);
        state
    }

    /// Close the current database and open `path` (created when missing).
    /// A `path` that is a server's connection string (`RAMKOLL_DB`) connects
    /// with the password file, or the password in the string.
    pub fn switch(&self, path: PathBuf) -> CmdResult<()> {
        self.refuse_while_importing()?;
        let mut session = lock(&self.session);
        *session = None;
        *lock(&self.reader) = None;
        *lock(&self.db_path) = path.clone();
        *lock(&self.server) = None;
        let opened = match ramkoll::app::server_address(&path) {
            Some(conn) => ServerLogin::new(conn, None).and_then(|login| {
                let s = login.open();
                *lock(&self.server) = Some(login);
                s
            }),
            None => Session::open(&path),
        };
        match opened {
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

    /// Connect to a shared database on a server in place of the current
    /// database. The current one stays open when the connection fails (a
    /// mistyped password should not close the user's database).
    pub fn connect(&self, login: ServerLogin) -> CmdResult<()> {
        self.refuse_while_importing()?;
        let opened = login.open().map_err(CmdError::from)?;
        // an import may have started while we connected
        self.refuse_while_importing()?;
        let mut session = lock(&self.session);
        *lock(&self.reader) = None;
        *lock(&self.db_path) = PathBuf::from(login.label());
        *lock(&self.server) = Some(login);
        *lock(&self.open_error) = None;
        *session = Some(opened);
        Ok(())
    }

    pub fn db_path(&self) -> PathBuf {
        lock(&self.db_path).clone()
    }

    /// How the database is named to the user: the file's path, or the
    /// server's address without its password.
    pub fn db_label(&self) -> String {
        if let Some(login) = lock(&self.server).as_ref() {
            return login.label().to_string();
        }
        let path = self.db_path();
        match ramkoll::app::server_address(&path) {
            // a connection string that did not parse may hold a password: not shown
            Some(_) => "postgres://…".to_string(),
            None => path.display().to_string(),
        }
    }

    /// The server the database is on, when it is on one.
    pub fn server(&self) -> Option<DbServer> {
        lock(&self.server).as_ref().map(|l| l.server().clone())
    }

    pub fn open_error(&self) -> Option<CmdError> {
        lock(&self.open_error).clone()
    }

    /// Run a change `f` with the session. Commands call this from a blocking
    /// thread. Refused while an import runs: it would wait for the whole
    /// import with the user's click unanswered.
    pub fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> ramkoll::Result<T>) -> CmdResult<T> {
        self.refuse_while_importing()?;
        // an import may have taken the session since the check: refuse then too
        let mut guard = match self.session.try_lock() {
            Ok(g) => g,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            Err(TryLockError::WouldBlock) => {
                self.refuse_while_importing()?;
                lock(&self.session)
            }
        };
        self.run(&mut guard, f)
    }

    /// Run an import or a preview (a trial import) with the session, for as
    /// long as it takes; reads meanwhile go to the reader (`with_reader`).
    /// Its changed pages stay in memory until it commits (`set_cache_spill`):
    /// written early, they would lock the reader out until the commit. Its
    /// commit waits up to a minute for a read on the reader to finish (the
    /// default five seconds could fail a whole import on a slow export).
    pub fn with_import<T>(&self, f: impl FnOnce(&mut Session) -> ramkoll::Result<T>) -> CmdResult<T> {
        let _running = Importing::start(self);
        self.session(|s| {
            s.store().set_cache_spill(false)?;
            s.store().set_busy_timeout(std::time::Duration::from_secs(60))?;
            let out = f(s);
            // the import's outcome stands whatever these say
            let _ = s.store().set_cache_spill(true);
            let _ = s.store().set_busy_timeout(ramkoll::store::BUSY_TIMEOUT);
            out
        })
    }

    /// Run a read `f`: with the session, or while an import holds it with a
    /// read-only session on the same file, which sees the state before the
    /// import until the import commits.
    pub fn with_reader<T>(&self, f: impl FnOnce(&Session) -> ramkoll::Result<T>) -> CmdResult<T> {
        if !self.importing() {
            match self.session.try_lock() {
                Ok(mut g) => return self.run(&mut g, |s| f(s)),
                Err(TryLockError::Poisoned(p)) => return self.run(&mut p.into_inner(), |s| f(s)),
                // a short change or read holds it: wait for it
                Err(TryLockError::WouldBlock) if !self.importing() => return self.session(|s| f(s)),
                // an import took it since the check: read beside it
                Err(TryLockError::WouldBlock) => {}
            }
        }
        let mut reader = lock(&self.reader);
        if !self.importing() {
            // the import ended while we waited (and closed the reader): a
            // reader opened now would hold the file until the next import
            drop(reader);
            return self.session(|s| f(s));
        }
        if reader.is_none() {
            if let Some(e) = self.open_error() {
                return Err(e);
            }
            // on a server the reader is a second connection as the same user
            let server = lock(&self.server).clone();
            let opened = match server {
                Some(login) => login.open(),
                None => Session::open_reader(&self.db_path()),
            };
            *reader = Some(opened.map_err(CmdError::from)?);
        }
        match reader.as_ref() {
            Some(s) => f(s).map_err(CmdError::from),
            None => Err(CmdError::new("no-database", "ingen databas är öppen")),
        }
    }

    /// Whether an import or preview is running or waiting for the session.
    pub fn importing(&self) -> bool {
        self.importing.load(Ordering::SeqCst) > 0
    }

    fn refuse_while_importing(&self) -> CmdResult<()> {
        if self.importing() {
            return Err(CmdError::new("conflict", IMPORT_RUNNING));
        }
        Ok(())
    }

    fn session<T>(&self, f: impl FnOnce(&mut Session) -> ramkoll::Result<T>) -> CmdResult<T> {
        let mut guard = lock(&self.session);
        self.run(&mut guard, f)
    }

    fn run<T>(&self, slot: &mut Option<Session>, f: impl FnOnce(&mut Session) -> ramkoll::Result<T>) -> CmdResult<T> {
        let session = slot.as_mut().ok_or_else(|| {
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

/// One import or preview counted in `AppState::importing` while it runs or
/// waits; the last one to end closes the reader (it holds the file open).
struct Importing<'a>(&'a AppState);

impl<'a> Importing<'a> {
    fn start(st: &'a AppState) -> Importing<'a> {
        st.importing.fetch_add(1, Ordering::SeqCst);
        Importing(st)
    }
}

impl Drop for Importing<'_> {
    fn drop(&mut self) {
        if self.0.importing.fetch_sub(1, Ordering::SeqCst) == 1 {
            *lock(&self.0.reader) = None;
        }
    }
}

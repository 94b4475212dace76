//! The open database and who is working in it. Every operation goes through
//! a `Session`, so this is where the audit log and the user identity hook in.

use crate::error::{Error, Result};
use crate::safety::RestoreOutcome;
use crate::store::{self, Store};
use std::path::{Path, PathBuf};

pub struct Session {
    store: Store,
    user: String,
}

pub use crate::store::os_user;

/// The database to use: the one given (`--db`, `RAMKOLL_DB`, a dialog), else
/// the per-user default.
pub fn db_path(given: Option<&Path>) -> PathBuf {
    given.map(Path::to_path_buf).unwrap_or_else(store::default_db_path)
}

/// The connection string when `path` names a database server, not a file.
pub fn server_address(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| store::ServerConfig::is_server(s))
}

/// Why a server's database has no backups of Ramkoll's own.
pub(crate) fn server_backups() -> Error {
    Error::conflict(
        "en gemensam databas på en server säkerhetskopieras av servern (pg_dump, serverns egna rutiner), inte av \
         Ramkoll: Ramkoll tar inga kopior före importer där. Fråga den som driver databasservern om återläsning",
    )
}

impl Session {
    /// Open (creating when missing) and migrate the database at `path`. On
    /// Windows a database another process holds without sharing writes is
    /// refused by name first: SQLite would fail with "unable to open", or
    /// quietly open it read-only.
    ///
    /// A `path` that is a connection string (`postgres://…`, `host=… dbname=…`)
    /// opens the shared database on that server instead, the password from
    /// the string or the PostgreSQL password file.
    pub fn open(path: &Path) -> Result<Session> {
        if let Some(conn) = server_address(path) {
            return Session::open_server(conn, None);
        }
        if let Some(e) = crate::os::held_by_another_process(path) {
            return Err(Error::database_held(path, &e));
        }
        Ok(Session::from_store(Store::open(path)?))
    }

    /// Connect to a shared database on a PostgreSQL server (`conn`: a URL or
    /// `host=… dbname=…`); `password` when the user typed one (never stored).
    pub fn open_server(conn: &str, password: Option<&str>) -> Result<Session> {
        let mut config = store::ServerConfig::parse(conn)?;
        if let Some(p) = password.filter(|p| !p.is_empty()) {
            config.set_password(p);
        }
        Ok(Session::from_store(Store::open_server(&config)?))
    }

    /// A read-only session on a database another session of this process
    /// has open (`Store::open_reader`): the app's reports, drill-down and
    /// exports read the state before a running import through it.
    pub fn open_reader(path: &Path) -> Result<Session> {
        Ok(Session::from_store(Store::open_reader(path)?))
    }

    /// Restore this session's database from a backup (`app::restore`): the
    /// connection is closed first — Windows lets no one move or replace a
    /// file a connection holds open, this process's own included — and the
    /// restored database is opened in its place. On an error the session is
    /// closed: open the database again (the message says what changed).
    pub fn restore(self, which: Option<&str>) -> Result<(Session, RestoreOutcome)> {
        let (path, user) = (self.path().to_path_buf(), self.user.clone());
        if store::backup_files::is_memory(&path) {
            return Err(Error::conflict("en databas i minnet har inga säkerhetskopior"));
        }
        if self.store.is_server() {
            return Err(server_backups());
        }
        drop(self);
        let outcome = super::restore(&path, which)?;
        let mut store = Store::open(&path)?;
        store.set_user(&user);
        Ok((Session { store, user }, outcome))
    }

    /// A session on a store opened elsewhere (tests, the benchmark).
    pub fn from_store(mut store: Store) -> Session {
        // on a server the database user is who works (the server's own
        // record); on a file the OS user
        let user = if store.is_server() { store.user().to_string() } else { os_user() };
        // the store writes the user into every audit entry and comment version
        store.set_user(&user);
        Session { store, user }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn into_store(self) -> Store {
        self.store
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Who is working: recorded with comments and in the audit log.
    pub fn user(&self) -> &str {
        &self.user
    }
}

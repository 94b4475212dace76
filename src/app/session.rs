//! The open database and who is working in it. Every operation goes through
//! a `Session`, so this is where the audit log and the user identity hook in.

use crate::error::Result;
use crate::store::{self, Store};
use std::path::{Path, PathBuf};

pub struct Session {
    store: Store,
    user: String,
}

/// The OS user (`USERNAME` on Windows, `USER` elsewhere); empty when neither is set.
pub fn os_user() -> String {
    std::env::var("USERNAME").or_else(|_| std::env::var("USER")).unwrap_or_default()
}

/// The database to use: the one given (`--db`, `RAMKOLL_DB`, a dialog), else
/// the per-user default.
pub fn db_path(given: Option<&Path>) -> PathBuf {
    given.map(Path::to_path_buf).unwrap_or_else(store::default_db_path)
}

impl Session {
    /// Open (creating when missing) and migrate the database at `path`.
    pub fn open(path: &Path) -> Result<Session> {
        Ok(Session::from_store(Store::open(path)?))
    }

    /// A session on a store opened elsewhere (tests, the benchmark).
    pub fn from_store(store: Store) -> Session {
        Session { store, user: os_user() }
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

    /// Who is working: recorded with comments (and later the audit log).
    pub fn user(&self) -> &str {
        &self.user
    }
}

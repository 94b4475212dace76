//! The store: everything Ramkoll keeps, behind methods that take and return
//! plain Rust data. SQL lives here and nowhere else; the domain (`import`,
//! `variance`, `staffing`, `export`) never holds a connection.
//!
//! One file per concern: opening and migrating (`mod.rs`, `schema.rs`),
//! writing an import (`writer.rs`), replacement, undo and the batch list
//! (`batches.rs`, with `fingerprint.rs`: what an export looks like), "the lines behind a figure" (`filter.rs`) and the sums and
//! lines read through it (`lines.rs`), the other imported data — frames,
//! budget, HR hours — (`inputs.rs`), the asset register and the investment
//! projects' outcome (`assets.rs`), open purchase orders (`orders.rs`), rules and settings (`config.rs`,
//! `reclassify.rs`), comments, planned purchases, and backups (`backup.rs`
//! needs the connection, `backup_files.rs` is plain file handling).
//!
//! The method set is written so that a second backend could implement it:
//! transactions begin and end inside a method (an import's `BatchWriter` is
//! the one handle that spans calls), and no rusqlite type crosses it.

mod assets;
mod audit;
pub(crate) mod backup;
pub(crate) mod backup_files;
mod batches;
mod comments;
mod config;
mod copy;
mod db;
mod filter;
mod fingerprint;
mod forecasts;
mod guard;
mod inputs;
mod lines;
mod orders;
mod periods;
mod plans;
mod reclassify;
mod roles;
mod schema;
#[cfg(test)]
mod schema_tests;
mod transfer;
mod watchdog;
mod writer;

pub use audit::{audit_head_at, LogFilter};
pub use batches::{scope_text, BatchInfo, ReplacePlan, Replaced, SumUnit, UndoOutcome};
pub use comments::{Comment, CommentVersion};
pub use config::ReclassifyOutcome;
pub use db::PgConfig as ServerConfig;
pub use filter::{vo_label, LineQuery, NO_VO};
pub use fingerprint::Fingerprint;
pub use forecasts::{ForecastEntry, ForecastKind, ForecastRound};
pub use inputs::{BudgetLine, FrameSum, StaffHours};
pub use lines::{GroupBy, LineRow, LineSum, Lines};
pub use orders::{Order, OrderQuery, OrderRow, OrderSum};
pub use periods::PeriodEvent;
pub use plans::{NewPlan, PlannedPurchase};
pub use roles::Roles;
pub use transfer::{copy_database, CopyOutcome, TableCount};
pub use writer::{AssetRow, BatchWriter, BudgetRow, FrameRow, LedgerRow, NewBatch, StaffRow};

use crate::classify;
use crate::error::{Error, Result};
use db::Db;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The per-user default: `%APPDATA%\Ramkoll\ramkoll.db` on Windows,
/// `~/.local/share/ramkoll/ramkoll.db` on Linux. `RAMKOLL_DB` overrides.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("RAMKOLL_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = directories::BaseDirs::new().map(|b| b.data_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from("."));
    let dir = if cfg!(windows) { "Ramkoll" } else { "ramkoll" };
    base.join(dir).join("ramkoll.db")
}

/// How long a statement waits for another connection's lock before it
/// fails with "database is locked".
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

pub struct Store {
    db: Db,
    path: PathBuf,
    watchdog: watchdog::Watchdog,
    /// Who makes the changes: written with every audit entry and comment.
    user: String,
    /// What the last trial import would have replaced (`import::plan_import`).
    trial_plan: std::cell::RefCell<Option<ReplacePlan>>,
    /// The in-use marker, held while the store is open (removed at drop).
    _in_use: Option<backup_files::InUse>,
}

/// What kind of file a batch came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Kind {
    Ledger,
    Frames,
    Budget,
    Staff,
    /// The asset register (anläggningsregister): a snapshot, replaced whole.
    Assets,
    /// Open purchase orders (beställningar): a snapshot, replaced whole.
    Orders,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ledger => "ledger",
            Kind::Frames => "frames",
            Kind::Budget => "budget",
            Kind::Staff => "staff",
            Kind::Assets => "assets",
            Kind::Orders => "orders",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "ledger" => Some(Kind::Ledger),
            "frames" => Some(Kind::Frames),
            "budget" => Some(Kind::Budget),
            "staff" => Some(Kind::Staff),
            "assets" => Some(Kind::Assets),
            "orders" => Some(Kind::Orders),
            _ => None,
        }
    }
    pub fn label_sv(self) -> &'static str {
        match self {
            Kind::Ledger => "huvudbok",
            Kind::Frames => "ramar",
            Kind::Budget => "budget",
            Kind::Staff => "personal",
            Kind::Assets => "anläggningsregister",
            Kind::Orders => "beställningar",
        }
    }
    pub const ALL: [Kind; 6] = [Kind::Ledger, Kind::Frames, Kind::Budget, Kind::Staff, Kind::Assets, Kind::Orders];
}

fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

impl Store {
    /// Open (creating when missing) and migrate a database file.
    ///
    /// The order matters for a file from someone else: it is read (quick
    /// check, schema check) before anything is written to it or next to it —
    /// the in-use marker, the migration backup, the pragmas that change the
    /// file, the migrations — so a refused file is left exactly as it was.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::File {
                path: dir.to_path_buf(),
                message: format!("kan inte skapa katalogen för databasen: {}", crate::os::describe(&e)),
            })?;
        }
        let mut conn = Connection::open(path)?;
        let watchdog = Self::harden(&mut conn)?;
        let check_owed = backup::check_at_open(&conn, path)?;
        guard::check_schema(&conn, path)?;
        let in_use = backup::mark_in_use(path);
        if check_owed {
            backup::owe_check(path);
        }
        // Measured on a million-line import (PERFORMANCE.md): 16 KiB pages
        // (only takes effect on a new, empty database) and a rollback journal
        // each cut the writing thread by a sixth. In WAL mode every page of a
        // large import is written twice, to the WAL and again at checkpoint;
        // with a rollback journal, pages a transaction appends are never
        // journalled. The app's readers during an import (`open_reader`) read
        // the state before it because the import keeps its pages in memory
        // (`set_cache_spill`), not through WAL. FULL makes a committed import
        // survive power loss.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // a larger page cache keeps a big import from re-reading its own index pages
        conn.pragma_update(None, "cache_size", -32768)?;
        Self::init(conn, watchdog, path.to_path_buf(), in_use)
    }

    /// A read-only connection to a database a `Store` of this process has
    /// open (`open` checked, marked and migrated it): the app reads on it
    /// while an import writes on the other. Any write through it fails. The
    /// writer's store holds the in-use marker; the reader takes none.
    pub fn open_reader(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        let watchdog = Self::harden(&mut conn)?;
        // a reader waits out the writer's commit (it holds the file exclusively while writing its pages)
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "cache_size", -8192)?;
        Ok(Store {
            db: Db::Sqlite(conn),
            path: path.to_path_buf(),
            watchdog,
            user: os_user(),
            trial_plan: Default::default(),
            _in_use: None,
        })
    }

    /// How long a statement waits for another connection's lock (default
    /// `BUSY_TIMEOUT`): the app's imports wait longer at their commit for a
    /// read on the reader connection to end.
    pub fn set_busy_timeout(&self, d: std::time::Duration) -> Result<()> {
        if let Some(c) = self.db.sqlite() {
            c.busy_timeout(d)?;
        }
        Ok(())
    }

    /// Whether a transaction may write its changed pages to the file before
    /// it commits, once they outgrow the page cache (SQLite's default). A
    /// page written early makes SQLite lock the file exclusively until the
    /// commit, so a reader on another connection (`open_reader`) waits for
    /// the whole import. Off, the pages stay in memory (the import's size in
    /// pages: the app's peak during a 1 000 000-row import is 411–440 MB
    /// against 235–262 MB with spilling, PERFORMANCE.md) and readers read
    /// the state before the transaction until it commits.
    pub fn set_cache_spill(&self, on: bool) -> Result<()> {
        if let Some(c) = self.db.sqlite() {
            c.pragma_update(None, "cache_spill", on)?;
        }
        Ok(())
    }

    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        let watchdog = Self::harden(&mut conn)?;
        Self::init(conn, watchdog, PathBuf::from(":memory:"), None)
    }

    /// A new database file at exactly schema `version`, as the Ramkoll that
    /// had `version` migrations left it: for tests of older databases.
    #[doc(hidden)]
    pub fn create_with_schema(path: &Path, version: usize) -> Result<()> {
        if path.exists() || version > schema::MIGRATIONS.len() {
            return Err(Error::internal(format!("{}: finns redan, eller okänt schema {version}", path.display())));
        }
        let conn = Connection::open(path)?;
        guard::harden(&conn)?;
        run_migrations(&Db::Sqlite(conn), 0, version)
    }

    /// The settings every connection of a store gets (`guard::harden`) and
    /// the watchdog that stops a runaway statement.
    fn harden(conn: &mut Connection) -> Result<watchdog::Watchdog> {
        guard::harden(conn)?;
        watchdog::Watchdog::install(conn, watchdog::STEP_BUDGET)
    }

    fn init(
        conn: Connection,
        watchdog: watchdog::Watchdog,
        path: PathBuf,
        in_use: Option<backup_files::InUse>,
    ) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // the OS user until the session says who works (the same today)
        let mut s = Store {
            db: Db::Sqlite(conn),
            path,
            watchdog,
            user: os_user(),
            trial_plan: Default::default(),
            _in_use: in_use,
        };
        s.migrate()?;
        Ok(s)
    }

    /// Connect to a shared database on a PostgreSQL server, creating the
    /// schema in an empty one. The database user is who makes the changes;
    /// backups are the server's (no copies are made before imports).
    pub fn open_server(config: &db::PgConfig) -> Result<Store> {
        let conn = config.connect()?;
        let db = Db::Postgres(Box::new(conn));
        let user = db.query_row("SELECT current_user::text", db::params![], |r| r.get::<String>(0))?;
        let mut s = Store {
            db,
            path: PathBuf::from(config.label()),
            watchdog: watchdog::Watchdog::none(),
            user,
            trial_plan: Default::default(),
            _in_use: None,
        };
        s.migrate()?;
        Ok(s)
    }

    /// Whether this store is a shared database on a server (not a file).
    pub fn is_server(&self) -> bool {
        self.db.dialect() == db::Dialect::Postgres
    }

    fn migrate(&mut self) -> Result<()> {
        let version = schema_version(&self.db)?;
        if version > schema::MIGRATIONS.len() {
            return Err(Error::File {
                path: self.path.clone(),
                message: format!("databasen är skapad av en nyare Ramkoll (schema {version}); uppdatera programmet"),
            });
        }
        if version > 0 && version < schema::MIGRATIONS.len() {
            if let Some(conn) = self.db.sqlite() {
                backup::backup_before_migration(conn, &self.path, version as i64)?;
            }
        }
        // one statement of a migration may rewrite every line of an old database
        let _paused = self.watchdog.pause();
        run_migrations(&self.db, version, schema::MIGRATIONS.len())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who is making changes (the session's user): every audit entry and
    /// comment version records it.
    pub fn set_user(&mut self, user: &str) {
        self.user = user.to_string();
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// The plan a trial import left (`NewBatch::trial`), once.
    pub fn take_trial_plan(&self) -> Option<ReplacePlan> {
        self.trial_plan.borrow_mut().take()
    }

    /// The SQLite connection, for the parts of the store only a file has
    /// (backups, checks); `None` on a server.
    fn sqlite(&self) -> Option<&Connection> {
        self.db.sqlite()
    }

    /// The SQLite connection of a test's store.
    #[cfg(test)]
    fn conn(&self) -> &Connection {
        self.db.sqlite().expect("a test store on SQLite")
    }
}

/// The OS user (`USERNAME` on Windows, `USER` elsewhere): who works until
/// the session says otherwise; empty when neither is set.
pub fn os_user() -> String {
    std::env::var("USERNAME").or_else(|_| std::env::var("USER")).unwrap_or_default()
}

/// How far the database's schema has come: SQLite keeps it in the file's
/// header, the server in `ramkoll_schema` (created with the prelude).
fn schema_version(db: &Db) -> Result<usize> {
    let v: i64 = match db {
        Db::Sqlite(c) => c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        Db::Postgres(_) => {
            // only when missing: creating needs rights a reader does not have
            let exists: bool =
                db.query_row("SELECT to_regclass('ramkoll_schema') IS NOT NULL", db::params![], |r| r.get(0))?;
            if !exists {
                db.execute_batch(db::ddl::PRELUDE)?;
            }
            db.query_row("SELECT MAX(version) FROM ramkoll_schema", db::params![], |r| r.get(0))?
        }
    };
    Ok(v.max(0) as usize)
}

/// Migrations `from + 1 ..= to`, each in its own transaction with the data
/// it seeds, recording the version reached. Also how `guard` learns the
/// schema a version expects (run on an empty in-memory database).
fn run_migrations(db: &Db, from: usize, to: usize) -> Result<()> {
    for (i, sql) in schema::MIGRATIONS.iter().enumerate().take(to).skip(from) {
        let tx = db.begin()?;
        match db.dialect() {
            db::Dialect::Sqlite => tx.execute_batch(sql)?,
            db::Dialect::Postgres => tx.execute_batch(&db::ddl::postgres(i, sql))?,
        }
        if i == 0 {
            config::insert_rules(&tx, &classify::default_rules())?;
        }
        if i == 1 {
            // a database from before operating follow-up gets the operating rules appended
            if from == 1 {
                let n: i64 = tx.query_row("SELECT COUNT(*) FROM rule", db::params![], |r| r.get(0))?;
                config::append_rules(&tx, &classify::default_operating_rules(), n)?;
            }
            config::insert_cost_types(&tx, &classify::default_cost_types())?;
        }
        match db.dialect() {
            db::Dialect::Sqlite => tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?,
            db::Dialect::Postgres => {
                tx.execute("UPDATE ramkoll_schema SET version = ?1", db::params![(i + 1) as i64])?;
            }
        }
        tx.commit()?;
    }
    Ok(())
}

/// The server's own text for a database error.
pub fn db_server_message(e: &postgres::Error) -> String {
    db::pg_message(e)
}

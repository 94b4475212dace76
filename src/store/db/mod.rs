//! The one connection type the store's queries run on, over either backend:
//! the embedded SQLite file (the default, one person) or a PostgreSQL server
//! (a division's shared database, issue 15).
//!
//! A query is written once, in the SQL both engines accept, with SQLite's
//! numbered placeholders `?1`; on PostgreSQL they become `$1`
//! (`dialect::placeholders`). Where the dialects differ the query asks
//! `Db::dialect()` for the fragment (a handful: see `dialect.rs`). Parameters
//! are `Param`s (borrowed, no copy of a line's texts) built with `params!`;
//! rows are read through `Row::get` into plain Rust types. No rusqlite or
//! postgres type crosses this module's edge except in the SQLite-only parts
//! of the store (backup, file checks, the watchdog), which ask for
//! `Db::sqlite()` and say so.

pub(crate) mod ddl;
pub(crate) mod dialect;
mod pg;
pub(crate) mod pgpass;
mod sqlite;
mod tls;

pub(crate) use dialect::Dialect;
pub(crate) use pg::message as pg_message;
pub use pg::PgConfig;

use crate::error::{Error, Result};
use std::cell::RefCell;

/// A statement parameter, borrowed from the caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// An owned parameter, for statements built at run time (`filter.rs`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    pub(crate) fn param(&self) -> Param<'_> {
        match self {
            Value::Null => Param::Null,
            Value::Int(i) => Param::Int(*i),
            Value::Real(f) => Param::Real(*f),
            Value::Text(s) => Param::Text(s),
            Value::Blob(b) => Param::Blob(b),
        }
    }
}

/// The parameters of a statement built at run time.
pub(crate) fn params_of(values: &[Value]) -> Vec<Param<'_>> {
    values.iter().map(Value::param).collect()
}

/// What may be bound to a placeholder.
pub(crate) trait ToParam {
    fn to_param(&self) -> Param<'_>;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> Param<'_> {
                Param::Int(*self as i64)
            }
        }
    )*};
}
int_param!(i64, i32, u32, u16, u8, i16);

impl ToParam for u64 {
    fn to_param(&self) -> Param<'_> {
        // counts and sizes: far below i64::MAX; saturate rather than wrap
        Param::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}
impl ToParam for usize {
    fn to_param(&self) -> Param<'_> {
        Param::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}
impl ToParam for bool {
    fn to_param(&self) -> Param<'_> {
        Param::Int(*self as i64)
    }
}
impl ToParam for f64 {
    fn to_param(&self) -> Param<'_> {
        Param::Real(*self)
    }
}
impl ToParam for str {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl ToParam for String {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl ToParam for [u8] {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl ToParam for Vec<u8> {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl ToParam for crate::money::Amount {
    fn to_param(&self) -> Param<'_> {
        Param::Int(self.0)
    }
}
impl ToParam for Value {
    fn to_param(&self) -> Param<'_> {
        self.param()
    }
}
impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Param<'_> {
        (**self).to_param()
    }
}
impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> Param<'_> {
        match self {
            Some(v) => v.to_param(),
            None => Param::Null,
        }
    }
}

/// `params![a, b, c]`: the parameters `?1`, `?2`, `?3` of a statement.
macro_rules! params {
    () => { &[] as &[$crate::store::db::Param<'_>] };
    ($($e:expr),+ $(,)?) => {
        &[$($crate::store::db::ToParam::to_param(&$e)),+] as &[$crate::store::db::Param<'_>]
    };
}
pub(crate) use params;

/// One cell of a result row, borrowed from the backend's row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl Cell<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Cell::Null => "NULL",
            Cell::Int(_) => "heltal",
            Cell::Real(_) => "decimaltal",
            Cell::Text(_) => "text",
            Cell::Blob(_) => "binärdata",
        }
    }
}

/// What a result cell may be read as.
pub(crate) trait FromCell: Sized {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String>;
}

fn expected(what: &str, c: Cell<'_>) -> String {
    format!("väntade {what}, fick {}", c.kind())
}

macro_rules! int_cell {
    ($($t:ty),*) => {$(
        impl FromCell for $t {
            fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
                match c {
                    Cell::Int(i) => <$t>::try_from(i).map_err(|_| format!("heltalet {i} ryms inte i {}", stringify!($t))),
                    c => Err(expected("heltal", c)),
                }
            }
        }
    )*};
}
int_cell!(i64, i32, u32, u64, usize, u16, u8, i16);

impl FromCell for bool {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
        match c {
            Cell::Int(i) => Ok(i != 0),
            c => Err(expected("sant/falskt", c)),
        }
    }
}
impl FromCell for f64 {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
        match c {
            Cell::Real(f) => Ok(f),
            Cell::Int(i) => Ok(i as f64),
            c => Err(expected("tal", c)),
        }
    }
}
impl FromCell for String {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
        match c {
            Cell::Text(s) => Ok(s.to_string()),
            c => Err(expected("text", c)),
        }
    }
}
impl FromCell for Vec<u8> {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
        match c {
            Cell::Blob(b) => Ok(b.to_vec()),
            Cell::Text(s) => Ok(s.as_bytes().to_vec()),
            c => Err(expected("binärdata", c)),
        }
    }
}
impl FromCell for crate::money::Amount {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
        i64::from_cell(c).map(crate::money::Amount)
    }
}
impl FromCell for Value {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
        Ok(match c {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::Int(i),
            Cell::Real(f) => Value::Real(f),
            Cell::Text(s) => Value::Text(s.to_string()),
            Cell::Blob(b) => Value::Blob(b.to_vec()),
        })
    }
}
impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(c: Cell<'_>) -> std::result::Result<Self, String> {
        match c {
            Cell::Null => Ok(None),
            c => T::from_cell(c).map(Some),
        }
    }
}

/// A result row of either backend.
pub(crate) enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `i` (0-based) as a `T`: an error names the column and what it held.
    pub(crate) fn get<T: FromCell>(&self, i: usize) -> Result<T> {
        let cell = match self {
            Row::Sqlite(r) => sqlite::cell(r, i)?,
            Row::Pg(r) => pg::cell(r, i)?,
        };
        T::from_cell(cell).map_err(|m| Error::internal(format!("databasens kolumn {}: {m}", i + 1)))
    }
}

/// A connection to the store's database.
pub(crate) enum Db {
    Sqlite(rusqlite::Connection),
    // boxed: the client is large, and a file store need not carry its size
    Postgres(Box<pg::PgConn>),
}

impl Db {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection, for the parts of the store only SQLite has (the
    /// file's backups and checks, the watchdog); `None` on a server.
    pub(crate) fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(c) => Some(c),
            Db::Postgres(_) => None,
        }
    }

    /// Run one statement; the number of rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<usize> {
        match self {
            Db::Sqlite(c) => sqlite::execute(c, sql, params),
            Db::Postgres(c) => c.execute(sql, params),
        }
    }

    /// Run several statements without parameters (migrations, BEGIN …).
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Postgres(c) => c.batch(sql),
        }
    }

    /// Every row of a query, each mapped by `f`.
    pub(crate) fn query_map<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.query_each(sql, params, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every row of a query, handed to `f` one at a time (nothing collected).
    pub(crate) fn query_each(
        &self,
        sql: &str,
        params: &[Param<'_>],
        f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Db::Sqlite(c) => sqlite::query_each(c, sql, params, f),
            Db::Postgres(c) => c.query_each(sql, params, f),
        }
    }

    /// The first row of a query, if there is one.
    pub(crate) fn query_opt<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut f = Some(f);
        let mut out = None;
        self.query_each(sql, params, |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query that always returns one (an aggregate, a
    /// `RETURNING`); none is a fault of ours.
    pub(crate) fn query_row<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, f)?
            .ok_or_else(|| Error::internal(format!("frågan gav ingen rad: {}", first_line(sql))))
    }

    /// A statement to run several times (a loop of inserts, a query whose
    /// rows are mapped): the backends cache the prepared statement by its text.
    pub(crate) fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(Stmt { db: self, sql: sql.to_string() })
    }

    /// Begin a transaction; it rolls back when dropped without `commit`.
    pub(crate) fn begin(&self) -> Result<Tx<'_>> {
        self.execute_batch("BEGIN")?;
        Ok(Tx { db: self, open: RefCell::new(true) })
    }
}

/// A statement of `Db::prepare`.
pub(crate) struct Stmt<'a> {
    db: &'a Db,
    sql: String,
}

impl Stmt<'_> {
    pub(crate) fn execute(&mut self, params: &[Param<'_>]) -> Result<usize> {
        self.db.execute(&self.sql, params)
    }

    /// The mapped rows, each a `Result` as rusqlite's iterator gave them.
    pub(crate) fn query_map<T>(
        &mut self,
        params: &[Param<'_>],
        f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let rows = self.db.query_map(&self.sql, params, f)?;
        Ok(rows.into_iter().map(Ok).collect::<Vec<_>>().into_iter())
    }
}

fn first_line(sql: &str) -> &str {
    sql.trim().lines().next().unwrap_or("")
}

/// An open transaction: everything a `Db` does, then `commit`, or a rollback
/// when it is dropped (an error's `?` on the way out, a killed import).
pub(crate) struct Tx<'a> {
    db: &'a Db,
    open: RefCell<bool>,
}

impl Tx<'_> {
    pub(crate) fn commit(self) -> Result<()> {
        self.db.execute_batch("COMMIT")?;
        *self.open.borrow_mut() = false;
        Ok(())
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if *self.open.borrow() {
            // nothing to tell: the caller's error is already on its way; a
            // broken connection rolls back on its own
            let _ = self.db.execute_batch("ROLLBACK");
        }
    }
}

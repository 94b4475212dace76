//! The SQLite side of `Db`: statements from rusqlite's statement cache,
//! parameters bound as borrowed values, cells read without a copy.

use super::{Cell, Param, Row};
use crate::error::{Error, Result};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Param::Null => ValueRef::Null,
            Param::Int(i) => ValueRef::Integer(i),
            Param::Real(f) => ValueRef::Real(f),
            Param::Text(s) => ValueRef::Text(s.as_bytes()),
            Param::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

pub(super) fn cell<'a>(r: &'a rusqlite::Row<'a>, i: usize) -> Result<Cell<'a>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(f) => Cell::Real(f),
        ValueRef::Text(t) => Cell::Text(
            std::str::from_utf8(t)
                .map_err(|_| Error::internal(format!("databasens kolumn {}: text som inte är UTF-8", i + 1)))?,
        ),
        ValueRef::Blob(b) => Cell::Blob(b),
    })
}

pub(super) fn execute(c: &Connection, sql: &str, params: &[Param<'_>]) -> Result<usize> {
    let mut st = c.prepare_cached(sql)?;
    Ok(st.execute(rusqlite::params_from_iter(params.iter()))?)
}

pub(super) fn query_each(
    c: &Connection,
    sql: &str,
    params: &[Param<'_>],
    mut f: impl FnMut(&Row<'_>) -> Result<()>,
) -> Result<()> {
    let mut st = c.prepare_cached(sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(r) = rows.next()? {
        f(&Row::Sqlite(r))?;
    }
    Ok(())
}

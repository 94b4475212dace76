//! The PostgreSQL side of `Db`: one synchronous client (the `postgres`
//! crate), prepared statements cached per query text, parameters encoded for
//! the type the server inferred for each placeholder (SQLite has one integer
//! and one text type; the server has several of each), cells read by the
//! column's type.

use super::{dialect, Cell, Param, Row};
use crate::error::{Error, Result};
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use rust_decimal::prelude::ToPrimitive;
use std::cell::RefCell;
use std::collections::HashMap;

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut postgres::types::private::BytesMut) -> std::result::Result<IsNull, BoxError> {
        match *self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::NUMERIC => rust_decimal::Decimal::from(i).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    i.to_string().as_str().to_sql(&Type::TEXT, out)
                }
                _ => Err(format!("ett heltal kan inte bindas till typen {ty}").into()),
            },
            Param::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                _ => Err(format!("ett decimaltal kan inte bindas till typen {ty}").into()),
            },
            Param::Text(s) => match *ty {
                Type::JSON => {
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                Type::JSONB => {
                    out.extend_from_slice(&[1]);
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ => s.to_sql(&Type::TEXT, out),
            },
            Param::Blob(b) => b.to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

pub(super) fn cell<'a>(r: &'a postgres::Row, i: usize) -> Result<Cell<'a>> {
    let ty =
        r.columns().get(i).map(|c| c.type_().clone()).ok_or_else(|| Error::internal(format!("kolumn {i} saknas")))?;
    let c = match ty {
        Type::BOOL => r.try_get::<_, Option<bool>>(i)?.map(|b| Cell::Int(b as i64)),
        Type::INT2 => r.try_get::<_, Option<i16>>(i)?.map(|v| Cell::Int(v as i64)),
        Type::INT4 => r.try_get::<_, Option<i32>>(i)?.map(|v| Cell::Int(v as i64)),
        Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(Cell::Int),
        // SUM over BIGINT is NUMERIC on the server; öre sums are whole
        Type::NUMERIC => match r.try_get::<_, Option<rust_decimal::Decimal>>(i)? {
            None => None,
            Some(d) if d.fract().is_zero() => {
                Some(Cell::Int(d.to_i64().ok_or_else(|| Error::internal(format!("talet {d} ryms inte i 64 bitar")))?))
            }
            Some(d) => Some(Cell::Real(d.to_f64().unwrap_or(f64::NAN))),
        },
        Type::FLOAT4 => r.try_get::<_, Option<f32>>(i)?.map(|v| Cell::Real(v as f64)),
        Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map(Cell::Real),
        Type::BYTEA => r.try_get::<_, Option<&[u8]>>(i)?.map(Cell::Blob),
        _ => r
            .try_get::<_, Option<&str>>(i)
            .map_err(|_| Error::internal(format!("kolumn {}: typen {ty} läses inte", i + 1)))?
            .map(Cell::Text),
    };
    Ok(c.unwrap_or(Cell::Null))
}

/// Where and as whom to connect: `postgres://user@host/db` or
/// `host=… dbname=…`, as libpq takes them.
#[derive(Clone)]
pub struct PgConfig {
    config: postgres::Config,
    /// Certificate checks the client's own parser does not know (verify-*).
    verify: super::tls::Verify,
}

impl PgConfig {
    /// Whether `s` names a server rather than a file.
    pub fn is_server(s: &str) -> bool {
        let s = s.trim();
        s.starts_with("postgres://") || s.starts_with("postgresql://") || (s.contains('=') && s.contains("dbname"))
    }

    pub fn parse(s: &str) -> Result<PgConfig> {
        let (s, verify) = super::tls::split(s.trim());
        let config: postgres::Config =
            s.parse().map_err(|e| Error::usage(format!("kan inte tolka databasadressen: {e}")))?;
        let mut c = PgConfig { config, verify };
        if c.config.get_password().is_none() {
            if let Some(p) = super::pgpass::lookup(&c) {
                c.config.password(p);
            }
        }
        Ok(c)
    }

    /// Set the password asked for (the app asks when no password file has one).
    pub fn set_password(&mut self, p: &str) {
        self.config.password(p);
    }

    pub fn has_password(&self) -> bool {
        self.config.get_password().is_some()
    }

    pub fn host(&self) -> String {
        use postgres::config::Host;
        match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => "localhost".into(),
        }
    }

    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    pub fn dbname(&self) -> String {
        self.config.get_dbname().unwrap_or_default().to_string()
    }

    pub fn user(&self) -> String {
        self.config.get_user().map(str::to_string).unwrap_or_else(crate::store::os_user)
    }

    /// How the database is named to the user: never with its password.
    pub fn label(&self) -> String {
        format!("postgres://{}@{}:{}/{}", self.user(), self.host(), self.port(), self.dbname())
    }

    pub(crate) fn connect(&self) -> Result<PgConn> {
        let mut config = self.config.clone();
        if config.get_user().is_none() {
            config.user(&crate::store::os_user());
        }
        config.application_name("ramkoll");
        let client = config.connect(super::tls::connector(&self.verify)?).map_err(|e| Error::File {
            path: self.label().into(),
            message: format!("kan inte ansluta till databasservern: {}", message(&e)),
        })?;
        Ok(PgConn { client: RefCell::new(client), cache: RefCell::new(HashMap::new()) })
    }
}

/// The server's own text: its message, and its detail when it gives one.
pub(crate) fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => match d.detail() {
            Some(detail) => format!("{} ({detail})", d.message()),
            None => d.message().to_string(),
        },
        // a connection's error says what went wrong in its cause (the TLS
        // handshake's, the socket's)
        None => {
            let mut m = e.to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                m.push_str(&format!(": {c}"));
                cause = c.source();
            }
            m
        }
    }
}

/// `RAMKOLL_TRACE_SQL=1`: a statement the server refused, on stderr, for
/// whoever runs down a fault (the user sees the server's message).
fn trace(sql: &str, e: &postgres::Error) {
    if std::env::var_os("RAMKOLL_TRACE_SQL").is_some() {
        eprintln!("PostgreSQL: {}\n{sql}", message(e));
    }
}

pub(crate) struct PgConn {
    client: RefCell<postgres::Client>,
    /// Prepared once per query text: a server round trip each otherwise.
    cache: RefCell<HashMap<String, postgres::Statement>>,
}

impl PgConn {
    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(st) = self.cache.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.borrow_mut().prepare(&dialect::placeholders(sql)).inspect_err(|e| trace(sql, e))?;
        self.cache.borrow_mut().insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn args<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
        params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
    }

    pub(super) fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<usize> {
        let st = self.statement(sql)?;
        let n = self.client.borrow_mut().execute(&st, &Self::args(params)).inspect_err(|e| trace(sql, e))?;
        Ok(n as usize)
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql).inspect_err(|e| trace(sql, e))?)
    }

    pub(super) fn query_each(
        &self,
        sql: &str,
        params: &[Param<'_>],
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let st = self.statement(sql)?;
        // collected first: `f` may run queries of its own on this connection
        let rows = self.client.borrow_mut().query(&st, &Self::args(params)).inspect_err(|e| trace(sql, e))?;
        for r in &rows {
            f(&Row::Pg(r))?;
        }
        Ok(())
    }

    /// `COPY … FROM STDIN` with `data` in COPY's text format.
    pub(crate) fn copy_in(&self, sql: &str, data: &[u8]) -> Result<u64> {
        use std::io::Write;
        let mut client = self.client.borrow_mut();
        let mut w = client.copy_in(sql)?;
        w.write_all(data)?;
        Ok(w.finish()?)
    }
}

//! A shared database on a PostgreSQL server, as the "Anslut till server…"
//! dialog names it: host, port, database, user and a password that lives
//! only here, in memory. It is never part of the connection string, the
//! label, the settings, a log line or an error: it is handed to the library
//! each time a connection is opened (the session, and the second one the
//! app reads from during an import).

use ramkoll::app::Session;
use ramkoll::store::ServerConfig;
use ramkoll::{Error, Result};
use serde::Serialize;

/// What the app shows of the server it is on (and prefills the dialog with).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DbServer {
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub user: String,
}

/// How to connect again: the connection string (without a password) and the
/// password the user typed, if any.
#[derive(Clone)]
pub struct ServerLogin {
    conn: String,
    password: Option<String>,
    label: String,
    server: DbServer,
}

impl std::fmt::Debug for ServerLogin {
    // the password must not reach a log through a `{:?}`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerLogin").field("label", &self.label).finish_non_exhaustive()
    }
}

/// One value of libpq's `key=value` form, quoted: inside '…' a backslash
/// escapes the next character, so `\` and `'` are escaped and anything else
/// (spaces, `=`, non-ASCII) stands as it is.
fn quote(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('\'');
    for c in v.chars() {
        if c == '\\' || c == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The dialog's fields as a libpq connection string, each checked: a host
/// and a database are required, the port is a number 1–65535, an empty
/// user means the OS user (libpq's rule).
pub fn connection_string(host: &str, port: &str, dbname: &str, user: &str) -> Result<String> {
    let (host, port, dbname, user) = (host.trim(), port.trim(), dbname.trim(), user.trim());
    if host.is_empty() {
        return Err(Error::invalid("host", "ange databasserverns namn eller adress"));
    }
    let port: u16 =
        match port {
            "" => 5432,
            p => p.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                Error::invalid("port", format!("{p:?} är inget portnummer (1–65535; PostgreSQL: 5432)"))
            })?,
        };
    if dbname.is_empty() {
        return Err(Error::invalid("dbname", "ange databasens namn på servern"));
    }
    let mut conn = format!("host={} port={port} dbname={}", quote(host), quote(dbname));
    if !user.is_empty() {
        conn.push_str(&format!(" user={}", quote(user)));
    }
    Ok(conn)
}

impl ServerLogin {
    /// `conn` (a URL or `key=value`; its own password, if it has one, stays in
    /// it) and the password typed in the dialog (empty: the password file).
    pub fn new(conn: &str, password: Option<&str>) -> Result<ServerLogin> {
        let config = ServerConfig::parse(conn)?;
        let server =
            DbServer { host: config.host(), port: config.port(), dbname: config.dbname(), user: config.user() };
        Ok(ServerLogin {
            conn: conn.to_string(),
            password: password.filter(|p| !p.is_empty()).map(str::to_string),
            label: config.label(),
            server,
        })
    }

    /// A new connection (the session, or the reader during an import).
    pub fn open(&self) -> Result<Session> {
        Session::open_server(&self.conn, self.password.as_deref())
    }

    /// `postgres://user@host:port/db`: how the app names the database.
    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn server(&self) -> &DbServer {
        &self.server
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_become_a_quoted_connection_string_that_parses_back() {
        let conn = connection_string(" db.region.se ", "5433", "ekonomi division", "o'brien\\x").unwrap();
        assert_eq!(conn, r"host='db.region.se' port=5433 dbname='ekonomi division' user='o\'brien\\x'");
        let login = ServerLogin::new(&conn, Some("hemligt")).unwrap();
        assert_eq!(
            login.server(),
            &DbServer {
                host: "db.region.se".into(),
                port: 5433,
                dbname: "ekonomi division".into(),
                user: r"o'brien\x".into()
            }
        );
        assert_eq!(login.label(), r"postgres://o'brien\x@db.region.se:5433/ekonomi division");
        assert!(!format!("{login:?}").contains("hemligt"));
    }

    #[test]
    fn the_port_defaults_and_bad_fields_are_named() {
        assert_eq!(connection_string("h", "", "d", "").unwrap(), "host='h' port=5432 dbname='d'");
        let field = |r: Result<String>| match r {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(connection_string("", "5432", "d", "u")), "host");
        assert_eq!(field(connection_string("h", "femtiofyra", "d", "u")), "port");
        assert_eq!(field(connection_string("h", "0", "d", "u")), "port");
        assert_eq!(field(connection_string("h", "70000", "d", "u")), "port");
        assert_eq!(field(connection_string("h", "5432", " ", "u")), "dbname");
    }

    #[test]
    fn an_empty_password_means_the_password_file() {
        let login = ServerLogin::new("host=h dbname=d user=u", Some("")).unwrap();
        assert!(login.password.is_none());
    }
}

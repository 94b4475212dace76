//! PostgreSQL for the suites that run on both backends (issue 15): the server
//! named by `RAMKOLL_TEST_PG` (the throwaway cluster `scripts/pg.sh` starts,
//! which `scripts/test.sh` does), a fresh empty database per test, and the
//! login roles the GRANT tests connect as.
//!
//! Test tooling: a failure panics saying what went wrong, as a test should.
//! Connection strings are libpq's two forms, `key=value …` and
//! `postgres://user@host:port/db?…`; passwords never appear in a message.

use std::sync::atomic::{AtomicU64, Ordering};

use postgres::error::SqlState;
use postgres::{Client, NoTls};

/// The admin connection string (a superuser on a server the tests may fill).
pub const ADMIN_ENV: &str = "RAMKOLL_TEST_PG";
/// Set (not `0`) where the PostgreSQL suites must run: no server is then a failure.
pub const REQUIRE_ENV: &str = "RAMKOLL_REQUIRE_PG";

/// PostgreSQL's longest identifier (NAMEDATALEN - 1 bytes).
const MAX_IDENT: usize = 63;

/// Unique within the process; the process id makes it unique on the server.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// One advisory-lock key for role changes (see `create_role`).
const ROLE_LOCK: i64 = 0x5241_4d4b_524f_4c45; // "RAMKROLE"

/// The admin connection string from `RAMKOLL_TEST_PG`, or None: the caller
/// skips its PostgreSQL half. None while `RAMKOLL_REQUIRE_PG` is set panics,
/// so CI cannot skip the PostgreSQL suites silently.
pub fn admin() -> Option<String> {
    let required = std::env::var_os(REQUIRE_ENV).is_some_and(|v| !v.is_empty() && v != "0");
    admin_from(std::env::var(ADMIN_ENV).ok(), required)
}

fn admin_from(conn: Option<String>, required: bool) -> Option<String> {
    match conn {
        Some(c) if !c.trim().is_empty() => Some(c),
        _ if required => panic!(
            "{REQUIRE_ENV} is set but {ADMIN_ENV} is not: the PostgreSQL suites must run here \
             (scripts/test.sh starts a throwaway cluster; by hand: scripts/pg.sh start DIR && \
             eval \"$(scripts/pg.sh env DIR)\")"
        ),
        _ => None,
    }
}

/// A new empty database `ramkoll_<tag>_<pid>_<n>` on the admin server, and
/// the admin connection string with its dbname replaced by it; None when
/// there is no server (see `admin`). Never dropped: the cluster is thrown away.
pub fn fresh_database(tag: &str) -> Option<String> {
    let admin = admin()?;
    let mut client = connect(&admin);
    for _ in 0..1000 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = database_name(tag, std::process::id(), n);
        match client.batch_execute(&format!("CREATE DATABASE {}", ident(&name))) {
            Ok(()) => return Some(with_dbname(&admin, &name)),
            // Left by an earlier run whose process had the same id (a
            // long-lived server rather than a throwaway one): the next number.
            Err(e) if e.code() == Some(&SqlState::DUPLICATE_DATABASE) => continue,
            Err(e) => panic!("CREATE DATABASE {name} on {}: {}", redacted(&admin), describe(&e)),
        }
    }
    panic!("CREATE DATABASE: 1000 names for tag {tag:?} already taken on {}", redacted(&admin))
}

/// A login role `name` on the admin server with this password (None: no
/// password), created if missing and otherwise given the password: roles are
/// cluster-wide, so every test that needs one may call this. None when there
/// is no server.
pub fn create_role(name: &str, password: Option<&str>) -> Option<()> {
    let admin = admin()?;
    let mut client = connect(&admin);
    let fail = |what: &str, e: postgres::Error| -> ! {
        panic!("{what} role {name} on {}: {}", redacted(&admin), describe(&e))
    };
    let mut tx = client.transaction().unwrap_or_else(|e| fail("begin for", e));
    // Tests run in parallel threads and processes: one role change at a time,
    // or two CREATE ROLEs of one name collide and two ALTERs fail with "tuple
    // concurrently updated". Advisory locks are per database: every caller
    // holds it in the admin database.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ROLE_LOCK]).unwrap_or_else(|e| fail("lock for", e));
    let existing = tx
        .query_opt("SELECT rolsuper FROM pg_roles WHERE rolname = $1", &[&name])
        .unwrap_or_else(|e| fail("look up", e));
    let verb = match existing {
        None => "CREATE",
        Some(row) if row.get::<_, bool>(0) => {
            panic!("create_role: {name} is a superuser; a test role must not be one")
        }
        Some(_) => "ALTER",
    };
    let password = match password {
        Some(p) => format!("PASSWORD {}", literal(p)),
        None => "PASSWORD NULL".to_string(),
    };
    tx.batch_execute(&format!("{verb} ROLE {} LOGIN {password}", ident(name))).unwrap_or_else(|e| fail(verb, e));
    tx.commit().unwrap_or_else(|e| fail("commit for", e));
    Some(())
}

/// `conn` with its user and password replaced (None: no password), for
/// connecting to the same database as a role from `create_role`.
pub fn with_user(conn: &str, user: &str, password: Option<&str>) -> String {
    let mut c = Conn::parse(conn);
    c.set("user", Some(user));
    c.set("password", password);
    c.render()
}

/// `conn` with its database replaced by `dbname`.
pub fn with_dbname(conn: &str, dbname: &str) -> String {
    let mut c = Conn::parse(conn);
    c.set("dbname", Some(dbname));
    c.render()
}

/// `conn` with its password shown as `***`, for messages.
pub fn redacted(conn: &str) -> String {
    let mut c = Conn::parse(conn);
    if c.get("password").is_some() {
        c.set("password", Some("***"));
    }
    c.render()
}

fn connect(conn: &str) -> Client {
    Client::connect(conn, NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL at {}: {}", redacted(conn), describe(&e)))
}

/// The server's message and SQLSTATE when there is one (the error's own
/// Display says only "db error").
fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
        None => match std::error::Error::source(e) {
            Some(source) => format!("{e}: {source}"),
            None => e.to_string(),
        },
    }
}

/// `ramkoll_<tag>_<pid>_<n>`: the tag lowercased, anything but [a-z0-9_]
/// made `_`, and cut so the whole name fits PostgreSQL's 63 bytes.
fn database_name(tag: &str, pid: u32, n: u64) -> String {
    const PREFIX: &str = "ramkoll_";
    let suffix = format!("_{pid}_{n}");
    let room = MAX_IDENT - PREFIX.len() - suffix.len();
    let tag: String = tag
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '_' })
        .take(room)
        .collect();
    format!("{PREFIX}{tag}{suffix}")
}

fn ident(name: &str) -> String {
    assert!(
        !name.is_empty() && name.len() <= MAX_IDENT && !name.contains('\0'),
        "not a PostgreSQL identifier (1 to {MAX_IDENT} bytes, no NUL): {name:?}"
    );
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A string literal; standard_conforming_strings is on (the default since
/// 9.1), so only the quote is doubled.
fn literal(value: &str) -> String {
    assert!(!value.contains('\0'), "a PostgreSQL string cannot hold NUL");
    format!("'{}'", value.replace('\'', "''"))
}

/// A connection string in either of libpq's forms, parsed far enough to
/// replace dbname, user and password and to write it back.
enum Conn {
    /// `key=value` pairs in order, values unquoted.
    Keywords(Vec<(String, String)>),
    /// `scheme://[userinfo@]hosts[/dbname][?query]`, pieces percent-encoded
    /// as written.
    Url { scheme: String, userinfo: Option<String>, hosts: String, dbname: Option<String>, query: Vec<String> },
}

impl Conn {
    fn parse(conn: &str) -> Conn {
        for scheme in ["postgresql://", "postgres://"] {
            if let Some(rest) = conn.strip_prefix(scheme) {
                return parse_url(scheme, rest);
            }
        }
        Conn::Keywords(parse_keywords(conn))
    }

    fn get(&self, key: &str) -> Option<String> {
        match self {
            Conn::Keywords(pairs) => pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
            Conn::Url { userinfo, dbname, query, .. } => {
                let from_query = query.iter().rev().find_map(|q| match q.split_once('=') {
                    Some((k, v)) if k == key => Some(percent_decode(v)),
                    _ => None,
                });
                let (user, password) = match userinfo {
                    Some(u) => match u.split_once(':') {
                        Some((user, pw)) => (Some(user), Some(pw)),
                        None => (Some(u.as_str()), None),
                    },
                    None => (None, None),
                };
                let from_path = match key {
                    "dbname" => dbname.as_deref(),
                    "user" => user,
                    "password" => password,
                    _ => None,
                };
                from_query.or_else(|| from_path.map(percent_decode))
            }
        }
    }

    /// Sets `key` (dbname, user or password) to `value`, or removes it.
    fn set(&mut self, key: &str, value: Option<&str>) {
        match self {
            Conn::Keywords(pairs) => {
                pairs.retain(|(k, _)| k != key);
                if let Some(v) = value {
                    pairs.push((key.to_string(), v.to_string()));
                }
            }
            Conn::Url { userinfo, dbname, query, .. } => {
                // One place for each: the query's copy would win over the path's.
                query.retain(|q| q.split_once('=').map_or(q.as_str(), |(k, _)| k) != key);
                let value = value.map(percent_encode);
                match key {
                    "dbname" => *dbname = value,
                    "user" | "password" => {
                        let (mut user, mut password) = match userinfo.as_deref() {
                            Some(u) => match u.split_once(':') {
                                Some((user, pw)) => (Some(user.to_string()), Some(pw.to_string())),
                                None => (Some(u.to_string()), None),
                            },
                            None => (None, None),
                        };
                        if key == "user" {
                            user = value;
                        } else {
                            password = value;
                        }
                        *userinfo = match (user, password) {
                            (None, None) => None,
                            (u, None) => u,
                            (u, Some(p)) => Some(format!("{}:{p}", u.unwrap_or_default())),
                        };
                    }
                    other => panic!("Conn::set: {other} is not kept in the URL's path"),
                }
            }
        }
    }

    fn render(&self) -> String {
        match self {
            Conn::Keywords(pairs) => {
                pairs.iter().map(|(k, v)| format!("{k}={}", quote_keyword_value(v))).collect::<Vec<_>>().join(" ")
            }
            Conn::Url { scheme, userinfo, hosts, dbname, query } => {
                let mut s = scheme.clone();
                if let Some(u) = userinfo {
                    s.push_str(u);
                    s.push('@');
                }
                s.push_str(hosts);
                if let Some(d) = dbname {
                    s.push('/');
                    s.push_str(d);
                }
                if !query.is_empty() {
                    s.push('?');
                    s.push_str(&query.join("&"));
                }
                s
            }
        }
    }
}

/// libpq's `key = value` list: values bare or in single quotes, a
/// backslash escaping the next character in either.
fn parse_keywords(conn: &str) -> Vec<(String, String)> {
    let bad = |what: &str| -> ! {
        // The string may hold a password: name the position, not the text.
        panic!("{ADMIN_ENV}-style connection string: {what}")
    };
    let mut pairs = Vec::new();
    let mut chars = conn.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return pairs;
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            bad(&format!("expected '=' after keyword {key:?}"));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    Some('\'') => break,
                    Some('\\') => match chars.next() {
                        Some(c) => value.push(c),
                        None => bad(&format!("unterminated quoted value of {key:?}")),
                    },
                    Some(c) => value.push(c),
                    None => bad(&format!("unterminated quoted value of {key:?}")),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    if let Some(escaped) = chars.next() {
                        value.push(escaped);
                    }
                } else {
                    value.push(c);
                }
            }
        }
        pairs.push((key, value));
    }
}

fn quote_keyword_value(value: &str) -> String {
    let plain = !value.is_empty() && !value.chars().any(|c| c.is_whitespace() || c == '\'' || c == '\\');
    if plain {
        return value.to_string();
    }
    let mut s = String::from("'");
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('\'');
    s
}

/// As libpq splits a URL: user info up to an `@` met before any `/`, the
/// hosts up to `/` or `?`, the database up to `?`, then the query.
fn parse_url(scheme: &str, rest: &str) -> Conn {
    let (userinfo, rest) = match rest.find(['@', '/']) {
        Some(i) if rest[i..].starts_with('@') => (Some(rest[..i].to_string()), &rest[i + 1..]),
        _ => (None, rest),
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (hosts, rest) = rest.split_at(end);
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let dbname = path.strip_prefix('/').filter(|d| !d.is_empty()).map(str::to_string);
    let query = query.map(|q| q.split('&').filter(|p| !p.is_empty()).map(str::to_string).collect()).unwrap_or_default();
    Conn::Url { scheme: scheme.to_string(), userinfo, hosts: hosts.to_string(), dbname, query }
}

fn percent_encode(value: &str) -> String {
    let mut s = String::new();
    for b in value.bytes() {
        // unreserved, and `*` so a redacted password reads as one
        if b.is_ascii_alphanumeric() || b"-._~*".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use postgres::config::{Config, Host};
    use std::path::Path;

    fn config(conn: &str) -> Config {
        conn.parse().unwrap_or_else(|e| panic!("the postgres crate cannot parse {conn:?}: {e}"))
    }

    #[test]
    fn database_names_are_sanitised_and_fit_63_bytes() {
        assert_eq!(
            database_name("Reference Suite/SQLite-vs-PG", 1234, 7),
            "ramkoll_reference_suite_sqlite_vs_pg_1234_7"
        );
        assert_eq!(database_name("åäö", 9, 0), "ramkoll_____9_0");
        let long = database_name(&"x".repeat(100), u32::MAX, u64::MAX);
        assert_eq!(long.len(), 63);
        assert_eq!(long, format!("ramkoll_{}_4294967295_18446744073709551615", "x".repeat(23)));
    }

    #[test]
    fn keyword_form_gets_its_dbname_replaced_or_added() {
        let admin = "host=/tmp/ramkoll-pg.ab12 port=5434 user=postgres dbname=postgres";
        let db = with_dbname(admin, "ramkoll_t_1_0");
        assert_eq!(db, "host=/tmp/ramkoll-pg.ab12 port=5434 user=postgres dbname=ramkoll_t_1_0");
        let c = config(&db);
        assert_eq!(c.get_dbname(), Some("ramkoll_t_1_0"));
        assert_eq!(c.get_hosts(), &[Host::Unix(Path::new("/tmp/ramkoll-pg.ab12").into())]);
        assert_eq!(c.get_ports(), &[5434]);

        assert_eq!(with_dbname("host=localhost", "d"), "host=localhost dbname=d");
        // libpq's spacing around '=' and a quoted value with a space and escapes
        let spaced = with_dbname(r"host = '/tmp/a b'  dbname = x application_name='it\'s'", "new");
        assert_eq!(spaced, r"host='/tmp/a b' application_name='it\'s' dbname=new");
        let c = config(&spaced);
        assert_eq!(c.get_hosts(), &[Host::Unix(Path::new("/tmp/a b").into())]);
        assert_eq!(c.get_application_name(), Some("it's"));
        assert_eq!(c.get_dbname(), Some("new"));
    }

    #[test]
    fn url_form_gets_its_dbname_replaced_or_added() {
        assert_eq!(
            with_dbname("postgres://postgres@localhost:5434/postgres", "ramkoll_t_1_0"),
            "postgres://postgres@localhost:5434/ramkoll_t_1_0"
        );
        assert_eq!(with_dbname("postgresql://db.region.se", "d"), "postgresql://db.region.se/d");
        assert_eq!(with_dbname("postgres://h:5432/", "d"), "postgres://h:5432/d");
        // a dbname in the query would win over the path's: it goes
        let db = with_dbname("postgres://u:pw@h/old?sslmode=disable&dbname=other", "new");
        assert_eq!(db, "postgres://u:pw@h/new?sslmode=disable");
        assert_eq!(config(&db).get_dbname(), Some("new"));
        // a socket directory as the host, percent-encoded, stays as written
        let sock = with_dbname("postgres://%2Ftmp%2Fx:5434/postgres?user=postgres", "n_1");
        assert_eq!(sock, "postgres://%2Ftmp%2Fx:5434/n_1?user=postgres");
        let c = config(&sock);
        assert_eq!(c.get_hosts(), &[Host::Unix(Path::new("/tmp/x").into())]);
        assert_eq!((c.get_dbname(), c.get_user()), (Some("n_1"), Some("postgres")));
    }

    #[test]
    fn with_user_replaces_user_and_password_in_both_forms() {
        let kv = "host=/tmp/x user=postgres password=old dbname=d";
        let reader = with_user(kv, "ramkoll_reader", Some(r"p w'\"));
        assert_eq!(reader, r"host=/tmp/x dbname=d user=ramkoll_reader password='p w\'\\'");
        let c = config(&reader);
        assert_eq!(c.get_user(), Some("ramkoll_reader"));
        assert_eq!(c.get_password(), Some(&br"p w'\"[..]));
        assert_eq!(with_user(kv, "r", None), "host=/tmp/x dbname=d user=r");

        let url = with_user("postgres://postgres@h:1/d", "reader", Some("p@ss:w/rd"));
        assert_eq!(url, "postgres://reader:p%40ss%3Aw%2Frd@h:1/d");
        let c = config(&url);
        assert_eq!(c.get_user(), Some("reader"));
        assert_eq!(c.get_password(), Some(&b"p@ss:w/rd"[..]));
        assert_eq!(c.get_dbname(), Some("d"));
        assert_eq!(with_user("postgres://h/d", "r", None), "postgres://r@h/d");
        assert_eq!(with_user("postgres://u:old@h/d", "r", None), "postgres://r@h/d");
        assert_eq!(
            with_user("postgres://h/d?user=x&password=y&sslmode=prefer", "r", Some("z")),
            "postgres://r:z@h/d?sslmode=prefer"
        );
    }

    #[test]
    fn redacted_hides_the_password_only() {
        assert_eq!(redacted("host=h user=u password='s3 cret' dbname=d"), "host=h user=u dbname=d password=***");
        assert_eq!(redacted("postgres://u:s3cret@h/d"), "postgres://u:***@h/d");
        assert_eq!(redacted("postgres://h/d?password=s3cret"), "postgres://:***@h/d");
        assert_eq!(redacted("host=h dbname=d"), "host=h dbname=d");
        assert_eq!(Conn::parse("postgres://u:p%40@h/d").get("password"), Some("p@".to_string()));
    }

    #[test]
    #[should_panic(expected = "unterminated quoted value")]
    fn an_unterminated_quote_is_refused() {
        with_dbname("host='/tmp/x dbname=d", "n");
    }

    #[test]
    fn admin_is_the_variable_or_none_unless_required() {
        assert_eq!(admin_from(Some("host=/tmp/x".into()), true), Some("host=/tmp/x".into()));
        assert_eq!(admin_from(Some("host=/tmp/x".into()), false), Some("host=/tmp/x".into()));
        assert_eq!(admin_from(None, false), None);
        assert_eq!(admin_from(Some("  ".into()), false), None);
    }

    #[test]
    #[should_panic(expected = "the PostgreSQL suites must run here")]
    fn no_server_where_one_is_required_panics() {
        admin_from(None, true);
    }

    #[test]
    #[should_panic(expected = "the PostgreSQL suites must run here")]
    fn an_empty_server_string_where_one_is_required_panics() {
        admin_from(Some(String::new()), true);
    }

    /// On the server of RAMKOLL_TEST_PG (scripts/test.sh starts one): fresh
    /// databases, made from several threads at once, are distinct and empty
    /// and answer `SELECT 1`.
    #[test]
    fn fresh_databases_on_the_test_server_answer_select_1() {
        let Some(_) = admin() else {
            eprintln!("skipped: {ADMIN_ENV} is not set");
            return;
        };
        let mut names: Vec<String> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..4).map(|_| s.spawn(|| fresh_database("testkit pg"))).collect();
            workers.into_iter().filter_map(|w| w.join().ok().flatten()).collect()
        });
        assert_eq!(names.len(), 4);
        for conn in &names {
            let mut client = Client::connect(conn, NoTls).unwrap_or_else(|e| panic!("{}", describe(&e)));
            let row = client
                .query_one(
                    "SELECT 1::int4, current_database(), \
                     (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')",
                    &[],
                )
                .unwrap_or_else(|e| panic!("{}", describe(&e)));
            assert_eq!(row.get::<_, i32>(0), 1);
            let db: String = row.get(1);
            let prefix = format!("ramkoll_testkit_pg_{}_", std::process::id());
            assert!(db.starts_with(&prefix), "{db} does not start with {prefix}");
            assert_eq!(config(conn).get_dbname(), Some(db.as_str()));
            assert_eq!(row.get::<_, i64>(2), 0, "{db} is not empty");
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 4, "two threads got one database");
    }

    /// A name left on the server (a long-lived one, a process id used
    /// again) is stepped over, not an error.
    #[test]
    fn fresh_database_steps_over_names_already_taken() {
        let Some(admin) = admin() else {
            eprintln!("skipped: {ADMIN_ENV} is not set");
            return;
        };
        let mut client = connect(&admin);
        // the next 20 names this process would use (other tests take a few)
        let next = COUNTER.load(Ordering::Relaxed);
        let taken: Vec<String> =
            (next..next + 20).map(|n| database_name("testkit dup", std::process::id(), n)).collect();
        for name in &taken {
            client
                .batch_execute(&format!("CREATE DATABASE {}", ident(name)))
                .unwrap_or_else(|e| panic!("{}", describe(&e)));
        }
        let conn = fresh_database("testkit dup").expect("the server is there");
        let db = config(&conn).get_dbname().map(str::to_string).expect("a dbname");
        assert!(!taken.contains(&db), "{db} was already taken");
        let n: u64 = db.rsplit('_').next().and_then(|n| n.parse().ok()).expect("a number");
        assert!(n >= next + 20, "{db}: numbers below {} were taken", next + 20);
        Client::connect(&conn, NoTls).unwrap_or_else(|e| panic!("{}", describe(&e)));
    }

    /// Roles are cluster-wide: four threads creating the same one at once
    /// all succeed, and `with_user` connects as it.
    #[test]
    fn create_role_is_idempotent_and_with_user_connects_as_it() {
        let Some(db) = fresh_database("testkit role") else {
            eprintln!("skipped: {ADMIN_ENV} is not set");
            return;
        };
        let role = "ramkoll_testkit_reader";
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| create_role(role, Some("läs o'nly")));
            }
        });
        assert_eq!(create_role(role, None), Some(()));
        let mut client = Client::connect(&with_user(&db, role, Some("läs o'nly")), NoTls)
            .unwrap_or_else(|e| panic!("{}", describe(&e)));
        let row = client
            .query_one(
                "SELECT current_user::text, rolsuper, has_schema_privilege('public', 'CREATE') \
                 FROM pg_roles WHERE rolname = current_user",
                &[],
            )
            .unwrap_or_else(|e| panic!("{}", describe(&e)));
        assert_eq!(row.get::<_, String>(0), role);
        assert!(!row.get::<_, bool>(1), "a test role must not be a superuser");
        // PostgreSQL 15: a new role may not create in public; the GRANT tests build on that
        assert!(!row.get::<_, bool>(2));
    }
}

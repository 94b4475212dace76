//! The check a database file passes before Ramkoll uses it, and the settings
//! every connection gets.
//!
//! A database may come from someone else ("Öppna annan databas…", `--db`,
//! `RAMKOLL_DB`). SQLite runs whatever its schema says: a view named `frame`
//! over the real table changes every frame, a trigger on `import_batch`
//! rewrites the aggregates of the user's next import, a recursive view hangs
//! a report. So every table, index, view and trigger in `sqlite_master` must
//! be one that the file's `user_version` expects, and nothing else may be
//! there. "What version v expects" is not written down anywhere: it is what
//! running migrations 1..=v on an empty database gives, so it stays right as
//! migrations are added.
//!
//! The check only reads; `Store::open` runs it before the in-use marker, the
//! migration backup and the first write, so a refused file is left exactly
//! as it was.

use super::backup_files::restore_hint;
use super::{run_migrations, schema};
use crate::error::{Error, Result};
use rusqlite::config::DbConfig;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Settings for every connection, before it reads anything: functions in the
/// schema may not have side effects (`trusted_schema`), SQL cannot corrupt
/// the file on purpose (defensive mode: no `writable_schema`, no
/// `journal_mode=OFF`), and cells are checked for sizes that run off their
/// page as they are read (`cell_size_check`).
pub(crate) fn harden(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.pragma_update(None, "cell_size_check", true)?;
    Ok(())
}

/// One entry of `sqlite_master`, as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    kind: String,
    name: String,
    table: String,
    /// Normalised (`normalise_sql`); None for automatic indexes.
    sql: Option<String>,
    rootpage: i64,
}

/// Tables SQLite itself creates when someone runs `ANALYZE`: they can only
/// steer the query planner, so a database that has them is still accepted.
const SQLITE_STATS: [(&str, &str); 2] = [
    ("sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
    ("sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)"),
];

/// Refuse a database file whose schema is not exactly one Ramkoll made.
pub(crate) fn check_schema(conn: &Connection, db: &Path) -> Result<()> {
    let unreadable = |e: rusqlite::Error| {
        file_error(db, format!("databasen är skadad eller ingen databas ({e}). {}", restore_hint(db)))
    };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(unreadable)?;
    let found = read_objects(conn).map_err(unreadable)?;
    if version > schema::MIGRATIONS.len() as i64 {
        return Err(file_error(
            db,
            format!("databasen är skapad av en nyare Ramkoll (schema {version}); uppdatera programmet"),
        ));
    }
    if version < 0 {
        return Err(file_error(db, format!("databasen har ett schemanummer ({version}) som Ramkoll aldrig använt")));
    }
    let expected = expected_objects(version as usize)?;
    let problems = compare(&expected, &found, version);
    match problems.split_first() {
        None => Ok(()),
        Some((first, rest)) => {
            let mut message = format!("{first}: filen öppnas inte");
            if !rest.is_empty() {
                let more: Vec<&str> = rest.iter().take(4).map(String::as_str).collect();
                let left = rest.len().saturating_sub(more.len());
                message.push_str(&format!(" (dessutom: {}", more.join("; ")));
                if left > 0 {
                    message.push_str(&format!("; och {left} till"));
                }
                message.push(')');
            }
            Err(file_error(db, message))
        }
    }
}

fn file_error(db: &Path, message: String) -> Error {
    Error::File { path: db.to_path_buf(), message }
}

/// The schema that migrations 1..=version leave in an empty database.
fn expected_objects(version: usize) -> Result<Vec<Object>> {
    let db = super::db::Db::Sqlite(Connection::open_in_memory()?);
    run_migrations(&db, 0, version)?;
    Ok(read_objects(db.sqlite().ok_or_else(|| Error::internal("SQLite"))?)?)
}

fn read_objects(conn: &Connection) -> rusqlite::Result<Vec<Object>> {
    let mut st = conn.prepare("SELECT type, name, tbl_name, sql, rootpage FROM sqlite_master")?;
    let rows = st.query_map([], |r| {
        let text = |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()) };
        Ok(Object {
            kind: text(0)?,
            name: text(1)?,
            table: text(2)?,
            sql: r.get::<_, Option<String>>(3)?.map(|s| normalise_sql(&s)),
            rootpage: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
        })
    })?;
    rows.collect()
}

/// What differs, most telling first: objects Ramkoll does not create (views
/// and triggers before tables and indexes), then changed ones, then missing.
fn compare(expected: &[Object], found: &[Object], version: i64) -> Vec<String> {
    let want: HashMap<(&str, &str), &Object> =
        expected.iter().map(|o| ((o.kind.as_str(), o.name.as_str()), o)).collect();
    let have: HashMap<(&str, &str), &Object> = found.iter().map(|o| ((o.kind.as_str(), o.name.as_str()), o)).collect();
    let mut problems: Vec<((u8, u8, String), String)> = Vec::new();
    for o in found {
        let rank = kind_rank(&o.kind);
        match want.get(&(o.kind.as_str(), o.name.as_str())) {
            None if is_sqlite_stats(o) => {}
            None => problems.push((
                (0, rank, o.name.clone()),
                format!("databasen innehåller {}{} som Ramkoll inte skapar", describe(o), on_table(o)),
            )),
            Some(w) if w.table != o.table || w.sql != o.sql => problems.push((
                (1, rank, o.name.clone()),
                format!("{} i databasen är inte som Ramkoll skapar den (schema {version})", definite(o)),
            )),
            Some(_) => {}
        }
    }
    for w in expected {
        if !have.contains_key(&(w.kind.as_str(), w.name.as_str())) {
            problems.push((
                (2, kind_rank(&w.kind), w.name.clone()),
                format!("databasen saknar {} (schema {version})", definite(w)),
            ));
        }
    }
    problems.extend(shared_pages(found).into_iter().map(|m| ((3, 0, String::new()), m)));
    problems.sort();
    problems.into_iter().map(|(_, m)| m).collect()
}

/// Two tables or indexes on one root page would read each other's rows.
fn shared_pages(found: &[Object]) -> Vec<String> {
    let mut by_page: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    for o in found.iter().filter(|o| o.kind == "table" || o.kind == "index").filter(|o| o.rootpage > 0) {
        by_page.entry(o.rootpage).or_default().push(&o.name);
    }
    by_page
        .into_iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|(page, names)| {
            let names: Vec<String> = names.iter().map(|n| quoted(n)).collect();
            format!("databasen är skadad: {} delar rotsida {page}", names.join(" och "))
        })
        .collect()
}

fn is_sqlite_stats(o: &Object) -> bool {
    SQLITE_STATS
        .iter()
        .any(|(name, sql)| o.kind == "table" && o.name == *name && o.sql.as_deref() == Some(&normalise_sql(sql)))
}

fn kind_rank(kind: &str) -> u8 {
    match kind {
        "view" => 0,
        "trigger" => 1,
        "table" => 2,
        "index" => 3,
        _ => 4,
    }
}

/// A name as the message shows it: quoted, control characters escaped, cut
/// short (the name is the file author's text).
fn quoted(name: &str) -> String {
    let mut s: String = name.chars().take(60).collect::<String>().escape_debug().to_string();
    if name.chars().count() > 60 {
        s.push('…');
    }
    format!("\"{s}\"")
}

/// `en vy "frame"`
fn describe(o: &Object) -> String {
    let what = match o.kind.as_str() {
        "view" => "en vy",
        "trigger" => "en trigger",
        "table" => "en tabell",
        "index" => "ett index",
        _ => "ett schemaobjekt",
    };
    format!("{what} {}", quoted(&o.name))
}

/// `tabellen "frame"`
fn definite(o: &Object) -> String {
    let what = match o.kind.as_str() {
        "view" => "vyn",
        "trigger" => "triggern",
        "table" => "tabellen",
        "index" => "indexet",
        _ => "schemaobjektet",
    };
    format!("{what} {}", quoted(&o.name))
}

/// ` på tabellen "import_batch"` for triggers and indexes.
fn on_table(o: &Object) -> String {
    match o.kind.as_str() {
        "trigger" | "index" if !o.table.is_empty() => format!(" på tabellen {}", quoted(&o.table)),
        _ => String::new(),
    }
}

/// A CREATE statement in a form where only meaning counts: comments dropped
/// (the migrations' comments may be reworded between versions), whitespace
/// runs made one space and dropped next to `(`, `)`, `,` and `;`, letters
/// outside quotes lower-cased (SQL keywords and names ignore case). Quoted
/// text ('…', "…", `…`, […]) is kept byte for byte.
pub(crate) fn normalise_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut space = false;
    let tight = |c: char| matches!(c, '(' | ')' | ',' | ';');
    while let Some(c) = chars.next() {
        let comment = match (c, chars.peek()) {
            ('-', Some('-')) => Some(false),
            ('/', Some('*')) => Some(true),
            _ => None,
        };
        if let Some(block) = comment {
            chars.next();
            skip_comment(&mut chars, block);
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !out.ends_with(tight) && !tight(c) {
            out.push(' ');
        }
        space = false;
        let close = match c {
            '\'' | '"' | '`' => Some(c),
            '[' => Some(']'),
            _ => None,
        };
        match close {
            Some(close) => {
                out.push(c);
                for q in chars.by_ref() {
                    out.push(q);
                    if q == close {
                        break;
                    }
                }
            }
            None => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

fn skip_comment(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, block: bool) {
    let mut prev = '\0';
    for c in chars.by_ref() {
        if (!block && c == '\n') || (block && prev == '*' && c == '/') {
            return;
        }
        prev = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn raw(path: &Path) -> Connection {
        Connection::open(path).unwrap()
    }

    fn refused(path: &Path) -> String {
        let conn = raw(path);
        check_schema(&conn, path).unwrap_err().to_string()
    }

    #[test]
    fn normalising_keeps_meaning_and_drops_layout() {
        assert_eq!(
            normalise_sql("CREATE TABLE t (\n  a  INTEGER, -- the a\n  b TEXT /* b */ DEFAULT 'X  -- y'\n)"),
            "create table t(a integer,b text default 'X  -- y')"
        );
        assert_eq!(normalise_sql("CREATE INDEX i ON t(a, b)"), normalise_sql("create index i on t (a,b)"));
        assert_ne!(normalise_sql("CHECK (s IN ('active'))"), normalise_sql("CHECK (s IN ('Active'))"));
        assert_ne!(normalise_sql("a - -1"), normalise_sql("a - 1"));
        assert_eq!(normalise_sql("\"Frame\" [x y]"), "\"Frame\" [x y]");
    }

    #[test]
    fn every_version_ramkoll_made_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        for v in 0..=schema::MIGRATIONS.len() {
            let path = dir.path().join(format!("v{v}.db"));
            Store::create_with_schema(&path, v).unwrap();
            let conn = raw(&path);
            check_schema(&conn, &path).unwrap_or_else(|e| panic!("schema {v}: {e}"));
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(version, v as i64);
        }
    }

    #[test]
    fn an_object_ramkoll_does_not_create_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        drop(Store::open(&path).unwrap());
        raw(&path)
            .execute_batch(
                "ALTER TABLE frame RENAME TO frame_data;
                 CREATE VIEW frame AS SELECT id, batch_id, row_no, year, area, category, decided * 10 AS decided,
                        extended * 10 AS extended, decision_year, comment, superseded_by, active FROM frame_data;",
            )
            .unwrap();
        let m = refused(&path);
        assert!(m.contains("databasen innehåller en vy \"frame\" som Ramkoll inte skapar: filen öppnas inte"), "{m}");
        assert!(m.contains("en tabell \"frame_data\" som Ramkoll inte skapar"), "{m}");
        assert!(m.contains("databasen saknar tabellen \"frame\""), "{m}");
    }

    #[test]
    fn a_changed_statement_a_trigger_and_an_index_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        drop(Store::open(&path).unwrap());
        let n = schema::MIGRATIONS.len();
        raw(&path)
            .execute_batch("DROP TABLE setting; CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT);")
            .unwrap();
        let m = refused(&path);
        assert!(m.starts_with(&format!("{}: ", path.display())), "{m}");
        assert!(
            m.contains(&format!("tabellen \"setting\" i databasen är inte som Ramkoll skapar den (schema {n})")),
            "{m}"
        );

        let path = dir.path().join("b.db");
        drop(Store::open(&path).unwrap());
        raw(&path)
            .execute_batch(
                "CREATE TRIGGER halve AFTER UPDATE ON import_batch BEGIN UPDATE ledger_agg SET amount = amount / 2; END;
                 CREATE INDEX extra ON frame(area);",
            )
            .unwrap();
        let m = refused(&path);
        assert!(
            m.contains("databasen innehåller en trigger \"halve\" på tabellen \"import_batch\" som Ramkoll inte skapar: filen öppnas inte"),
            "{m}"
        );
        assert!(m.contains("(dessutom: databasen innehåller ett index \"extra\" på tabellen \"frame\""), "{m}");
    }

    #[test]
    fn a_database_someone_analyzed_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        drop(Store::open(&path).unwrap());
        raw(&path).execute_batch("ANALYZE").unwrap();
        check_schema(&raw(&path), &path).unwrap();
    }

    #[test]
    fn a_file_from_another_program_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        raw(&path).execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);").unwrap();
        let m = refused(&path);
        assert!(
            m.contains("databasen innehåller en tabell \"notes\" som Ramkoll inte skapar: filen öppnas inte"),
            "{m}"
        );
    }

    #[test]
    fn a_name_is_shown_escaped_and_short() {
        assert_eq!(quoted("a\"b\nc"), "\"a\\\"b\\nc\"");
        assert_eq!(quoted(&"x".repeat(100)), format!("\"{}…\"", "x".repeat(60)));
    }
}

//! `ramkoll db copy`: one database's every row, ids and all, into another
//! that is empty — a controller's SQLite file into the division's shared
//! PostgreSQL database, or back (issue 15).
//!
//! The tables are the schema's, read from its own definition (the migrations
//! run on an empty in-memory database, as `guard` learns what to expect), in
//! an order where every table comes after the tables it references; both
//! databases are checked to have them, column for column. Ids are kept: a
//! batch's lines point at its id and the audit log's hash chain covers them.
//! Everything is written in one transaction on the target, so a failure
//! leaves it as it was. To a server the rows go by COPY (a million ledger
//! lines in a few round trips), and each identity column's sequence is then
//! set past the largest id so the next import does not collide.

use super::db::{self, Db, Dialect, Row, Value};
use super::Store;
use crate::error::{Error, Result};
use serde::Serialize;
use std::fmt::Write;

/// Rows read and written at a time (keyset by id, so a million-line table
/// is never held whole in memory).
const CHUNK: i64 = 20_000;

/// Tables a new database is given rows in by its first migrations (rules,
/// cost types, settings): the source's replace them.
const SEEDED: &[&str] = &["rule", "cost_type", "setting"];

/// How many rows one table had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

/// What a copy wrote: every table of the schema, in the order copied.
#[derive(Debug, Clone, Serialize)]
pub struct CopyOutcome {
    pub tables: Vec<TableCount>,
    pub rows: u64,
}

/// One table of the schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub(crate) name: String,
    pub(crate) columns: Vec<String>,
    /// The single integer primary key, when there is one (read in id order by it).
    key: Option<String>,
    /// Tables it references by foreign key.
    parents: Vec<String>,
}

/// Copy every row of `from` into `to`, which must be empty (a new database:
/// nothing but the seeded rules, cost types and settings) and at the same
/// schema version. `progress(table, rows so far)` after each chunk.
pub fn copy_database(from: &Store, to: &mut Store, progress: &mut dyn FnMut(&str, u64)) -> Result<CopyOutcome> {
    let tables = schema_tables()?;
    for (store, role) in [(from, "källan"), (&*to, "målet")] {
        check_version(store, role)?;
        check_tables(store, &tables, role)?;
    }
    // a full read of a large table is many steps: not a runaway statement
    let _paused = (from.watchdog.pause(), to.watchdog.pause());
    // One snapshot of the source, whoever writes to it meanwhile: a batch
    // committed between reading the batches and the lines would be half
    // there. Ends (rolls back: nothing was written) when dropped.
    let snapshot = from.db.begin()?;
    if snapshot.dialect() == Dialect::Postgres {
        snapshot.execute_batch("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    }
    let tx = to.db.begin()?;
    // Nobody writes to the target from its emptiness check to the commit:
    // on a server the tables are locked against writers (readers go on);
    // SQLite's first write below takes the file's write lock.
    if tx.dialect() == Dialect::Postgres {
        let names = tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ");
        tx.execute_batch(&format!("LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))?;
    }
    for t in SEEDED {
        tx.execute(&format!("DELETE FROM {t}"), db::params![])?;
    }
    check_empty(to, &tables)?;
    let mut counts = Vec::with_capacity(tables.len());
    for t in &tables {
        let rows = copy_table(&snapshot, &tx, t, progress)?;
        counts.push(TableCount { table: t.name.clone(), rows });
    }
    if tx.dialect() == Dialect::Postgres {
        reset_sequences(&tx)?;
    }
    tx.commit()?;
    drop(snapshot);
    if to.db.dialect() == Dialect::Postgres {
        // statistics for the planner now, not when autovacuum comes round:
        // the reports compared next (and the users' first) read these tables
        to.db.execute_batch("ANALYZE")?;
    }
    let rows = counts.iter().map(|c| c.rows).sum();
    Ok(CopyOutcome { tables: counts, rows })
}

/// The schema's tables as the migrations define them, parents first.
pub(crate) fn schema_tables() -> Result<Vec<Table>> {
    let db = Db::Sqlite(rusqlite::Connection::open_in_memory()?);
    super::run_migrations(&db, 0, super::schema::MIGRATIONS.len())?;
    let names = db.query_map(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
        db::params![],
        |r| r.get::<String>(0),
    )?;
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        // (name, declared type, position in the primary key)
        let cols =
            db.query_map("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid", db::params![name], |r| {
                Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<i64>(2)?))
            })?;
        let pk: Vec<_> = cols.iter().filter(|c| c.2 > 0).collect();
        let key = match pk.as_slice() {
            [(col, ty, _)] if ty.eq_ignore_ascii_case("INTEGER") => Some(col.clone()),
            _ => None,
        };
        let parents =
            db.query_map("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)", db::params![name], |r| {
                r.get::<String>(0)
            })?;
        tables.push(Table { columns: cols.into_iter().map(|c| c.0).collect(), name, key, parents });
    }
    parents_first(tables)
}

/// `tables` reordered so each comes after every table it references
/// (creation order otherwise).
fn parents_first(mut rest: Vec<Table>) -> Result<Vec<Table>> {
    let mut out: Vec<Table> = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let ready = rest
            .iter()
            .position(|t| t.parents.iter().all(|p| p == &t.name || out.iter().any(|o| &o.name == p)))
            .ok_or_else(|| Error::internal("schemats främmande nycklar bildar en ring"))?;
        out.push(rest.remove(ready));
    }
    Ok(out)
}

fn check_version(store: &Store, role: &str) -> Result<()> {
    let v = super::schema_version(&store.db)?;
    let latest = super::schema::MIGRATIONS.len();
    if v != latest {
        return Err(Error::conflict(format!(
            "{role} {} har schema {v}, inte {latest}: öppna den med den här versionen av Ramkoll först",
            store.path().display()
        )));
    }
    Ok(())
}

/// The tables of a database and their columns, as it has them.
fn columns_of(store: &Store) -> Result<Vec<(String, String)>> {
    match store.db.dialect() {
        Dialect::Sqlite => store.db.query_map(
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            db::params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ),
        Dialect::Postgres => store.db.query_map(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> 'ramkoll_schema'",
            db::params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ),
    }
}

/// Every table of the schema with every column, and no table besides: a
/// table the schema does not know would be left behind, so it is refused.
fn check_tables(store: &Store, tables: &[Table], role: &str) -> Result<()> {
    let mut found = columns_of(store)?;
    found.sort();
    let mut want: Vec<(String, String)> =
        tables.iter().flat_map(|t| t.columns.iter().map(|c| (t.name.clone(), c.clone()))).collect();
    want.sort();
    if found == want {
        return Ok(());
    }
    let missing: Vec<String> = want.iter().filter(|w| !found.contains(w)).map(|(t, c)| format!("{t}.{c}")).collect();
    let extra: Vec<String> = found.iter().filter(|f| !want.contains(f)).map(|(t, c)| format!("{t}.{c}")).collect();
    Err(Error::conflict(format!(
        "{role} {} har inte Ramkolls schema (saknas: {}; okänt: {})",
        store.path().display(),
        list_or_none(&missing),
        list_or_none(&extra)
    )))
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        return "inget".into();
    }
    let mut s = v.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
    if v.len() > 8 {
        let _ = write!(s, " och {} till", v.len() - 8);
    }
    s
}

/// Refused unless every table but the seeded ones is empty: a copy never
/// overwrites someone's data.
fn check_empty(to: &Store, tables: &[Table]) -> Result<()> {
    let mut held = Vec::new();
    for t in tables.iter().filter(|t| !SEEDED.contains(&t.name.as_str())) {
        let n: i64 = to.db.query_row(&format!("SELECT COUNT(*) FROM {}", t.name), db::params![], |r| r.get(0))?;
        if n > 0 {
            held.push(format!("{n} {}", what(&t.name)));
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    Err(Error::conflict(format!(
        "målet {} är inte tomt: det har {}. Kopiera bara till en ny, tom databas; inget har ändrats",
        to.path().display(),
        held.join(", ")
    )))
}

/// A table's rows as a user would call them.
fn what(table: &str) -> String {
    match table {
        "import_batch" => "importer".into(),
        "ledger_line" => "huvudboksrader".into(),
        "ledger_agg" => "summeringsrader".into(),
        "frame" => "ramrader".into(),
        "budget" => "budgetrader".into(),
        "staff" => "personalrader".into(),
        "comment" => "kommentarer".into(),
        "comment_version" => "kommentarsversioner".into(),
        "planned_purchase" => "planerade anskaffningar".into(),
        "forecast_round" => "prognosomgångar".into(),
        "forecast" => "prognosrader".into(),
        "audit_log" => "poster i loggen".into(),
        "period_close" => "klarmarkeringar".into(),
        "asset" => "anläggningar".into(),
        "purchase_order" => "beställningar".into(),
        "saved_mapping" => "sparade kolumnmappningar".into(),
        "code_name" => "kodnamn".into(),
        other => format!("rader i {other}"),
    }
}

/// A column as both dialects name it (`user` is reserved on the server).
fn quoted(col: &str) -> String {
    format!("\"{col}\"")
}

fn copy_table(from: &Db, to: &Db, t: &Table, progress: &mut dyn FnMut(&str, u64)) -> Result<u64> {
    let cols = t.columns.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", ");
    let mut done = 0u64;
    match &t.key {
        Some(key) => {
            let sql =
                format!("SELECT {cols} FROM {} WHERE {k} > ?1 ORDER BY {k} LIMIT {CHUNK}", t.name, k = quoted(key));
            let at = t.columns.iter().position(|c| c == key).unwrap_or(0);
            let mut after = i64::MIN;
            loop {
                let rows = from.query_map(&sql, db::params![after], |r| values(r, t.columns.len()))?;
                let Some(last) = rows.last() else { break };
                after = match last.get(at) {
                    Some(Value::Int(i)) => *i,
                    _ => return Err(Error::internal(format!("{}.{key}: ett id som inte är ett heltal", t.name))),
                };
                done += write_rows(to, t, &cols, &rows)?;
                progress(&t.name, done);
            }
        }
        None => {
            // small tables (settings, names, aggregates): read whole
            let rows = from
                .query_map(&format!("SELECT {cols} FROM {}", t.name), db::params![], |r| values(r, t.columns.len()))?;
            done += write_rows(to, t, &cols, &rows)?;
            progress(&t.name, done);
        }
    }
    Ok(done)
}

fn values(r: &Row<'_>, n: usize) -> Result<Vec<Value>> {
    (0..n).map(|i| r.get::<Value>(i)).collect()
}

fn write_rows(to: &Db, t: &Table, cols: &str, rows: &[Vec<Value>]) -> Result<u64> {
    if rows.is_empty() {
        return Ok(0);
    }
    match to {
        Db::Postgres(pg) => {
            let mut buf = String::with_capacity(rows.len() * 64 * t.columns.len());
            for row in rows {
                copy_line(&mut buf, row);
            }
            pg.copy_in(&format!("COPY {} ({cols}) FROM STDIN", t.name), buf.as_bytes())?;
        }
        Db::Sqlite(_) => {
            let marks = (1..=t.columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
            let sql = format!("INSERT INTO {} ({cols}) VALUES ({marks})", t.name);
            for row in rows {
                to.execute(&sql, &db::params_of(row))?;
            }
        }
    }
    Ok(rows.len() as u64)
}

/// One row in COPY's text format.
fn copy_line(b: &mut String, row: &[Value]) {
    for v in row {
        match v {
            Value::Null => b.push_str("\\N\t"),
            Value::Int(i) => {
                let _ = write!(b, "{i}\t");
            }
            Value::Real(f) => {
                let _ = write!(b, "{f}\t");
            }
            Value::Text(s) => super::copy::text(b, s),
            Value::Blob(bytes) => {
                // bytea's hex form, its backslash escaped for COPY
                b.push_str("\\\\x");
                for byte in bytes {
                    let _ = write!(b, "{byte:02x}");
                }
                b.push('\t');
            }
        }
    }
    // the last field's tab becomes the line's end
    b.pop();
    b.push('\n');
}

/// Each identity column's sequence past the largest id copied, so the next
/// row the server numbers itself does not take a copied one's id.
fn reset_sequences(db: &Db) -> Result<()> {
    let identities = db.query_map(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
        db::params![],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
    )?;
    for (t, c) in identities {
        db.query_row(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{t}', '{c}'), COALESCE(MAX({q}), 0) + 1, false) FROM {t}",
                q = quoted(&c)
            ),
            db::params![],
            |_| Ok(()),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_tables_come_parents_first_and_without_the_version_table() {
        let tables = schema_tables().unwrap();
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        for t in &tables {
            let at = names.iter().position(|n| *n == t.name).unwrap();
            for p in &t.parents {
                let p_at = names.iter().position(|n| n == p).unwrap_or_else(|| panic!("{p} not among {names:?}"));
                assert!(p_at < at, "{} before its parent {p}: {names:?}", t.name);
            }
        }
        // every table a migration creates, the one SQLite keeps its version in not among them
        for want in ["import_batch", "ledger_line", "ledger_agg", "audit_log", "forecast_round", "purchase_order"] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n.starts_with("sqlite_") || *n == "ramkoll_schema"), "{names:?}");
        let line = tables.iter().find(|t| t.name == "ledger_line").unwrap();
        assert_eq!(line.key.as_deref(), Some("id"));
        assert_eq!(line.parents, ["import_batch"]);
        let forecast = tables.iter().find(|t| t.name == "forecast").unwrap();
        assert_eq!(forecast.parents, ["forecast_round"]);
        assert_eq!(tables.iter().find(|t| t.name == "forecast_round").unwrap().key.as_deref(), Some("round"));
        // composite and text keys, and no key, are read whole
        for whole in ["code_name", "comment", "ledger_agg", "setting", "saved_mapping"] {
            assert_eq!(tables.iter().find(|t| t.name == whole).unwrap().key, None, "{whole}");
        }
        let audit = tables.iter().find(|t| t.name == "audit_log").unwrap();
        assert!(audit.columns.iter().any(|c| c == "user"), "{:?}", audit.columns);
    }

    #[test]
    fn a_ring_of_references_is_refused_and_a_child_waits_for_its_parent() {
        let t = |name: &str, parents: &[&str]| Table {
            name: name.into(),
            columns: vec![],
            key: None,
            parents: parents.iter().map(|p| p.to_string()).collect(),
        };
        let order = parents_first(vec![t("child", &["parent"]), t("parent", &[]), t("own", &["own"])]).unwrap();
        assert_eq!(order.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["parent", "child", "own"]);
        assert!(parents_first(vec![t("a", &["b"]), t("b", &["a"])]).is_err());
    }

    #[test]
    fn copy_lines_escape_texts_and_mark_nulls() {
        let mut b = String::new();
        copy_line(
            &mut b,
            &[Value::Int(-5), Value::Null, Value::Text("a\tb\\c".into()), Value::Blob(vec![0, 255]), Value::Real(1.5)],
        );
        assert_eq!(b, "-5\t\\N\ta\\tb\\\\c\t\\\\x00ff\t1.5\n");
    }

    fn with_batch(s: &Store) {
        s.db.execute(
            "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row, mapping, \
             row_count, control_sum, imported_at) VALUES ('ledger', 's', 'f.xlsx', '/f.xlsx', 'x', 'xlsx', 'Blad1', 1, '{}', 1, 100, 'nu')",
            db::params![],
        )
        .unwrap();
        s.db.execute(
            "INSERT INTO ledger_line (batch_id, row_no, period, year, amount, text) VALUES (1, 2, 201803, 2018, 100, 'rad\tmed tab')",
            db::params![],
        )
        .unwrap();
    }

    #[test]
    fn sqlite_to_sqlite_keeps_ids_and_refuses_a_target_that_is_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        let from = Store::open(&dir.path().join("a.db")).unwrap();
        with_batch(&from);
        from.db.execute("UPDATE ledger_line SET id = 77", db::params![]).unwrap();
        from.db.execute("INSERT INTO setting (key, value) VALUES ('annual_hours', '1700')", db::params![]).unwrap();
        let mut to = Store::open(&dir.path().join("b.db")).unwrap();
        let mut seen = Vec::new();
        let o = copy_database(&from, &mut to, &mut |t, n| seen.push((t.to_string(), n))).unwrap();
        let count = |t: &str| o.tables.iter().find(|c| c.table == t).unwrap().rows;
        assert_eq!((count("import_batch"), count("ledger_line"), count("comment")), (1, 1, 0));
        assert_eq!(
            count("rule"),
            from.db.query_row("SELECT COUNT(*) FROM rule", db::params![], |r| r.get::<u64>(0)).unwrap()
        );
        assert!(seen.contains(&("ledger_line".to_string(), 1)), "{seen:?}");
        let (id, text): (i64, String) =
            to.db.query_row("SELECT id, text FROM ledger_line", db::params![], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((id, text.as_str()), (77, "rad\tmed tab"));
        let hours: String = to
            .db
            .query_row("SELECT value FROM setting WHERE key = 'annual_hours'", db::params![], |r| r.get(0))
            .unwrap();
        assert_eq!(hours, "1700");
        // again onto the same target: refused, naming what it holds, and nothing changed
        let e = copy_database(&from, &mut to, &mut |_, _| {}).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, Error::Conflict(_)), "{e:?}");
        assert!(msg.contains("b.db") && msg.contains("1 importer") && msg.contains("1 huvudboksrader"), "{msg}");
        let n: i64 = to.db.query_row("SELECT COUNT(*) FROM ledger_line", db::params![], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn a_failed_copy_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let from = Store::open(&dir.path().join("a.db")).unwrap();
        with_batch(&from);
        // a line whose batch does not exist: the target's foreign key refuses it mid-copy
        from.db.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        from.db.execute("UPDATE ledger_line SET batch_id = 9", db::params![]).unwrap();
        let mut to = Store::open(&dir.path().join("b.db")).unwrap();
        let rules =
            |s: &Store| s.db.query_row("SELECT COUNT(*) FROM rule", db::params![], |r| r.get::<i64>(0)).unwrap();
        let before = rules(&to);
        assert!(copy_database(&from, &mut to, &mut |_, _| {}).is_err());
        let batches: i64 = to.db.query_row("SELECT COUNT(*) FROM import_batch", db::params![], |r| r.get(0)).unwrap();
        assert_eq!((batches, rules(&to)), (0, before));
    }
}

//! The audit log: one hash-chained entry per change, appended inside the
//! change's own transaction (so a change and its entry commit or vanish
//! together), after the frozen-period check that may still refuse it.
//! The table is append-only: triggers refuse UPDATE and DELETE, and the
//! chain shows any edit made around them.

use super::periods::closed_in;
use super::{now, Store};
use crate::control::audit::{self, AuditEntry, Draft};
use crate::control::frozen::{self, Touches};
use crate::error::Result;
use super::db::{params, Db};
use std::path::Path;

/// Refuse the change when it touches a closed period (`what` names it in
/// the message: "Importen av hb.xlsx"), else append its entry. Called on
/// the change's transaction just before it commits.
pub(super) fn record(
    conn: &Db,
    user: &str,
    what: &str,
    touches: &Touches,
    draft: &Draft,
) -> Result<AuditEntry> {
    if !touches.is_empty() {
        frozen::check_open(what, touches, &closed_in(conn)?)?;
    }
    append(conn, user, draft)
}

/// Seal `draft` onto the chain's head and store it.
pub(super) fn append(conn: &Db, user: &str, draft: &Draft) -> Result<AuditEntry> {
    let head: Option<(i64, String)> = conn
        .query_opt("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", params![], |r| Ok((r.get(0)?, r.get(1)?)))
        ?;
    let e = audit::seal(head.as_ref().map(|(id, h)| (*id, h.as_str())), &now(), user, draft);
    conn.execute(
        "INSERT INTO audit_log (id, at, \"user\", operation, subject, summary, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![e.id, e.at, e.user, e.operation, e.subject, e.summary, e.prev_hash, e.hash],
    )?;
    Ok(e)
}

/// Which entries `Store::audit_log` returns. `kind` is matched as
/// [`crate::control::Operation::matches`] does; `subject` exactly.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// `YYYY-MM-DD` (or a longer time): entries at or after it.
    pub since: Option<String>,
    pub kind: Option<String>,
    pub subject: Option<String>,
}

fn entry(r: &super::db::Row<'_>) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        user: r.get(2)?,
        operation: r.get(3)?,
        subject: r.get(4)?,
        summary: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

/// The chain's last entry in the database file at `path`, read-only and
/// without migrating it (a restore reads the head it is about to replace).
/// `None` when there is no such file or it has no log yet.
pub fn audit_head_at(path: &Path) -> Result<Option<AuditEntry>> {
    if !path.exists() {
        return Ok(None);
    }
    let conn = Db::Sqlite(rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?);
    let has_log: bool =
        conn.query_row("SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'audit_log'", params![], |r| r.get(0))?;
    if !has_log {
        return Ok(None);
    }
    Ok(conn.query_opt(HEAD, params![], entry)?)
}

const HEAD: &str =
    "SELECT id, at, \"user\", operation, subject, summary, prev_hash, hash FROM audit_log ORDER BY id DESC LIMIT 1";

impl Store {
    /// The log in id order, filtered.
    pub fn audit_log(&self, f: &LogFilter) -> Result<Vec<AuditEntry>> {
        let mut st = self.db.prepare(
            "SELECT id, at, \"user\", operation, subject, summary, prev_hash, hash FROM audit_log
             WHERE (CAST(?1 AS TEXT) IS NULL OR at >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR subject = ?2) ORDER BY id",
        )?;
        let rows = st.query_map(params![f.since, f.subject], entry)?;
        let all: Vec<AuditEntry> = rows.collect::<std::result::Result<_, _>>()?;
        let kind_ok = |e: &AuditEntry| match (&f.kind, crate::control::Operation::parse(&e.operation)) {
            (None, _) => true,
            (Some(k), Some(op)) => op.matches(k),
            (Some(k), None) => &e.operation == k,
        };
        Ok(all.into_iter().filter(kind_ok).collect())
    }

    /// The chain's last entry.
    pub fn audit_head(&self) -> Result<Option<AuditEntry>> {
        Ok(self.db.query_opt(HEAD, params![], entry)?)
    }

    /// Log a change that has no transaction of its own here (a restore,
    /// logged in the restored database once it is in place).
    pub fn append_audit(&mut self, draft: &Draft) -> Result<AuditEntry> {
        let tx = self.db.begin()?;
        let e = append(&tx, &self.user, draft)?;
        tx.commit()?;
        Ok(e)
    }
}

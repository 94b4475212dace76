//! Month sign-off (klarmarkering): closing a period records who, when, a
//! note and the checks' outcome; reopening needs a reason. Both are rows of
//! the append-only `period_close`; a period is closed when its latest row
//! closes it. Each writes its audit entry in the same transaction.

use super::audit::append;
use super::{now, Store};
use crate::control::audit::{Draft, Operation};
use crate::control::SignoffChecks;
use crate::error::{Error, Result};
use super::db::{params, Db};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeSet;

/// One sign-off or reopening.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodEvent {
    pub id: i64,
    pub period: u32,
    /// `close` or `reopen`.
    pub action: String,
    pub user: String,
    pub at: String,
    /// The note of a sign-off, the reason of a reopening.
    pub note: String,
    /// What the checks found when the period was closed.
    pub checks: Option<SignoffChecks>,
}

/// The closed periods, read on `conn` (a change's own transaction).
pub(super) fn closed_in(conn: &Db) -> Result<BTreeSet<u32>> {
    let mut st = conn.prepare(
        "SELECT p.period FROM period_close p
         WHERE p.action = 'close' AND p.id = (SELECT MAX(id) FROM period_close q WHERE q.period = p.period)",
    )?;
    let rows = st.query_map(params![], |r| r.get::<u32>(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn event(r: &super::db::Row<'_>) -> Result<PeriodEvent> {
    let checks: Option<String> = r.get(6)?;
    Ok(PeriodEvent {
        id: r.get(0)?,
        period: r.get(1)?,
        action: r.get(2)?,
        user: r.get(3)?,
        at: r.get(4)?,
        note: r.get(5)?,
        checks: checks.and_then(|c| serde_json::from_str(&c).ok()),
    })
}

impl Store {
    pub fn closed_periods(&self) -> Result<BTreeSet<u32>> {
        closed_in(&self.db)
    }

    /// Sign-offs and reopenings, oldest first; of one year when given.
    pub fn period_events(&self, year: Option<i32>) -> Result<Vec<PeriodEvent>> {
        let mut st = self.db.prepare(
            "SELECT id, period, action, \"user\", at, note, checks FROM period_close
             WHERE CAST(?1 AS BIGINT) IS NULL OR period / 100 = CAST(?1 AS BIGINT) ORDER BY id",
        )?;
        let rows = st.query_map(params![year], event)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Close `period` with the checks' outcome; refused when it is closed already.
    pub fn close_period(&mut self, period: u32, note: &str, checks: &SignoffChecks) -> Result<PeriodEvent> {
        let tx = self.db.begin()?;
        if closed_in(&tx)?.contains(&period) {
            return Err(Error::conflict(format!("perioden {period} är redan klarmarkerad")));
        }
        let checks_json = serde_json::to_string(checks)?;
        let e = insert(&tx, period, "close", &self.user, note, Some(&checks_json))?;
        let summary = json!({ "period": period, "note": note, "checks": checks });
        append(&tx, &self.user, &Draft::new(Operation::PeriodClose, period.to_string(), summary))?;
        tx.commit()?;
        Ok(e)
    }

    /// Reopen a closed period; the reason is kept with it and in the log.
    pub fn reopen_period(&mut self, period: u32, reason: &str) -> Result<PeriodEvent> {
        let tx = self.db.begin()?;
        if !closed_in(&tx)?.contains(&period) {
            return Err(Error::conflict(format!("perioden {period} är inte klarmarkerad")));
        }
        let e = insert(&tx, period, "reopen", &self.user, reason, None)?;
        let summary = json!({ "period": period, "reason": reason });
        append(&tx, &self.user, &Draft::new(Operation::PeriodReopen, period.to_string(), summary))?;
        tx.commit()?;
        Ok(e)
    }
}

fn insert(
    conn: &Db,
    period: u32,
    action: &str,
    user: &str,
    note: &str,
    checks: Option<&str>,
) -> Result<PeriodEvent> {
    let at = now();
    let id: i64 = conn.query_row(
        "INSERT INTO period_close (period, action, \"user\", at, note, checks) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![period, action, user, at, note, checks],
        |r| r.get(0),
    )?;
    let checks = checks.and_then(|c| serde_json::from_str(c).ok());
    Ok(PeriodEvent { id, period, action: action.into(), user: user.into(), at, note: note.into(), checks })
}

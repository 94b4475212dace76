//! Import batches once written: replacement (a newer batch of the same kind
//! and source supersedes older rows in the periods or years it covers),
//! undo and redo, and the batch list.

use super::{Kind, Store};
use crate::error::{Error, Result};
use crate::money::Amount;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchInfo {
    pub id: i64,
    pub kind: Kind,
    pub source: String,
    pub file_name: String,
    pub file_path: String,
    pub sha256: String,
    pub format: String,
    pub sheet: String,
    pub header_row: u32,
    pub row_count: u64,
    pub control_sum: Amount,
    pub source_total: Option<Amount>,
    pub scope_from: Option<u32>,
    pub scope_to: Option<u32>,
    pub imported_at: String,
    /// active, partly replaced, replaced or undone
    pub state: String,
    pub active_rows: u64,
    pub active_sum: Amount,
}

/// A batch's lines that a newer batch took over.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Replaced {
    pub batch_id: i64,
    pub file_name: String,
    /// Periods (YYYYMM) for ledgers, years for frames.
    pub scopes: Vec<u32>,
    pub rows: u64,
    pub sum: Amount,
}

/// What undo/redo did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UndoOutcome {
    pub batch_id: i64,
    pub file_name: String,
    /// Rows of this batch that left (undo) or came back (redo).
    pub rows: u64,
    pub sum: Amount,
    /// Earlier batches whose lines came back (undo) or were replaced again (redo).
    pub restored: Vec<Replaced>,
}

/// The column a newer batch replaces by: periods for ledgers and HR data,
/// years for frames and budgets.
pub(super) fn scope_col(kind: Kind) -> &'static str {
    match kind {
        Kind::Ledger | Kind::Staff => "period",
        Kind::Frames | Kind::Budget => "year",
        // the same for every row: a newer register replaces all of an older one
        Kind::Assets => "snapshot",
    }
}

/// What a batch's "scope" shows in the batch list: its periods or years;
/// for a register, the years its assets were taken into use.
pub(super) fn range_expr(kind: Kind) -> &'static str {
    match kind {
        Kind::Assets => "activation / 100",
        _ => scope_col(kind),
    }
}

/// Where a batch's rows are counted and summed: ledger batches through their
/// aggregates (one row per period and classification), the others row by row.
pub(super) fn summary(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Ledger => ("ledger_agg", "SUM(l.n)"),
        Kind::Frames => ("frame", "COUNT(*)"),
        Kind::Budget => ("budget", "COUNT(*)"),
        Kind::Staff => ("staff", "COUNT(*)"),
        Kind::Assets => ("asset", "COUNT(*)"),
    }
}

/// The table whose `active`/`superseded_by` follow the batch's state. Not
/// ledger lines: a line is live when its (batch, period) is live in
/// `ledger_agg` (see `filter::LINE_IS_ACTIVE`), so replacing or undoing a
/// million-line batch updates a few hundred aggregate rows, not the lines.
fn state_table(kind: Kind) -> &'static str {
    summary(kind).0
}

/// What a batch's control sum adds up: öre, except HR data (worked hours × 100).
fn amount_expr(kind: Kind) -> &'static str {
    match kind {
        Kind::Ledger | Kind::Budget => "l.amount",
        Kind::Frames => "l.decided + l.extended",
        Kind::Staff => "l.worked",
        Kind::Assets => "l.value",
    }
}

/// SQL condition: rows of `table` that belong to the batch whose id is the
/// parameter `b` (e.g. "?1"), columns prefixed by `alias` ("" or "l."). Ledger
/// lines have no batch index — keeping one up to date cost a sixth of a
/// million-line import — but a batch's lines are one id range, recorded in
/// `import_batch` when it is written.
pub(super) fn in_batch(table: &str, alias: &str, b: &str) -> String {
    if table == "ledger_line" {
        format!(
            "{alias}id BETWEEN (SELECT first_line FROM import_batch WHERE id = {b})
                    AND (SELECT last_line FROM import_batch WHERE id = {b}) AND {alias}batch_id = {b}"
        )
    } else {
        format!("{alias}batch_id = {b}")
    }
}

/// Periods or years as an SQL list (integers we computed, never user text).
fn scope_list(scopes: &[u32]) -> String {
    scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(",")
}

/// Make `batch` the live data for its scopes: rows of other active batches
/// of the same kind and source in those scopes are marked superseded by it.
pub(super) fn supersede(tx: &Transaction<'_>, kind: Kind, source: &str, batch: i64) -> Result<Vec<Replaced>> {
    let scope = scope_col(kind);
    let (summary, count) = summary(kind);
    let found: Vec<Replaced>;
    {
        let mut st = tx.prepare(&format!(
            "SELECT l.batch_id, b.file_name, l.{scope}, {count}, SUM({amt})
             FROM {summary} l JOIN import_batch b ON b.id = l.batch_id
             WHERE l.active = 1 AND l.batch_id <> ?1 AND b.kind = ?2 AND b.source = ?3
               AND l.{scope} IN (SELECT DISTINCT {scope} FROM {summary} WHERE batch_id = ?1)
             GROUP BY l.batch_id, l.{scope} ORDER BY l.batch_id, l.{scope}",
            amt = amount_expr(kind),
        ))?;
        found = fold_replaced(st.query_map(params![batch, kind.as_str(), source], replaced_row)?)?;
    }
    // only batches that lose something are touched, each in one pass
    let table = state_table(kind);
    for r in &found {
        tx.execute(
            &format!(
                "UPDATE {table} SET superseded_by = ?1, active = 0
                 WHERE {} AND {scope} IN ({}) AND active = 1",
                in_batch(table, "", "?2"),
                scope_list(&r.scopes)
            ),
            params![batch, r.batch_id],
        )?;
    }
    Ok(found)
}

/// One (batch, scope) row of a replacement summary.
type ReplacedRow = (i64, String, u32, i64, i64);

fn replaced_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReplacedRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

/// Fold (batch, file, scope, rows, sum) rows, ordered by batch, into one
/// `Replaced` per batch.
fn fold_replaced(rows: impl Iterator<Item = rusqlite::Result<ReplacedRow>>) -> Result<Vec<Replaced>> {
    let mut found: BTreeMap<i64, Replaced> = BTreeMap::new();
    for row in rows {
        let (b, file, s, n, sum) = row?;
        let e = found.entry(b).or_insert_with(|| Replaced {
            batch_id: b,
            file_name: file,
            scopes: vec![],
            rows: 0,
            sum: Amount::ZERO,
        });
        e.scopes.push(s);
        e.rows += n as u64;
        e.sum += Amount(sum);
    }
    Ok(found.into_values().collect())
}

fn batch_totals(tx: &Transaction<'_>, kind: Kind, id: i64) -> Result<(u64, Amount)> {
    let (table, count) = summary(kind);
    let (n, s): (i64, i64) = tx.query_row(
        &format!(
            "SELECT COALESCE({count}, 0), COALESCE(SUM({}), 0) FROM {table} l WHERE l.batch_id = ?1",
            amount_expr(kind),
        ),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((n as u64, Amount(s)))
}

/// The Swedish state of a batch for the list, from its live row count.
fn state_sv(state: &str, row_count: i64, active_rows: i64) -> String {
    match state {
        "undone" => "ångrad",
        _ if active_rows == 0 && row_count > 0 => "ersatt",
        _ if active_rows < row_count => "delvis ersatt",
        _ => "aktiv",
    }
    .to_string()
}

fn batch_info(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchInfo> {
    let row_count: i64 = r.get(9)?;
    let active_rows: i64 = r.get(16)?;
    Ok(BatchInfo {
        id: r.get(0)?,
        kind: Kind::parse(&r.get::<_, String>(1)?).unwrap_or(Kind::Ledger),
        source: r.get(2)?,
        file_name: r.get(3)?,
        file_path: r.get(4)?,
        sha256: r.get(5)?,
        format: r.get(6)?,
        sheet: r.get(7)?,
        header_row: r.get(8)?,
        row_count: row_count as u64,
        control_sum: Amount(r.get(10)?),
        source_total: r.get::<_, Option<i64>>(11)?.map(Amount),
        scope_from: r.get(12)?,
        scope_to: r.get(13)?,
        imported_at: r.get(14)?,
        state: state_sv(&r.get::<_, String>(15)?, row_count, active_rows),
        active_rows: active_rows as u64,
        active_sum: Amount(r.get(17)?),
    })
}

impl Store {
    pub fn batches(&self) -> Result<Vec<BatchInfo>> {
        let mut st = self.conn.prepare(
            "SELECT b.id, b.kind, b.source, b.file_name, b.file_path, b.sha256, b.format, b.sheet, b.header_row,
                    b.row_count, b.control_sum, b.source_total, b.scope_from, b.scope_to, b.imported_at, b.state,
                    COALESCE((SELECT SUM(n) FROM ledger_agg l WHERE l.batch_id = b.id AND l.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM frame f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM budget f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM staff f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM asset f WHERE f.batch_id = b.id AND f.active = 1), 0),
                    COALESCE((SELECT SUM(amount) FROM ledger_agg l WHERE l.batch_id = b.id AND l.active = 1), 0)
                  + COALESCE((SELECT SUM(decided + extended) FROM frame f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(amount) FROM budget f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(worked) FROM staff f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(value) FROM asset f WHERE f.batch_id = b.id AND f.active = 1), 0)
             FROM import_batch b ORDER BY b.id",
        )?;
        let rows = st.query_map([], batch_info)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn batch_head(&self, id: i64) -> Result<(Kind, String, String, String)> {
        self.conn
            .query_row("SELECT kind, source, file_name, state FROM import_batch WHERE id = ?1", [id], |r| {
                Ok((Kind::parse(&r.get::<_, String>(0)?).unwrap_or(Kind::Ledger), r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?
            .ok_or_else(|| Error::not_found(format!("det finns ingen importbatch {id}")))
    }

    /// Revert a batch: its lines leave the reports and the lines it had
    /// replaced come back. A batch that has itself been replaced since can
    /// only be undone after the newer one.
    pub fn undo(&mut self, id: i64) -> Result<UndoOutcome> {
        let (kind, _source, file_name, state) = self.batch_head(id)?;
        if state == "undone" {
            return Err(Error::conflict(format!("batch {id} ({file_name}) är redan ångrad")));
        }
        let (table, count) = summary(kind);
        let later: Option<i64> = self.conn.query_row(
            &format!("SELECT MIN(superseded_by) FROM {table} WHERE batch_id = ?1 AND superseded_by IS NOT NULL"),
            [id],
            |r| r.get(0),
        )?;
        if let Some(later) = later {
            return Err(Error::conflict(format!(
                "batch {id} ({file_name}) har delvis ersatts av batch {later}; ångra batch {later} först"
            )));
        }
        let tx = self.conn.transaction()?;
        let (rows, sum) = batch_totals(&tx, kind, id)?;
        let scope = scope_col(kind);
        let restored: Vec<Replaced> = {
            let mut st = tx.prepare(&format!(
                "SELECT l.batch_id, b.file_name, l.{scope}, {count}, SUM({amt})
                 FROM {table} l JOIN import_batch b ON b.id = l.batch_id
                 WHERE l.superseded_by = ?1 AND b.state = 'active'
                 GROUP BY l.batch_id, l.{scope} ORDER BY l.batch_id, l.{scope}",
                amt = amount_expr(kind)
            ))?;
            let restored = fold_replaced(st.query_map([id], replaced_row)?)?;
            restored
        };
        tx.execute(&format!("UPDATE {table} SET active = 0 WHERE {}", in_batch(table, "", "?1")), [id])?;
        // rows this batch replaced come back, batch by batch
        for r in &restored {
            tx.execute(
                &format!(
                    "UPDATE {table} SET superseded_by = NULL, active = 1
                     WHERE {} AND {scope} IN ({}) AND superseded_by = ?2",
                    in_batch(table, "", "?1"),
                    scope_list(&r.scopes)
                ),
                params![r.batch_id, id],
            )?;
        }
        tx.execute("UPDATE import_batch SET state = 'undone' WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(UndoOutcome { batch_id: id, file_name, rows, sum, restored })
    }

    /// Restore an undone batch: its lines come back and replace, again, what
    /// is active for the same source in its periods.
    pub fn redo(&mut self, id: i64) -> Result<UndoOutcome> {
        let (kind, source, file_name, state) = self.batch_head(id)?;
        if state != "undone" {
            return Err(Error::conflict(format!("batch {id} ({file_name}) är inte ångrad")));
        }
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE import_batch SET state = 'active' WHERE id = ?1", [id])?;
        let table = state_table(kind);
        tx.execute(
            &format!("UPDATE {table} SET active = 1, superseded_by = NULL WHERE {}", in_batch(table, "", "?1")),
            [id],
        )?;
        let (rows, sum) = batch_totals(&tx, kind, id)?;
        let restored = supersede(&tx, kind, &source, id)?;
        tx.commit()?;
        Ok(UndoOutcome { batch_id: id, file_name, rows, sum, restored })
    }
}

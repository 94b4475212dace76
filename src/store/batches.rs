//! Import batches once written: replacement (a newer batch of the same kind
//! and source supersedes older rows in the periods or years it covers),
//! undo and redo, and the batch list.
//!
//! Which source a new batch belongs to: the one the user named, else the
//! source of the latest batch whose export looks like it (`Fingerprint`),
//! else the kind's default. What it would replace is planned first
//! (`plan`); rows of a batch the new file does not cover (`Fingerprint::
//! covers`: it lacks the classes they are in) are replaced only when the
//! user confirmed it, else the import is refused (`refusal`) and nothing
//! changes.

use super::audit;
use super::db::{params, Db, Dialect};
use super::fingerprint::Fingerprint;
use super::{Kind, Store};
use crate::control::audit::{Draft, Operation};
use crate::control::Touches;
use crate::error::{Error, Result};
use crate::money::Amount;
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
    /// In hundredths of `sum_unit`: öre, or hundredths of an hour for HR files.
    pub control_sum: Amount,
    /// What `control_sum` counts, so no door shows hours as kronor.
    pub sum_unit: SumUnit,
    pub source_total: Option<Amount>,
    pub scope_from: Option<u32>,
    pub scope_to: Option<u32>,
    pub imported_at: String,
    /// active, partly replaced, replaced or undone
    pub state: String,
    pub active_rows: u64,
    pub active_sum: Amount,
}

/// The unit of a batch's sums: kronor, or worked hours (an HR file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SumUnit {
    Kr,
    Hours,
}

impl SumUnit {
    pub fn of(kind: Kind) -> SumUnit {
        if kind == Kind::Staff {
            SumUnit::Hours
        } else {
            SumUnit::Kr
        }
    }
}

/// A batch's lines that a newer batch took over (or would).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Replaced {
    pub batch_id: i64,
    pub file_name: String,
    pub source: String,
    /// Periods (YYYYMM) for ledgers, years for frames.
    pub scopes: Vec<u32>,
    pub rows: u64,
    pub sum: Amount,
    /// What that export looks like, e.g. "konto 1xxx".
    pub shape: String,
    /// It looks like another kind of export than the new file: replacing
    /// it needs the user's confirmation.
    pub looks_different: bool,
}

/// What importing a file would replace, worked out before anything is kept.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReplacePlan {
    /// The source the batch is stored under: the one given, else that of
    /// the exports it looks like, else the kind's default.
    pub source: String,
    /// What the file looks like, e.g. "konto 3xxx–7xxx".
    pub shape: String,
    pub replaces: Vec<Replaced>,
    /// Some of `replaces` looks like another kind of export and the user
    /// neither confirmed (`--replace`) nor named a source (`--source`).
    pub needs_confirmation: bool,
    /// The very same file is already imported as this batch: nothing changes.
    pub unchanged_as: Option<i64>,
}

impl ReplacePlan {
    /// Replacing nothing, stored under `source` (the shape not looked at).
    pub fn nothing(source: String) -> ReplacePlan {
        ReplacePlan { source, shape: String::new(), replaces: vec![], needs_confirmation: false, unchanged_as: None }
    }

    /// The plan for a file already imported as batch `id`.
    pub fn unchanged(id: i64, source: String) -> ReplacePlan {
        ReplacePlan { unchanged_as: Some(id), ..ReplacePlan::nothing(source) }
    }
}

/// A new batch about to replace what it covers: who it is and what the user said.
pub(super) struct Incoming<'a> {
    pub kind: Kind,
    pub batch: i64,
    pub fingerprint: &'a Fingerprint,
    /// `--source` as given: then it replaces that source, whatever it looks like.
    pub given_source: Option<&'a str>,
    pub default_source: &'a str,
    /// `--replace`: replace different-looking exports too.
    pub confirmed: bool,
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
        // the same for every row: a newer register (or orders file) replaces all of an older one
        Kind::Assets | Kind::Orders => "snapshot",
    }
}

/// What a batch's "scope" shows in the batch list: its periods or years;
/// for a register, the years its assets were taken into use.
pub(super) fn range_expr(kind: Kind) -> &'static str {
    match kind {
        Kind::Assets => "activation / 100",
        Kind::Orders => "period / 100",
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
        Kind::Orders => ("purchase_order", "COUNT(*)"),
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
        Kind::Ledger | Kind::Budget | Kind::Orders => "l.amount",
        Kind::Frames => "l.decided + l.extended",
        Kind::Staff => "l.worked",
        Kind::Assets => "l.value",
    }
}

/// SQL condition: rows of `table` that belong to the batch whose id is the
/// parameter `b` (e.g. "?1"), columns prefixed by `alias` ("" or "l."). Ledger
/// lines have no batch index — keeping one up to date cost a sixth of a
/// million-line import — but a batch's lines are one id range, recorded in
/// `import_batch` when it is written. On PostgreSQL, by the batch id.
pub(super) fn in_batch(d: Dialect, table: &str, alias: &str, b: &str) -> String {
    // on a server two imports write at once: their ids interleave, and the
    // lines have an index by batch (`db::ddl`)
    if table == "ledger_line" && d == Dialect::Sqlite {
        format!(
            "{alias}id BETWEEN (SELECT first_line FROM import_batch WHERE id = {b})
                    AND (SELECT last_line FROM import_batch WHERE id = {b}) AND {alias}batch_id = {b}"
        )
    } else {
        format!("{alias}batch_id = {b}")
    }
}

/// Wait for any other import, undo or redo of `kind` on the database to
/// commit (on a server; a file has one writer at a time): what a batch
/// replaces is decided from the batches committed before it, so two imports
/// of the same source cannot both replace the same older lines, nor both
/// keep theirs. Held until the transaction ends.
pub(super) fn serialise(tx: &Db, kind: Kind) -> Result<()> {
    // one key per kind, in a range of Ramkoll's own ("RAMK")
    let key = 0x5241_4D4B_0000 + Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as i64;
    if let Some(sql) = tx.dialect().serialise(key) {
        tx.execute_batch(&sql)?;
    }
    Ok(())
}

/// The figures a batch's rows change: its periods (ledger, HR data) or
/// years (frames, budget). What it replaces lies in the same scopes.
pub(super) fn touches(tx: &Db, kind: Kind, batch: i64) -> Result<Touches> {
    if matches!(kind, Kind::Assets | Kind::Orders) {
        // a register changes computed capital costs, open orders what is
        // committed now: no booked or signed-off figure
        return Ok(Touches::default());
    }
    let (table, scope) = (summary(kind).0, scope_col(kind));
    let mut st = tx.prepare(&format!("SELECT DISTINCT {scope} FROM {table} WHERE batch_id = ?1"))?;
    let scopes: Vec<u32> = st.query_map(params![batch], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
    Ok(match scope {
        "period" => Touches::periods(scopes),
        _ => Touches::years(scopes.into_iter().map(|y| y as i32)),
    })
}

/// Refuse an undo/redo that touches a closed period, else log it.
fn log_undo(tx: &Db, user: &str, op: Operation, kind: Kind, o: &UndoOutcome) -> Result<()> {
    let what = match op {
        Operation::Undo => format!("Att ångra batch {} ({})", o.batch_id, o.file_name),
        _ => format!("Att göra om batch {} ({})", o.batch_id, o.file_name),
    };
    let summary = serde_json::json!({
        "batch": o.batch_id, "file": o.file_name, "rows": o.rows, "sum": o.sum, "restored": o.restored,
    });
    let touches = touches(tx, kind, o.batch_id)?;
    audit::record(tx, user, &what, &touches, &Draft::new(op, format!("batch {}", o.batch_id), summary))?;
    Ok(())
}

/// Periods or years as an SQL list (integers we computed, never user text).
fn scope_list(scopes: &[u32]) -> String {
    scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(",")
}

/// The rows of a replacement summary, per (batch, scope), under `cond`.
fn replaced_select(kind: Kind, cond: &str) -> String {
    let scope = scope_col(kind);
    let (summary, count) = summary(kind);
    format!(
        "SELECT l.batch_id, b.file_name, b.source, b.fingerprint, l.{scope}, {count}, SUM({amt})
         FROM {summary} l JOIN import_batch b ON b.id = l.batch_id
         WHERE {cond}
         GROUP BY l.batch_id, b.id, l.{scope} ORDER BY l.batch_id, l.{scope}",
        amt = amount_expr(kind),
    )
}

/// Rows of other active batches of `kind` and `source` in the scopes
/// `batch` covers: what it replaces. Each is compared with `new`, the
/// fingerprint of the incoming file (none: nothing looks different).
fn replaceable(tx: &Db, kind: Kind, source: &str, batch: i64, new: Option<&Fingerprint>) -> Result<Vec<Replaced>> {
    let scope = scope_col(kind);
    let summary = summary(kind).0;
    let mut st = tx.prepare(&replaced_select(
        kind,
        &format!(
            "l.active = 1 AND l.batch_id <> ?1 AND b.kind = ?2 AND b.source = ?3
             AND l.{scope} IN (SELECT DISTINCT {scope} FROM {summary} WHERE batch_id = ?1)"
        ),
    ))?;
    let rows = st.query_map(params![batch, kind.as_str(), source], replaced_row)?;
    fold_replaced(kind, rows, new)
}

/// Mark the rows in `found` superseded by `batch`: only batches that lose
/// something are touched, each in one pass.
pub(super) fn apply(tx: &Db, kind: Kind, batch: i64, found: &[Replaced]) -> Result<()> {
    let (table, scope) = (state_table(kind), scope_col(kind));
    for r in found {
        tx.execute(
            &format!(
                "UPDATE {table} SET superseded_by = ?1, active = 0
                 WHERE {} AND {scope} IN ({}) AND active = 1",
                in_batch(tx.dialect(), table, "", "?2"),
                scope_list(&r.scopes)
            ),
            params![batch, r.batch_id],
        )?;
    }
    Ok(())
}

/// Make `batch` the live data for its scopes: rows of other active batches
/// of the same kind and source in those scopes are marked superseded by it.
pub(super) fn supersede(tx: &Db, kind: Kind, source: &str, batch: i64) -> Result<Vec<Replaced>> {
    let found = replaceable(tx, kind, source, batch, None)?;
    apply(tx, kind, batch, &found)?;
    Ok(found)
}

/// What the incoming batch would replace, and whether that needs asking.
pub(super) fn plan(tx: &Db, i: &Incoming<'_>) -> Result<ReplacePlan> {
    let source = match i.given_source {
        Some(s) => s.to_string(),
        None => derived_source(tx, i)?.unwrap_or_else(|| i.default_source.to_string()),
    };
    let replaces = replaceable(tx, i.kind, &source, i.batch, Some(i.fingerprint))?;
    let needs_confirmation = i.given_source.is_none() && !i.confirmed && replaces.iter().any(|r| r.looks_different);
    Ok(ReplacePlan { source, shape: i.fingerprint.describe(i.kind), replaces, needs_confirmation, unchanged_as: None })
}

/// The source of the latest active batch of this kind that looks like the
/// incoming file — those with live rows in its scopes first, so a re-export
/// joins the export it repeats.
fn derived_source(tx: &Db, i: &Incoming<'_>) -> Result<Option<String>> {
    let scope = scope_col(i.kind);
    let (summary, _) = summary(i.kind);
    let mut st = tx.prepare(&format!(
        "SELECT b.source, b.fingerprint FROM import_batch b
         WHERE b.kind = ?1 AND b.state = 'active' AND b.id <> ?2 AND b.fingerprint IS NOT NULL
         ORDER BY EXISTS (SELECT 1 FROM {summary} l WHERE l.batch_id = b.id AND l.active = 1
                            AND l.{scope} IN (SELECT {scope} FROM {summary} WHERE batch_id = ?2)) DESC, b.id DESC"
    ))?;
    let rows = st.query_map(params![i.kind.as_str(), i.batch], |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))?;
    for row in rows {
        let (source, fp) = row?;
        if Fingerprint::from_json(&fp).is_some_and(|f| f.looks_like(i.fingerprint)) {
            return Ok(Some(source));
        }
    }
    Ok(None)
}

/// The import refused: `file` would replace lines of exports that look
/// different. Names both files and the periods, and how to confirm.
pub(super) fn refusal(kind: Kind, file: &str, plan: &ReplacePlan) -> Error {
    let others: Vec<String> = plan
        .replaces
        .iter()
        .filter(|r| r.looks_different)
        .map(|r| format!("{} (batch {}, {}) i {}", r.file_name, r.batch_id, r.shape, scope_text(kind, &r.scopes)))
        .collect();
    Error::conflict(format!(
        "{file} ({}) skulle ersätta {} i källan \"{}\", men filerna ser ut att vara olika slags exporter. \
         Inget importerades. Ersätt ändå med --replace, eller importera filen som en egen källa med \
         --source NAMN (då behålls båda).",
        plan.shape,
        others.join(" och "),
        plan.source
    ))
}

/// Periods or years in words: "perioderna 201801–201812", "period 201803",
/// "perioderna 201803, 201805", "året 2018", "åren 2017–2018".
pub fn scope_text(kind: Kind, scopes: &[u32]) -> String {
    if kind == Kind::Assets {
        return "hela registret".into();
    }
    if kind == Kind::Orders {
        return "alla öppna beställningar".into();
    }
    let noun = match (kind, scopes.len()) {
        (Kind::Ledger | Kind::Staff, 1) => "period",
        (Kind::Ledger | Kind::Staff, _) => "perioderna",
        (_, 1) => "året",
        _ => "åren",
    };
    format!("{noun} {}", scope_ranges(kind, scopes))
}

/// Periods or years as ranges: 201801–201812, 201803, 201805; 2017–2018.
fn scope_ranges(kind: Kind, scopes: &[u32]) -> String {
    let next = |s: u32| match kind {
        Kind::Ledger | Kind::Staff if s % 100 == 12 => (s / 100 + 1) * 100 + 1,
        _ => s + 1,
    };
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &s in scopes {
        match ranges.last_mut() {
            Some((_, hi)) if next(*hi) == s => *hi = s,
            _ => ranges.push((s, s)),
        }
    }
    let part = |&(lo, hi): &(u32, u32)| if lo == hi { lo.to_string() } else { format!("{lo}–{hi}") };
    ranges.iter().map(part).collect::<Vec<_>>().join(", ")
}

/// One (batch, file, source, fingerprint, scope, rows, sum) row of a replacement summary.
type ReplacedRow = (i64, String, String, Option<String>, u32, i64, i64);

fn replaced_row(r: &super::db::Row<'_>) -> Result<ReplacedRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

/// Fold the rows, ordered by batch, into one `Replaced` per batch, each
/// compared with `new` (a batch without a fingerprint looks like anything).
fn fold_replaced(
    kind: Kind,
    rows: impl Iterator<Item = Result<ReplacedRow>>,
    new: Option<&Fingerprint>,
) -> Result<Vec<Replaced>> {
    let mut found: BTreeMap<i64, Replaced> = BTreeMap::new();
    for row in rows {
        let (b, file, source, fp, s, n, sum) = row?;
        let e = found.entry(b).or_insert_with(|| {
            let fp = fp.as_deref().and_then(Fingerprint::from_json);
            Replaced {
                batch_id: b,
                file_name: file,
                source,
                scopes: vec![],
                rows: 0,
                sum: Amount::ZERO,
                shape: fp.as_ref().map(|f| f.describe(kind)).unwrap_or_default(),
                looks_different: matches!((&fp, new), (Some(old), Some(new)) if !new.covers(old)),
            }
        });
        e.scopes.push(s);
        e.rows += n as u64;
        e.sum += Amount(sum);
    }
    Ok(found.into_values().collect())
}

fn batch_totals(tx: &Db, kind: Kind, id: i64) -> Result<(u64, Amount)> {
    let (table, count) = summary(kind);
    let (n, s): (i64, i64) = tx.query_row(
        &format!(
            "SELECT COALESCE({count}, 0), COALESCE(SUM({}), 0) FROM {table} l WHERE l.batch_id = ?1",
            amount_expr(kind),
        ),
        params![id],
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

fn batch_info(r: &super::db::Row<'_>) -> Result<BatchInfo> {
    let row_count: i64 = r.get(9)?;
    let active_rows: i64 = r.get(16)?;
    let kind = Kind::parse(&r.get::<String>(1)?).unwrap_or(Kind::Ledger);
    Ok(BatchInfo {
        id: r.get(0)?,
        kind,
        sum_unit: SumUnit::of(kind),
        source: r.get(2)?,
        file_name: r.get(3)?,
        file_path: r.get(4)?,
        sha256: r.get(5)?,
        format: r.get(6)?,
        sheet: r.get(7)?,
        header_row: r.get(8)?,
        row_count: row_count as u64,
        control_sum: Amount(r.get(10)?),
        source_total: r.get::<Option<i64>>(11)?.map(Amount),
        scope_from: r.get(12)?,
        scope_to: r.get(13)?,
        imported_at: r.get(14)?,
        state: state_sv(&r.get::<String>(15)?, row_count, active_rows),
        active_rows: active_rows as u64,
        active_sum: Amount(r.get(17)?),
    })
}

impl Store {
    pub fn batches(&self) -> Result<Vec<BatchInfo>> {
        let mut st = self.db.prepare(
            "SELECT b.id, b.kind, b.source, b.file_name, b.file_path, b.sha256, b.format, b.sheet, b.header_row,
                    b.row_count, b.control_sum, b.source_total, b.scope_from, b.scope_to, b.imported_at, b.state,
                    COALESCE((SELECT SUM(n) FROM ledger_agg l WHERE l.batch_id = b.id AND l.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM frame f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM budget f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM staff f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM asset f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM purchase_order f WHERE f.batch_id = b.id AND f.active = 1), 0),
                    COALESCE((SELECT SUM(amount) FROM ledger_agg l WHERE l.batch_id = b.id AND l.active = 1), 0)
                  + COALESCE((SELECT SUM(decided + extended) FROM frame f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(amount) FROM budget f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(worked) FROM staff f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(value) FROM asset f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(amount) FROM purchase_order f WHERE f.batch_id = b.id AND f.active = 1), 0)
             FROM import_batch b ORDER BY b.id",
        )?;
        let rows = st.query_map(params![], batch_info)?;
        rows.collect::<std::result::Result<_, _>>()
    }

    fn batch_head(&self, id: i64) -> Result<(Kind, String, String, String)> {
        self.db
            .query_opt("SELECT kind, source, file_name, state FROM import_batch WHERE id = ?1", params![id], |r| {
                Ok((Kind::parse(&r.get::<String>(0)?).unwrap_or(Kind::Ledger), r.get(1)?, r.get(2)?, r.get(3)?))
            })?
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
        let table = summary(kind).0;
        let later: Option<i64> = self.db.query_row(
            &format!("SELECT MIN(superseded_by) FROM {table} WHERE batch_id = ?1 AND superseded_by IS NOT NULL"),
            params![id],
            |r| r.get(0),
        )?;
        if let Some(later) = later {
            return Err(Error::conflict(format!(
                "batch {id} ({file_name}) har delvis ersatts av batch {later}; ångra batch {later} först"
            )));
        }
        let tx = self.db.begin()?;
        serialise(&tx, kind)?;
        let (rows, sum) = batch_totals(&tx, kind, id)?;
        let scope = scope_col(kind);
        let restored: Vec<Replaced> = {
            let mut st = tx.prepare(&replaced_select(kind, "l.superseded_by = ?1 AND b.state = 'active'"))?;
            let restored = fold_replaced(kind, st.query_map(params![id], replaced_row)?, None)?;
            restored
        };
        tx.execute(
            &format!("UPDATE {table} SET active = 0 WHERE {}", in_batch(tx.dialect(), table, "", "?1")),
            params![id],
        )?;
        // rows this batch replaced come back, batch by batch
        for r in &restored {
            tx.execute(
                &format!(
                    "UPDATE {table} SET superseded_by = NULL, active = 1
                     WHERE {} AND {scope} IN ({}) AND superseded_by = ?2",
                    in_batch(tx.dialect(), table, "", "?1"),
                    scope_list(&r.scopes)
                ),
                params![r.batch_id, id],
            )?;
        }
        tx.execute("UPDATE import_batch SET state = 'undone' WHERE id = ?1", params![id])?;
        let out = UndoOutcome { batch_id: id, file_name, rows, sum, restored };
        log_undo(&tx, &self.user, Operation::Undo, kind, &out)?;
        tx.commit()?;
        Ok(out)
    }

    /// Restore an undone batch: its lines come back and replace, again, what
    /// is active for the same source in its periods.
    pub fn redo(&mut self, id: i64) -> Result<UndoOutcome> {
        let (kind, source, file_name, state) = self.batch_head(id)?;
        if state != "undone" {
            return Err(Error::conflict(format!("batch {id} ({file_name}) är inte ångrad")));
        }
        let tx = self.db.begin()?;
        serialise(&tx, kind)?;
        tx.execute("UPDATE import_batch SET state = 'active' WHERE id = ?1", params![id])?;
        let table = state_table(kind);
        tx.execute(
            &format!(
                "UPDATE {table} SET active = 1, superseded_by = NULL WHERE {}",
                in_batch(tx.dialect(), table, "", "?1")
            ),
            params![id],
        )?;
        let (rows, sum) = batch_totals(&tx, kind, id)?;
        let restored = supersede(&tx, kind, &source, id)?;
        let out = UndoOutcome { batch_id: id, file_name, rows, sum, restored };
        log_undo(&tx, &self.user, Operation::Redo, kind, &out)?;
        tx.commit()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_as_ranges() {
        let all: Vec<u32> = (1..=12).map(|m| 201800 + m).collect();
        assert_eq!(scope_text(Kind::Ledger, &all), "perioderna 201801–201812");
        assert_eq!(scope_text(Kind::Ledger, &[201711, 201712, 201801, 201803]), "perioderna 201711–201801, 201803");
        assert_eq!(scope_text(Kind::Staff, &[201803]), "period 201803");
        assert_eq!(scope_text(Kind::Frames, &[2017, 2018]), "åren 2017–2018");
        assert_eq!(scope_text(Kind::Budget, &[2018]), "året 2018");
    }

    #[test]
    fn an_hr_files_sum_is_hours_and_a_ledgers_is_kronor() {
        use crate::import::{import_file, ImportOptions};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut store = Store::open_in_memory().unwrap();
        for (kind, name) in [(Kind::Ledger, "huvudbok_2018.xlsx"), (Kind::Staff, "personal_2018.xlsx")] {
            import_file(&mut store, kind, &dir.join(name), &ImportOptions::default(), &mut |_| {}).unwrap();
        }
        let b = store.batches().unwrap();
        let staff = b.iter().find(|b| b.kind == Kind::Staff).unwrap();
        assert_eq!((staff.sum_unit, staff.row_count, staff.control_sum), (SumUnit::Hours, 36, Amount(36_550_000)));
        assert_eq!(b.iter().find(|b| b.kind == Kind::Ledger).unwrap().sum_unit, SumUnit::Kr);
        assert_eq!(serde_json::to_value(staff).unwrap()["sum_unit"], "hours");
    }
}

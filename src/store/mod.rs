//! The SQLite store: migrations, import batches (one transaction each),
//! replacement and undo, rules, comments and the queries reports build on.

mod schema;

use crate::classify::{self, Classification, Rule, RuleField, UNCLASSIFIED};
use crate::error::{Error, Result};
use crate::money::Amount;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The per-user default: `%APPDATA%\Ramkoll\ramkoll.db` on Windows,
/// `~/.local/share/ramkoll/ramkoll.db` on Linux. `RAMKOLL_DB` overrides.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("RAMKOLL_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = directories::BaseDirs::new().map(|b| b.data_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from("."));
    let dir = if cfg!(windows) { "Ramkoll" } else { "ramkoll" };
    base.join(dir).join("ramkoll.db")
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Drop for Store {
    fn drop(&mut self) {
        crate::safety::closed(&self.path);
    }
}

/// What kind of file a batch came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Kind {
    Ledger,
    Frames,
    Budget,
    Staff,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ledger => "ledger",
            Kind::Frames => "frames",
            Kind::Budget => "budget",
            Kind::Staff => "staff",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "ledger" => Some(Kind::Ledger),
            "frames" => Some(Kind::Frames),
            "budget" => Some(Kind::Budget),
            "staff" => Some(Kind::Staff),
            _ => None,
        }
    }
    pub fn label_sv(self) -> &'static str {
        match self {
            Kind::Ledger => "huvudbok",
            Kind::Frames => "ramar",
            Kind::Budget => "budget",
            Kind::Staff => "personal",
        }
    }
    fn table(self) -> &'static str {
        match self {
            Kind::Ledger => "ledger_line",
            Kind::Frames => "frame",
            Kind::Budget => "budget",
            Kind::Staff => "staff",
        }
    }
    /// The column a newer batch replaces by: periods for ledgers and HR
    /// data, years for frames and budgets.
    fn scope_col(self) -> &'static str {
        match self {
            Kind::Ledger | Kind::Staff => "period",
            Kind::Frames | Kind::Budget => "year",
        }
    }
    /// Where a batch's rows are counted and summed: ledger batches through
    /// their aggregates (one row per period and classification), the others
    /// row by row.
    fn summary(self) -> (&'static str, &'static str) {
        match self {
            Kind::Ledger => ("ledger_agg", "SUM(l.n)"),
            _ => (self.table(), "COUNT(*)"),
        }
    }
    /// Tables whose `active`/`superseded_by` follow the batch's state. Ledger
    /// lines are not among them: a line is live when its (batch, period) is
    /// live in `ledger_agg` (see `LINE_IS_ACTIVE`), so replacing or undoing a
    /// million-line batch updates a few hundred aggregate rows, not the lines.
    fn tables(self) -> &'static [&'static str] {
        match self {
            Kind::Ledger => &["ledger_agg"],
            Kind::Frames => &["frame"],
            Kind::Budget => &["budget"],
            Kind::Staff => &["staff"],
        }
    }
    pub const ALL: [Kind; 4] = [Kind::Ledger, Kind::Frames, Kind::Budget, Kind::Staff];
}

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

pub struct NewBatch<'a> {
    pub kind: Kind,
    pub source: &'a str,
    pub file_name: &'a str,
    pub file_path: &'a str,
    pub sha256: &'a str,
    pub format: &'a str,
    pub sheet: &'a str,
    pub header_row: u32,
    pub mapping_json: &'a str,
}

pub struct LedgerRow<'a> {
    pub row_no: u32,
    pub period: u32,
    pub date: Option<String>,
    pub konto: &'a str,
    pub ansvar: &'a str,
    pub verksamhet: &'a str,
    pub projekt: &'a str,
    pub motpart: &'a str,
    pub verifikation: &'a str,
    pub text: &'a str,
    pub amount: Amount,
    pub x_area: Option<&'a str>,
    pub x_category: Option<&'a str>,
    pub x_decision_year: Option<i32>,
    pub x_cost_type: Option<&'a str>,
    pub x_vo: Option<&'a str>,
    pub attrs: Option<&'a str>,
}

pub struct BudgetRow<'a> {
    pub row_no: u32,
    pub year: i32,
    pub cost_type: &'a str,
    pub vo: Option<&'a str>,
    pub ansvar: Option<&'a str>,
    pub amount: Amount,
    /// Twelve monthly amounts summing exactly to `amount`.
    pub months: [Amount; 12],
    pub forecast: Option<Amount>,
}

/// HR data for one period and VO. Hours are hundredths of an hour.
pub struct StaffRow<'a> {
    pub row_no: u32,
    pub period: u32,
    pub vo: &'a str,
    pub ansvar: Option<&'a str>,
    pub worked: i64,
    pub overtime: i64,
    pub mertid: i64,
    pub fyllnadstid: i64,
    pub sick: Option<i64>,
    pub headcount: Option<i64>,
}

pub struct FrameRow<'a> {
    pub row_no: u32,
    pub year: i32,
    pub area: &'a str,
    pub category: Option<&'a str>,
    pub decided: Amount,
    pub extended: Amount,
    pub decision_year: Option<i32>,
    pub comment: Option<&'a str>,
}

/// An import in progress: one open transaction. Dropping it without
/// `finish` rolls everything back, so a failed import leaves nothing.
pub struct BatchWriter<'a> {
    /// Prepared once: a million-line import must not look it up per line.
    /// Declared before `tx` so it is finalised before a rollback.
    line_st: Option<rusqlite::Statement<'a>>,
    tx: Transaction<'a>,
    pub batch_id: i64,
    kind: Kind,
    source: String,
    /// The first `ledger_line` id this batch can get: its lines are the ids
    /// from here to the largest at `finish` (see `in_batch`).
    first_line: i64,
}

const INSERT_LINE: &str = "INSERT INTO ledger_line (batch_id, row_no, period, year, date, konto, ansvar, verksamhet,
      projekt, motpart, verifikation, text, amount, x_area, x_category, x_decision_year, x_cost_type, x_vo,
      area, category, cost_type, vo, decision_year, rule_id, attrs)
     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25)";

impl BatchWriter<'_> {
    pub fn insert_line(&mut self, r: &LedgerRow<'_>, c: &Classification) -> Result<()> {
        let Some(st) = self.line_st.as_mut() else {
            return Err(Error::usage(format!("batch {} är inte en huvudboksimport", self.batch_id)));
        };
        // bound one by one: no per-line slice of trait objects
        st.raw_bind_parameter(1, self.batch_id)?;
        st.raw_bind_parameter(2, r.row_no)?;
        st.raw_bind_parameter(3, r.period)?;
        st.raw_bind_parameter(4, r.period / 100)?;
        st.raw_bind_parameter(5, r.date.as_deref())?;
        st.raw_bind_parameter(6, r.konto)?;
        st.raw_bind_parameter(7, r.ansvar)?;
        st.raw_bind_parameter(8, r.verksamhet)?;
        st.raw_bind_parameter(9, r.projekt)?;
        st.raw_bind_parameter(10, r.motpart)?;
        st.raw_bind_parameter(11, r.verifikation)?;
        st.raw_bind_parameter(12, r.text)?;
        st.raw_bind_parameter(13, r.amount.0)?;
        st.raw_bind_parameter(14, r.x_area)?;
        st.raw_bind_parameter(15, r.x_category)?;
        st.raw_bind_parameter(16, r.x_decision_year)?;
        st.raw_bind_parameter(17, r.x_cost_type)?;
        st.raw_bind_parameter(18, r.x_vo)?;
        st.raw_bind_parameter(19, c.area.as_deref())?;
        st.raw_bind_parameter(20, c.category.as_deref())?;
        st.raw_bind_parameter(21, c.cost_type.as_deref())?;
        st.raw_bind_parameter(22, c.vo.as_deref())?;
        st.raw_bind_parameter(23, c.decision_year)?;
        st.raw_bind_parameter(24, c.rule_id)?;
        st.raw_bind_parameter(25, r.attrs)?;
        st.raw_execute()?;
        Ok(())
    }

    /// One aggregate row: `n` lines of `period` classified as `c`, summing to `amount`.
    pub fn insert_aggregate(&mut self, period: u32, c: &Classification, n: u64, amount: Amount) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO ledger_agg (batch_id, period, year, area, category, decision_year, cost_type, vo, n, amount)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
        )?;
        st.execute(params![
            self.batch_id,
            period,
            period / 100,
            c.area,
            c.category,
            c.decision_year,
            c.cost_type,
            c.vo,
            n as i64,
            amount.0
        ])?;
        Ok(())
    }

    pub fn insert_frame(&mut self, r: &FrameRow<'_>) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO frame (batch_id, row_no, year, area, category, decided, extended, decision_year, comment)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
        )?;
        st.execute(params![
            self.batch_id,
            r.row_no,
            r.year,
            r.area,
            r.category,
            r.decided.0,
            r.extended.0,
            r.decision_year,
            r.comment
        ])?;
        Ok(())
    }

    pub fn insert_budget(&mut self, r: &BudgetRow<'_>) -> Result<()> {
        let months: Vec<i64> = r.months.iter().map(|a| a.0).collect();
        let mut st = self.tx.prepare_cached(
            "INSERT INTO budget (batch_id, row_no, year, cost_type, vo, ansvar, amount, months, forecast)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
        )?;
        st.execute(params![
            self.batch_id,
            r.row_no,
            r.year,
            r.cost_type,
            r.vo,
            r.ansvar,
            r.amount.0,
            serde_json::to_string(&months)?,
            r.forecast.map(|a| a.0)
        ])?;
        Ok(())
    }

    pub fn insert_staff(&mut self, r: &StaffRow<'_>) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO staff (batch_id, row_no, period, year, vo, ansvar, worked, overtime, mertid, fyllnadstid,
               sick, headcount) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
        )?;
        st.execute(params![
            self.batch_id,
            r.row_no,
            r.period,
            r.period / 100,
            r.vo,
            r.ansvar,
            r.worked,
            r.overtime,
            r.mertid,
            r.fyllnadstid,
            r.sick,
            r.headcount
        ])?;
        Ok(())
    }

    /// Remember the user's mapping for headers with this `signature`, in the
    /// batch's transaction: an import that fails leaves no mapping behind.
    pub fn save_mapping(&mut self, signature: &str, header_row: u32, mapping_json: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO saved_mapping (kind, signature, header_row, mapping) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(kind, signature) DO UPDATE SET header_row = excluded.header_row, mapping = excluded.mapping",
            params![self.kind.as_str(), signature, header_row, mapping_json],
        )?;
        Ok(())
    }

    /// Record the totals, replace older lines of the same source in the
    /// periods (years) this batch covers, and commit.
    pub fn finish(mut self, rows: u64, control_sum: Amount, source_total: Option<Amount>) -> Result<Vec<Replaced>> {
        self.line_st = None;
        // ledger batches: from their aggregates, which are written by now
        let table = self.kind.summary().0;
        let scope = self.kind.scope_col();
        let (from, to): (Option<u32>, Option<u32>) = self.tx.query_row(
            &format!("SELECT MIN({scope}), MAX({scope}) FROM {table} WHERE batch_id = ?1"),
            [self.batch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let lines: Option<(i64, i64)> = match self.kind {
            Kind::Ledger => {
                let last: i64 = self.tx.query_row("SELECT COALESCE(MAX(id), 0) FROM ledger_line", [], |r| r.get(0))?;
                (last >= self.first_line).then_some((self.first_line, last))
            }
            _ => None,
        };
        self.tx.execute(
            "UPDATE import_batch SET row_count = ?2, control_sum = ?3, source_total = ?4, scope_from = ?5, scope_to = ?6,
                                     first_line = ?7, last_line = ?8
             WHERE id = ?1",
            params![
                self.batch_id,
                rows as i64,
                control_sum.0,
                source_total.map(|a| a.0),
                from,
                to,
                lines.map(|l| l.0),
                lines.map(|l| l.1)
            ],
        )?;
        let replaced = supersede(&self.tx, self.kind, &self.source, self.batch_id)?;
        self.tx.commit()?;
        Ok(replaced)
    }
}

/// Make `batch` the live data for its scopes: lines of other active batches
/// of the same kind and source in those scopes are marked superseded by it.
fn supersede(tx: &Transaction<'_>, kind: Kind, source: &str, batch: i64) -> Result<Vec<Replaced>> {
    let scope = kind.scope_col();
    let (summary, count) = kind.summary();
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
    for r in &found {
        for table in kind.tables() {
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

/// Filter for the ledger lines behind a figure (drill-down).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineQuery {
    #[serde(default)]
    pub year: Option<i32>,
    /// Up to and including this period (year-to-date).
    #[serde(default)]
    pub period_to: Option<u32>,
    /// IT, MT or "Ej klassificerat".
    #[serde(default)]
    pub area: Option<String>,
    /// A kategori or "Ej klassificerat".
    #[serde(default)]
    pub category: Option<String>,
    /// A kostnadsslag, or a budget group (Personalkostnader …) meaning all of its kostnadsslag.
    #[serde(default)]
    pub cost_type: Option<String>,
    #[serde(default)]
    pub vo: Option<String>,
    /// Only staff costs and consultants: the lines behind a staffing figure.
    #[serde(default)]
    pub staffing: bool,
    /// "before" (decided before `year`) or "year" (decided in `year`).
    #[serde(default)]
    pub decision: Option<String>,
    /// Only investment lines (classified to an område, or of kostnadsslag
    /// Investering, or not classified at all).
    #[serde(default)]
    pub investments: bool,
    /// Only lines no rule classified.
    #[serde(default)]
    pub unclassified: bool,
    #[serde(default)]
    pub batch_id: Option<i64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineRow {
    pub id: i64,
    pub batch_id: i64,
    pub file_name: String,
    pub row_no: u32,
    pub period: u32,
    pub date: Option<String>,
    pub konto: String,
    pub ansvar: String,
    pub verksamhet: String,
    pub projekt: String,
    pub motpart: String,
    pub verifikation: String,
    pub text: String,
    pub amount: Amount,
    pub area: Option<String>,
    pub category: Option<String>,
    pub cost_type: Option<String>,
    pub vo: Option<String>,
    pub decision_year: Option<i32>,
    pub rule_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lines {
    pub query: LineQuery,
    pub total_rows: u64,
    pub total: Amount,
    /// True when `limit` cut the list; the totals are still complete.
    pub truncated: bool,
    pub lines: Vec<LineRow>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comment {
    pub key: String,
    pub text: String,
    pub author: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReclassifyOutcome {
    pub lines: u64,
    pub changed: u64,
    pub unclassified: u64,
    pub unclassified_sum: Amount,
}

fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

impl Store {
    /// Open (creating when missing) and migrate a database file.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::File {
                path: dir.to_path_buf(),
                message: format!("kan inte skapa katalogen för databasen: {e}"),
            })?;
        }
        let conn = Connection::open(path)?;
        crate::safety::check_at_open(&conn, path)?;
        // Measured on a million-line import (PERFORMANCE.md): 16 KiB pages
        // (only takes effect on a new, empty database) and a rollback journal
        // each cut the writing thread by a sixth. In WAL mode every page of a
        // large import is written twice, to the WAL and again at checkpoint;
        // with a rollback journal, pages a transaction appends are never
        // journalled. The app has one connection, so WAL's concurrent readers
        // bought nothing. FULL makes a committed import survive power loss.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // a larger page cache keeps a big import from re-reading its own index pages
        conn.pragma_update(None, "cache_size", -32768)?;
        Self::init(conn, path.to_path_buf())
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn init(conn: Connection, path: PathBuf) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut s = Store { conn, path };
        s.migrate()?;
        Ok(s)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let version = version.max(0) as usize;
        if version > schema::MIGRATIONS.len() {
            return Err(Error::usage(format!(
                "databasen {} är skapad av en nyare Ramkoll (schema {version}); uppdatera programmet",
                self.path.display()
            )));
        }
        if version > 0 && version < schema::MIGRATIONS.len() {
            crate::safety::backup_before_migration(&self.conn, &self.path, version as i64)?;
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            if i == 0 {
                insert_rules(&tx, &classify::default_rules())?;
            }
            if i == 1 {
                // a database from before operating follow-up gets the operating rules appended
                if version == 1 {
                    let n: i64 = tx.query_row("SELECT COUNT(*) FROM rule", [], |r| r.get(0))?;
                    append_rules(&tx, &classify::default_operating_rules(), n)?;
                }
                insert_cost_types(&tx, &classify::default_cost_types())?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// For report queries inside the crate.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// An active (or undone) batch of this kind with the same file contents.
    pub fn find_same_file(&self, kind: Kind, sha256: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, state FROM import_batch WHERE kind = ?1 AND sha256 = ?2 ORDER BY state = 'active' DESC, id DESC LIMIT 1",
                params![kind.as_str(), sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Start an import: opens the transaction and records the batch.
    pub fn begin_batch(&mut self, b: &NewBatch<'_>) -> Result<BatchWriter<'_>> {
        // `&mut self` makes this the only transaction on the connection, so the
        // unchecked variant is safe; it lets the statement below borrow the
        // connection for as long as the transaction does.
        let conn: &Connection = &self.conn;
        let tx = conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row, mapping,
               row_count, control_sum, imported_at)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,0,0,?10)",
            params![
                b.kind.as_str(),
                b.source,
                b.file_name,
                b.file_path,
                b.sha256,
                b.format,
                b.sheet,
                b.header_row,
                b.mapping_json,
                now()
            ],
        )?;
        let batch_id = tx.last_insert_rowid();
        let first_line: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_line", [], |r| r.get(0))?;
        let line_st = if b.kind == Kind::Ledger { Some(conn.prepare(INSERT_LINE)?) } else { None };
        Ok(BatchWriter { line_st, tx, batch_id, kind: b.kind, source: b.source.to_string(), first_line })
    }

    pub fn batches(&self) -> Result<Vec<BatchInfo>> {
        let mut st = self.conn.prepare(
            "SELECT b.id, b.kind, b.source, b.file_name, b.file_path, b.sha256, b.format, b.sheet, b.header_row,
                    b.row_count, b.control_sum, b.source_total, b.scope_from, b.scope_to, b.imported_at, b.state,
                    COALESCE((SELECT SUM(n) FROM ledger_agg l WHERE l.batch_id = b.id AND l.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM frame f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM budget f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT COUNT(*) FROM staff f WHERE f.batch_id = b.id AND f.active = 1), 0),
                    COALESCE((SELECT SUM(amount) FROM ledger_agg l WHERE l.batch_id = b.id AND l.active = 1), 0)
                  + COALESCE((SELECT SUM(decided + extended) FROM frame f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(amount) FROM budget f WHERE f.batch_id = b.id AND f.active = 1), 0)
                  + COALESCE((SELECT SUM(worked) FROM staff f WHERE f.batch_id = b.id AND f.active = 1), 0)
             FROM import_batch b ORDER BY b.id",
        )?;
        let rows = st.query_map([], |r| {
            let state: String = r.get(15)?;
            let row_count: i64 = r.get(9)?;
            let active_rows: i64 = r.get(16)?;
            let state = match state.as_str() {
                "undone" => "ångrad".to_string(),
                _ if active_rows == 0 && row_count > 0 => "ersatt".to_string(),
                _ if active_rows < row_count => "delvis ersatt".to_string(),
                _ => "aktiv".to_string(),
            };
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
                state,
                active_rows: active_rows as u64,
                active_sum: Amount(r.get(17)?),
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn batch_head(&self, id: i64) -> Result<(Kind, String, String, String)> {
        self.conn
            .query_row("SELECT kind, source, file_name, state FROM import_batch WHERE id = ?1", [id], |r| {
                Ok((Kind::parse(&r.get::<_, String>(0)?).unwrap_or(Kind::Ledger), r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?
            .ok_or_else(|| Error::usage(format!("det finns ingen importbatch {id}")))
    }

    /// Revert a batch: its lines leave the reports and the lines it had
    /// replaced come back. A batch that has itself been replaced since can
    /// only be undone after the newer one.
    pub fn undo(&mut self, id: i64) -> Result<UndoOutcome> {
        let (kind, _source, file_name, state) = self.batch_head(id)?;
        if state == "undone" {
            return Err(Error::usage(format!("batch {id} ({file_name}) är redan ångrad")));
        }
        let (summary, count) = kind.summary();
        let later: Option<i64> = self.conn.query_row(
            &format!("SELECT MIN(superseded_by) FROM {summary} WHERE batch_id = ?1 AND superseded_by IS NOT NULL"),
            [id],
            |r| r.get(0),
        )?;
        if let Some(later) = later {
            return Err(Error::usage(format!(
                "batch {id} ({file_name}) har delvis ersatts av batch {later}; ångra batch {later} först"
            )));
        }
        let tx = self.conn.transaction()?;
        let (rows, sum) = batch_totals(&tx, kind, id)?;
        let scope = kind.scope_col();
        let restored: Vec<Replaced> = {
            let mut st = tx.prepare(&format!(
                "SELECT l.batch_id, b.file_name, l.{scope}, {count}, SUM({amt})
                 FROM {summary} l JOIN import_batch b ON b.id = l.batch_id
                 WHERE l.superseded_by = ?1 AND b.state = 'active'
                 GROUP BY l.batch_id, l.{scope} ORDER BY l.batch_id, l.{scope}",
                amt = amount_expr(kind)
            ))?;
            let restored = fold_replaced(st.query_map([id], replaced_row)?)?;
            restored
        };
        for table in kind.tables() {
            tx.execute(&format!("UPDATE {table} SET active = 0 WHERE {}", in_batch(table, "", "?1")), [id])?;
            // lines this batch replaced come back, batch by batch
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
            return Err(Error::usage(format!("batch {id} ({file_name}) är inte ångrad")));
        }
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE import_batch SET state = 'active' WHERE id = ?1", [id])?;
        for table in kind.tables() {
            tx.execute(
                &format!("UPDATE {table} SET active = 1, superseded_by = NULL WHERE {}", in_batch(table, "", "?1")),
                [id],
            )?;
        }
        let (rows, sum) = batch_totals(&tx, kind, id)?;
        let restored = supersede(&tx, kind, &source, id)?;
        tx.commit()?;
        Ok(UndoOutcome { batch_id: id, file_name, rows, sum, restored })
    }

    /// Ledger lines matching a drill-down query, in the order they were
    /// imported (file order: the index gives them without sorting).
    pub fn lines(&self, q: &LineQuery) -> Result<Lines> {
        let (where_sql, args) = line_filter(q, LineTable::Aggregates);
        // every filter is a column of the aggregates too: count and sum from there
        let (n, total): (i64, i64) = self.conn.query_row(
            &format!("SELECT COALESCE(SUM(n), 0), COALESCE(SUM(amount), 0) FROM ledger_agg l WHERE {where_sql}"),
            rusqlite::params_from_iter(args.iter()),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let limit = q.limit.unwrap_or(10_000);
        let (line_where, _) = line_filter(q, LineTable::Lines);
        // one batch's lines: through their id range (there is no batch index)
        let range = match q.batch_id {
            Some(b) => format!(" AND {}", in_batch("ledger_line", "l.", &b.to_string())),
            None => String::new(),
        };
        let mut st = self.conn.prepare(&format!(
            "SELECT l.id, l.batch_id, b.file_name, l.row_no, l.period, l.date, l.konto, l.ansvar, l.verksamhet,
                    l.projekt, l.motpart, l.verifikation, l.text, l.amount, l.area, l.category, l.cost_type, l.vo,
                    l.decision_year, l.rule_id
             FROM ledger_line l JOIN import_batch b ON b.id = l.batch_id
             WHERE {line_where}{range} ORDER BY l.id LIMIT {limit}"
        ))?;
        let lines = st
            .query_map(rusqlite::params_from_iter(args.iter()), line_row)?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Lines {
            query: q.clone(),
            total_rows: n as u64,
            total: Amount(total),
            truncated: (n as u64) > lines.len() as u64,
            lines,
        })
    }

    /// Years that have outcome or frames, ascending.
    pub fn years(&self) -> Result<Vec<i32>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT year FROM ledger_agg WHERE active = 1
             UNION SELECT DISTINCT year FROM frame WHERE active = 1 ORDER BY 1",
        )?;
        let years = st.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        Ok(years)
    }

    /// The last period with outcome in a year, for "year to date" defaults.
    pub fn last_period(&self, year: i32) -> Result<Option<u32>> {
        Ok(self
            .conn
            .query_row("SELECT MAX(period) FROM ledger_agg WHERE active = 1 AND year = ?1", [year], |r| r.get(0))?)
    }

    // ---- comments ----

    pub fn set_comment(&mut self, key: &str, text: &str) -> Result<()> {
        if text.trim().is_empty() {
            self.conn.execute("DELETE FROM comment WHERE key = ?1", [key])?;
        } else {
            let author = std::env::var("USERNAME").or_else(|_| std::env::var("USER")).unwrap_or_default();
            self.conn.execute(
                "INSERT INTO comment (key, text, author, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(key) DO UPDATE SET text = excluded.text, author = excluded.author, updated_at = excluded.updated_at",
                params![key, text.trim(), author, now()],
            )?;
        }
        Ok(())
    }

    pub fn comments(&self) -> Result<BTreeMap<String, Comment>> {
        let mut st = self.conn.prepare("SELECT key, text, author, updated_at FROM comment")?;
        let rows = st.query_map([], |r| {
            Ok(Comment { key: r.get(0)?, text: r.get(1)?, author: r.get(2)?, updated_at: r.get(3)? })
        })?;
        let mut m = BTreeMap::new();
        for c in rows {
            let c = c?;
            m.insert(c.key.clone(), c);
        }
        Ok(m)
    }

    // ---- rules ----

    pub fn rules(&self) -> Result<Vec<Rule>> {
        let mut st = self
            .conn
            .prepare("SELECT id, field, pattern, area, category, cost_type, vo, note FROM rule ORDER BY ord, id")?;
        let rows = st.query_map([], |r| {
            let field: String = r.get(1)?;
            Ok(Rule {
                id: r.get(0)?,
                field: RuleField::parse(&field).unwrap_or(RuleField::Konto),
                pattern: r.get(2)?,
                area: r.get(3)?,
                category: r.get(4)?,
                cost_type: r.get(5)?,
                vo: r.get(6)?,
                note: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Replace the whole ordered rule list (ids are reassigned) and
    /// re-classify every stored line with it, in one transaction.
    pub fn replace_rules(&mut self, rules: &[Rule]) -> Result<ReclassifyOutcome> {
        for (i, r) in rules.iter().enumerate() {
            r.validate().map_err(|m| Error::usage(format!("regel {}: {m}", i + 1)))?;
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM rule", [])?;
        insert_rules(&tx, rules)?;
        let out = reclassify_in(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Re-run the rules over every stored line.
    pub fn reclassify(&mut self) -> Result<ReclassifyOutcome> {
        let tx = self.conn.transaction()?;
        let out = reclassify_in(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    // ---- remembered column mappings ----

    pub fn saved_mapping(&self, kind: Kind, signature: &str) -> Result<Option<(u32, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT header_row, mapping FROM saved_mapping WHERE kind = ?1 AND signature = ?2",
                params![kind.as_str(), signature],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn save_mapping(&mut self, kind: Kind, signature: &str, header_row: u32, mapping_json: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO saved_mapping (kind, signature, header_row, mapping) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(kind, signature) DO UPDATE SET header_row = excluded.header_row, mapping = excluded.mapping",
            params![kind.as_str(), signature, header_row, mapping_json],
        )?;
        Ok(())
    }

    /// The kostnadsslag hierarchy (configurable; seeded with a default).
    pub fn cost_types(&self) -> Result<Vec<classify::CostType>> {
        let mut st = self.conn.prepare("SELECT name, grp, revenue, staff FROM cost_type ORDER BY ord")?;
        let rows = st.query_map([], |r| {
            Ok(classify::CostType { name: r.get(0)?, group: r.get(1)?, revenue: r.get(2)?, staff: r.get(3)? })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn set_cost_types(&mut self, types: &[classify::CostType]) -> Result<()> {
        let tx = self.conn.transaction()?;
        insert_cost_types(&tx, types)?;
        tx.commit()?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

/// What a batch's control sum adds up: öre, except HR data (worked hours × 100).
fn amount_expr(kind: Kind) -> &'static str {
    match kind {
        Kind::Ledger | Kind::Budget => "l.amount",
        Kind::Frames => "l.decided + l.extended",
        Kind::Staff => "l.worked",
    }
}

/// SQL condition: rows of `table` that belong to the batch whose id is the
/// parameter `b` (e.g. "?1"), columns prefixed by `alias` ("" or "l."). Ledger lines have no batch index — keeping one
/// up to date cost a sixth of a million-line import — but a batch's lines are
/// one id range, recorded in `import_batch` when it is written.
fn in_batch(table: &str, alias: &str, b: &str) -> String {
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

fn batch_totals(tx: &Transaction<'_>, kind: Kind, id: i64) -> Result<(u64, Amount)> {
    let (n, s): (i64, i64) = tx.query_row(
        &format!(
            "SELECT COALESCE({}, 0), COALESCE(SUM({}), 0) FROM {} l WHERE l.batch_id = ?1",
            kind.summary().1,
            amount_expr(kind),
            kind.summary().0
        ),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((n as u64, Amount(s)))
}

fn insert_rules(tx: &Transaction<'_>, rules: &[Rule]) -> Result<()> {
    append_rules(tx, rules, 0)
}

fn insert_cost_types(tx: &Transaction<'_>, types: &[classify::CostType]) -> Result<()> {
    tx.execute("DELETE FROM cost_type", [])?;
    let mut st = tx.prepare("INSERT INTO cost_type (name, grp, revenue, staff, ord) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (i, c) in types.iter().enumerate() {
        st.execute(params![c.name, c.group, c.revenue, c.staff, i as i64 + 1])?;
    }
    Ok(())
}

fn append_rules(tx: &Transaction<'_>, rules: &[Rule], offset: i64) -> Result<()> {
    let mut st = tx.prepare(
        "INSERT INTO rule (ord, field, pattern, area, category, cost_type, vo, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?;
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    for (i, r) in rules.iter().enumerate() {
        st.execute(params![
            offset + i as i64 + 1,
            r.field.label().to_lowercase(),
            r.pattern.trim(),
            blank(&r.area),
            blank(&r.category),
            blank(&r.cost_type),
            blank(&r.vo),
            blank(&r.note)
        ])?;
    }
    Ok(())
}

fn reclassify_in(tx: &Transaction<'_>) -> Result<ReclassifyOutcome> {
    let rules = {
        let mut st =
            tx.prepare("SELECT id, field, pattern, area, category, cost_type, vo, note FROM rule ORDER BY ord, id")?;
        let rows = st.query_map([], |r| {
            Ok(Rule {
                id: r.get(0)?,
                field: RuleField::parse(&r.get::<_, String>(1)?).unwrap_or(RuleField::Konto),
                pattern: r.get(2)?,
                area: r.get(3)?,
                category: r.get(4)?,
                cost_type: r.get(5)?,
                vo: r.get(6)?,
                note: r.get(7)?,
            })
        })?;
        rows.collect::<std::result::Result<Vec<_>, _>>()?
    };
    let mut read = tx.prepare(
        "SELECT id, konto, projekt, ansvar, verksamhet, text, x_area, x_category, x_decision_year, x_cost_type, x_vo,
                area, category, cost_type, vo, decision_year, rule_id
         FROM ledger_line",
    )?;
    let mut write = tx.prepare(
        "UPDATE ledger_line SET area = ?2, category = ?3, cost_type = ?4, vo = ?5, decision_year = ?6, rule_id = ?7 WHERE id = ?1",
    )?;
    let mut out = ReclassifyOutcome { lines: 0, changed: 0, unclassified: 0, unclassified_sum: Amount::ZERO };
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let s = |i: usize| -> rusqlite::Result<String> { r.get(i) };
        let o = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
        let (konto, projekt, ansvar, verksamhet, text) = (s(1)?, s(2)?, s(3)?, s(4)?, s(5)?);
        let (xa, xc, xct, xvo) = (o(6)?, o(7)?, o(9)?, o(10)?);
        let keys = classify::LineKeys {
            konto: &konto,
            projekt: &projekt,
            ansvar: &ansvar,
            verksamhet: &verksamhet,
            text: &text,
            area: xa.as_deref(),
            category: xc.as_deref(),
            decision_year: r.get(8)?,
            cost_type: xct.as_deref(),
            vo: xvo.as_deref(),
        };
        let c = classify::classify(&rules, &keys);
        let old = Classification {
            area: o(11)?,
            category: o(12)?,
            cost_type: o(13)?,
            vo: o(14)?,
            decision_year: r.get(15)?,
            rule_id: r.get(16)?,
        };
        out.lines += 1;
        if !c.is_classified() {
            out.unclassified += 1;
        }
        if c != old {
            out.changed += 1;
            let id: i64 = r.get(0)?;
            write.execute(params![id, c.area, c.category, c.cost_type, c.vo, c.decision_year, c.rule_id])?;
        }
    }
    drop(rows);
    // the aggregates are regrouped; each (batch, period) keeps its state
    tx.execute_batch(
        "CREATE TEMP TABLE batch_period AS
           SELECT batch_id, period, MAX(active) AS active, MAX(superseded_by) AS superseded_by
           FROM ledger_agg GROUP BY batch_id, period;
         DELETE FROM ledger_agg;
         INSERT INTO ledger_agg (batch_id, period, year, area, category, decision_year, cost_type, vo, n, amount,
                                 superseded_by, active)
         SELECT l.batch_id, l.period, l.year, l.area, l.category, l.decision_year, l.cost_type, l.vo, COUNT(*),
                SUM(l.amount), bp.superseded_by, bp.active
         FROM ledger_line l JOIN batch_period bp ON bp.batch_id = l.batch_id AND bp.period = l.period
         GROUP BY l.batch_id, l.period, l.year, l.area, l.category, l.decision_year, l.cost_type, l.vo;
         DROP TABLE temp.batch_period;",
    )?;
    out.unclassified_sum = Amount(tx.query_row(
        &format!(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger_agg l WHERE l.active = 1 AND {}",
            classify::UNCLASSIFIED_SQL
        ),
        [],
        |r| r.get(0),
    )?);
    Ok(out)
}

fn line_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LineRow> {
    Ok(LineRow {
        id: r.get(0)?,
        batch_id: r.get(1)?,
        file_name: r.get(2)?,
        row_no: r.get(3)?,
        period: r.get(4)?,
        date: r.get(5)?,
        konto: r.get(6)?,
        ansvar: r.get(7)?,
        verksamhet: r.get(8)?,
        projekt: r.get(9)?,
        motpart: r.get(10)?,
        verifikation: r.get(11)?,
        text: r.get(12)?,
        amount: Amount(r.get(13)?),
        area: r.get(14)?,
        category: r.get(15)?,
        cost_type: r.get(16)?,
        vo: r.get(17)?,
        decision_year: r.get(18)?,
        rule_id: r.get(19)?,
    })
}

/// Which table a drill-down condition is for: both have the same columns,
/// but only the aggregates carry the live/replaced state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineTable {
    Aggregates,
    Lines,
}

/// A ledger line (alias `l`) is live when its batch's period is: one seek in
/// the aggregates' (batch_id, period, active) index.
pub(crate) const LINE_IS_ACTIVE: &str =
    "EXISTS (SELECT 1 FROM ledger_agg a WHERE a.batch_id = l.batch_id AND a.period = l.period AND a.active = 1)";

/// SQL condition (over alias `l`) and its arguments for a drill-down query.
/// Mirrors exactly how the reports group, so the lines add up to the figure.
pub(crate) fn line_filter(q: &LineQuery, table: LineTable) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut w = vec![match table {
        LineTable::Aggregates => "l.active = 1".to_string(),
        LineTable::Lines => LINE_IS_ACTIVE.to_string(),
    }];
    let mut a: Vec<Value> = Vec::new();
    if let Some(b) = q.batch_id {
        // a batch's own lines, active or not
        w[0] = "1 = 1".into();
        a.push(Value::Integer(b));
        w.push(format!("l.batch_id = ?{}", a.len()));
    }
    if let Some(y) = q.year {
        a.push(Value::Integer(y as i64));
        w.push(format!("l.year = ?{}", a.len()));
    }
    if let Some(p) = q.period_to {
        a.push(Value::Integer(p as i64));
        w.push(format!("l.period <= ?{}", a.len()));
    }
    match q.area.as_deref() {
        Some(UNCLASSIFIED) => w.push("l.area IS NULL".into()),
        Some(area) => {
            a.push(Value::Text(area.to_string()));
            w.push(format!("l.area = ?{}", a.len()));
        }
        None => {}
    }
    match q.category.as_deref() {
        Some(UNCLASSIFIED) => w.push("l.category IS NULL".into()),
        Some(c) => {
            a.push(Value::Text(c.to_string()));
            w.push(format!("l.category = ?{}", a.len()));
        }
        None => {}
    }
    if let Some(ct) = &q.cost_type {
        a.push(Value::Text(ct.clone()));
        let n = a.len();
        w.push(format!("(l.cost_type = ?{n} OR l.cost_type IN (SELECT name FROM cost_type WHERE grp = ?{n}))"));
    }
    if q.staffing {
        w.push(
            "l.area IS NULL AND l.cost_type IN (SELECT name FROM cost_type WHERE staff IS NOT NULL OR grp = 'Personalkostnader')"
                .into(),
        );
    }
    match q.vo.as_deref() {
        Some("(utan VO)") => w.push("l.vo IS NULL".into()),
        Some(vo) => {
            a.push(Value::Text(vo.to_string()));
            w.push(format!("l.vo = ?{}", a.len()));
        }
        None => {}
    }
    if let (Some(d), Some(y)) = (q.decision.as_deref(), q.year) {
        match d {
            "before" => w.push(format!("l.decision_year < {y}")),
            "year" => w.push(format!("(l.decision_year IS NULL OR l.decision_year >= {y})")),
            _ => {}
        }
    }
    if q.investments {
        w.push(format!("(l.area IS NOT NULL OR l.cost_type IS NULL OR l.cost_type = '{}')", classify::INVESTMENT));
    }
    if q.unclassified {
        w.push(classify::UNCLASSIFIED_SQL.into());
    }
    (w.join(" AND "), a)
}

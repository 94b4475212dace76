//! Writing one import: `Store::begin_batch` opens the transaction and
//! records the batch, `BatchWriter` inserts its rows (noting what the export
//! looks like), `finish` records the totals, replaces what the batch
//! supersedes — or refuses when that is another kind of export the user did
//! not confirm, or when it would change a closed period — writes the audit
//! entry and commits. `plan` says what `finish` would replace and keeps nothing.

use super::audit;
use super::batches::{self, Incoming, ReplacePlan, Replaced};
use super::copy::CopyBuffer;
use super::db::{params, Db, Dialect, Tx};
use super::fingerprint::{AccountClasses, Fingerprint};
use super::{now, Kind, Store};
use crate::classify::Classification;
use crate::control::audit::{Draft, Operation};
use crate::error::{Error, Result};
use crate::money::Amount;
use serde_json::json;
use std::cell::RefCell;
use std::collections::BTreeMap;

pub struct NewBatch<'a> {
    pub kind: Kind,
    /// The source as the user named it (`--source`), if they did.
    pub source: Option<&'a str>,
    /// `--replace`: replace the periods even of an export that looks different.
    pub replace: bool,
    /// A trial run: `finish` leaves its plan in the store (`take_trial_plan`)
    /// and keeps nothing.
    pub trial: bool,
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

/// One row of an asset register; `object` or `project` (or both) is given.
pub struct AssetRow<'a> {
    pub row_no: u32,
    pub object: Option<&'a str>,
    pub project: Option<&'a str>,
    pub text: Option<&'a str>,
    pub area: &'a str,
    pub category: Option<&'a str>,
    pub value: Amount,
    pub activation: u32,
    pub life_years: u32,
}

/// An import in progress: one open transaction. Dropping it without
/// `finish` rolls everything back, so a failed import leaves nothing.
pub struct BatchWriter<'a> {
    /// Where ledger lines go. Declared before `tx` so a statement is
    /// finalised before a rollback.
    lines: Option<Lines<'a>>,
    tx: Tx<'a>,
    pub batch_id: i64,
    kind: Kind,
    file_name: String,
    source: Option<String>,
    replace: bool,
    /// Where a trial run's plan goes (`Store::trial_plan`); None: a real import.
    trial: Option<&'a RefCell<Option<ReplacePlan>>>,
    /// What the export looks like: ledger lines per account class, other
    /// rows per område or VO (see `fingerprint`).
    accounts: AccountClasses,
    classes: Fingerprint,
    /// The first `ledger_line` id this batch can get: its lines are the ids
    /// from here to the largest at `finish` (see `batches::in_batch`).
    first_line: i64,
    /// For the audit entry written with the commit.
    user: String,
    sha256: String,
}

/// How ledger lines are written: SQLite binds each to one prepared insert (a
/// million-line import must not look it up per line); PostgreSQL takes them
/// in COPY's text format, a buffer at a time.
enum Lines<'a> {
    Insert(rusqlite::Statement<'a>),
    Copy(CopyBuffer),
}

pub(super) const LINE_COLUMNS: &str = "batch_id, row_no, period, year, date, konto, ansvar, verksamhet, projekt, motpart, verifikation,
      text, amount, x_area, x_category, x_decision_year, x_cost_type, x_vo, area, category, cost_type, vo, decision_year,
      rule_id, attrs";

const INSERT_LINE: &str = "INSERT INTO ledger_line (batch_id, row_no, period, year, date, konto, ansvar, verksamhet,
      projekt, motpart, verifikation, text, amount, x_area, x_category, x_decision_year, x_cost_type, x_vo,
      area, category, cost_type, vo, decision_year, rule_id, attrs)
     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25)";

impl Store {
    /// An active (or undone) batch of this kind with the same file contents.
    pub fn find_same_file(&self, kind: Kind, sha256: &str) -> Result<Option<(i64, String)>> {
        self
            .db
            .query_opt(
                "SELECT id, state FROM import_batch WHERE kind = ?1 AND sha256 = ?2 ORDER BY state = 'active' DESC, id DESC LIMIT 1",
                params![kind.as_str(), sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
    }

    /// Start an import: opens the transaction and records the batch.
    pub fn begin_batch(&mut self, b: &NewBatch<'_>) -> Result<BatchWriter<'_>> {
        // `&mut self` makes this the only transaction on the connection; the
        // line statement below borrows the connection as long as it does
        self.trial_plan.get_mut().take();
        let db: &Db = &self.db;
        let tx = db.begin()?;
        // the source is settled at `finish`, when the file's fingerprint is known
        let batch_id: i64 = tx.query_row(
            "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row, mapping,
               row_count, control_sum, imported_at)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,0,0,?10) RETURNING id",
            params![
                b.kind.as_str(),
                b.source.unwrap_or(b.kind.label_sv()),
                b.file_name,
                b.file_path,
                b.sha256,
                b.format,
                b.sheet,
                b.header_row,
                b.mapping_json,
                now()
            ],
            |r| r.get(0),
        )?;
        let first_line: i64 =
            tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_line", params![], |r| r.get(0))?;
        let lines = match (b.kind, db) {
            (Kind::Ledger, Db::Sqlite(conn)) => Some(Lines::Insert(conn.prepare(INSERT_LINE)?)),
            (Kind::Ledger, Db::Postgres(_)) => Some(Lines::Copy(CopyBuffer::default())),
            _ => None,
        };
        Ok(BatchWriter {
            lines,
            tx,
            batch_id,
            kind: b.kind,
            file_name: b.file_name.to_string(),
            source: b.source.map(str::to_string),
            replace: b.replace,
            trial: b.trial.then_some(&self.trial_plan),
            accounts: AccountClasses::default(),
            classes: Fingerprint::default(),
            first_line,
            user: self.user.clone(),
            sha256: b.sha256.to_string(),
        })
    }
}

impl BatchWriter<'_> {
    pub fn insert_line(&mut self, r: &LedgerRow<'_>, c: &Classification) -> Result<()> {
        let st = match self.lines.as_mut() {
            Some(Lines::Insert(st)) => st,
            Some(Lines::Copy(buf)) => {
                buf.line(self.batch_id, r, c);
                if buf.is_full() {
                    buf.flush(&self.tx)?;
                }
                self.accounts.note(r.konto);
                return Ok(());
            }
            // the import chose the row reader from the batch's kind: a bug if it differs
            None => return Err(Error::internal(format!("batch {} är inte en huvudboksimport", self.batch_id))),
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
        self.accounts.note(r.konto);
        Ok(())
    }

    /// One aggregate row: `n` lines of `period` classified as `c`, summing to `amount`.
    pub fn insert_aggregate(&mut self, period: u32, c: &Classification, n: u64, amount: Amount) -> Result<()> {
        let mut st = self.tx.prepare(
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
        let mut st = self.tx.prepare(
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
        self.classes.note(r.area);
        Ok(())
    }

    pub fn insert_budget(&mut self, r: &BudgetRow<'_>) -> Result<()> {
        let months: Vec<i64> = r.months.iter().map(|a| a.0).collect();
        let mut st = self.tx.prepare(
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
        self.classes.note(r.vo.unwrap_or(""));
        Ok(())
    }

    pub fn insert_staff(&mut self, r: &StaffRow<'_>) -> Result<()> {
        let mut st = self.tx.prepare(
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
        self.classes.note(r.vo);
        Ok(())
    }

    /// The open transaction, the batch id and the fingerprint, for a row
    /// writer kept beside its table's queries (`orders.rs`).
    pub(super) fn parts(&mut self) -> (&Db, i64, &mut Fingerprint) {
        (&*self.tx, self.batch_id, &mut self.classes)
    }

    pub fn insert_asset(&mut self, r: &AssetRow<'_>) -> Result<()> {
        self.classes.note(r.area);
        let mut st = self.tx.prepare(
            "INSERT INTO asset (batch_id, row_no, object, project, text, area, category, value, activation, life_years)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
        )?;
        st.execute(params![
            self.batch_id,
            r.row_no,
            r.object,
            r.project,
            r.text,
            r.area,
            r.category,
            r.value.0,
            r.activation,
            r.life_years
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

    /// The names of codes this file gives, (dimension, code) → name: they
    /// replace the names an earlier file gave (the latest file wins).
    pub fn insert_code_names(&mut self, names: &BTreeMap<(String, String), String>) -> Result<()> {
        let mut st = self.tx.prepare(
            "INSERT INTO code_name (dim, code, name, batch_id) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(dim, code) DO UPDATE SET name = excluded.name, batch_id = excluded.batch_id",
        )?;
        for ((dim, code), name) in names {
            st.execute(params![dim, code, name, self.batch_id])?;
        }
        Ok(())
    }

    fn fingerprint(&self) -> Fingerprint {
        match self.kind {
            Kind::Ledger => self.accounts.fingerprint(),
            _ => self.classes.clone(),
        }
    }

    /// What this batch would replace, from the rows inserted so far (the
    /// aggregates of a ledger are written by now).
    fn replace_plan(&self) -> Result<ReplacePlan> {
        let fingerprint = self.fingerprint();
        batches::plan(
            &self.tx,
            &Incoming {
                kind: self.kind,
                batch: self.batch_id,
                fingerprint: &fingerprint,
                given_source: self.source.as_deref(),
                default_source: self.kind.label_sv(),
                confirmed: self.replace,
            },
        )
    }

    /// Record the totals, replace older lines of the same source in the
    /// periods (years) this batch covers, and commit. Refused (a conflict,
    /// nothing kept) when those lines come from an export that looks
    /// different and the user neither confirmed nor named a source.
    pub fn finish(mut self, rows: u64, control_sum: Amount, source_total: Option<Amount>) -> Result<Vec<Replaced>> {
        if let Some(Lines::Copy(buf)) = self.lines.as_mut() {
            buf.flush(&self.tx)?;
        }
        self.lines = None;
        // another import of this kind on a server commits first: the plan
        // below then sees its batch
        batches::serialise(&self.tx, self.kind)?;
        let plan = self.replace_plan()?;
        if let Some(slot) = self.trial {
            // on trial: say what would happen; dropping the writer rolls back
            let replaced = plan.replaces.clone();
            *slot.borrow_mut() = Some(plan);
            return Ok(replaced);
        }
        if plan.needs_confirmation {
            return Err(batches::refusal(self.kind, &self.file_name, &plan));
        }
        // ledger batches: from their aggregates, which are written by now
        let table = batches::summary(self.kind).0;
        let scope = batches::range_expr(self.kind);
        let (from, to): (Option<u32>, Option<u32>) = self.tx.query_row(
            &format!("SELECT MIN({scope}), MAX({scope}) FROM {table} WHERE batch_id = ?1"),
            params![self.batch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let lines: Option<(i64, i64)> = match self.kind {
            // on a server a batch's lines are found by its id (`batches::in_batch`)
            Kind::Ledger if self.tx.dialect() == Dialect::Postgres => None,
            Kind::Ledger => {
                let last: i64 =
                    self.tx.query_row("SELECT COALESCE(MAX(id), 0) FROM ledger_line", params![], |r| r.get(0))?;
                (last >= self.first_line).then_some((self.first_line, last))
            }
            _ => None,
        };
        self.tx.execute(
            "UPDATE import_batch SET row_count = ?2, control_sum = ?3, source_total = ?4, scope_from = ?5, scope_to = ?6,
                                     first_line = ?7, last_line = ?8, source = ?9, fingerprint = ?10
             WHERE id = ?1",
            params![
                self.batch_id,
                rows as i64,
                control_sum.0,
                source_total.map(|a| a.0),
                from,
                to,
                lines.map(|l| l.0),
                lines.map(|l| l.1),
                plan.source,
                self.fingerprint().to_json()
            ],
        )?;
        batches::apply(&self.tx, self.kind, self.batch_id, &plan.replaces)?;
        // the entry commits with the batch: a killed import leaves neither
        let summary = json!({
            "batch": self.batch_id,
            "kind": self.kind.as_str(),
            "file": self.file_name,
            "sha256": self.sha256,
            "source": plan.source,
            "rows": rows,
            "control_sum": control_sum,
            "source_sum": source_total,
            "scope": [from, to],
            "replaced": plan.replaces,
        });
        let draft = Draft::new(Operation::Import, format!("batch {}", self.batch_id), summary);
        let touches = batches::touches(&self.tx, self.kind, self.batch_id)?;
        let what = format!("Importen av {}", self.file_name);
        audit::record(&self.tx, &self.user, &what, &touches, &draft)?;
        self.tx.commit()?;
        Ok(plan.replaces)
    }
}

//! Reading the ledger through a `LineQuery`: the sums reports are made of
//! (from the aggregates) and the lines behind them (drill-down), both through
//! `filter::line_filter`.

use super::batches::in_batch;
use super::db::{params, Db};
use super::filter::{line_filter, LineQuery, LineTable};
use super::Store;
use crate::classify::UNCLASSIFIED;
use crate::error::Result;
use crate::money::Amount;
use serde::Serialize;
use std::collections::BTreeMap;

/// A column report sums can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Area,
    Category,
    CostType,
    Vo,
    DecisionYear,
    Year,
    Period,
}

impl GroupBy {
    fn column(self) -> &'static str {
        match self {
            GroupBy::Area => "l.area",
            GroupBy::Category => "l.category",
            GroupBy::CostType => "l.cost_type",
            GroupBy::Vo => "l.vo",
            GroupBy::DecisionYear => "l.decision_year",
            GroupBy::Year => "l.year",
            GroupBy::Period => "l.period",
        }
    }
}

/// The live lines of one group: the values of the columns grouped by (None
/// for NULL, and for columns not grouped by), their number and their sum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineSum {
    pub area: Option<String>,
    pub category: Option<String>,
    pub cost_type: Option<String>,
    pub vo: Option<String>,
    pub decision_year: Option<i32>,
    pub year: Option<i32>,
    pub period: Option<u32>,
    pub lines: u64,
    pub amount: Amount,
}

impl LineSum {
    /// The kategori as reports show it and queries name it.
    pub fn category_label(&self) -> String {
        self.category.clone().unwrap_or_else(|| UNCLASSIFIED.to_string())
    }
    /// The VO as reports show it and queries name it.
    pub fn vo_label(&self) -> String {
        super::vo_label(self.vo.as_deref())
    }
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
    /// The names of the codes, as the latest file that gave them wrote them.
    pub konto_name: Option<String>,
    pub ansvar_name: Option<String>,
    pub projekt_name: Option<String>,
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

/// `Store::sums` on a connection or an open transaction.
pub(super) fn sums_in(conn: &Db, q: &LineQuery, by: &[GroupBy]) -> Result<Vec<LineSum>> {
    let (where_sql, args) = line_filter(q, LineTable::Aggregates);
    let cols: Vec<&str> = by.iter().map(|g| g.column()).collect();
    let (select, group) = match cols.is_empty() {
        true => (String::new(), String::new()),
        false => (format!("{}, ", cols.join(", ")), format!(" GROUP BY {0} ORDER BY {0}", cols.join(", "))),
    };
    let mut st = conn.prepare(&format!(
        "SELECT {select}COALESCE(SUM(l.n), 0), COALESCE(SUM(l.amount), 0) FROM ledger_agg l WHERE {where_sql}{group}"
    ))?;
    let rows = st.query_map(&super::db::params_of(&args), |r| {
        let mut s = LineSum::default();
        for (i, g) in by.iter().enumerate() {
            match g {
                GroupBy::Area => s.area = r.get(i)?,
                GroupBy::Category => s.category = r.get(i)?,
                GroupBy::CostType => s.cost_type = r.get(i)?,
                GroupBy::Vo => s.vo = r.get(i)?,
                GroupBy::DecisionYear => s.decision_year = r.get(i)?,
                GroupBy::Year => s.year = r.get(i)?,
                GroupBy::Period => s.period = r.get(i)?,
            }
        }
        s.lines = r.get::<i64>(by.len())? as u64;
        s.amount = Amount(r.get(by.len() + 1)?);
        Ok(s)
    })?;
    rows.collect::<std::result::Result<_, _>>()
}

fn line_row(r: &super::db::Row<'_>) -> Result<LineRow> {
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
        konto_name: r.get(20)?,
        ansvar_name: r.get(21)?,
        projekt_name: r.get(22)?,
    })
}

impl Store {
    /// Count and sum of the live lines `q` selects (`limit` aside), one
    /// `LineSum` per group of `by`; with no `by`, one `LineSum` for them all. These
    /// are the figures `lines(q)` lists the lines of.
    pub fn sums(&self, q: &LineQuery, by: &[GroupBy]) -> Result<Vec<LineSum>> {
        sums_in(&self.db, q, by)
    }

    /// Ledger lines matching a drill-down query, in the order they were
    /// imported (file order: the index gives them without sorting).
    pub fn lines(&self, q: &LineQuery) -> Result<Lines> {
        // every filter is a column of the aggregates too: count and sum from there
        let all = self.sums(q, &[])?.pop().unwrap_or_default();
        let limit = q.limit.unwrap_or(10_000);
        let (line_where, args) = line_filter(q, LineTable::Lines);
        // one batch's lines: through their id range (there is no batch index)
        let range = match q.batch_id {
            Some(b) => format!(" AND {}", in_batch(self.db.dialect(), "ledger_line", "l.", &b.to_string())),
            None => String::new(),
        };
        let mut st = self.db.prepare(&format!(
            // the file name by a subquery, not a join: joined, PostgreSQL's
            // planner read the lines once per live (batch, period) — 1,4 s
            // instead of 30 ms for 2 223 of 200 000 lines (bench --pg)
            "SELECT l.id, l.batch_id, (SELECT b.file_name FROM import_batch b WHERE b.id = l.batch_id), l.row_no,
                    l.period, l.date, l.konto, l.ansvar, l.verksamhet,
                    l.projekt, l.motpart, l.verifikation, l.text, l.amount, l.area, l.category, l.cost_type, l.vo,
                    l.decision_year, l.rule_id, nk.name, na.name, np.name
             FROM ledger_line l
             LEFT JOIN code_name nk ON nk.dim = 'konto' AND nk.code = l.konto
             LEFT JOIN code_name na ON na.dim = 'ansvar' AND na.code = l.ansvar
             LEFT JOIN code_name np ON np.dim = 'projekt' AND np.code = l.projekt
             WHERE {line_where}{range} ORDER BY l.id LIMIT {limit}"
        ))?;
        let lines =
            st.query_map(&super::db::params_of(&args), line_row)?.collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Lines {
            query: q.clone(),
            total_rows: all.lines,
            total: all.amount,
            truncated: all.lines > lines.len() as u64,
            lines,
        })
    }

    /// Code → name of one dimension ("konto", "ansvar", "projekt" …).
    pub fn code_names(&self, dim: &str) -> Result<BTreeMap<String, String>> {
        let mut st = self.db.prepare("SELECT code, name FROM code_name WHERE dim = ?1")?;
        let rows = st.query_map(params![dim], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()
    }

    /// Years that have outcome or frames, ascending.
    pub fn years(&self) -> Result<Vec<i32>> {
        let mut st = self.db.prepare(
            "SELECT DISTINCT year FROM ledger_agg WHERE active = 1
             UNION SELECT DISTINCT year FROM frame WHERE active = 1 ORDER BY 1",
        )?;
        let years = st.query_map(params![], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        Ok(years)
    }

    /// The last period with outcome in a year, for "year to date" defaults.
    pub fn last_period(&self, year: i32) -> Result<Option<u32>> {
        self.db
            .query_row("SELECT MAX(period) FROM ledger_agg WHERE active = 1 AND year = ?1", params![year], |r| r.get(0))
    }
}

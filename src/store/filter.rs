//! "The lines behind a figure", defined once: a `LineQuery` becomes one SQL
//! condition, and both the report sums (`Store::sums`, over the aggregates)
//! and the drill-down (`Store::lines`, over the lines) are built from it, so
//! a figure and its lines agree by construction.
//!
//! A group's NULL is named by a label in a query: `UNCLASSIFIED` for område,
//! kategori and kostnadsslag, `NO_VO` for VO. Reports label a NULL group the
//! same way, so the label they show is the query that lists its lines.

use super::db::Value;
use crate::classify::{BALANCE, INVESTMENT, STAFF_GROUP, UNCLASSIFIED};
use serde::{Deserialize, Serialize};

/// The label of lines without a VO, in reports and in a query's `vo`.
pub const NO_VO: &str = "(utan VO)";

/// A VO as reports show it: the VO, or [`NO_VO`].
pub fn vo_label(vo: Option<&str>) -> String {
    vo.unwrap_or(NO_VO).to_string()
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
    /// `cost_type` is that kostnadsslag only, even where a budget group has
    /// the same name (a kostnadsslag row, not its group's). Sent only when
    /// set and not in the UI's type: the UI passes report drills through.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub exact_cost_type: bool,
}

/// Which table a condition is for: both have the same columns, but only the
/// aggregates carry the live/replaced state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineTable {
    Aggregates,
    Lines,
}

/// A ledger line (alias `l`) is live when its batch's period is: one seek in
/// the aggregates' (batch_id, period, active) index.
pub(super) const LINE_IS_ACTIVE: &str =
    "EXISTS (SELECT 1 FROM ledger_agg a WHERE a.batch_id = l.batch_id AND a.period = l.period AND a.active = 1)";

/// Lines `Classification::is_classified` rejects: no område, and no
/// kostnadsslag other than Investering.
fn unclassified_sql() -> String {
    format!("l.area IS NULL AND (l.cost_type IS NULL OR l.cost_type = '{INVESTMENT}')")
}

/// SQL condition (over alias `l`) and its arguments for the lines `q` selects.
pub(super) fn line_filter(q: &LineQuery, table: LineTable) -> (String, Vec<Value>) {
    let mut w = vec![match table {
        LineTable::Aggregates => "l.active = 1".to_string(),
        LineTable::Lines => LINE_IS_ACTIVE.to_string(),
    }];
    let mut a: Vec<Value> = Vec::new();
    if let Some(b) = q.batch_id {
        // a batch's own lines, active or not
        w[0] = "1 = 1".into();
        w.push(format!("l.batch_id = ?{}", arg(&mut a, Value::Int(b))));
    }
    if let Some(y) = q.year {
        w.push(format!("l.year = ?{}", arg(&mut a, Value::Int(y as i64))));
    }
    if let Some(p) = q.period_to {
        w.push(format!("l.period <= ?{}", arg(&mut a, Value::Int(p as i64))));
    }
    if let Some(c) = label_condition("l.area", q.area.as_deref(), UNCLASSIFIED, &mut a) {
        w.push(c);
    }
    if let Some(c) = label_condition("l.category", q.category.as_deref(), UNCLASSIFIED, &mut a) {
        w.push(c);
    }
    match q.cost_type.as_deref() {
        // no kostnadsslag the operating report knows, and not an investment or balance-sheet line
        Some(UNCLASSIFIED) => w.push(format!(
            "(l.cost_type IS NULL OR (l.cost_type NOT IN ('{INVESTMENT}', '{BALANCE}') \
             AND l.cost_type NOT IN (SELECT name FROM cost_type)))"
        )),
        Some(ct) if q.exact_cost_type => w.push(format!("l.cost_type = ?{}", arg(&mut a, Value::Text(ct.into())))),
        Some(ct) => {
            let n = arg(&mut a, Value::Text(ct.to_string()));
            w.push(format!("(l.cost_type = ?{n} OR l.cost_type IN (SELECT name FROM cost_type WHERE grp = ?{n}))"));
        }
        None => {}
    }
    if q.staffing {
        // `CostType::is_staffing`, in SQL
        w.push(format!(
            "l.area IS NULL AND l.cost_type IN (SELECT name FROM cost_type WHERE staff IS NOT NULL OR grp = '{STAFF_GROUP}')"
        ));
    }
    if let Some(c) = label_condition("l.vo", q.vo.as_deref(), NO_VO, &mut a) {
        w.push(c);
    }
    if let (Some(d), Some(y)) = (q.decision.as_deref(), q.year) {
        match d {
            "before" => w.push(format!("l.decision_year < {y}")),
            "year" => w.push(format!("(l.decision_year IS NULL OR l.decision_year >= {y})")),
            _ => {}
        }
    }
    if q.investments {
        w.push(format!("(l.area IS NOT NULL OR l.cost_type IS NULL OR l.cost_type = '{INVESTMENT}')"));
    }
    if q.unclassified {
        w.push(unclassified_sql());
    }
    (w.join(" AND "), a)
}

/// Add an argument; its number in the statement (`?n`).
fn arg(a: &mut Vec<Value>, v: Value) -> usize {
    a.push(v);
    a.len()
}

/// `column = value`, or `column IS NULL` when the value is the label of NULL.
fn label_condition(column: &str, value: Option<&str>, null_label: &str, a: &mut Vec<Value>) -> Option<String> {
    let v = value?;
    if v == null_label {
        return Some(format!("{column} IS NULL"));
    }
    Some(format!("{column} = ?{}", arg(a, Value::Text(v.to_string()))))
}

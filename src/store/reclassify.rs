//! Re-running the rules over every stored line: the one place ledger lines
//! are rewritten, and the aggregates regrouped with each (batch, period)
//! keeping its live/replaced state.

use super::config::{read_rules, ReclassifyOutcome};
use super::db::{params, Db};
use super::filter::LineQuery;
use super::lines::sums_in;
use crate::classify::{self, Classification};
use crate::error::Result;
use crate::money::Amount;
use std::collections::{BTreeMap, BTreeSet};

/// Lines that changed class: per (from, to) their count and sum, and the
/// periods they are in (a closed one refuses the change).
#[derive(Debug, Default)]
pub(super) struct Moves {
    pub pairs: BTreeMap<(String, String), (u64, Amount)>,
    pub periods: BTreeSet<u32>,
}

impl Moves {
    /// For the audit entry: the moves, largest first (at most 100 pairs).
    pub fn summary(&self) -> serde_json::Value {
        let mut pairs: Vec<_> = self.pairs.iter().collect();
        pairs.sort_by_key(|(_, (n, _))| std::cmp::Reverse(*n));
        let list: Vec<_> = pairs
            .iter()
            .take(100)
            .map(|((from, to), (n, sum))| serde_json::json!({ "from": from, "to": to, "lines": n, "sum": sum }))
            .collect();
        serde_json::Value::Array(list)
    }
}

/// A class as the log names it: område/kategori/kostnadsslag/VO/beslutsår.
fn class_label(c: &Classification) -> String {
    let t = |s: &Option<String>| s.clone().unwrap_or_else(|| "–".into());
    let y = c.decision_year.map(|y| y.to_string()).unwrap_or_else(|| "–".into());
    format!("{}/{}/{}/{}/{y}", t(&c.area), t(&c.category), t(&c.cost_type), t(&c.vo))
}

pub(super) fn reclassify_in(tx: &Db) -> Result<(ReclassifyOutcome, Moves)> {
    let rules = read_rules(tx)?;
    let mut moves = Moves::default();
    let read =
        "SELECT id, konto, projekt, ansvar, verksamhet, text, x_area, x_category, x_decision_year, x_cost_type, x_vo,
                area, category, cost_type, vo, decision_year, rule_id, period, amount
         FROM ledger_line";
    let mut write = tx.prepare(
        "UPDATE ledger_line SET area = ?2, category = ?3, cost_type = ?4, vo = ?5, decision_year = ?6, rule_id = ?7 WHERE id = ?1",
    )?;
    let mut out = ReclassifyOutcome { lines: 0, changed: 0, unclassified: 0, unclassified_sum: Default::default() };
    tx.query_each(read, params![], |r| {
        let s = |i: usize| -> Result<String> { r.get(i) };
        let o = |i: usize| -> Result<Option<String>> { r.get(i) };
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
            // the rule that matched alone is no move between classes
            let (from, to) = (class_label(&old), class_label(&c));
            if from != to {
                let e = moves.pairs.entry((from, to)).or_default();
                e.0 += 1;
                e.1 += Amount(r.get(18)?);
                moves.periods.insert(r.get(17)?);
            }
            let id: i64 = r.get(0)?;
            write.execute(params![id, c.area, c.category, c.cost_type, c.vo, c.decision_year, c.rule_id])?;
        }
        Ok(())
    })?;
    regroup_aggregates(tx)?;
    let unclassified = LineQuery { unclassified: true, ..Default::default() };
    out.unclassified_sum = sums_in(tx, &unclassified, &[])?.pop().unwrap_or_default().amount;
    Ok((out, moves))
}

/// Rebuild `ledger_agg` from the lines; each (batch, period) keeps its state.
fn regroup_aggregates(tx: &Db) -> Result<()> {
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
         GROUP BY l.batch_id, l.period, l.year, l.area, l.category, l.decision_year, l.cost_type, l.vo,
                  bp.superseded_by, bp.active;
         DROP TABLE batch_period;",
    )?;
    Ok(())
}

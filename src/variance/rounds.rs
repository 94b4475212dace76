//! The forecast rounds over the variance report: for the result, every
//! budget group and every kostnadsslag, each round's full-year forecast,
//! its change from the round before and — once December's outcome is in —
//! its deviation from the outcome; and for investments the latest round's
//! forecast against the total frame.
//!
//! A round's forecast of a kostnadsslag is the sum of its rows; a VO (or a
//! whole kostnadsslag) the round does not mention keeps its budget, as a
//! budget row without a Prognos does. The budget file's Prognos column is a
//! round of its own, `budget`, listed first and left out of the
//! round-to-round change (the file does not say when it was made).

use super::{FrameReport, FrameRow, OperatingReport, OperatingRow};
use crate::error::Result;
use crate::forecast::{compare, variance_of, RoundCell, RoundValue};
use crate::money::Amount;
use crate::period;
use crate::store::{BudgetLine, ForecastEntry, ForecastKind, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// The id of the budget file's own round.
pub const BUDGET_ROUND: &str = "budget";

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoundHead {
    /// "201810", or "budget".
    pub id: String,
    pub period: Option<u32>,
    /// "oktober 2018", "budgetfilens prognos".
    pub label: String,
    /// Fastställd: no longer changed.
    pub locked: bool,
}

/// One report row across the rounds.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoundRow {
    /// The operating report row's key (its comment key).
    pub key: String,
    pub label: String,
    pub group: String,
    pub cost_type: Option<String>,
    pub revenue: bool,
    pub budget: Amount,
    /// The full year's outcome against the budget, surplus positive, once
    /// the year is complete.
    pub outcome_variance: Option<Amount>,
    pub cells: Vec<RoundCell>,
}

/// The latest investment forecast of one område or kategori.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvestmentForecast {
    pub round: u32,
    pub area: String,
    pub category: Option<String>,
    pub label: String,
    pub total_frame: Amount,
    pub outcome: Amount,
    pub forecast: Amount,
    /// Total frame − forecast: negative when the forecast overruns the frame.
    pub variance: Amount,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastRounds {
    pub year: i32,
    pub rounds: Vec<RoundHead>,
    /// December's outcome is in: each round's deviation is shown.
    pub outcome_complete: bool,
    pub result: RoundRow,
    /// Each budget group followed by its kostnadsslag, in report order.
    pub rows: Vec<RoundRow>,
    pub investments: Vec<InvestmentForecast>,
}

/// Per (kostnadsslag, VO): one round's forecast.
type Leaves = BTreeMap<(String, Option<String>), Amount>;

/// One round as the rows read it: its head, whether it is dated (takes
/// part in the change), its forecast and its comments per kostnadsslag.
type Round = (RoundHead, bool, BTreeMap<String, Amount>, BTreeMap<String, String>);

/// A round's operating forecast per kostnadsslag: its own rows, a VO it
/// does not mention at its budget; and its comments per kostnadsslag.
fn round_forecast(budget: &[BudgetLine], own: &Leaves) -> BTreeMap<String, Amount> {
    let mut out: BTreeMap<String, Amount> = BTreeMap::new();
    let whole: Vec<&String> = own.keys().filter(|(_, vo)| vo.is_none()).map(|(ct, _)| ct).collect();
    for b in budget {
        let k = (b.cost_type.clone(), b.vo.clone());
        if whole.contains(&&b.cost_type) || own.contains_key(&k) {
            continue;
        }
        *out.entry(b.cost_type.clone()).or_default() += b.amount;
    }
    for ((ct, _), a) in own {
        *out.entry(ct.clone()).or_default() += *a;
    }
    out
}

/// The rounds of `op.year` laid over the operating report `op` and the
/// investment report `frames`.
pub fn forecast_rounds(store: &Store, op: &OperatingReport, frames: &FrameReport) -> Result<ForecastRounds> {
    let year = op.year;
    let budget = store.budget_lines(year)?;
    let stored = store.forecast_rounds(year)?;
    let entries = store.forecast_entries(year)?;
    let complete = store.last_period(year)? == Some(year as u32 * 100 + 12) && period::month_of(op.period) == 12;

    let mut rounds: Vec<Round> = Vec::new();
    if budget.iter().any(|b| b.forecast.is_some()) {
        let leaves: Leaves =
            budget.iter().map(|b| ((b.cost_type.clone(), b.vo.clone()), b.forecast.unwrap_or(b.amount))).collect();
        let head =
            RoundHead { id: BUDGET_ROUND.into(), period: None, label: "budgetfilens prognos".into(), locked: true };
        rounds.push((head, false, round_forecast(&budget, &leaves), BTreeMap::new()));
    }
    for r in &stored {
        let own: Vec<&ForecastEntry> =
            entries.iter().filter(|e| e.round == r.round && e.kind == ForecastKind::Operating).collect();
        if own.is_empty() {
            continue;
        }
        let mut leaves = Leaves::new();
        let mut comments: BTreeMap<String, String> = BTreeMap::new();
        for e in own {
            let ct = e.cost_type.clone().unwrap_or_default();
            *leaves.entry((ct.clone(), e.vo.clone())).or_default() += e.amount;
            if let Some(c) = &e.comment {
                let text = match &e.vo {
                    Some(vo) => format!("{vo}: {c}"),
                    None => c.clone(),
                };
                comments.entry(ct).and_modify(|t| *t = format!("{t}; {text}")).or_insert(text);
            }
        }
        let head = RoundHead {
            id: r.round.to_string(),
            period: Some(r.round),
            label: period::label_sv(r.round),
            locked: r.locked_at.is_some(),
        };
        rounds.push((head, true, round_forecast(&budget, &leaves), comments));
    }

    let row_of = |o: &OperatingRow, cells: Vec<RoundCell>| RoundRow {
        key: o.key.clone(),
        label: o.label.clone(),
        group: o.group.clone(),
        cost_type: o.cost_type.clone(),
        revenue: o.revenue,
        budget: o.budget,
        outcome_variance: complete.then_some(o.variance),
        cells,
    };
    // per round: (forecast, variance) of the result and of the current group
    let n = rounds.len();
    let mut result_acc = vec![(Amount::ZERO, Amount::ZERO); n];
    let mut rows = Vec::new();
    for g in &op.groups {
        let mut group_acc = vec![(Amount::ZERO, Amount::ZERO); n];
        let mut type_rows = Vec::new();
        for t in &g.cost_types {
            let ct = t.cost_type.clone().unwrap_or_default();
            let mut values = Vec::new();
            for (i, (head, dated, fc, comments)) in rounds.iter().enumerate() {
                let f = fc.get(&ct).copied().unwrap_or(t.budget);
                let fv = variance_of(t.revenue, t.budget, f);
                let signed = |a: Amount, revenue: bool| if revenue { a } else { -a };
                group_acc[i].0 += if t.revenue == g.row.revenue { f } else { -f };
                group_acc[i].1 += fv;
                result_acc[i].0 += signed(f, t.revenue);
                result_acc[i].1 += fv;
                values.push(RoundValue {
                    round: head.id.clone(),
                    dated: *dated,
                    forecast: f,
                    forecast_variance: fv,
                    comment: comments.get(&ct).cloned(),
                });
            }
            type_rows.push(row_of(t, compare(values, complete.then_some(t.variance))));
        }
        let values = rounds
            .iter()
            .zip(&group_acc)
            .map(|((h, dated, _, _), (f, fv))| RoundValue {
                round: h.id.clone(),
                dated: *dated,
                forecast: *f,
                forecast_variance: *fv,
                comment: None,
            })
            .collect();
        rows.push(row_of(&g.row, compare(values, complete.then_some(g.row.variance))));
        rows.extend(type_rows);
    }
    let values = rounds
        .iter()
        .zip(&result_acc)
        .map(|((h, dated, _, _), (f, fv))| RoundValue {
            round: h.id.clone(),
            dated: *dated,
            forecast: *f,
            forecast_variance: *fv,
            comment: None,
        })
        .collect();
    let result = row_of(&op.result, compare(values, complete.then_some(op.result.variance)));
    let investments = investment_forecasts(&entries, frames);
    let rounds = rounds.into_iter().map(|(h, ..)| h).collect();
    Ok(ForecastRounds { year, rounds, outcome_complete: complete, result, rows, investments })
}

/// The latest round with investment rows, each against its frame row.
pub fn investment_forecasts(entries: &[ForecastEntry], frames: &FrameReport) -> Vec<InvestmentForecast> {
    let inv: Vec<&ForecastEntry> = entries.iter().filter(|e| e.kind == ForecastKind::Investment).collect();
    let Some(latest) = inv.iter().map(|e| e.round).max() else { return Vec::new() };
    let frame_row = |area: &str, category: Option<&str>| -> Option<&FrameRow> {
        let block = frames.areas.iter().find(|a| a.row.area == area)?;
        match category {
            None => Some(&block.row),
            Some(c) => block.categories.iter().find(|r| r.category.as_deref() == Some(c)),
        }
    };
    inv.into_iter()
        .filter(|e| e.round == latest)
        .map(|e| {
            let area = e.area.clone().unwrap_or_default();
            let row = frame_row(&area, e.category.as_deref());
            let total_frame = row.map(|r| r.total_frame).unwrap_or_default();
            InvestmentForecast {
                round: latest,
                label: e.label(),
                area,
                category: e.category.clone(),
                total_frame,
                outcome: row.map(|r| r.outcome_total).unwrap_or_default(),
                forecast: e.amount,
                variance: total_frame - e.amount,
                comment: e.comment.clone(),
            }
        })
        .collect()
}

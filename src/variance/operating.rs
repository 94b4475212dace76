//! The operating result against the budget: per kostnadsslag (grouped into
//! Intäkter, Personalkostnader, Avskrivningar, Övriga kostnader), optionally
//! per VO; yearly budget, period budget, outcome, variance (surplus
//! positive, as DOMAIN.md: budget − outcome for costs, outcome − budget for
//! revenue) and a full-year forecast.

use super::Notice;
use crate::classify::{CostType, GROUPS, UNCLASSIFIED};
use crate::error::Result;
use crate::money::Amount;
use crate::period;
use crate::store::{vo_label, BudgetLine, GroupBy, LineQuery, Store};
use rust_decimal::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperatingRow {
    pub key: String,
    pub label: String,
    pub group: String,
    pub cost_type: Option<String>,
    pub vo: Option<String>,
    pub revenue: bool,
    /// Yearly budget; revenue and costs both as positive amounts.
    pub budget: Amount,
    /// The budget's months up to the period.
    pub period_budget: Amount,
    /// Outcome to the period, positive for both revenue and costs.
    pub outcome: Amount,
    /// Surplus positive: outcome − budget for revenue, budget − outcome for costs.
    pub variance: Amount,
    #[serde(serialize_with = "crate::money::ser_opt_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub variance_pct: Option<Decimal>,
    pub forecast: Amount,
    /// Full-year forecast against the yearly budget, surplus positive.
    pub forecast_variance: Amount,
    pub lines: u64,
    pub comment: Option<String>,
    pub drill: LineQuery,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_vo: Vec<OperatingRow>,
}

impl OperatingRow {
    fn add(&mut self, o: &OperatingRow) {
        // group and result rows add signed contributions: revenue counts up, costs down
        let sign = |a: Amount| if o.revenue == self.revenue { a } else { -a };
        self.budget += sign(o.budget);
        self.period_budget += sign(o.period_budget);
        self.outcome += sign(o.outcome);
        self.forecast += sign(o.forecast);
        self.variance += o.variance;
        self.forecast_variance += o.forecast_variance;
        self.lines += o.lines;
    }
    fn finish_leaf(&mut self) {
        self.variance =
            if self.revenue { self.outcome - self.period_budget } else { self.period_budget - self.outcome };
        self.forecast_variance = if self.revenue { self.forecast - self.budget } else { self.budget - self.forecast };
        self.pct();
    }
    fn pct(&mut self) {
        self.variance_pct = Amount::percent_of(self.variance, Amount(self.period_budget.0.abs()));
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperatingGroup {
    #[serde(flatten)]
    pub row: OperatingRow,
    pub cost_types: Vec<OperatingRow>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperatingReport {
    pub year: i32,
    pub period: u32,
    /// "controller" (imported forecast) or "run-rate" (outcome extrapolated
    /// along the budget's monthly profile).
    pub forecast_source: String,
    pub forecast_label: String,
    pub groups: Vec<OperatingGroup>,
    /// Revenue − costs; its variance is the sum of all variances.
    pub result: OperatingRow,
    /// Operating lines no rule gave a kostnadsslag: shown, not in the result.
    pub unclassified: Option<OperatingRow>,
    /// The notices below in Swedish (the CLI prints these).
    pub warnings: Vec<String>,
    /// No budget, lines without kostnadsslag: as data.
    pub notices: Vec<Notice>,
}

/// Budget of the months 1..=month.
pub(crate) fn months_to(months: &[Amount], month: u32) -> Amount {
    months.iter().take(month as usize).copied().sum()
}

/// Run-rate forecast: the outcome so far scaled by how much of the budget's
/// profile has passed; without a period budget, outcome plus what is left.
pub fn run_rate(outcome: Amount, budget: Amount, period_budget: Amount) -> Amount {
    if period_budget.is_zero() {
        return outcome + (budget - period_budget);
    }
    let f = Decimal::from(outcome.0) * Decimal::from(budget.0) / Decimal::from(period_budget.0);
    Amount(f.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(0))
}

/// The period a year-to-date report runs to: the one asked for (which must
/// lie in `year`), else the last period with outcome, else December.
pub fn resolve_period(store: &Store, year: i32, period: Option<u32>) -> Result<u32> {
    let period = match period {
        Some(p) => p,
        None => store.last_period(year)?.unwrap_or(year as u32 * 100 + 12),
    };
    super::frames::check_period(period, year)?;
    Ok(period)
}

/// What the rows of one report share.
struct Ctx<'a> {
    period: u32,
    key_base: String,
    types: &'a [CostType],
    comments: &'a BTreeMap<String, crate::store::Comment>,
    /// The operating lines: those without an område. Each row's drill
    /// narrows this query, and its figure is this query's sum for its group.
    lines: LineQuery,
}

impl Ctx<'_> {
    fn cost_type(&self, name: &str) -> Option<&CostType> {
        self.types.iter().find(|t| t.name == name)
    }
    fn comment(&self, key: &str) -> Option<String> {
        self.comments.get(key).map(|c| c.text.clone())
    }
    /// The lines of a budget group (or, unclassified, of no known kostnadsslag).
    fn group_drill(&self, group: &str) -> LineQuery {
        LineQuery { cost_type: Some(group.to_string()), ..self.lines.clone() }
    }
    /// The lines of one kostnadsslag, of one VO when given.
    fn drill(&self, cost_type: &str, vo: Option<String>) -> LineQuery {
        LineQuery { vo, exact_cost_type: true, ..self.group_drill(cost_type) }
    }
}

/// The operating variance for `year` up to `period` (default: the last
/// period with outcome). `by_vo` adds a row per VO under each kostnadsslag.
pub fn operating_report(store: &Store, year: i32, period: Option<u32>, by_vo: bool) -> Result<OperatingReport> {
    let period = resolve_period(store, year, period)?;
    let types = store.cost_types()?;
    let comments = store.comments()?;
    let lines =
        LineQuery { year: Some(year), period_to: Some(period), area: Some(UNCLASSIFIED.into()), ..Default::default() };
    let ctx = Ctx { period, key_base: format!("drift/{period}"), types: &types, comments: &comments, lines };
    let budget = store.budget_lines(year)?;
    let controller_forecast = budget.iter().any(|b| b.forecast.is_some());
    let leaves = leaves(store, &ctx, &budget)?;
    let by_type = type_rows(&ctx, leaves, controller_forecast, by_vo);
    let (groups, result) = group_rows(&ctx, &by_type);
    let unclassified = unclassified_row(store, &ctx)?;
    let mut notices = Vec::new();
    if budget.is_empty() {
        notices.push(Notice::NoBudget { year });
    }
    if let Some(u) = &unclassified {
        notices.push(Notice::NoCostType { lines: u.lines, outcome: u.outcome });
    }
    let warnings = notices.iter().map(Notice::text_sv).collect();
    let (forecast_source, forecast_label) = if controller_forecast {
        ("controller".to_string(), "controllerns prognos (importerad med budgeten)".to_string())
    } else {
        (
            "run-rate".to_string(),
            format!("run-rate: utfallet t.o.m. {} uppräknat efter budgetens månadsprofil", period::label_sv(period)),
        )
    };
    Ok(OperatingReport {
        year,
        period,
        forecast_source,
        forecast_label,
        groups,
        result,
        unclassified,
        warnings,
        notices,
    })
}

/// Budget and outcome per (kostnadsslag, VO).
fn leaves(
    store: &Store,
    ctx: &Ctx<'_>,
    budget: &[BudgetLine],
) -> Result<BTreeMap<(String, Option<String>), OperatingRow>> {
    let month = period::month_of(ctx.period);
    let mut leaves: BTreeMap<(String, Option<String>), OperatingRow> = BTreeMap::new();
    for b in budget {
        let r = leaves.entry((b.cost_type.clone(), b.vo.clone())).or_default();
        r.budget += b.amount;
        r.period_budget += months_to(&b.months, month);
        // a row without its own forecast keeps its budget in the controller's forecast
        r.forecast += b.forecast.unwrap_or(b.amount);
    }
    for s in store.sums(&ctx.lines, &[GroupBy::CostType, GroupBy::Vo])? {
        // lines of no known kostnadsslag are the unclassified row, investments none
        let Some(t) = s.cost_type.as_deref().and_then(|c| ctx.cost_type(c)) else { continue };
        let r = leaves.entry((t.name.clone(), s.vo)).or_default();
        r.outcome += if t.revenue { -s.amount } else { s.amount };
        r.lines += s.lines;
    }
    Ok(leaves)
}

/// Fold (kostnadsslag, VO) leaves into one row per kostnadsslag, each with
/// its VO rows when `by_vo`.
fn type_rows(
    ctx: &Ctx<'_>,
    leaves: BTreeMap<(String, Option<String>), OperatingRow>,
    controller_forecast: bool,
    by_vo: bool,
) -> BTreeMap<String, OperatingRow> {
    let mut by_type: BTreeMap<String, OperatingRow> = BTreeMap::new();
    for ((ct, vo), mut leaf) in leaves {
        let Some(t) = ctx.cost_type(&ct) else { continue };
        leaf.revenue = t.revenue;
        if !controller_forecast {
            leaf.forecast = run_rate(leaf.outcome, leaf.budget, leaf.period_budget);
        }
        leaf.finish_leaf();
        let row = by_type.entry(ct.clone()).or_insert_with(|| OperatingRow {
            key: format!("{}/{}/{ct}", ctx.key_base, t.group),
            label: ct.clone(),
            group: t.group.clone(),
            cost_type: Some(ct.clone()),
            revenue: t.revenue,
            drill: ctx.drill(&ct, None),
            ..Default::default()
        });
        row.add(&leaf);
        if by_vo {
            let label = vo_label(vo.as_deref());
            leaf.key = format!("{}/{}/{ct}/{label}", ctx.key_base, t.group);
            leaf.group = t.group.clone();
            leaf.cost_type = Some(ct.clone());
            leaf.vo = vo;
            leaf.comment = ctx.comment(&leaf.key);
            leaf.drill = ctx.drill(&ct, Some(label.clone()));
            leaf.label = label;
            row.by_vo.push(leaf);
        }
    }
    by_type
}

/// The budget groups in report order (the standard ones, then any other),
/// each with its kostnadsslag rows, and the result row over them all.
fn group_rows(ctx: &Ctx<'_>, by_type: &BTreeMap<String, OperatingRow>) -> (Vec<OperatingGroup>, OperatingRow) {
    let mut groups: Vec<OperatingGroup> = Vec::new();
    let mut result = OperatingRow {
        key: format!("{}/Resultat", ctx.key_base),
        label: "Resultat".into(),
        group: "Resultat".into(),
        revenue: true,
        ..Default::default()
    };
    let order = |name: &str| ctx.types.iter().position(|t| t.name == name).unwrap_or(usize::MAX);
    let others = ctx.types.iter().map(|t| t.group.clone()).filter(|g| !GROUPS.contains(&g.as_str()));
    for g in GROUPS.iter().map(|g| g.to_string()).chain(others) {
        if groups.iter().any(|x| x.row.group == g) {
            continue;
        }
        let mut rows: Vec<OperatingRow> = by_type.values().filter(|r| r.group == g).cloned().collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by_key(|r| order(&r.label));
        let mut grow = OperatingRow {
            key: format!("{}/{g}", ctx.key_base),
            label: g.clone(),
            group: g.clone(),
            revenue: rows.iter().all(|r| r.revenue),
            drill: ctx.group_drill(&g),
            ..Default::default()
        };
        for r in rows.iter_mut() {
            r.pct();
            r.comment = ctx.comment(&r.key);
            for v in r.by_vo.iter_mut() {
                v.pct();
            }
            grow.add(r);
        }
        grow.pct();
        grow.comment = ctx.comment(&grow.key);
        result.add(&grow);
        groups.push(OperatingGroup { row: grow, cost_types: rows });
    }
    result.pct();
    result.comment = ctx.comment(&result.key);
    (groups, result)
}

/// Operating lines of no kostnadsslag the hierarchy knows: shown, not in the result.
fn unclassified_row(store: &Store, ctx: &Ctx<'_>) -> Result<Option<OperatingRow>> {
    let drill = ctx.group_drill(UNCLASSIFIED);
    Ok(store.sums(&drill, &[])?.pop().filter(|s| s.lines > 0).map(|s| OperatingRow {
        key: format!("{}/{UNCLASSIFIED}", ctx.key_base),
        label: UNCLASSIFIED.into(),
        outcome: s.amount,
        lines: s.lines,
        drill,
        ..Default::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_rate_follows_profile() {
        // half the budget's profile has passed and outcome is at 90 % of it
        assert_eq!(run_rate(Amount(4_500), Amount(10_000), Amount(5_000)), Amount(9_000));
        assert_eq!(run_rate(Amount(100), Amount(1_000), Amount(0)), Amount(1_100));
    }
}

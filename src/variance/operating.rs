//! The operating result against the budget: per kostnadsslag (grouped into
//! Intäkter, Personalkostnader, Avskrivningar, Övriga kostnader), optionally
//! per VO; yearly budget, period budget, outcome, variance (surplus
//! positive, as DOMAIN.md: budget − outcome for costs, outcome − budget for
//! revenue) and a full-year forecast.

use crate::classify::{CostType, GROUPS, UNCLASSIFIED};
use crate::error::{Error, Result};
use crate::money::Amount;
use crate::period;
use crate::store::{LineQuery, Store};
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
    pub warnings: Vec<String>,
}

struct BudgetLine {
    cost_type: String,
    vo: Option<String>,
    amount: Amount,
    months: Vec<i64>,
    forecast: Option<Amount>,
}

fn load_budget(store: &Store, year: i32) -> Result<Vec<BudgetLine>> {
    let mut st = store
        .conn()
        .prepare("SELECT cost_type, vo, amount, months, forecast FROM budget WHERE active = 1 AND year = ?1")?;
    let rows = st.query_map([year], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (cost_type, vo, amount, months, forecast) = row?;
        out.push(BudgetLine {
            cost_type,
            vo,
            amount: Amount(amount),
            months: serde_json::from_str(&months)?,
            forecast: forecast.map(Amount),
        });
    }
    Ok(out)
}

/// Budget of the months 1..=month.
pub(crate) fn months_to(months: &[i64], month: u32) -> Amount {
    Amount(months.iter().take(month as usize).sum())
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
    if period::year_of(period) != year || !(1..=12).contains(&period::month_of(period)) {
        return Err(Error::usage(format!("perioden {period} ligger inte i år {year} (förväntade {year}01–{year}12)")));
    }
    Ok(period)
}

/// The operating variance for `year` up to `period` (default: the last
/// period with outcome). `by_vo` adds a row per VO under each kostnadsslag.
pub fn operating_report(store: &Store, year: i32, period: Option<u32>, by_vo: bool) -> Result<OperatingReport> {
    let period = resolve_period(store, year, period)?;
    let month = period::month_of(period);
    let types = store.cost_types()?;
    let by_name: BTreeMap<&str, &CostType> = types.iter().map(|c| (c.name.as_str(), c)).collect();
    let comments = store.comments()?;
    let key_base = format!("drift/{period}");

    // (cost type, vo) → row
    let mut leaves: BTreeMap<(String, Option<String>), OperatingRow> = BTreeMap::new();
    let budget = load_budget(store, year)?;
    let controller_forecast = budget.iter().any(|b| b.forecast.is_some());
    for b in &budget {
        let r = leaves.entry((b.cost_type.clone(), b.vo.clone())).or_default();
        r.budget += b.amount;
        r.period_budget += months_to(&b.months, month);
        // a row without its own forecast keeps its budget in the controller's forecast
        r.forecast += b.forecast.unwrap_or(b.amount);
    }
    let mut unclassified: Option<OperatingRow> = None;
    {
        let mut st = store.conn().prepare(
            "SELECT cost_type, vo, SUM(n), SUM(amount) FROM ledger_agg l
             WHERE active = 1 AND year = ?1 AND period <= ?2 AND area IS NULL
             GROUP BY 1, 2",
        )?;
        let rows = st.query_map(rusqlite::params![year, period], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (ct, vo, n, sum) = row?;
            match ct.as_deref().and_then(|c| by_name.get(c)) {
                Some(t) => {
                    let r = leaves.entry((t.name.clone(), vo)).or_default();
                    r.outcome += if t.revenue { Amount(-sum) } else { Amount(sum) };
                    r.lines += n as u64;
                }
                // investments and balance-sheet lines are not part of the operating result
                None if matches!(ct.as_deref(), Some(crate::classify::INVESTMENT | crate::classify::BALANCE)) => {}
                None => {
                    let u = unclassified.get_or_insert_with(OperatingRow::default);
                    u.outcome += Amount(sum);
                    u.lines += n as u64;
                }
            }
        }
    }
    // fold (cost type, vo) leaves into cost-type rows, each with its VO rows
    let mut by_type: BTreeMap<String, OperatingRow> = BTreeMap::new();
    for ((ct, vo), mut leaf) in leaves {
        let Some(t) = by_name.get(ct.as_str()) else { continue };
        leaf.revenue = t.revenue;
        if !controller_forecast {
            leaf.forecast = run_rate(leaf.outcome, leaf.budget, leaf.period_budget);
        }
        leaf.finish_leaf();
        let row = by_type.entry(ct.clone()).or_insert_with(|| OperatingRow {
            key: format!("{key_base}/{}/{ct}", t.group),
            label: ct.clone(),
            group: t.group.clone(),
            cost_type: Some(ct.clone()),
            revenue: t.revenue,
            comment: None,
            drill: LineQuery {
                year: Some(year),
                period_to: Some(period),
                cost_type: Some(ct.clone()),
                ..Default::default()
            },
            ..Default::default()
        });
        row.add(&leaf);
        if by_vo {
            let vo_label = vo.clone().unwrap_or_else(|| "(utan VO)".into());
            leaf.key = format!("{key_base}/{}/{ct}/{vo_label}", t.group);
            leaf.label = vo_label;
            leaf.group = t.group.clone();
            leaf.cost_type = Some(ct.clone());
            leaf.vo = vo.clone();
            leaf.comment = comments.get(&leaf.key).map(|c| c.text.clone());
            leaf.drill = LineQuery {
                year: Some(year),
                period_to: Some(period),
                cost_type: Some(ct.clone()),
                vo: Some(leaf.label.clone()),
                ..Default::default()
            };
            row.by_vo.push(leaf);
        }
    }
    let mut groups = Vec::new();
    let mut result = OperatingRow {
        key: format!("{key_base}/Resultat"),
        label: "Resultat".into(),
        group: "Resultat".into(),
        revenue: true,
        ..Default::default()
    };
    let order = |name: &str| types.iter().position(|t| t.name == name).unwrap_or(usize::MAX);
    for g in GROUPS
        .iter()
        .map(|g| g.to_string())
        .chain(types.iter().map(|t| t.group.clone()).filter(|g| !GROUPS.contains(&g.as_str())))
    {
        if groups.iter().any(|x: &OperatingGroup| x.row.group == g) {
            continue;
        }
        let mut rows: Vec<OperatingRow> = by_type.values().filter(|r| r.group == g).cloned().collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by_key(|r| order(&r.label));
        let revenue = rows.iter().all(|r| r.revenue);
        let mut grow = OperatingRow {
            key: format!("{key_base}/{g}"),
            label: g.clone(),
            group: g.clone(),
            revenue,
            drill: LineQuery {
                year: Some(year),
                period_to: Some(period),
                cost_type: Some(g.clone()),
                ..Default::default()
            },
            ..Default::default()
        };
        for r in rows.iter_mut() {
            r.pct();
            r.comment = comments.get(&r.key).map(|c| c.text.clone());
            for v in r.by_vo.iter_mut() {
                v.pct();
            }
            grow.add(r);
        }
        grow.pct();
        grow.comment = comments.get(&grow.key).map(|c| c.text.clone());
        result.add(&grow);
        groups.push(OperatingGroup { row: grow, cost_types: rows });
    }
    result.pct();
    result.comment = comments.get(&result.key).map(|c| c.text.clone());
    let mut warnings = Vec::new();
    if budget.is_empty() {
        warnings.push(format!("ingen budget importerad för {year}"));
    }
    if let Some(u) = unclassified.as_mut() {
        u.label = UNCLASSIFIED.into();
        u.key = format!("{key_base}/{UNCLASSIFIED}");
        u.drill = LineQuery { year: Some(year), period_to: Some(period), unclassified: true, ..Default::default() };
        warnings.push(format!(
            "{} driftrader ({} kr) saknar kostnadsslag: {UNCLASSIFIED}",
            u.lines,
            crate::money::format_sv(u.outcome, crate::Unit::Kr)
        ));
    }
    let (forecast_source, forecast_label) = if controller_forecast {
        ("controller".to_string(), "controllerns prognos (importerad med budgeten)".to_string())
    } else {
        (
            "run-rate".to_string(),
            format!("run-rate: utfallet t.o.m. {} uppräknat efter budgetens månadsprofil", period::label_sv(period)),
        )
    };
    Ok(OperatingReport { year, period, forecast_source, forecast_label, groups, result, unclassified, warnings })
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

//! The staffing-cost breakdown: per VO × cost type (lön, extra tid, sociala
//! avgifter/PO-pålägg, pension, konsulter), årsarbetare, cost per årsarbetare,
//! extra hours and their share, sick leave, against the budget and against
//! the same period last year.

use crate::classify::{CostType, STAFF_COLUMNS};
use crate::error::{Error, Result};
use crate::money::Amount;
use crate::period;
use crate::store::{vo_label, GroupBy, LineQuery, Store};
use crate::variance::months_to;
use rust_decimal::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Full-time hours a year, unless the `annual_hours` setting says otherwise.
pub const DEFAULT_ANNUAL_HOURS: i64 = 1700;

/// The sector's recommended PO-pålägg for regions (DOMAIN.md), per year; the
/// setting `po_rate/YYYY` overrides. Years in between take the latest known.
const PO_RATES: &[(i32, &str)] = &[(2019, "46.45"), (2021, "46.15"), (2023, "52.00")];

pub fn po_rate(store: &Store, year: i32) -> Result<Decimal> {
    if let Some(v) = store.setting(&format!("po_rate/{year}"))? {
        return Decimal::from_str(v.replace(',', ".").replace('%', "").trim()).map_err(|_| {
            Error::invalid(
                format!("po_rate/{year}"),
                format!("inställningen po_rate/{year} = '{v}' är ingen procentsats"),
            )
        });
    }
    let known = PO_RATES.iter().rev().find(|(y, _)| *y <= year).or(PO_RATES.first());
    Ok(known.and_then(|(_, r)| Decimal::from_str(r).ok()).unwrap_or_default())
}

pub fn annual_hours(store: &Store) -> Result<i64> {
    Ok(store.setting("annual_hours")?.and_then(|v| v.trim().parse().ok()).unwrap_or(DEFAULT_ANNUAL_HOURS))
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hours {
    /// Hours, two decimals (serialised as a decimal string).
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub worked: Decimal,
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub overtime: Decimal,
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub mertid: Decimal,
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub fyllnadstid: Decimal,
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub extra: Decimal,
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub sick: Decimal,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffingRow {
    pub key: String,
    pub vo: String,
    /// Outcome per staffing column (Lön, Extra tid, Sociala avgifter, Pension, Konsulter).
    pub costs: BTreeMap<String, Amount>,
    /// Lön + extra tid + sociala avgifter + pension (+ other staff costs).
    pub staff_cost: Amount,
    pub consultants: Amount,
    /// Staff costs and consultants together.
    pub total: Amount,
    /// The budget of the same cost types up to the period.
    pub budget: Amount,
    /// budget − total, surplus positive.
    pub variance: Amount,
    pub last_year: Amount,
    pub change: Amount,
    #[serde(serialize_with = "crate::money::ser_opt_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub change_pct: Option<Decimal>,
    pub hours: Hours,
    /// Årsarbetare: worked hours / full-time hours for the months passed.
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub fte: Decimal,
    pub cost_per_fte: Option<Amount>,
    #[serde(serialize_with = "crate::money::ser_opt_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub extra_share_pct: Option<Decimal>,
    #[serde(serialize_with = "crate::money::ser_opt_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub sick_pct: Option<Decimal>,
    /// PO-pålägg at the year's rate on lön + extra tid, to set beside the
    /// booked sociala avgifter + pension.
    pub po_at_rate: Amount,
    pub comment: Option<String>,
    pub drill: LineQuery,
}

/// One staffing column over the whole division: this year, last year, budget.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CostTypeRow {
    pub name: String,
    pub outcome: Amount,
    pub budget: Amount,
    pub variance: Amount,
    pub last_year: Amount,
    pub change: Amount,
    #[serde(serialize_with = "crate::money::ser_opt_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub change_pct: Option<Decimal>,
    pub drill: LineQuery,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthRow {
    pub period: u32,
    pub outcome: Amount,
    pub budget: Amount,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffingReport {
    pub year: i32,
    pub period: u32,
    pub annual_hours: i64,
    #[serde(serialize_with = "crate::money::ser_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub po_rate: Decimal,
    pub rows: Vec<StaffingRow>,
    pub total: StaffingRow,
    pub by_cost_type: Vec<CostTypeRow>,
    /// Extra hours (övertid + mertid + fyllnadstid) against the same period last year.
    pub extra_hours_last_year: Hours,
    #[serde(serialize_with = "crate::money::ser_opt_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub extra_hours_change_pct: Option<Decimal>,
    pub monthly: Vec<MonthRow>,
    /// The notices below in Swedish (the CLI prints these).
    pub warnings: Vec<String>,
    /// What is missing, as data: the app words it in the user's language.
    pub notices: Vec<crate::variance::Notice>,
}

fn hours(centi: i64) -> Decimal {
    Decimal::new(centi, 2)
}

fn pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let mut p = (part * Decimal::ONE_HUNDRED / whole).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(1);
    Some(p)
}

/// The lines behind the staffing figures of `year` up to `month`.
fn staff_lines(year: i32, month: u32) -> LineQuery {
    LineQuery { year: Some(year), period_to: Some(year as u32 * 100 + month), staffing: true, ..Default::default() }
}

/// Staff costs per (VO label, staffing column) for a year up to a month.
fn costs(store: &Store, types: &[CostType], year: i32, month: u32) -> Result<BTreeMap<(String, String), Amount>> {
    let mut m = BTreeMap::new();
    for s in store.sums(&staff_lines(year, month), &[GroupBy::Vo, GroupBy::CostType])? {
        let Some(t) = s.cost_type.as_deref().and_then(|c| types.iter().find(|t| t.name == c)) else { continue };
        *m.entry((s.vo_label(), t.staff_column().to_string())).or_insert(Amount::ZERO) += s.amount;
    }
    Ok(m)
}

/// Budget rows' monthly profiles, each with its (VO label, staffing column).
type Profiles = Vec<((String, String), Vec<Amount>)>;

/// The staff budget of `year` per (VO label, staffing column), each with its
/// monthly profile.
fn staff_budget(store: &Store, types: &[CostType], year: i32) -> Result<Profiles> {
    let mut out = Vec::new();
    for b in store.budget_lines(year)? {
        let Some(t) = types.iter().find(|t| t.name == b.cost_type).filter(|t| t.is_staffing()) else { continue };
        out.push(((vo_label(b.vo.as_deref()), t.staff_column().to_string()), b.months));
    }
    Ok(out)
}

fn staff_hours(store: &Store, year: i32, month: u32) -> Result<BTreeMap<String, (Hours, i64)>> {
    let mut m = BTreeMap::new();
    for h in store.staff_hours(year, year as u32 * 100 + month)? {
        let hrs = Hours {
            worked: hours(h.worked),
            overtime: hours(h.overtime),
            mertid: hours(h.mertid),
            fyllnadstid: hours(h.fyllnadstid),
            extra: hours(h.overtime + h.mertid + h.fyllnadstid),
            sick: hours(h.sick),
        };
        m.insert(h.vo, (hrs, h.rows as i64));
    }
    Ok(m)
}

fn add_hours(a: &mut Hours, b: &Hours) {
    a.worked += b.worked;
    a.overtime += b.overtime;
    a.mertid += b.mertid;
    a.fyllnadstid += b.fyllnadstid;
    a.extra += b.extra;
    a.sick += b.sick;
}

/// Amounts per (VO label, staffing column).
type Costs = BTreeMap<(String, String), Amount>;

/// What one staffing report's rows are computed from.
struct Data {
    now: Costs,
    before: Costs,
    /// The budget up to the report's month.
    budget: Costs,
    hours: BTreeMap<String, (Hours, i64)>,
    comments: BTreeMap<String, crate::store::Comment>,
    key_base: String,
    /// Full-time hours of the months passed.
    full_time: Decimal,
    rate: Decimal,
    /// The lines behind the whole report; each row's drill narrows it.
    lines: LineQuery,
}

fn sum_where(m: &Costs, keep: impl Fn(&str, &str) -> bool) -> Amount {
    m.iter().filter(|((v, c), _)| keep(v, c)).map(|(_, a)| *a).sum()
}

impl Data {
    /// Every VO with costs (this year or last), budget or hours.
    fn vos(&self) -> Vec<String> {
        let mut vos: Vec<String> = [&self.now, &self.before, &self.budget]
            .into_iter()
            .flat_map(|m| m.keys().map(|(v, _)| v.clone()))
            .chain(self.hours.keys().cloned())
            .collect();
        vos.sort();
        vos.dedup();
        vos
    }

    /// The row of the VOs `filter` keeps, labelled `vo`.
    fn row(&self, vo: &str, filter: &dyn Fn(&str) -> bool) -> StaffingRow {
        let sum = |m: &Costs, col: &str| sum_where(m, |v, c| filter(v) && c == col);
        let all = |m: &Costs| sum_where(m, |v, _| filter(v));
        let costs: BTreeMap<String, Amount> =
            STAFF_COLUMNS.iter().map(|c| (c.to_string(), sum(&self.now, c))).collect();
        let consultants = sum(&self.now, "Konsulter");
        let total = all(&self.now);
        let mut h = Hours::default();
        for (_, (x, _)) in self.hours.iter().filter(|(v, _)| filter(v)) {
            add_hours(&mut h, x);
        }
        let fte = if self.full_time.is_zero() { Decimal::ZERO } else { (h.worked / self.full_time).round_dp(2) };
        let staff_cost = total - consultants;
        let (b, last) = (all(&self.budget), all(&self.before));
        let wages = sum(&self.now, "Lön") + sum(&self.now, "Extra tid");
        let key = format!("{}/{vo}", self.key_base);
        StaffingRow {
            comment: self.comments.get(&key).map(|c| c.text.clone()),
            key,
            vo: vo.to_string(),
            costs,
            staff_cost,
            consultants,
            total,
            budget: b,
            variance: b - total,
            last_year: last,
            change: total - last,
            change_pct: Amount::percent_of(total - last, last),
            cost_per_fte: (!fte.is_zero())
                .then(|| (Decimal::from(staff_cost.0) / fte).round_dp(0).to_i64().map(Amount))
                .flatten(),
            fte,
            extra_share_pct: pct(h.extra, h.worked),
            sick_pct: pct(h.sick, h.worked + h.sick),
            hours: h,
            po_at_rate: at_rate(wages, self.rate),
            drill: LineQuery { vo: (vo != "Totalt").then(|| vo.to_string()), ..self.lines.clone() },
        }
    }

    /// One staffing column over the whole division.
    fn column_row(&self, col: &str) -> CostTypeRow {
        let pick = |m: &Costs| sum_where(m, |_, c| c == col);
        let (o, b, l) = (pick(&self.now), pick(&self.budget), pick(&self.before));
        CostTypeRow {
            name: col.to_string(),
            outcome: o,
            budget: b,
            variance: b - o,
            last_year: l,
            change: o - l,
            change_pct: Amount::percent_of(o - l, l),
            drill: LineQuery { cost_type: Some(col.to_string()), ..self.lines.clone() },
        }
    }
}

/// PO-pålägg at `rate` percent on `wages`, to the öre.
fn at_rate(wages: Amount, rate: Decimal) -> Amount {
    (Decimal::from(wages.0) * rate / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .map(Amount)
        .unwrap_or_default()
}

pub fn staffing_report(store: &Store, year: i32, period: Option<u32>) -> Result<StaffingReport> {
    let period = crate::variance::resolve_period(store, year, period)?;
    let month = period::month_of(period);
    let annual = annual_hours(store)?;
    let rate = po_rate(store, year)?;
    let types = store.cost_types()?;
    let budget = staff_budget(store, &types, year)?;
    let mut budget_to: Costs = BTreeMap::new();
    for (k, months) in &budget {
        *budget_to.entry(k.clone()).or_insert(Amount::ZERO) += months_to(months, month);
    }
    let d = Data {
        now: costs(store, &types, year, month)?,
        before: costs(store, &types, year - 1, month)?,
        budget: budget_to,
        hours: staff_hours(store, year, month)?,
        comments: store.comments()?,
        key_base: format!("personal/{period}"),
        full_time: Decimal::from(annual) * Decimal::from(month) / Decimal::from(12),
        rate,
        lines: staff_lines(year, month),
    };
    let rows: Vec<StaffingRow> = d.vos().iter().map(|vo| d.row(vo, &|v: &str| v == vo)).collect();
    let total = d.row("Totalt", &|_: &str| true);
    let by_cost_type = STAFF_COLUMNS.iter().map(|col| d.column_row(col)).collect();
    let mut last_hours = Hours::default();
    for (x, _) in staff_hours(store, year - 1, month)?.values() {
        add_hours(&mut last_hours, x);
    }
    let extra_change = pct(total.hours.extra - last_hours.extra, last_hours.extra);
    let mut notices = Vec::new();
    if d.hours.is_empty() {
        notices.push(crate::variance::Notice::NoStaffHours { year });
    }
    if d.budget.is_empty() {
        notices.push(crate::variance::Notice::NoStaffBudget { year });
    }
    let warnings = notices.iter().map(crate::variance::Notice::text_sv).collect();
    Ok(StaffingReport {
        year,
        period,
        annual_hours: annual,
        po_rate: rate,
        rows,
        total,
        by_cost_type,
        extra_hours_last_year: last_hours,
        extra_hours_change_pct: extra_change,
        monthly: monthly(store, year, month, &budget)?,
        warnings,
        notices,
    })
}

/// Staff cost (consultants included) per month against the month's budget.
fn monthly(store: &Store, year: i32, month: u32, budget: &Profiles) -> Result<Vec<MonthRow>> {
    let outcome: BTreeMap<Option<u32>, Amount> =
        store.sums(&staff_lines(year, month), &[GroupBy::Period])?.into_iter().map(|s| (s.period, s.amount)).collect();
    Ok((1..=month)
        .map(|m| {
            let period = year as u32 * 100 + m;
            MonthRow {
                period,
                outcome: outcome.get(&Some(period)).copied().unwrap_or_default(),
                budget: budget.iter().map(|(_, months)| months.get(m as usize - 1).copied().unwrap_or_default()).sum(),
            }
        })
        .collect())
}

/// One staffing column (or "Personalkostnader" for staff costs without a
/// column) per VO and month, for the per-cost-type sheets.
pub fn column_by_month(store: &Store, year: i32, period: u32, column: &str) -> Result<BTreeMap<String, [Amount; 12]>> {
    let types = store.cost_types()?;
    let q = LineQuery { year: Some(year), period_to: Some(period), staffing: true, ..Default::default() };
    let mut m: BTreeMap<String, [Amount; 12]> = BTreeMap::new();
    for s in store.sums(&q, &[GroupBy::Vo, GroupBy::CostType, GroupBy::Period])? {
        let t = s.cost_type.as_deref().and_then(|c| types.iter().find(|t| t.name == c));
        let month = s.period.map(period::month_of).unwrap_or(0);
        if t.is_some_and(|t| t.staff_column() == column) && (1..=12).contains(&month) {
            m.entry(s.vo_label()).or_insert([Amount::ZERO; 12])[month as usize - 1] += s.amount;
        }
    }
    Ok(m)
}

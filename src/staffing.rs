//! The staffing-cost breakdown: per VO × cost type (lön, extra tid, sociala
//! avgifter/PO-pålägg, pension, konsulter), årsarbetare, cost per årsarbetare,
//! extra hours and their share, sick leave, against the budget and against
//! the same period last year.

use crate::classify::STAFF_COLUMNS;
use crate::error::{Error, Result};
use crate::money::Amount;
use crate::period;
use crate::store::{LineQuery, Store};
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
        return Decimal::from_str(v.replace(',', ".").replace('%', "").trim())
            .map_err(|_| Error::usage(format!("inställningen po_rate/{year} = '{v}' är ingen procentsats")));
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
    pub warnings: Vec<String>,
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

/// Staff costs per (vo, column) for a year up to a month.
fn costs(store: &Store, year: i32, month: u32) -> Result<BTreeMap<(String, String), Amount>> {
    let mut st = store.conn().prepare(
        "SELECT COALESCE(l.vo, '(utan VO)'), COALESCE(t.staff, t.grp), SUM(l.amount)
         FROM ledger_agg l JOIN cost_type t ON t.name = l.cost_type
         WHERE l.active = 1 AND l.year = ?1 AND l.period <= ?2 AND l.area IS NULL
           AND (t.staff IS NOT NULL OR t.grp = 'Personalkostnader')
         GROUP BY 1, 2",
    )?;
    let rows = st.query_map(rusqlite::params![year, year as u32 * 100 + month], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
    })?;
    let mut m = BTreeMap::new();
    for row in rows {
        let (vo, col, sum) = row?;
        *m.entry((vo, col)).or_insert(Amount::ZERO) += Amount(sum);
    }
    Ok(m)
}

fn staff_hours(store: &Store, year: i32, month: u32) -> Result<BTreeMap<String, (Hours, i64)>> {
    let mut st = store.conn().prepare(
        "SELECT vo, SUM(worked), SUM(overtime), SUM(mertid), SUM(fyllnadstid), SUM(COALESCE(sick, 0)), COUNT(*)
         FROM staff WHERE active = 1 AND year = ?1 AND period <= ?2 GROUP BY vo",
    )?;
    let rows = st.query_map(rusqlite::params![year, year as u32 * 100 + month], |r| {
        Ok((
            r.get::<_, String>(0)?,
            [r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?, r.get::<_, i64>(5)?],
            r.get::<_, i64>(6)?,
        ))
    })?;
    let mut m = BTreeMap::new();
    for row in rows {
        let (vo, [w, o, me, f, s], n) = row?;
        m.insert(
            vo,
            (
                Hours {
                    worked: hours(w),
                    overtime: hours(o),
                    mertid: hours(me),
                    fyllnadstid: hours(f),
                    extra: hours(o + me + f),
                    sick: hours(s),
                },
                n,
            ),
        );
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

pub fn staffing_report(store: &Store, year: i32, period: Option<u32>) -> Result<StaffingReport> {
    let period = crate::variance::resolve_period(store, year, period)?;
    let month = period::month_of(period);
    let annual = annual_hours(store)?;
    let rate = po_rate(store, year)?;
    let comments = store.comments()?;
    let now = costs(store, year, month)?;
    let before = costs(store, year - 1, month)?;
    let hrs = staff_hours(store, year, month)?;
    let hrs_before = staff_hours(store, year - 1, month)?;
    // budget per (vo, column) up to the month
    let mut budget: BTreeMap<(String, String), Amount> = BTreeMap::new();
    {
        let mut st = store.conn().prepare(
            "SELECT COALESCE(b.vo, '(utan VO)'), COALESCE(t.staff, t.grp), b.months FROM budget b
             JOIN cost_type t ON t.name = b.cost_type
             WHERE b.active = 1 AND b.year = ?1 AND (t.staff IS NOT NULL OR t.grp = 'Personalkostnader')",
        )?;
        let rows =
            st.query_map([year], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (vo, col, months) = row?;
            let months: Vec<i64> = serde_json::from_str(&months)?;
            *budget.entry((vo, col)).or_insert(Amount::ZERO) += months_to(&months, month);
        }
    }
    let mut vos: Vec<String> = now
        .keys()
        .chain(before.keys())
        .chain(budget.keys())
        .map(|(v, _)| v.clone())
        .chain(hrs.keys().cloned())
        .collect();
    vos.sort();
    vos.dedup();
    let key_base = format!("personal/{period}");
    let full_time = Decimal::from(annual) * Decimal::from(month) / Decimal::from(12);
    let make_row = |vo: &str, filter: &dyn Fn(&str) -> bool| -> StaffingRow {
        let sum = |m: &BTreeMap<(String, String), Amount>, col: &str| -> Amount {
            m.iter().filter(|((v, c), _)| filter(v) && c == col).map(|(_, a)| *a).sum()
        };
        let all = |m: &BTreeMap<(String, String), Amount>| -> Amount {
            m.iter().filter(|((v, _), _)| filter(v)).map(|(_, a)| *a).sum()
        };
        let mut costs = BTreeMap::new();
        for col in STAFF_COLUMNS {
            costs.insert(col.to_string(), sum(&now, col));
        }
        let consultants = sum(&now, "Konsulter");
        let total = all(&now);
        let mut h = Hours::default();
        for (v, (x, _)) in hrs.iter() {
            if filter(v) {
                add_hours(&mut h, x);
            }
        }
        let fte = if full_time.is_zero() { Decimal::ZERO } else { (h.worked / full_time).round_dp(2) };
        let staff_cost = total - consultants;
        let b = all(&budget);
        let last = all(&before);
        let wages = sum(&now, "Lön") + sum(&now, "Extra tid");
        let po = (Decimal::from(wages.0) * rate / Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .to_i64()
            .map(Amount)
            .unwrap_or_default();
        let key = format!("{key_base}/{vo}");
        StaffingRow {
            comment: comments.get(&key).map(|c| c.text.clone()),
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
            po_at_rate: po,
            drill: LineQuery {
                year: Some(year),
                period_to: Some(period),
                staffing: true,
                vo: (vo != "Totalt").then(|| vo.to_string()),
                ..Default::default()
            },
        }
    };
    let rows: Vec<StaffingRow> = vos.iter().map(|vo| make_row(vo, &|v: &str| v == vo)).collect();
    let total = make_row("Totalt", &|_: &str| true);
    let by_cost_type = STAFF_COLUMNS
        .iter()
        .map(|col| {
            let pick = |m: &BTreeMap<(String, String), Amount>| -> Amount {
                m.iter().filter(|((_, c), _)| c == col).map(|(_, a)| *a).sum()
            };
            let (o, b, l) = (pick(&now), pick(&budget), pick(&before));
            CostTypeRow {
                name: col.to_string(),
                outcome: o,
                budget: b,
                variance: b - o,
                last_year: l,
                change: o - l,
                change_pct: Amount::percent_of(o - l, l),
                drill: LineQuery {
                    year: Some(year),
                    period_to: Some(period),
                    cost_type: Some(col.to_string()),
                    ..Default::default()
                },
            }
        })
        .collect();
    let mut last_hours = Hours::default();
    for (x, _) in hrs_before.values() {
        add_hours(&mut last_hours, x);
    }
    let extra_change = pct(total.hours.extra - last_hours.extra, last_hours.extra);
    // monthly staff cost (incl. consultants) against the monthly budget
    let mut monthly = Vec::new();
    for m in 1..=month {
        let cur = costs(store, year, m)?;
        let prev = if m > 1 { costs(store, year, m - 1)? } else { BTreeMap::new() };
        let total_of = |x: &BTreeMap<(String, String), Amount>| -> Amount { x.values().copied().sum() };
        let b_to = |mm: u32| -> Result<Amount> {
            let mut st = store.conn().prepare(
                "SELECT b.months FROM budget b JOIN cost_type t ON t.name = b.cost_type
                 WHERE b.active = 1 AND b.year = ?1 AND (t.staff IS NOT NULL OR t.grp = 'Personalkostnader')",
            )?;
            let rows = st.query_map([year], |r| r.get::<_, String>(0))?;
            let mut s = Amount::ZERO;
            for months in rows {
                let months: Vec<i64> = serde_json::from_str(&months?)?;
                s += months_to(&months, mm);
            }
            Ok(s)
        };
        monthly.push(MonthRow {
            period: year as u32 * 100 + m,
            outcome: total_of(&cur) - total_of(&prev),
            budget: b_to(m)? - if m > 1 { b_to(m - 1)? } else { Amount::ZERO },
        });
    }
    let mut warnings = Vec::new();
    if hrs.is_empty() {
        warnings.push(format!("inga HR-uppgifter (personal) importerade för {year}: årsarbetare saknas"));
    }
    if budget.is_empty() {
        warnings.push(format!("ingen personalbudget importerad för {year}"));
    }
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
        monthly,
        warnings,
    })
}

/// One staffing column (or "Personalkostnader" for staff costs without a
/// column) per VO and month, for the per-cost-type sheets.
pub fn column_by_month(store: &Store, year: i32, period: u32, column: &str) -> Result<BTreeMap<String, [Amount; 12]>> {
    let mut st = store.conn().prepare(
        "SELECT COALESCE(l.vo, '(utan VO)'), l.period % 100, SUM(l.amount)
         FROM ledger_agg l JOIN cost_type t ON t.name = l.cost_type
         WHERE l.active = 1 AND l.year = ?1 AND l.period <= ?2 AND l.area IS NULL AND COALESCE(t.staff, t.grp) = ?3
         GROUP BY 1, 2",
    )?;
    let rows = st.query_map(rusqlite::params![year, period, column], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, i64>(2)?))
    })?;
    let mut m: BTreeMap<String, [Amount; 12]> = BTreeMap::new();
    for row in rows {
        let (vo, month, sum) = row?;
        if (1..=12).contains(&month) {
            m.entry(vo).or_insert([Amount::ZERO; 12])[month as usize - 1] += Amount(sum);
        }
    }
    Ok(m)
}

//! Vouchers and period rows as ledger-row-like records, so that an SIE file
//! goes through the same classification and storage as a spreadsheet ledger.

use super::model::{LedgerField, ObjectRef, PeriodRow, SieFile};
use crate::money::Amount;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// One counted transaction row, shaped like a ledger line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SieLine {
    /// 0-based line of the `#TRANS`/`#RTRANS` in the file.
    pub line: u32,
    /// YYYYMM of `date`.
    pub period: u32,
    /// The row's `transdat`, or the voucher's date.
    pub date: NaiveDate,
    pub konto: String,
    pub ansvar: String,
    pub verksamhet: String,
    pub projekt: String,
    pub motpart: String,
    /// Voucher series and number, "A 123".
    pub verifikation: String,
    /// The row's text, or the voucher's when the row has none.
    pub text: String,
    pub amount: Amount,
    /// Objects of dimensions no ledger field takes (Anställd, Kund, …).
    pub other_objects: Vec<ObjectRef>,
}

/// One `#PSALDO` or `#PBUDGET` amount, shaped like a ledger line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SieBalanceLine {
    /// 0-based line in the file; for a remainder row, the account total's line.
    pub line: u32,
    pub year_index: i32,
    pub period: u32,
    pub konto: String,
    pub ansvar: String,
    pub verksamhet: String,
    pub projekt: String,
    pub motpart: String,
    pub amount: Amount,
}

/// The mapped fields of an object list.
#[derive(Default)]
struct Mapped {
    ansvar: String,
    verksamhet: String,
    projekt: String,
    motpart: String,
    other: Vec<ObjectRef>,
}

fn map_objects(objects: &[ObjectRef], fields: &BTreeMap<u32, LedgerField>) -> Mapped {
    let mut m = Mapped::default();
    for o in objects {
        let slot = match fields.get(&o.dim) {
            Some(LedgerField::Ansvar) => &mut m.ansvar,
            Some(LedgerField::Verksamhet) => &mut m.verksamhet,
            Some(LedgerField::Projekt) => &mut m.projekt,
            Some(LedgerField::Motpart) => &mut m.motpart,
            None => {
                m.other.push(o.clone());
                continue;
            }
        };
        *slot = o.code.clone();
    }
    m
}

pub fn period_of(d: NaiveDate) -> u32 {
    d.year() as u32 * 100 + d.month()
}

impl SieFile {
    /// Every counted transaction row (`#TRANS`, `#RTRANS` once; `#BTRANS`
    /// never), in file order. Their sum is [`SieFile::control_sum`].
    pub fn lines(&self) -> Vec<SieLine> {
        let fields = self.field_map();
        let mut out = Vec::with_capacity(self.transaction_count());
        for v in &self.vouchers {
            let verifikation = v.id();
            for t in v.transactions.iter().filter(|t| t.counts()) {
                let m = map_objects(&t.objects, &fields);
                let date = v.date_of(t);
                out.push(SieLine {
                    line: t.line,
                    period: period_of(date),
                    date,
                    konto: t.konto.clone(),
                    ansvar: m.ansvar,
                    verksamhet: m.verksamhet,
                    projekt: m.projekt,
                    motpart: m.motpart,
                    verifikation: verifikation.clone(),
                    text: if t.text.is_empty() { v.text.clone() } else { t.text.clone() },
                    amount: t.amount,
                    other_objects: m.other,
                });
            }
        }
        out
    }

    /// `#PSALDO` as ledger-like lines, each amount counted once (see
    /// [`flatten_period_rows`]).
    pub fn balance_lines(&self) -> Vec<SieBalanceLine> {
        flatten_period_rows(&self.period_balances, &self.field_map())
    }

    /// `#PBUDGET` as ledger-like lines, each amount counted once.
    pub fn budget_lines(&self) -> Vec<SieBalanceLine> {
        flatten_period_rows(&self.period_budgets, &self.field_map())
    }
}

/// Period rows into lines without double counting. A file of type 3 or 4
/// gives each account's period both as a whole (no objects) and once more
/// per object, for every dimension separately (§ #PSALDO 5): the rows for
/// dimension 1 sum to the total, and so do those for dimension 6. So per
/// (year, period, account) one breakdown is taken: the rows whose objects
/// all map to ledger fields and that map the most fields (ties: the lowest
/// dimension numbers, so ansvar before projekt). Whatever of the account
/// total those rows leave becomes one line without objects. An account
/// without a total row is the sum of its chosen breakdown.
pub fn flatten_period_rows(rows: &[PeriodRow], fields: &BTreeMap<u32, LedgerField>) -> Vec<SieBalanceLine> {
    let mut groups: BTreeMap<(i32, u32, &str), Vec<&PeriodRow>> = BTreeMap::new();
    for r in rows {
        groups.entry((r.year_index, r.period, r.konto.as_str())).or_default().push(r);
    }
    let mut out = Vec::new();
    for ((year_index, period, konto), group) in groups {
        let line = |r: Option<&PeriodRow>, line: u32, amount: Amount| {
            let m = r.map(|r| map_objects(&r.objects, fields)).unwrap_or_default();
            SieBalanceLine {
                line,
                year_index,
                period,
                konto: konto.to_string(),
                ansvar: m.ansvar,
                verksamhet: m.verksamhet,
                projekt: m.projekt,
                motpart: m.motpart,
                amount,
            }
        };
        let totals: Vec<&PeriodRow> = group.iter().copied().filter(|r| r.objects.is_empty()).collect();
        // Without a total, rows of unmapped dimensions are still the only amounts there are.
        let detail = breakdown(&group, fields, totals.is_empty());
        let detail_sum: Amount = detail.iter().map(|r| r.amount).sum();
        for r in &detail {
            out.push(line(Some(r), r.line, r.amount));
        }
        if let Some(first) = totals.first() {
            let total: Amount = totals.iter().map(|r| r.amount).sum();
            if total != detail_sum || detail.is_empty() {
                out.push(line(None, first.line, total - detail_sum));
            }
        }
    }
    out
}

/// The object rows of one account and period that make up its breakdown.
fn breakdown<'a>(group: &[&'a PeriodRow], fields: &BTreeMap<u32, LedgerField>, any: bool) -> Vec<&'a PeriodRow> {
    let mut by_dims: BTreeMap<Vec<u32>, Vec<&PeriodRow>> = BTreeMap::new();
    for r in group.iter().copied().filter(|r| !r.objects.is_empty()) {
        let mut dims: Vec<u32> = r.objects.iter().map(|o| o.dim).collect();
        dims.sort_unstable();
        by_dims.entry(dims).or_default().push(r);
    }
    let mapped = |dims: &[u32]| dims.iter().filter(|d| fields.contains_key(d)).count();
    // Fully mapped breakdowns first, then the one mapping most fields; the
    // BTreeMap order puts [1] before [6] and `>` keeps the first of equals.
    let score = |dims: &[u32]| (mapped(dims) == dims.len(), mapped(dims));
    let mut best: Option<(&Vec<u32>, &Vec<&PeriodRow>)> = None;
    for (dims, rows) in &by_dims {
        if (any || mapped(dims) == dims.len()) && best.is_none_or(|(b, _)| score(dims) > score(b)) {
            best = Some((dims, rows));
        }
    }
    best.map(|(_, rows)| rows.clone()).unwrap_or_default()
}

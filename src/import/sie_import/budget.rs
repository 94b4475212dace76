//! An SIE file's `#PBUDGET` → budget rows: one per year, kostnadsslag (the
//! konto rules give it), VO (the ansvar rules) and ansvar, its months' sums
//! as the twelve-month profile. Revenue is credit (negative) in SIE and
//! positive in a budget, so it changes sign.

use super::{begin, message_tail, outcome, Committed, Source};
use crate::classify::{self, Classifier, CostType, LineKeys, Rule};
use crate::error::{CellError, Error, Location, Result};
use crate::import::sie::SieBalanceLine;
use crate::import::{ImportOutcome, Kind, Progress};
use crate::money::{self, Amount};
use crate::store::{BudgetRow, Store};
use std::collections::{BTreeMap, BTreeSet};

/// (year, kostnadsslag, VO, ansvar)
type Key = (i32, String, Option<String>, String);

/// One budget row being summed.
struct Row {
    /// 0-based file line of its first amount.
    line: u32,
    months: [Amount; 12],
}

/// The file's budget by row, and what the rules put outside the operating budget.
struct Grouped {
    rows: BTreeMap<Key, Row>,
    /// Amounts on investment and balance-sheet accounts: (count, sum).
    outside: (u64, Amount),
}

pub(super) fn import(store: &mut Store, src: &Source<'_>, progress: &mut dyn FnMut(Progress)) -> Result<ImportOutcome> {
    let lines = src.sie.budget_lines();
    if lines.is_empty() {
        return Err(Error::input(
            Location::file(src.path),
            "SIE-filen har ingen budget (#PBUDGET); verifikationerna importeras som huvudbok (ledger)",
        ));
    }
    let rules = store.rules()?;
    let types = store.cost_types()?;
    let g = group(src, &lines, &rules, &types)?;
    let (_, mut writer) = begin(store, Kind::Budget, src, progress)?;
    let batch_id = writer.batch_id;
    let mut sum = Amount::ZERO;
    for ((year, cost_type, vo, ansvar), r) in &g.rows {
        let amount: Amount = r.months.iter().copied().sum();
        sum += amount;
        writer.insert_budget(&BudgetRow {
            row_no: r.line + 1,
            year: *year,
            cost_type,
            vo: vo.as_deref(),
            ansvar: Some(ansvar.as_str()).filter(|a| !a.is_empty()),
            amount,
            months: r.months,
            forecast: None,
        })?;
    }
    let source_total = src.sie.checksum.map(|_| sum);
    let rows = g.rows.len() as u64;
    progress(Progress { rows, fraction: Some(1.0), saving: true });
    let replaced = writer.finish(rows, sum, source_total)?;
    progress(Progress { rows, fraction: Some(1.0), saving: false });
    let message = message(src, &g, lines.len(), sum, batch_id) + &message_tail(&src.sie, &replaced);
    let c = Committed {
        batch_id,
        rows,
        control_sum: sum,
        source_total,
        replaced,
        unclassified: 0,
        unclassified_sum: Amount::ZERO,
        message,
    };
    outcome(store, Kind::Budget, src, c)
}

/// Sum the budget lines into rows. An account the rules give no known
/// kostnadsslag is an error (one per account, at its first line): a budget
/// must not lose an amount silently.
fn group(src: &Source<'_>, lines: &[SieBalanceLine], rules: &[Rule], types: &[CostType]) -> Result<Grouped> {
    let mut classifier = Classifier::new(rules);
    let mut g = Grouped { rows: BTreeMap::new(), outside: (0, Amount::ZERO) };
    let mut errors = Vec::new();
    let mut refused: BTreeSet<&str> = BTreeSet::new();
    for l in lines {
        let keys = LineKeys {
            konto: &l.konto,
            ansvar: &l.ansvar,
            verksamhet: &l.verksamhet,
            projekt: &l.projekt,
            ..Default::default()
        };
        let c = classifier.classify(&keys).1;
        let ct = c.cost_type.as_deref();
        let Some(t) = ct.and_then(|ct| types.iter().find(|t| t.name == ct)) else {
            if c.area.is_some() || matches!(ct, Some(classify::INVESTMENT | classify::BALANCE)) {
                g.outside.0 += 1;
                g.outside.1 += l.amount;
            } else if refused.insert(&l.konto) {
                errors.push(no_cost_type(src, l, ct));
            }
            continue;
        };
        let key = ((l.period / 100) as i32, t.name.clone(), c.vo.clone(), l.ansvar.clone());
        let row = g.rows.entry(key).or_insert(Row { line: l.line, months: [Amount::ZERO; 12] });
        let month = (l.period % 100).clamp(1, 12) as usize - 1;
        row.months[month] += if t.revenue { -l.amount } else { l.amount };
    }
    if errors.is_empty() {
        Ok(g)
    } else {
        Err(Error::Input(errors))
    }
}

fn no_cost_type(src: &Source<'_>, l: &SieBalanceLine, ct: Option<&str>) -> CellError {
    let message = match ct {
        Some(ct) => format!("#PBUDGET: konto {} får kostnadsslaget \"{ct}\", som kostnadsslagen inte har", l.konto),
        None => format!(
            "#PBUDGET: konto {} har inget kostnadsslag; lägg till en kontoregel (t.ex. {}-{} → kostnadsslag) och importera igen",
            l.konto, l.konto, l.konto
        ),
    };
    CellError { location: Location::file(src.path).row(l.line), message }
}

/// "budget_2018.se: SIE 4, 324 #PBUDGET-belopp som 27 budgetrader för 2018, kontrollsumma …"
fn message(src: &Source<'_>, g: &Grouped, amounts: usize, sum: Amount, batch_id: i64) -> String {
    let years: BTreeSet<i32> = g.rows.keys().map(|k| k.0).collect();
    let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let mut s = format!(
        "{}: SIE {}, {amounts} #PBUDGET-belopp som {} budgetrader för {}, kontrollsumma {} kr importerade som batch {batch_id}",
        src.file_name,
        src.sie.sie_type.as_deref().unwrap_or("4"),
        g.rows.len(),
        years.join(", "),
        money::format_sv(sum, money::Unit::Kr)
    );
    if g.outside.0 > 0 {
        s.push_str(&format!(
            "; {} belopp ({} kr) på investerings- och balanskonton hör inte till driftbudgeten och importerades inte",
            g.outside.0,
            money::format_sv(g.outside.1, money::Unit::Kr)
        ));
    }
    s
}

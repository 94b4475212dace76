//! An SIE file's vouchers → classified ledger lines, one per counted
//! `#TRANS`/`#RTRANS`, with the aggregates the reports read.

use super::{begin, message_tail, outcome, Committed, Source};
use crate::classify::{self, Classifier, LineKeys};
use crate::error::{Error, Location, Result};
use crate::import::sie::{ObjectRef, SieFile, SieLine};
use crate::import::{ImportOutcome, Kind, Progress};
use crate::money::{self, Amount};
use crate::store::{BatchWriter, LedgerRow, Store};
use std::collections::HashMap;

/// How often progress is reported, in lines.
const PROGRESS_EVERY: usize = 4096;

pub(super) fn import(store: &mut Store, src: &Source<'_>, progress: &mut dyn FnMut(Progress)) -> Result<ImportOutcome> {
    let lines = src.sie.lines();
    if lines.is_empty() {
        return Err(no_vouchers(src));
    }
    let rules = store.rules()?;
    let (start, mut writer) = begin(store, Kind::Ledger, src, progress)?;
    let mut w = Lines::new(&rules, &src.sie);
    for (i, l) in lines.iter().enumerate() {
        w.write(&mut writer, l)?;
        if (i + 1) % PROGRESS_EVERY == 0 {
            src.opts.check_cancel()?;
            let fraction = start + (1.0 - start) * (i as f32 / lines.len() as f32).min(0.99);
            progress(Progress { rows: i as u64 + 1, fraction: Some(fraction), saving: false });
        }
    }
    if w.sum != src.sie.control_sum() {
        return Err(Error::internal("summan av de lagrade raderna är inte SIE-filens kontrollsumma"));
    }
    let batch_id = writer.batch_id;
    progress(Progress { rows: lines.len() as u64, fraction: Some(1.0), saving: true });
    for ((period, id), (n, sum)) in &w.agg {
        writer.insert_aggregate(*period, w.classifier.get(*id), *n, *sum)?;
    }
    // #KSUMMA vouches for the rows: the file's own sum is then a source total
    let source_total = src.sie.checksum.map(|_| src.sie.control_sum());
    let rows = lines.len() as u64;
    src.opts.check_cancel()?;
    let replaced = writer.finish(rows, w.sum, source_total)?;
    progress(Progress { rows, fraction: Some(1.0), saving: false });
    let message = format!("{}{}{}", head(src, rows, w.sum, batch_id), message_tail(&src.sie, &replaced), w.counts());
    let c = Committed {
        batch_id,
        rows,
        control_sum: w.sum,
        source_total,
        replaced,
        unclassified: w.unclassified.0,
        unclassified_sum: w.unclassified.1,
        message,
    };
    outcome(store, Kind::Ledger, src, c)
}

/// A file without vouchers: say what it has instead. Period balances alone
/// (SIE 2/3) are not imported: their per-dimension breakdowns cannot give
/// a line both its ansvar and its projekt.
fn no_vouchers(src: &Source<'_>) -> Error {
    let mut msg = "SIE-filen har inga verifikationer (#VER med #TRANS-rader) att importera som huvudbok".to_string();
    if !src.sie.period_balances.is_empty() {
        msg.push_str("; periodsaldon (#PSALDO) importeras inte, exportera SIE typ 4 med verifikationer");
    }
    if !src.sie.period_budgets.is_empty() {
        msg.push_str(&format!("; den har {} #PBUDGET-rader: importera den som budget", src.sie.period_budgets.len()));
    }
    Error::input(Location::file(src.path), msg)
}

/// "huvudbok_2018.se: SIE 4, 1 200 rader ur 450 verifikationer, kontrollsumma …"
fn head(src: &Source<'_>, rows: u64, sum: Amount, batch_id: i64) -> String {
    format!(
        "{}: SIE {}, {rows} rader ur {} verifikationer, kontrollsumma {} kr importerade som batch {batch_id}",
        src.file_name,
        src.sie.sie_type.as_deref().unwrap_or("4"),
        src.sie.vouchers.len(),
        money::format_sv(sum, money::Unit::Kr)
    )
}

/// The lines being written: classification, aggregates and counts.
struct Lines<'r> {
    classifier: Classifier<'r>,
    /// (period, classification) → (lines, sum): the aggregates reports read.
    agg: HashMap<(u32, usize), (u64, Amount)>,
    /// Dimension number → the name attributes are kept under.
    dim_names: HashMap<u32, String>,
    sum: Amount,
    unclassified: (u64, Amount),
    /// Balance-sheet lines outside the follow-up (`classify::BALANCE`).
    balance: (u64, Amount),
}

impl<'r> Lines<'r> {
    fn new(rules: &'r [classify::Rule], sie: &SieFile) -> Self {
        let dim_names = sie.dimensions.values().map(|d| (d.number, format!("{} (dim {})", d.name, d.number))).collect();
        Lines {
            classifier: Classifier::new(rules),
            agg: HashMap::new(),
            dim_names,
            sum: Amount::ZERO,
            unclassified: (0, Amount::ZERO),
            balance: (0, Amount::ZERO),
        }
    }

    /// Classify one transaction row, store it and count it in its aggregate.
    fn write(&mut self, w: &mut BatchWriter<'_>, l: &SieLine) -> Result<()> {
        let keys = LineKeys {
            konto: &l.konto,
            projekt: &l.projekt,
            ansvar: &l.ansvar,
            verksamhet: &l.verksamhet,
            text: &l.text,
            ..Default::default()
        };
        let attrs = self.attrs(&l.other_objects);
        let (id, c) = self.classifier.classify(&keys);
        w.insert_line(
            &LedgerRow {
                row_no: l.line + 1,
                period: l.period,
                date: Some(l.date.format("%Y-%m-%d").to_string()),
                konto: &l.konto,
                ansvar: &l.ansvar,
                verksamhet: &l.verksamhet,
                projekt: &l.projekt,
                motpart: &l.motpart,
                verifikation: &l.verifikation,
                text: &l.text,
                amount: l.amount,
                x_area: None,
                x_category: None,
                x_decision_year: None,
                x_cost_type: None,
                x_vo: None,
                attrs: attrs.as_deref(),
            },
            c,
        )?;
        if !c.is_classified() {
            self.unclassified.0 += 1;
            self.unclassified.1 += l.amount;
        } else if c.area.is_none() && c.cost_type.as_deref() == Some(classify::BALANCE) {
            self.balance.0 += 1;
            self.balance.1 += l.amount;
        }
        let e = self.agg.entry((l.period, id)).or_insert((0, Amount::ZERO));
        e.0 += 1;
        e.1 += l.amount;
        self.sum += l.amount;
        Ok(())
    }

    /// Objects of dimensions no ledger field takes (Anställd, Kund …), kept
    /// as the line's attributes like a spreadsheet's unknown columns.
    fn attrs(&self, objects: &[ObjectRef]) -> Option<String> {
        let m: serde_json::Map<String, serde_json::Value> = objects
            .iter()
            .map(|o| {
                let key = self.dim_names.get(&o.dim).cloned().unwrap_or_else(|| format!("dim {}", o.dim));
                (key, serde_json::Value::String(o.code.clone()))
            })
            .collect();
        (!m.is_empty()).then(|| serde_json::Value::Object(m).to_string())
    }

    /// "; 450 rader (−42 800 000,00 kr) på balanskonton …; 3 rader … är ej klassificerat"
    fn counts(&self) -> String {
        let kr = |a| money::format_sv(a, money::Unit::Kr);
        let mut s = String::new();
        if self.balance.0 > 0 {
            s.push_str(&format!(
                "; {} rader ({} kr) på balanskonton (motkonteringar) hör inte till uppföljningen: {}",
                self.balance.0,
                kr(self.balance.1),
                classify::BALANCE
            ));
        }
        if self.unclassified.0 > 0 {
            s.push_str(&format!(
                "; {} rader ({} kr) är {}",
                self.unclassified.0,
                kr(self.unclassified.1),
                classify::UNCLASSIFIED.to_lowercase()
            ));
        }
        s
    }
}

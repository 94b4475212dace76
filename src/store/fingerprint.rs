//! What an export looks like, taken from its rows: how many of them fall in
//! each account class (the first digit of the konto: an investment ledger
//! books 1xxx fixed-asset accounts, an operating one 3xxx–7xxx), or for the
//! other kinds in each område (frames, asset registers) or VO (budget, HR
//! data). A file
//! without a named source joins the source of an export it looks like
//! (`looks_like`); it replaces an older batch's periods silently only when it
//! has the classes that batch's lines are in (`covers`) — else replacing
//! would drop lines it has nothing in place of, and the import asks first
//! (see `batches::plan`).
//!
//! Layout (header texts, sheet name) is deliberately not part of it: the same
//! ledger re-exported with English headers or as CSV is the same export.

use super::Kind;
use std::collections::BTreeMap;

/// Row counts per class. Stored on the batch as a JSON object
/// (`{"1":615}`), the form migration 7 computes for older batches in SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    counts: BTreeMap<String, u64>,
}

/// The class of a row without one (a ledger line without konto).
const NONE: &str = "-";

/// Most classes named in a description before "…".
const DESCRIBED: usize = 6;

impl Fingerprint {
    pub fn from_json(s: &str) -> Option<Fingerprint> {
        serde_json::from_str(s).ok().map(|counts| Fingerprint { counts })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.counts).unwrap_or_else(|_| "{}".into())
    }

    /// One more row of class `key` (an område, a VO); empty → no class.
    pub fn note(&mut self, key: &str) {
        let key = if key.trim().is_empty() { NONE } else { key.trim() };
        match self.counts.get_mut(key) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(key.to_string(), 1);
            }
        }
    }

    fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Whether two exports look like the same kind of export: at least half
    /// of their rows fall in the same classes (the overlap of the two
    /// distributions, Σ min(shareₐ, share_b) ≥ ½, in integers). A monthly
    /// re-export with a few new accounts still matches; an operating ledger
    /// against an investment ledger shares nothing.
    pub fn looks_like(&self, other: &Fingerprint) -> bool {
        let (a, b) = (self.total() as u128, other.total() as u128);
        if a == 0 || b == 0 {
            return true;
        }
        let overlap: u128 = self
            .counts
            .iter()
            .filter_map(|(k, &n)| other.counts.get(k).map(|&m| (n as u128 * b).min(m as u128 * a)))
            .sum();
        2 * overlap >= a * b
    }

    /// Whether this (newer) export has the classes that nearly all of
    /// `older`'s rows are in: at least nine in ten of them (in integers).
    /// Replacing then loses nothing it has no counterpart for: the same
    /// ledger again, a March file of the same accounts, a whole-ledger SIE
    /// export over the investment ledger. An operating ledger over an
    /// investment ledger covers none of it; an investment ledger over a
    /// whole ledger covers too little. Rows without a class (no konto, no
    /// VO) say nothing: a file with none but those is no evidence either way.
    pub fn covers(&self, older: &Fingerprint) -> bool {
        let known = |f: &Fingerprint| {
            f.counts
                .iter()
                .filter(|(k, _)| k.as_str() != NONE)
                .map(|(k, &n)| (k.clone(), n as u128))
                .collect::<Vec<_>>()
        };
        if known(self).is_empty() {
            return true;
        }
        let older = known(older);
        let total: u128 = older.iter().map(|(_, n)| n).sum();
        let kept: u128 = older.iter().filter(|(k, _)| self.counts.contains_key(k)).map(|(_, n)| n).sum();
        10 * kept >= 9 * total
    }

    /// For messages: "konto 1xxx", "konto 3xxx–4xxx, 6xxx–7xxx", "område IT, MT".
    pub fn describe(&self, kind: Kind) -> String {
        if self.counts.is_empty() {
            return "inga rader".into();
        }
        match kind {
            Kind::Ledger => describe_accounts(&self.counts),
            Kind::Frames | Kind::Assets => format!("område {}", list(&self.counts)),
            Kind::Orders => "öppna beställningar".into(),
            Kind::Budget | Kind::Staff => format!("VO {}", list(&self.counts)),
        }
    }
}

/// Ledger lines per account class, counted on the import's hot path without
/// a map lookup: one slot per leading digit and one for anything else.
#[derive(Debug, Clone, Default)]
pub struct AccountClasses([u64; 11]);

impl AccountClasses {
    pub fn note(&mut self, konto: &str) {
        let slot = match konto.trim_start().as_bytes().first() {
            Some(d @ b'0'..=b'9') => (d - b'0') as usize,
            _ => 10,
        };
        self.0[slot] += 1;
    }

    pub fn fingerprint(&self) -> Fingerprint {
        let key = |i: usize| if i == 10 { NONE.to_string() } else { i.to_string() };
        Fingerprint { counts: (0..11).filter(|&i| self.0[i] > 0).map(|i| (key(i), self.0[i])).collect() }
    }
}

fn list(counts: &BTreeMap<String, u64>) -> String {
    let mut names: Vec<&str> = counts.keys().map(|k| if k == NONE { "(ingen)" } else { k.as_str() }).collect();
    if names.len() > DESCRIBED {
        names.truncate(DESCRIBED);
        names.push("…");
    }
    names.join(", ")
}

/// Account classes as ranges of leading digits: {1} → "konto 1xxx",
/// {3, 4, 6, 7} → "konto 3xxx–4xxx, 6xxx–7xxx"; lines without konto last.
fn describe_accounts(counts: &BTreeMap<String, u64>) -> String {
    let digits: Vec<u8> = counts.keys().filter_map(|k| k.parse::<u8>().ok()).collect();
    let mut ranges: Vec<(u8, u8)> = Vec::new();
    for d in digits {
        match ranges.last_mut() {
            Some((_, hi)) if *hi + 1 == d => *hi = d,
            _ => ranges.push((d, d)),
        }
    }
    let parts: Vec<String> =
        ranges.iter().map(|&(lo, hi)| if lo == hi { format!("{lo}xxx") } else { format!("{lo}xxx–{hi}xxx") }).collect();
    let text = if parts.is_empty() { String::new() } else { format!("konto {}", parts.join(", ")) };
    match (counts.contains_key(NONE), text.is_empty()) {
        (true, true) => "utan konto".into(),
        (true, false) => format!("{text} och rader utan konto"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(kontos: &[(&str, u64)]) -> Fingerprint {
        let mut c = AccountClasses::default();
        for (k, n) in kontos {
            for _ in 0..*n {
                c.note(k);
            }
        }
        c.fingerprint()
    }

    #[test]
    fn investment_and_operating_ledgers_look_different() {
        let invest = ledger(&[("1221", 300), ("1225", 315)]);
        let drift = ledger(&[("3011", 130), ("4111", 449), ("6110", 234), ("7010", 24)]);
        assert_eq!(invest.to_json(), r#"{"1":615}"#);
        assert!(!invest.looks_like(&drift) && !drift.looks_like(&invest));
        assert_eq!(invest.describe(Kind::Ledger), "konto 1xxx");
        assert_eq!(drift.describe(Kind::Ledger), "konto 3xxx–4xxx, 6xxx–7xxx");
    }

    #[test]
    fn a_re_export_with_a_few_new_accounts_looks_alike() {
        let jan = ledger(&[("4111", 400), ("5410", 100)]);
        let feb = ledger(&[("4111", 380), ("5410", 90), ("3011", 60), ("8410", 10)]);
        assert!(jan.looks_like(&feb) && feb.looks_like(&jan));
        // one line of an investment account against the whole ledger
        assert!(ledger(&[("1222", 1)]).looks_like(&ledger(&[("1221", 615)])));
        // a full ledger with a tenth investment lines is another export
        assert!(!ledger(&[("1221", 10), ("4111", 90)]).looks_like(&ledger(&[("1221", 615)])));
        assert!(Fingerprint::default().looks_like(&jan));
    }

    #[test]
    fn a_newer_export_covers_what_it_replaces_or_asks() {
        let invest = ledger(&[("1221", 615)]);
        let drift = ledger(&[("3011", 130), ("4111", 449), ("6110", 234), ("7010", 24)]);
        // the whole ledger (investments, their balancing rows, operations)
        let sie = ledger(&[("1221", 615), ("2440", 615), ("4111", 300)]);
        assert!(invest.covers(&invest) && ledger(&[("1222", 1)]).covers(&invest));
        assert!(!drift.covers(&invest) && !invest.covers(&drift));
        assert!(sie.covers(&invest), "a superset loses nothing");
        assert!(!invest.covers(&sie), "the investment ledger would drop the rest");
        // a March file of wages only would drop the month's other accounts
        assert!(!ledger(&[("4111", 1)]).covers(&drift));
        assert!(ledger(&[("3011", 1), ("4111", 1), ("6110", 1), ("7010", 1)]).covers(&drift));
        // a class the older export used once in a while does not count
        assert!(ledger(&[("4111", 95)]).covers(&ledger(&[("4111", 95), ("8410", 5)])));
        // rows without a class are no evidence: a budget without VO, a ledger without konto
        let mut no_vo = Fingerprint::default();
        no_vo.note("");
        let mut drift_vo = Fingerprint::default();
        drift_vo.note("VO Drift");
        assert!(no_vo.covers(&drift_vo) && drift_vo.covers(&no_vo));
        assert!(ledger(&[("", 3)]).covers(&invest));
    }

    #[test]
    fn stored_form_round_trips_and_names_classes() {
        let f = Fingerprint::from_json(r#"{"3":130,"4":449,"-":2}"#).unwrap();
        assert_eq!(f.describe(Kind::Ledger), "konto 3xxx–4xxx och rader utan konto");
        assert_eq!(Fingerprint::from_json(&f.to_json()), Some(f));
        let mut areas = Fingerprint::default();
        areas.note("IT");
        areas.note("MT");
        areas.note("IT");
        assert_eq!(areas.describe(Kind::Frames), "område IT, MT");
        assert_eq!(ledger(&[("", 3)]).describe(Kind::Ledger), "utan konto");
    }
}

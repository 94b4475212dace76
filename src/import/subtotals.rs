//! Subtotal rows that name what they close: "Summa 1225" (the lines with
//! konto 1225 since the previous konto subtotal), "Summa konto 1225",
//! "Summa 51200" (an ansvar), "Summa IT" (the lines classified to IT).
//! Plain total rows ("Summa", "Totalt") are `totals::Totals`' business.

use super::codes::split_code_name;
use super::header::CODE_FIELDS;
use crate::money::Amount;
use std::collections::HashMap;

/// The code fields, then the område the line was classified to.
const LEVELS: usize = CODE_FIELDS.len() + 1;

/// The words that name a level in "Summa konto 1225".
const LEVEL_WORDS: [&[&str]; LEVELS] = [
    &["konto", "account"],
    &["ansvar", "kostnadsställe", "kst"],
    &["verksamhet", "activity"],
    &["projekt", "project"],
    &["motpart", "counterparty", "leverantör"],
    &["område", "typ", "area"],
];

/// Per level: code → sum of the lines since that level's previous subtotal.
#[derive(Default)]
pub(super) struct Subtotals {
    levels: [Level; LEVELS],
}

/// One level's sums. The current run of one code is summed apart from the
/// map: reports sorted by konto then add a line without hashing its code.
#[derive(Default)]
struct Level {
    sums: HashMap<String, Amount>,
    run: String,
    run_sum: Amount,
}

impl Level {
    #[inline]
    fn line(&mut self, code: &str, a: Amount) {
        if code != self.run {
            self.flush();
            self.run.push_str(code);
        }
        self.run_sum += a;
    }
    fn flush(&mut self) {
        if let Some(sum) = self.sums.get_mut(self.run.as_str()) {
            *sum += self.run_sum;
            self.run.clear(); // keeps its buffer for the next run
        } else if !self.run.is_empty() {
            self.sums.insert(std::mem::take(&mut self.run), self.run_sum);
        }
        self.run_sum = Amount::ZERO;
    }
}

impl Subtotals {
    /// A ledger line: its codes (in `CODE_FIELDS` order) and its område.
    #[inline]
    pub(super) fn line(&mut self, codes: [&str; CODE_FIELDS.len()], area: Option<&str>, a: Amount) {
        let keys = codes.into_iter().chain(std::iter::once(area.unwrap_or("")));
        for (level, code) in self.levels.iter_mut().zip(keys) {
            if !code.is_empty() {
                level.line(code, a);
            }
        }
    }

    /// What the lines a subtotal names add up to ("konto 1225", "1225",
    /// "1225 Inventarier IT", "IT"), closing its level; None when the key
    /// names no code of any level (then it is a plain total row).
    pub(super) fn close(&mut self, key: &str) -> Option<Amount> {
        let (level, rest) = level_word(key);
        let code = split_code_name(rest).0;
        self.levels.iter_mut().for_each(Level::flush);
        let level = match level {
            Some(l) => l,
            None => (0..LEVELS).find(|l| self.levels[*l].sums.contains_key(code))?,
        };
        let sum = self.levels[level].sums.get(code).copied().unwrap_or(Amount::ZERO);
        self.levels[level].sums.clear();
        Some(sum)
    }
}

/// "konto 1225" → (Some(konto level), "1225"); "1225" → (None, "1225").
fn level_word(key: &str) -> (Option<usize>, &str) {
    let key = key.trim();
    if let Some((word, rest)) = key.split_once(char::is_whitespace) {
        let w = word.to_lowercase();
        if let Some(l) = LEVEL_WORDS.iter().position(|ws| ws.contains(&w.as_str())) {
            return (Some(l), rest.trim());
        }
    }
    (None, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(k: i64) -> Amount {
        Amount(k * 100)
    }

    #[test]
    fn a_subtotal_closes_its_code_since_the_last_one_of_its_level() {
        let mut s = Subtotals::default();
        s.line(["1221", "51200", "", "IT-NAT-2018-01", ""], Some("IT"), kr(100));
        s.line(["1221", "51200", "", "IT-NAT-2018-01", ""], Some("IT"), kr(50));
        assert_eq!(s.close("1221"), Some(kr(150)));
        s.line(["1222", "51200", "", "IT-SRV-2018-01", ""], Some("IT"), kr(30));
        s.line(["1221", "51210", "", "IT-NAT-2018-01", ""], Some("IT"), kr(7));
        // 1221 again: only its lines since "Summa 1221"
        assert_eq!(s.close("konto 1221"), Some(kr(7)));
        assert_eq!(s.close("51200 Drift IT"), Some(kr(180)));
        assert_eq!(s.close("IT"), Some(kr(187)));
        assert_eq!(s.close("Länsteknik"), None);
        // a named level without such lines closes nothing: zero
        assert_eq!(s.close("konto 9999"), Some(Amount::ZERO));
    }
}

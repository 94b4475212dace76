//! Money as integer öre. Parsing of every amount form a Swedish export writes,
//! and Swedish formatting. No floats: a numeric cell's f64 is converted once,
//! with an explicit rounding, and flagged when it is not a whole number of öre.

use rust_decimal::prelude::*;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

/// An amount in öre. Serialises as a decimal string in kronor: `"14600000.00"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(type = "string"))]
pub struct Amount(pub i64);

impl Amount {
    pub const ZERO: Amount = Amount(0);
    pub fn ore(self) -> i64 {
        self.0
    }
    pub fn from_kr(kr: i64) -> Amount {
        Amount(kr * 100)
    }
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
    /// Exact conversion; `None` when the decimal has fractions of an öre or overflows.
    pub fn from_decimal(d: Decimal) -> Option<Amount> {
        let ore = d.checked_mul(Decimal::ONE_HUNDRED)?;
        if ore.fract() != Decimal::ZERO {
            return None;
        }
        ore.to_i64().map(Amount)
    }
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
    /// `part / self` as a percentage with one decimal, `None` for a zero base.
    pub fn percent_of(part: Amount, base: Amount) -> Option<Decimal> {
        if base.0 == 0 {
            return None;
        }
        let p = Decimal::from(part.0) * Decimal::ONE_HUNDRED / Decimal::from(base.0);
        let mut p = p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        p.rescale(1);
        Some(p)
    }
}

impl fmt::Display for Amount {
    /// Plain decimal in kronor, the JSON/CSV form: `-1234.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, o: Amount) -> Amount {
        Amount(self.0 + o.0)
    }
}
impl Sub for Amount {
    type Output = Amount;
    fn sub(self, o: Amount) -> Amount {
        Amount(self.0 - o.0)
    }
}
impl Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(-self.0)
    }
}
impl AddAssign for Amount {
    fn add_assign(&mut self, o: Amount) {
        self.0 += o.0;
    }
}
impl Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        Amount(iter.map(|a| a.0).sum())
    }
}

/// Serde helpers for percentages and hours held as `Decimal`: written as
/// decimal strings like amounts, never as floats.
pub fn ser_dec<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

pub fn ser_opt_dec<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// Why an amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    FractionOfOre,
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::NotANumber => write!(f, "förväntade ett belopp (t.ex. 1 234,50)"),
            AmountError::FractionOfOre => {
                write!(f, "beloppet har fler än två decimaler (delar av öre)")
            }
            AmountError::TooLarge => write!(f, "beloppet är orimligt stort"),
        }
    }
}

/// Largest amount we accept: 10^13 kr, far above any region's ledger, far
/// below where f64 loses öre precision (2^53 öre ≈ 9·10^13 kr).
const MAX_KR: f64 = 1e13;

/// A numeric cell. Excel stores 1234.5 as the nearest double; we round to öre
/// and reject values that are not within a rounding error of a whole öre.
pub fn amount_from_f64(x: f64) -> Result<Amount, AmountError> {
    if !x.is_finite() {
        return Err(AmountError::NotANumber);
    }
    if x.abs() > MAX_KR {
        return Err(AmountError::TooLarge);
    }
    let scaled = x * 100.0;
    let rounded = scaled.round();
    // A double of this size carries ~1e-3 öre of noise at most; anything
    // further from a whole öre is a real fraction (e.g. 12.345).
    if (scaled - rounded).abs() > 1e-6 * scaled.abs().max(1.0) {
        return Err(AmountError::FractionOfOre);
    }
    Ok(Amount(rounded as i64))
}

/// Text amounts: `1 234,50`, NBSP/thin-space thousands, `-1 234,50`, U+2212
/// minus, `(1 234,50)`, `1234.50`, `1 234 kr`, `1.234,50`, trailing minus.
pub fn parse_amount(s: &str) -> Result<Amount, AmountError> {
    let mut t: String = s.trim().to_string();
    if t.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let mut neg = false;
    if t.starts_with('(') && t.ends_with(')') {
        neg = true;
        t = t[1..t.len() - 1].trim().to_string();
    }
    // currency suffix/prefix
    for unit in ["kronor", "SEK", "sek", "kr.", "kr", ":-"] {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.trim_end().to_string();
        }
        if let Some(rest) = t.strip_prefix(unit) {
            t = rest.trim_start().to_string();
        }
    }
    let mut cleaned = String::with_capacity(t.len());
    for (i, c) in t.chars().enumerate() {
        match c {
            '-' | '\u{2212}' | '\u{2013}' if i == 0 => neg = !neg,
            '+' if i == 0 => {}
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' => {}
            '0'..='9' | ',' | '.' => cleaned.push(c),
            '-' | '\u{2212}' if i + c.len_utf8() == t.len() => neg = !neg,
            _ => return Err(AmountError::NotANumber),
        }
    }
    if cleaned.is_empty() || !cleaned.chars().any(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotANumber);
    }
    let normalized = normalize_separators(&cleaned).ok_or(AmountError::NotANumber)?;
    let d = Decimal::from_str(&normalized).map_err(|_| AmountError::NotANumber)?;
    let d = if neg { -d } else { d };
    if d.abs() > Decimal::from(10_000_000_000_000i64) {
        return Err(AmountError::TooLarge);
    }
    Amount::from_decimal(d).ok_or(AmountError::FractionOfOre)
}

/// Decide which of `,` and `.` is the decimal separator and return a string
/// with `.` as decimal point and no grouping.
fn normalize_separators(s: &str) -> Option<String> {
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let out = match (commas, dots) {
        (0, 0) => s.to_string(),
        (1, 0) => s.replace(',', "."),
        (0, 1) => s.to_string(),
        // 1.234.567 — dots as grouping
        (0, _) => {
            check_groups(s, '.')?;
            s.replace('.', "")
        }
        (_, 0) => {
            check_groups(s, ',')?;
            s.replace(',', "")
        }
        _ => {
            let last_comma = s.rfind(',')?;
            let last_dot = s.rfind('.')?;
            if last_comma > last_dot {
                // 1.234,50
                if commas != 1 {
                    return None;
                }
                s.replace('.', "").replace(',', ".")
            } else {
                // 1,234.50
                if dots != 1 {
                    return None;
                }
                s.replace(',', "")
            }
        }
    };
    Some(out)
}

fn check_groups(s: &str, sep: char) -> Option<()> {
    let mut parts = s.split(sep);
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    for p in parts {
        if p.len() != 3 {
            return None;
        }
    }
    Some(())
}

/// Display units a controller chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Kr,
    Tkr,
    Mnkr,
}

impl std::str::FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_lowercase().as_str() {
            "kr" => Ok(Unit::Kr),
            "tkr" => Ok(Unit::Tkr),
            "mnkr" => Ok(Unit::Mnkr),
            _ => Err(format!("okänd enhet '{s}' (kr, tkr eller mnkr)")),
        }
    }
}

/// Swedish format: `14 600 000,00` (kr), `14 600` (tkr), `14,6` (mnkr).
/// Grouping uses a plain space so terminal tables line up.
pub fn format_sv(a: Amount, unit: Unit) -> String {
    let (div, dp) = match unit {
        Unit::Kr => (Decimal::ONE, 2),
        Unit::Tkr => (Decimal::from(1000), 0),
        Unit::Mnkr => (Decimal::from(1_000_000), 1),
    };
    let v = (a.to_decimal() / div).round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    format_decimal_sv(v, dp)
}

/// Group a decimal with spaces and a decimal comma, with exactly `dp` decimals.
pub fn format_decimal_sv(v: Decimal, dp: u32) -> String {
    let mut v = v;
    v.rescale(dp);
    let s = v.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_swedish_forms() {
        let cases = [
            ("1 234,50", 123450),
            ("1\u{a0}234,50", 123450),
            ("1\u{202f}234,50", 123450),
            ("-1 234,50", -123450),
            ("\u{2212}1 234,50", -123450),
            ("(1 234,50)", -123450),
            ("1234.50", 123450),
            ("1 234 kr", 123400),
            ("1.234,50", 123450),
            ("1,234.50", 123450),
            ("1.234.567", 123456700),
            ("0,5", 50),
            ("1234-", -123400),
            ("+12", 1200),
            ("12 345 678,9", 1234567890),
        ];
        for (s, ore) in cases {
            assert_eq!(parse_amount(s), Ok(Amount(ore)), "{s}");
        }
    }

    #[test]
    fn rejects_non_amounts() {
        for s in ["", "ca 1200", "#N/A", "#REF!", "abc", "1,2,3", "-", "1 2x"] {
            assert_eq!(parse_amount(s), Err(AmountError::NotANumber), "{s}");
        }
        assert_eq!(parse_amount("12,345"), Err(AmountError::FractionOfOre));
        assert_eq!(parse_amount("1.005"), Err(AmountError::FractionOfOre));
    }

    #[test]
    fn floats_round_to_ore_and_flag_fractions() {
        assert_eq!(amount_from_f64(1234.5), Ok(Amount(123450)));
        assert_eq!(amount_from_f64(0.1 + 0.2), Ok(Amount(30)));
        assert_eq!(amount_from_f64(-8_000_000.01), Ok(Amount(-800000001)));
        assert_eq!(amount_from_f64(12.345), Err(AmountError::FractionOfOre));
        assert_eq!(amount_from_f64(f64::NAN), Err(AmountError::NotANumber));
    }

    #[test]
    fn formats_swedish() {
        assert_eq!(format_sv(Amount(1_460_000_000), Unit::Kr), "14 600 000,00");
        assert_eq!(format_sv(Amount(1_460_000_000), Unit::Mnkr), "14,6");
        assert_eq!(format_sv(Amount(-123_456), Unit::Kr), "-1 234,56");
        assert_eq!(format_sv(Amount(123_456_789), Unit::Tkr), "1 235");
        assert_eq!(format_sv(Amount(0), Unit::Kr), "0,00");
        assert_eq!(Amount(1_460_000_000).to_string(), "14600000.00");
        assert_eq!(Amount(-5).to_string(), "-0.05");
    }

    #[test]
    fn percent() {
        assert_eq!(Amount::percent_of(Amount(1960), Amount(1460)), Some(Decimal::new(1342, 1)));
        assert_eq!(Amount::percent_of(Amount(1), Amount(0)), None);
    }
}

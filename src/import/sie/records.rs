//! The fields of each record type into model values. Every function returns
//! the user's message on failure ("#TRANS: beloppet … är inte ett tal …");
//! the parser adds file and line.

use super::lexer::Field;
use super::model::{BalanceKind, FinancialYear, ObjectRef, PeriodRow, TransKind, Transaction, Voucher, YearBalance};
use crate::money::Amount;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

pub type Msg = String;

/// The fields of one record, with its label for messages.
pub struct Fields<'a> {
    pub label: &'a str,
    pub fields: &'a [Field],
}

impl<'a> Fields<'a> {
    /// A text field, or `None` when absent (or an object list).
    pub fn text(&self, i: usize) -> Option<&'a str> {
        match self.fields.get(i) {
            Some(Field::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// A text field the record cannot do without.
    pub fn required(&self, i: usize, name: &str) -> Result<&'a str, Msg> {
        match self.text(i) {
            Some(s) if !s.is_empty() => Ok(s),
            _ => Err(format!("{} saknar {name}", self.label)),
        }
    }

    /// An optional text field, empty when absent.
    pub fn opt(&self, i: usize) -> String {
        self.text(i).unwrap_or_default().to_string()
    }

    pub fn int(&self, i: usize, name: &str) -> Result<i32, Msg> {
        let s = self.required(i, name)?;
        s.parse().map_err(|_| format!("{}: {name} \"{s}\" är inte ett heltal", self.label))
    }

    pub fn date(&self, i: usize, name: &str) -> Result<NaiveDate, Msg> {
        let s = self.required(i, name)?;
        parse_date(s).ok_or_else(|| format!("{}: {name} \"{s}\" är inte ett datum ÅÅÅÅMMDD", self.label))
    }

    /// A date that may be left out or written as `""`.
    pub fn opt_date(&self, i: usize, name: &str) -> Result<Option<NaiveDate>, Msg> {
        match self.text(i) {
            None | Some("") => Ok(None),
            Some(_) => self.date(i, name).map(Some),
        }
    }

    pub fn amount(&self, i: usize) -> Result<Amount, Msg> {
        let s = self.required(i, "belopp")?;
        parse_amount(s).map_err(|why| format!("{}: beloppet \"{s}\" {why}", self.label))
    }

    /// Quantities are not used by Ramkoll; one that does not parse is dropped
    /// rather than refusing the file over it.
    pub fn quantity(&self, i: usize) -> Option<Decimal> {
        self.text(i).and_then(|s| Decimal::from_str(&s.replace(',', ".")).ok())
    }

    /// The object list at `i`. Older writers leave the `{}` out entirely
    /// (SIE 2 balances, some 4I files); then there are no objects and the
    /// following fields start at `i`. Returns the objects and the index of
    /// the field after them.
    pub fn objects(&self, i: usize) -> Result<(Vec<ObjectRef>, usize), Msg> {
        match self.fields.get(i) {
            Some(Field::List(items)) => Ok((self.pairs(items)?, i + 1)),
            _ => Ok((Vec::new(), i)),
        }
    }

    fn pairs(&self, items: &[String]) -> Result<Vec<ObjectRef>, Msg> {
        if !items.len().is_multiple_of(2) {
            return Err(format!(
                "{}: objektlistan ska bestå av par av dimensionsnummer och objekt, fick {{{}}}",
                self.label,
                items.join(" ")
            ));
        }
        items
            .chunks(2)
            .map(|p| {
                let dim = p[0].trim().parse().map_err(|_| {
                    format!("{}: dimensionsnumret \"{}\" i objektlistan är inte ett heltal", self.label, p[0])
                })?;
                Ok(ObjectRef { dim, code: p[1].clone() })
            })
            .collect()
    }
}

/// `ÅÅÅÅMMDD`. Read by hand: a large file has a million of them, and
/// chrono's format parser would re-read `%Y%m%d` for each.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(4..6), num(6..8))
}

/// `ÅÅÅÅMM` into YYYYMM.
pub fn parse_period(s: &str) -> Option<u32> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let p: u32 = s.parse().ok()?;
    (1..=12).contains(&(p % 100)).then_some(p)
}

/// Largest amount accepted, as in `money`: 10^13 kr, in öre.
const MAX_ORE: i64 = 1_000_000_000_000_000;

/// An SIE amount: `-1234.50`, `1234`, `1234.5` (§5.9: point, at most two
/// decimals, minus in front). A decimal comma or a plus sign is accepted
/// too; nothing else is. Exact: digits into integer öre, never a float;
/// decimals past the second must be zeros.
pub fn parse_amount(s: &str) -> Result<Amount, &'static str> {
    const NOT_A_NUMBER: &str = "är inte ett tal (förväntade t.ex. -1234.50)";
    const TOO_LARGE: &str = "är orimligt stort";
    let t = s.trim();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (int, frac) = digits.split_once(['.', ',']).unwrap_or((digits, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_empty() || !all_digits(int) || !all_digits(frac) {
        return Err(NOT_A_NUMBER);
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 {
        return Err("har fler än två decimaler (delar av öre)");
    }
    let int = int.trim_start_matches('0');
    if int.len() > 14 {
        return Err(TOO_LARGE);
    }
    let value = |p: &str| p.bytes().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    let ore = value(int) * 100 + value(frac) * if frac.len() == 1 { 10 } else { 1 };
    if ore > MAX_ORE {
        return Err(TOO_LARGE);
    }
    Ok(Amount(if neg { -ore } else { ore }))
}

/// `#TRANS konto {objekt} belopp [transdat] [transtext] [kvantitet] [sign]`,
/// and the same for `#RTRANS` and `#BTRANS`.
pub fn transaction(kind: TransKind, f: &Fields, line: u32) -> Result<Transaction, Msg> {
    let konto = f.required(0, "kontonummer")?.to_string();
    let (objects, i) = f.objects(1)?;
    Ok(Transaction {
        kind,
        konto,
        objects,
        amount: f.amount(i)?,
        date: f.opt_date(i + 1, "transaktionsdatum")?,
        text: f.opt(i + 2),
        quantity: f.quantity(i + 3),
        sign: f.opt(i + 4),
        line,
    })
}

/// `#VER serie vernr verdatum [vertext] [regdatum] [sign]`, rows to follow.
pub fn voucher(f: &Fields, line: u32) -> Result<Voucher, Msg> {
    Ok(Voucher {
        series: f.opt(0),
        number: f.opt(1),
        date: f.date(2, "verifikationsdatum")?,
        text: f.opt(3),
        reg_date: f.opt_date(4, "registreringsdatum")?,
        sign: f.opt(5),
        line,
        transactions: Vec::new(),
    })
}

/// `#PSALDO`/`#PBUDGET årsnr period konto {objekt} saldo [kvantitet]`.
pub fn period_row(f: &Fields, line: u32) -> Result<PeriodRow, Msg> {
    let year_index = f.int(0, "årsnummer")?;
    let p = f.required(1, "period")?;
    let period = parse_period(p).ok_or_else(|| format!("{}: perioden \"{p}\" är inte en period ÅÅÅÅMM", f.label))?;
    let konto = f.required(2, "kontonummer")?.to_string();
    let (objects, i) = f.objects(3)?;
    Ok(PeriodRow { year_index, period, konto, objects, amount: f.amount(i)?, quantity: f.quantity(i + 1), line })
}

/// `#IB`/`#UB`/`#RES årsnr konto saldo [kvantitet]` and
/// `#OIB`/`#OUB årsnr konto {objekt} saldo [kvantitet]`.
pub fn year_balance(kind: BalanceKind, f: &Fields, line: u32) -> Result<YearBalance, Msg> {
    let year_index = f.int(0, "årsnummer")?;
    let konto = f.required(1, "kontonummer")?.to_string();
    let (objects, i) = f.objects(2)?;
    Ok(YearBalance { kind, year_index, konto, objects, amount: f.amount(i)?, quantity: f.quantity(i + 1), line })
}

/// `#RAR årsnr start slut`.
pub fn financial_year(f: &Fields) -> Result<FinancialYear, Msg> {
    Ok(FinancialYear { index: f.int(0, "årsnummer")?, start: f.date(1, "startdatum")?, end: f.date(2, "slutdatum")? })
}

/// A dimension number (`#DIM`, `#UNDERDIM`, `#OBJEKT`).
pub fn dim_number(f: &Fields, i: usize) -> Result<u32, Msg> {
    let s = f.required(i, "dimensionsnummer")?;
    s.parse().map_err(|_| format!("{}: dimensionsnumret \"{s}\" är inte ett heltal", f.label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact() {
        assert_eq!(parse_amount("-1234.50"), Ok(Amount(-123450)));
        assert_eq!(parse_amount("1234"), Ok(Amount(123400)));
        assert_eq!(parse_amount("0.5"), Ok(Amount(50)));
        assert_eq!(parse_amount(".5"), Ok(Amount(50)));
        assert_eq!(parse_amount("12,30"), Ok(Amount(1230)));
        assert_eq!(parse_amount("+7"), Ok(Amount(700)));
        assert_eq!(parse_amount("100.000"), Ok(Amount(10000)));
        assert_eq!(parse_amount("1234.5"), Ok(Amount(123450)));
        assert_eq!(parse_amount("-0.05"), Ok(Amount(-5)));
        assert_eq!(parse_amount("007.10"), Ok(Amount(710)));
        assert_eq!(parse_amount("10000000000000"), Ok(Amount(1_000_000_000_000_000)));
        assert_eq!(parse_amount("10000000000000.01"), Err("är orimligt stort"));
        assert_eq!(parse_amount("0.10000000000000001"), Err("har fler än två decimaler (delar av öre)"));
        assert_eq!(parse_amount("1.005"), Err("har fler än två decimaler (delar av öre)"));
        for bad in ["", "-", "1 234.50", "12x", "1.2.3", "1e5", "--5", "."] {
            assert_eq!(parse_amount(bad), Err("är inte ett tal (förväntade t.ex. -1234.50)"), "{bad}");
        }
        assert_eq!(parse_amount("99999999999999999"), Err("är orimligt stort"));
    }

    #[test]
    fn dates_and_periods() {
        assert_eq!(parse_date("20180314"), NaiveDate::from_ymd_opt(2018, 3, 14));
        assert_eq!(parse_date("20180230"), None);
        assert_eq!(parse_date("2018-03-14"), None);
        assert_eq!(parse_period("201812"), Some(201812));
        assert_eq!(parse_period("201813"), None);
        assert_eq!(parse_period("201800"), None);
        assert_eq!(parse_period("18-12"), None);
    }
}

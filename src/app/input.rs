//! Input as the user typed it (argv or a form), validated once for both
//! doors: periods, year ranges, kinds, amounts.

use crate::error::{Error, Result};
use crate::money::{self, Amount};
use crate::period;
use crate::store::Kind;
use serde::{Deserialize, Serialize};

/// A period as given: a number (201803, or 3 with a year) or text
/// ("201803", "2018-03", "mars 2018", or "3"/"mars" with a year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PeriodInput {
    Number(u32),
    Text(String),
}

impl From<u32> for PeriodInput {
    fn from(p: u32) -> Self {
        PeriodInput::Number(p)
    }
}

impl From<&str> for PeriodInput {
    fn from(s: &str) -> Self {
        PeriodInput::Text(s.to_string())
    }
}

impl PeriodInput {
    /// The period (YYYYMM) this names; a bare month needs `year`. Whether
    /// it lies in the report's year is the report's check.
    pub fn resolve(&self, year: Option<i32>) -> Result<u32> {
        let text = match self {
            PeriodInput::Number(n) => n.to_string(),
            PeriodInput::Text(s) => s.trim().to_string(),
        };
        let month_of_year = || {
            let m = text.parse::<u32>().ok().or_else(|| period::month_from_name(&text))?;
            period::make(year?, m)
        };
        period::parse_period(&text).or_else(month_of_year).ok_or_else(|| {
            Error::invalid("period", format!("förväntade en period som 201803, 2018-03 eller mars 2018, fick '{text}'"))
        })
    }
}

/// `resolve` over an optional period.
pub fn period_opt(p: Option<&PeriodInput>, year: Option<i32>) -> Result<Option<u32>> {
    p.map(|p| p.resolve(year)).transpose()
}

/// First and last year of a multi-year table, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YearRange {
    pub from: i32,
    pub to: i32,
}

impl YearRange {
    /// "2014..2018" or "2014-2018".
    pub fn parse(s: &str) -> Result<YearRange> {
        let bad = || Error::invalid("years", format!("förväntade år som 2014..2018, fick '{s}'"));
        let (a, b) = s.split_once("..").or_else(|| s.split_once('-')).ok_or_else(bad)?;
        Ok(YearRange { from: a.trim().parse().map_err(|_| bad())?, to: b.trim().parse().map_err(|_| bad())? })
    }
}

/// An import kind by its name (ledger, frames, budget, staff).
pub fn parse_kind(s: &str) -> Result<Kind> {
    Kind::parse(s)
        .ok_or_else(|| Error::invalid("kind", "typ måste vara ledger, frames, budget, staff, assets eller orders"))
}

/// A unit price as typed ("3 876,00"): the one place a price is parsed.
pub fn unit_price(s: &str) -> Result<Amount> {
    money::parse_amount(s).map_err(|e| Error::invalid("unit_price", format!("styckpris '{}': {e}", s.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_every_form() {
        let t = |s: &str, y: Option<i32>| PeriodInput::from(s).resolve(y).ok();
        assert_eq!(t("201803", None), Some(201803));
        assert_eq!(t("2018-03", None), Some(201803));
        assert_eq!(t("mars 2018", None), Some(201803));
        assert_eq!(t("3", Some(2018)), Some(201803));
        assert_eq!(t("mars", Some(2018)), Some(201803));
        assert_eq!(t("3", None), None);
        assert_eq!(t("13", Some(2018)), None);
        assert_eq!(PeriodInput::Number(201806).resolve(None).ok(), Some(201806));
        assert_eq!(PeriodInput::Number(6).resolve(Some(2018)).ok(), Some(201806));
        let e = PeriodInput::from("x").resolve(Some(2018)).unwrap_err();
        assert_eq!(e.to_string(), "förväntade en period som 201803, 2018-03 eller mars 2018, fick 'x'");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn year_ranges_and_prices() {
        assert_eq!(YearRange::parse("2014..2018").ok(), Some(YearRange { from: 2014, to: 2018 }));
        assert_eq!(YearRange::parse("2014-2018").ok(), Some(YearRange { from: 2014, to: 2018 }));
        assert!(YearRange::parse("2014").is_err());
        assert_eq!(unit_price("3 876,00").ok(), Some(Amount(387_600)));
        assert!(matches!(unit_price("ca 100"), Err(Error::Invalid { field, .. }) if field == "unit_price"));
    }
}

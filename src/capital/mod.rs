//! Capital costs (kapitalkostnader): what investments cost the operating
//! budget once they are taken into use. Linear depreciation by month from
//! the activation month, internal interest on the book value, per asset and
//! aggregated per område and kategori; assets assumed from project outcome
//! when the register lacks them; and the full cost of a planned purchase,
//! with the investment-or-expense test. Pure domain: no I/O, no store.

mod assumed;
mod comparison;
mod defaults;
mod depreciation;
mod plan_cost;
mod report;

pub use assumed::*;
pub use comparison::*;
pub use defaults::*;
pub use depreciation::*;
pub use plan_cost::*;
pub use report::*;

use crate::money::Amount;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of the asset register (anläggningsregister), or an asset assumed
/// from an investment project's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Asset {
    /// Objekt or Projekt code.
    pub id: String,
    pub area: String,
    /// Empty when the source had none (shown as "utan kategori").
    pub category: String,
    /// Anskaffningsvärde.
    pub value: Amount,
    /// The month it was taken into use (YYYYMM); depreciation starts here.
    pub activation: u32,
    /// Nyttjandeperiod in whole years.
    pub life_years: u32,
    /// Not in the register: taken into use after the project's last line.
    pub assumed: bool,
}

impl Asset {
    /// Months of depreciation; at least one, so a zero life is spent at once.
    pub fn months(&self) -> i64 {
        (i64::from(self.life_years) * 12).max(1)
    }
}

/// One year's capital cost of an asset or a group of assets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalYear {
    pub year: i32,
    /// Avskrivningar.
    pub depreciation: Amount,
    /// Internränta.
    pub interest: Amount,
    /// Kapitalkostnad = avskrivningar + internränta.
    pub capital_cost: Amount,
    /// Bokfört värde at the end of the year (zero before activation).
    pub book_value: Amount,
}

impl CapitalYear {
    fn add(&mut self, o: &CapitalYear) {
        self.depreciation += o.depreciation;
        self.interest += o.interest;
        self.capital_cost += o.capital_cost;
        self.book_value += o.book_value;
    }
}

/// Internal interest rate per year, in percent (2.5 = 2,5 %). A year without
/// its own rate takes the latest earlier one, before the first the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rates(pub BTreeMap<i32, Decimal>);

impl Rates {
    pub fn new() -> Self {
        Rates(BTreeMap::new())
    }
    pub fn set(&mut self, year: i32, percent: Decimal) {
        self.0.insert(year, percent);
    }
    pub fn rate(&self, year: i32) -> Decimal {
        self.0.range(..=year).next_back().or_else(|| self.0.iter().next()).map(|(_, r)| *r).unwrap_or_default()
    }
}

/// `num / den` rounded to the nearest integer, halves away from zero.
/// Wide arithmetic: value × months never overflows.
pub(crate) fn div_round(num: i128, den: i128) -> i64 {
    debug_assert!(den > 0);
    let q = (2 * num.abs() + den) / (2 * den);
    (if num < 0 { -q } else { q }) as i64
}

/// A period as a month count (year × 12 + month − 1), for arithmetic.
pub fn month_index(period: u32) -> i64 {
    i64::from(period / 100) * 12 + i64::from(period % 100) - 1
}

/// The inverse of [`month_index`].
pub fn period_of_index(index: i64) -> u32 {
    (index.div_euclid(12) * 100 + index.rem_euclid(12) + 1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_halves_away_from_zero() {
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(-5, 2), -3);
        assert_eq!(div_round(4, 3), 1);
        assert_eq!(div_round(969_000_000, 36), 26_916_667);
    }

    #[test]
    fn month_arithmetic() {
        assert_eq!(period_of_index(month_index(201812) + 1), 201901);
        assert_eq!(period_of_index(month_index(201901) - 1), 201812);
        assert_eq!(month_index(201903) - month_index(201812), 3);
    }

    #[test]
    fn rate_of_a_year_without_its_own_is_the_latest_earlier() {
        let mut r = Rates::new();
        r.set(2019, Decimal::new(15, 1));
        r.set(2021, Decimal::new(125, 2));
        assert_eq!(r.rate(2018), Decimal::new(15, 1));
        assert_eq!(r.rate(2020), Decimal::new(15, 1));
        assert_eq!(r.rate(2021), Decimal::new(125, 2));
        assert_eq!(r.rate(2030), Decimal::new(125, 2));
        assert_eq!(Rates::new().rate(2020), Decimal::ZERO);
    }
}

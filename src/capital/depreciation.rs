//! One asset's depreciation and interest, month by month.
//!
//! Linear over `life × 12` months from the activation month. Each month's
//! depreciation is a whole number of öre: after `k` months the asset has
//! lost `value × k / months` rounded to the öre, so a month differs from the
//! exact share by under one öre, the last month takes what remains and the
//! asset ends at exactly zero. (Rounding `value / months` once and putting
//! the whole remainder in the last month would make 9 690 000 kr over 36
//! months cost 3 230 000,04 kr in the first year; this way every whole year
//! is exactly a third.) Interest each month is the book value at the start
//! of the month × the year's rate / 12, rounded to the öre.

use super::{div_round, month_index, period_of_index, Asset, CapitalYear, Rates};
use crate::money::Amount;
use rust_decimal::prelude::*;

/// One month of an asset's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetMonth {
    pub period: u32,
    /// Book value at the start of the month.
    pub book_start: Amount,
    pub depreciation: Amount,
    pub interest: Amount,
}

/// Depreciation accumulated after `k` of the asset's months.
fn accumulated(asset: &Asset, k: i64) -> i64 {
    let n = asset.months();
    let k = k.clamp(0, n);
    div_round(i128::from(asset.value.0) * i128::from(k), i128::from(n))
}

/// Book value × percent / 100 / 12, rounded to the öre.
fn monthly_interest(book: Amount, percent: Decimal) -> Amount {
    let i = Decimal::from(book.0) * percent / Decimal::from(1200);
    Amount(i.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(0))
}

/// The asset's month at `period`, or `None` outside its life.
pub fn asset_month(asset: &Asset, rates: &Rates, period: u32) -> Option<AssetMonth> {
    let k = month_index(period) - month_index(asset.activation);
    if k < 0 || k >= asset.months() {
        return None;
    }
    let before = accumulated(asset, k);
    let book_start = Amount(asset.value.0 - before);
    let year = crate::period::year_of(period);
    Some(AssetMonth {
        period,
        book_start,
        depreciation: Amount(accumulated(asset, k + 1) - before),
        interest: monthly_interest(book_start, rates.rate(year)),
    })
}

/// Every month of the asset's life, from activation to fully depreciated.
pub fn asset_months(asset: &Asset, rates: &Rates) -> Vec<AssetMonth> {
    let first = month_index(asset.activation);
    (first..first + asset.months()).filter_map(|i| asset_month(asset, rates, period_of_index(i))).collect()
}

/// Book value at the end of `year`: zero before activation, the value less
/// what has been depreciated after.
pub fn book_value_at_year_end(asset: &Asset, year: i32) -> Amount {
    let elapsed = month_index(year as u32 * 100 + 12) - month_index(asset.activation) + 1;
    if elapsed <= 0 {
        return Amount::ZERO;
    }
    Amount(asset.value.0 - accumulated(asset, elapsed))
}

/// One year of the asset's capital cost.
pub fn asset_year(asset: &Asset, rates: &Rates, year: i32) -> CapitalYear {
    let mut y = CapitalYear { year, book_value: book_value_at_year_end(asset, year), ..Default::default() };
    for m in (1..=12).filter_map(|m| asset_month(asset, rates, year as u32 * 100 + m)) {
        y.depreciation += m.depreciation;
        y.interest += m.interest;
    }
    y.capital_cost = y.depreciation + y.interest;
    y
}

/// The asset's capital cost for each year `from..=to`.
pub fn asset_years(asset: &Asset, rates: &Rates, from: i32, to: i32) -> Vec<CapitalYear> {
    (from..=to).map(|y| asset_year(asset, rates, y)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(kr: i64, activation: u32, life: u32) -> Asset {
        Asset {
            id: "P1".into(),
            area: "IT".into(),
            category: "Klient".into(),
            value: Amount::from_kr(kr),
            activation,
            life_years: life,
            assumed: false,
        }
    }

    fn rates(percent: &str) -> Rates {
        let mut r = Rates::new();
        r.set(2000, percent.parse().unwrap());
        r
    }

    #[test]
    fn the_phones_depreciate_a_third_each_whole_year() {
        let a = asset(9_690_000, 201901, 3);
        let years = asset_years(&a, &Rates::new(), 2018, 2022);
        let dep: Vec<i64> = years.iter().map(|y| y.depreciation.0).collect();
        assert_eq!(dep, vec![0, 323_000_000, 323_000_000, 323_000_000, 0]);
        let book: Vec<i64> = years.iter().map(|y| y.book_value.0).collect();
        assert_eq!(book, vec![0, 646_000_000, 323_000_000, 0, 0]);
    }

    #[test]
    fn months_are_whole_ore_and_the_asset_ends_at_zero() {
        // 1 000,00 kr over 36 months: 27,78 / 27,77 alternating, sum exact
        let a = asset(1_000, 201801, 3);
        let months = asset_months(&a, &Rates::new());
        assert_eq!(months.len(), 36);
        assert_eq!(months[0].depreciation, Amount(2778)); // round(100000/36)
        assert_eq!(months[1].depreciation, Amount(2778)); // 5556 − 2778
        assert_eq!(months[2].depreciation, Amount(2777)); // 8333 − 5556
        assert_eq!(months[35].depreciation, Amount(2778)); // 100000 − 97222
        assert_eq!(months.iter().map(|m| m.depreciation).sum::<Amount>(), Amount(100_000));
        assert!(months.iter().all(|m| (2777..=2778).contains(&m.depreciation.0)));
        assert_eq!(book_value_at_year_end(&a, 2020), Amount::ZERO);
    }

    #[test]
    fn a_tiny_value_never_goes_below_zero() {
        let a = Asset { value: Amount(20), ..asset(0, 201801, 3) };
        let months = asset_months(&a, &Rates::new());
        assert!(months.iter().all(|m| m.depreciation.0 >= 0 && m.book_start.0 >= 0));
        assert_eq!(months.iter().map(|m| m.depreciation).sum::<Amount>(), Amount(20));
    }

    #[test]
    fn interest_is_on_the_book_value_at_the_start_of_each_month() {
        // 120 000 kr over 5 years = 2 000 kr a month, 3 % a year
        let a = asset(120_000, 201807, 5);
        let r = rates("3");
        let m = asset_months(&a, &r);
        // July: 120 000 × 0,03 / 12 = 300,00; August on 118 000 = 295,00
        assert_eq!((m[0].book_start, m[0].interest), (Amount::from_kr(120_000), Amount::from_kr(300)));
        assert_eq!((m[1].book_start, m[1].interest), (Amount::from_kr(118_000), Amount::from_kr(295)));
        let y = asset_year(&a, &r, 2018);
        // six months of 2 000; interest 300 + 295 + … + 275 = 6 × 287,50
        assert_eq!(y.depreciation, Amount::from_kr(12_000));
        assert_eq!(y.interest, Amount::from_kr(1_725));
        assert_eq!(y.capital_cost, Amount::from_kr(13_725));
        assert_eq!(y.book_value, Amount::from_kr(108_000));
    }

    #[test]
    fn interest_is_rounded_per_month_to_ore() {
        // 1 000,00 kr at 2,5 %: 2,0833… → 2,08 in the first month
        let a = asset(1_000, 202501, 3);
        let m = asset_months(&a, &rates("2.5"));
        assert_eq!(m[0].interest, Amount(208));
        // second month on 972,22: 2,0254… → 2,03
        assert_eq!(m[1].book_start, Amount(97_222));
        assert_eq!(m[1].interest, Amount(203));
    }

    #[test]
    fn each_year_has_its_own_rate() {
        let a = asset(120_000, 201901, 5);
        let mut r = Rates::new();
        r.set(2019, "1.5".parse().unwrap());
        r.set(2020, "3".parse().unwrap());
        // January 2020: book 96 000 × 3 % / 12 = 240,00
        assert_eq!(asset_month(&a, &r, 202001).map(|m| m.interest), Some(Amount::from_kr(240)));
        // January 2019: 120 000 × 1,5 % / 12 = 150,00
        assert_eq!(asset_month(&a, &r, 201901).map(|m| m.interest), Some(Amount::from_kr(150)));
    }

    #[test]
    fn outside_its_life_an_asset_costs_nothing() {
        let a = asset(36_000, 201806, 3);
        assert_eq!(asset_month(&a, &Rates::new(), 201805), None);
        assert_eq!(asset_month(&a, &Rates::new(), 202106), None);
        assert!(asset_month(&a, &Rates::new(), 202105).is_some());
        // seven months of 2018 at 1 000 kr
        assert_eq!(asset_year(&a, &Rates::new(), 2018).depreciation, Amount::from_kr(7_000));
        assert_eq!(asset_year(&a, &Rates::new(), 2021).depreciation, Amount::from_kr(5_000));
    }
}

//! The capital-cost report: per år, per område with its kategorier and in
//! total — avskrivningar, internränta, kapitalkostnad and book value at year
//! end — with every asset behind the figures for drill-down.

use super::{asset_years, Asset, CapitalYear, Rates};
use crate::money::Amount;
use crate::variance::{AREAS, CATEGORY_ORDER};
use serde::Serialize;
use std::collections::BTreeMap;

/// Shown for assets without a kategori.
pub const NO_CATEGORY: &str = "(utan kategori)";

/// One asset and its capital cost per year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssetCapital {
    #[serde(flatten)]
    pub asset: Asset,
    pub years: Vec<CapitalYear>,
}

/// A row of the report: an område, a kategori within it, or the total.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalRow {
    pub area: String,
    pub category: Option<String>,
    pub label: String,
    /// How many assets are behind the row, and how many of them assumed.
    pub assets: u32,
    pub assumed: u32,
    pub years: Vec<CapitalYear>,
}

impl CapitalRow {
    fn new(area: &str, category: Option<&str>, label: &str, from: i32, to: i32) -> Self {
        CapitalRow {
            area: area.to_string(),
            category: category.map(str::to_string),
            label: label.to_string(),
            assets: 0,
            assumed: 0,
            years: (from..=to).map(|year| CapitalYear { year, ..Default::default() }).collect(),
        }
    }

    fn add(&mut self, a: &AssetCapital) {
        self.assets += 1;
        self.assumed += u32::from(a.asset.assumed);
        for (mine, theirs) in self.years.iter_mut().zip(&a.years) {
            mine.add(theirs);
        }
    }

    fn add_row(&mut self, o: &CapitalRow) {
        self.assets += o.assets;
        self.assumed += o.assumed;
        for (mine, theirs) in self.years.iter_mut().zip(&o.years) {
            mine.add(theirs);
        }
    }

    /// The row's figures for `year`, zero outside the report's range.
    pub fn year(&self, year: i32) -> CapitalYear {
        self.years.iter().find(|y| y.year == year).copied().unwrap_or(CapitalYear { year, ..Default::default() })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalArea {
    pub row: CapitalRow,
    pub categories: Vec<CapitalRow>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalReport {
    pub from: i32,
    pub to: i32,
    pub areas: Vec<CapitalArea>,
    pub total: CapitalRow,
    /// Every asset, in report order: the drill-down of each row.
    pub assets: Vec<AssetCapital>,
}

impl CapitalReport {
    /// The assets behind an område's row (`category: None`) or a kategori's.
    pub fn assets_of<'a>(&'a self, area: &'a str, category: Option<&'a str>) -> impl Iterator<Item = &'a AssetCapital> {
        self.assets
            .iter()
            .filter(move |a| a.asset.area == area && category.is_none_or(|c| category_label(&a.asset) == c))
    }

    /// Depreciation in `year` from assets activated in that same year: what
    /// an investment-heavy year adds to the booked avskrivningar.
    pub fn depreciation_activated_in(&self, year: i32) -> Amount {
        self.assets
            .iter()
            .filter(|a| crate::period::year_of(a.asset.activation) == year)
            .map(|a| a.years.iter().find(|y| y.year == year).map(|y| y.depreciation).unwrap_or_default())
            .sum()
    }
}

fn category_label(a: &Asset) -> &str {
    if a.category.trim().is_empty() {
        NO_CATEGORY
    } else {
        &a.category
    }
}

fn area_rank(a: &str) -> (usize, String) {
    (AREAS.iter().position(|x| *x == a).unwrap_or(AREAS.len()), a.to_string())
}

fn category_rank(c: &str) -> (usize, String) {
    if c == NO_CATEGORY {
        return (usize::MAX, String::new());
    }
    (CATEGORY_ORDER.iter().position(|x| *x == c).unwrap_or(CATEGORY_ORDER.len()), c.to_string())
}

/// The report over `from..=to` for these assets (register and assumed).
pub fn capital_report(assets: &[Asset], rates: &Rates, from: i32, to: i32) -> CapitalReport {
    let mut rows: Vec<AssetCapital> =
        assets.iter().map(|a| AssetCapital { asset: a.clone(), years: asset_years(a, rates, from, to) }).collect();
    rows.sort_by(|x, y| {
        let key = |a: &Asset| (area_rank(&a.area), category_rank(category_label(a)), a.activation, a.id.clone());
        key(&x.asset).cmp(&key(&y.asset))
    });
    let mut grouped: BTreeMap<(usize, String), BTreeMap<(usize, String), CapitalRow>> = BTreeMap::new();
    for a in &rows {
        let (area, cat) = (a.asset.area.as_str(), category_label(&a.asset));
        grouped
            .entry(area_rank(area))
            .or_default()
            .entry(category_rank(cat))
            .or_insert_with(|| CapitalRow::new(area, Some(cat), cat, from, to))
            .add(a);
    }
    let mut total = CapitalRow::new("Totalt", None, "Totalt", from, to);
    let areas = grouped
        .into_iter()
        .map(|((_, area), cats)| {
            let mut row = CapitalRow::new(&area, None, &area, from, to);
            let categories: Vec<CapitalRow> = cats.into_values().collect();
            categories.iter().for_each(|c| row.add_row(c));
            total.add_row(&row);
            CapitalArea { row, categories }
        })
        .collect();
    CapitalReport { from, to, areas, total, assets: rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(id: &str, area: &str, cat: &str, kr: i64, activation: u32, life: u32) -> Asset {
        Asset {
            id: id.into(),
            area: area.into(),
            category: cat.into(),
            value: Amount::from_kr(kr),
            activation,
            life_years: life,
            assumed: false,
        }
    }

    fn register() -> Vec<Asset> {
        vec![
            asset("MT1", "MT", "Röntgen", 1_200_000, 201701, 10), // 10 000 a month
            asset("IT2", "IT", "Server", 600_000, 201807, 5),     // 10 000 a month from July
            asset("IT1", "IT", "Nät", 120_000, 201601, 5),        // 2 000 a month
            Asset { assumed: true, ..asset("IT3", "IT", "Nät", 36_000, 201901, 3) }, // 1 000 a month
            asset("IT4", "IT", "", 12_000, 201801, 1),            // 1 000 a month
        ]
    }

    #[test]
    fn per_kategori_area_and_total_by_hand() {
        let r = capital_report(&register(), &Rates::new(), 2018, 2019);
        let it = &r.areas[0];
        assert_eq!(it.row.area, "IT");
        let labels: Vec<&str> = it.categories.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, vec!["Nät", "Server", NO_CATEGORY]);
        let nat = &it.categories[0];
        assert_eq!((nat.assets, nat.assumed), (2, 1));
        assert_eq!(nat.year(2018).depreciation, Amount::from_kr(24_000));
        assert_eq!(nat.year(2019).depreciation, Amount::from_kr(36_000));
        // IT1's book value at end of 2019: 120 000 − 48 × 2 000; IT3's 36 000 − 12 000
        assert_eq!(nat.year(2019).book_value, Amount::from_kr(24_000 + 24_000));
        assert_eq!(it.categories[1].year(2018).depreciation, Amount::from_kr(60_000));
        assert_eq!(it.categories[2].year(2018).depreciation, Amount::from_kr(12_000));
        assert_eq!(it.categories[2].year(2019).depreciation, Amount::ZERO);
        assert_eq!(it.row.year(2018).depreciation, Amount::from_kr(96_000));
        assert_eq!(r.areas[1].row.year(2018).depreciation, Amount::from_kr(120_000));
        assert_eq!(r.total.year(2018).depreciation, Amount::from_kr(216_000));
        assert_eq!(r.total.year(2018).capital_cost, Amount::from_kr(216_000));
        assert_eq!(r.total.assets, 5);
        assert_eq!(r.assets_of("IT", Some("Nät")).count(), 2);
        assert_eq!(r.assets_of("IT", None).count(), 4);
        assert_eq!(r.depreciation_activated_in(2018), Amount::from_kr(60_000 + 12_000));
    }

    #[test]
    fn interest_and_capital_cost_add_up_per_row() {
        let mut rates = Rates::new();
        rates.set(2018, "2.4".parse().unwrap());
        // MT1 at start of 2018: 1 200 000 − 12 × 10 000 = 1 080 000; interest month m on
        // 1 080 000 − (m−1)·10 000 at 0,2 %: 0,002 × (12 × 1 080 000 − 660 000) = 24 600
        let r = capital_report(&register()[..1], &rates, 2018, 2018);
        let y = r.total.year(2018);
        assert_eq!(y.interest, Amount::from_kr(24_600));
        assert_eq!(y.depreciation, Amount::from_kr(120_000));
        assert_eq!(y.capital_cost, Amount::from_kr(144_600));
        assert_eq!(y.book_value, Amount::from_kr(960_000));
    }
}

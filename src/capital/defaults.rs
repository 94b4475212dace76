//! The figures a controller would otherwise look up: default useful lives per
//! område/kategori, prisbasbelopp and SKR's proposed internal interest rate
//! per year. Each is the default under a setting the controller can change
//! (`life/IT/Klient`, `prisbasbelopp/2019`, `internal_rate/2025`).

use super::Rates;
use crate::money::Amount;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Useful life in years per (område, kategori) unless a setting says otherwise.
pub const DEFAULT_LIVES: &[(&str, &str, u32)] = &[
    ("IT", "Klient", 3),
    ("IT", "Nät", 5),
    ("IT", "Server", 5),
    ("IT", "Video", 5),
    ("IT", "Skrivare", 3),
    ("MT", "Röntgen", 10),
    ("MT", "Ultraljud", 7),
];

/// Useful life of a kategori not listed, per område; other områden take IT's.
pub const DEFAULT_AREA_LIVES: &[(&str, u32)] = &[("IT", 5), ("MT", 8)];

/// Prisbasbelopp in kronor (SCB/regeringen).
pub const PRISBASBELOPP: &[(i32, i64)] = &[
    (2017, 44_800),
    (2018, 45_500),
    (2019, 46_500),
    (2020, 47_300),
    (2021, 47_600),
    (2022, 48_300),
    (2023, 52_500),
    (2024, 57_300),
    (2025, 58_800),
];

/// SKR's proposed internal interest rate in percent, per year.
pub const INTERNAL_RATES: &[(i32, &str)] = &[
    (2017, "1.75"),
    (2018, "1.75"),
    (2019, "1.5"),
    (2020, "1.5"),
    (2021, "1.25"),
    (2022, "1.0"),
    (2023, "1.25"),
    (2024, "2.5"),
    (2025, "2.5"),
];

/// A year's prisbasbelopp; a year not listed takes the latest earlier one
/// (before the first, the first), so a plan year is never without one.
pub fn default_prisbasbelopp(year: i32) -> Amount {
    let known = PRISBASBELOPP.iter().rev().find(|(y, _)| *y <= year).or(PRISBASBELOPP.first());
    Amount::from_kr(known.map(|(_, kr)| *kr).unwrap_or(0))
}

/// The investment threshold by default: half a prisbasbelopp.
pub fn default_threshold(prisbasbelopp: Amount) -> Amount {
    Amount(prisbasbelopp.0 / 2)
}

/// SKR's rates as a [`Rates`] table, for settings to override year by year.
pub fn default_rates() -> Rates {
    let mut r = Rates::new();
    for (year, pct) in INTERNAL_RATES {
        if let Ok(p) = pct.parse::<Decimal>() {
            r.set(*year, p);
        }
    }
    r
}

/// Useful lives: the defaults above with the controller's settings on top.
#[derive(Debug, Clone, Default)]
pub struct UsefulLives {
    /// (område, kategori) lower-cased → years.
    overrides: HashMap<(String, String), u32>,
}

impl UsefulLives {
    pub fn new() -> Self {
        Self::default()
    }

    /// The setting key for a kategori's life: `life/IT/Klient`.
    pub fn setting_key(area: &str, category: &str) -> String {
        format!("life/{area}/{category}")
    }

    /// Area and kategori of a `life/AREA/KATEGORI` key.
    pub fn parse_key(key: &str) -> Option<(&str, &str)> {
        let rest = key.strip_prefix("life/")?;
        let (area, category) = rest.split_once('/')?;
        (!area.trim().is_empty() && !category.trim().is_empty()).then_some((area.trim(), category.trim()))
    }

    pub fn set(&mut self, area: &str, category: &str, years: u32) {
        self.overrides.insert(key(area, category), years);
    }

    /// The kategori's life: the setting, else the default table, else the
    /// område's default.
    pub fn life(&self, area: &str, category: &str) -> u32 {
        if let Some(y) = self.overrides.get(&key(area, category)) {
            return *y;
        }
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        DEFAULT_LIVES
            .iter()
            .find(|(a, c, _)| same(a, area) && same(c, category))
            .map(|(_, _, y)| *y)
            .or_else(|| DEFAULT_AREA_LIVES.iter().find(|(a, _)| same(a, area)).map(|(_, y)| *y))
            .unwrap_or(DEFAULT_AREA_LIVES[0].1)
    }
}

fn key(area: &str, category: &str) -> (String, String) {
    (area.trim().to_lowercase(), category.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_lives_per_kategori_and_area() {
        let l = UsefulLives::new();
        assert_eq!(l.life("IT", "Klient"), 3);
        assert_eq!(l.life("IT", "Nät"), 5);
        assert_eq!(l.life("IT", "Skrivare"), 3);
        assert_eq!(l.life("MT", "Röntgen"), 10);
        assert_eq!(l.life("MT", "ultraljud"), 7);
        assert_eq!(l.life("MT", "Endoskopi"), 8);
        assert_eq!(l.life("IT", "Oförutsedda"), 5);
        assert_eq!(l.life("IT", ""), 5);
    }

    #[test]
    fn a_setting_overrides_the_default() {
        let mut l = UsefulLives::new();
        let (a, c) = UsefulLives::parse_key("life/IT/Klient").unwrap();
        l.set(a, c, 4);
        assert_eq!(l.life("IT", "klient"), 4);
        assert_eq!(l.life("IT", "Nät"), 5);
        assert_eq!(UsefulLives::setting_key("MT", "Röntgen"), "life/MT/Röntgen");
        assert_eq!(UsefulLives::parse_key("life/IT"), None);
        assert_eq!(UsefulLives::parse_key("po_rate/2019"), None);
    }

    #[test]
    fn prisbasbelopp_and_threshold() {
        assert_eq!(default_prisbasbelopp(2019), Amount::from_kr(46_500));
        assert_eq!(default_threshold(default_prisbasbelopp(2019)), Amount::from_kr(23_250));
        assert_eq!(default_prisbasbelopp(2018), Amount::from_kr(45_500));
        assert_eq!(default_prisbasbelopp(2025), Amount::from_kr(58_800));
        // a year after the table takes the latest
        assert_eq!(default_prisbasbelopp(2027), Amount::from_kr(58_800));
        assert_eq!(default_prisbasbelopp(2010), Amount::from_kr(44_800));
    }

    #[test]
    fn skr_rates() {
        let r = default_rates();
        assert_eq!(r.rate(2025), Decimal::new(25, 1));
        assert_eq!(r.rate(2018), Decimal::new(175, 2));
        assert_eq!(r.rate(2022), Decimal::ONE);
    }
}

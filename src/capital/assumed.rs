//! Assets assumed from outcome: an investment project that has booked
//! outcome but no row in the asset register is taken to be in use from the
//! month after its last booked line, at its total outcome, with its
//! kategori's default useful life — and is marked as assumed ("antaget").

use super::{month_index, period_of_index, Asset, UsefulLives};
use crate::money::Amount;
use std::collections::HashSet;

/// An investment project's outcome, as the store sums it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectOutcome {
    pub project: String,
    pub area: String,
    pub category: Option<String>,
    pub total: Amount,
    /// The period of its last booked line (YYYYMM).
    pub last_period: u32,
}

/// The assets the register lacks, one per project with a positive outcome
/// and no register row of the same code (compared trimmed, any case).
pub fn assume_assets(register: &[Asset], projects: &[ProjectOutcome], lives: &UsefulLives) -> Vec<Asset> {
    let known: HashSet<String> = register.iter().map(|a| norm(&a.id)).collect();
    projects
        .iter()
        .filter(|p| p.total.0 > 0 && !known.contains(&norm(&p.project)))
        .map(|p| {
            let category = p.category.clone().unwrap_or_default();
            Asset {
                id: p.project.trim().to_string(),
                life_years: lives.life(&p.area, &category),
                area: p.area.clone(),
                category,
                value: p.total,
                activation: period_of_index(month_index(p.last_period) + 1),
                assumed: true,
            }
        })
        .collect()
}

fn norm(code: &str) -> String {
    code.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(code: &str, category: &str, kr: i64, last: u32) -> ProjectOutcome {
        ProjectOutcome {
            project: code.into(),
            area: "IT".into(),
            category: Some(category.into()),
            total: Amount::from_kr(kr),
            last_period: last,
        }
    }

    #[test]
    fn a_project_without_a_register_row_is_assumed_from_the_next_month() {
        let register = vec![Asset {
            id: "IT2018-NAT".into(),
            area: "IT".into(),
            category: "Nät".into(),
            value: Amount::from_kr(1),
            activation: 201801,
            life_years: 5,
            assumed: false,
        }];
        let projects = vec![
            project(" it2018-nat ", "Nät", 500_000, 201806),
            project("IT2018-KLI", "Klient", 360_000, 201812),
            project("IT2018-SRV", "Server", 0, 201803),
        ];
        let a = assume_assets(&register, &projects, &UsefulLives::new());
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].id, "IT2018-KLI");
        assert_eq!(a[0].activation, 201901);
        assert_eq!(a[0].life_years, 3);
        assert_eq!(a[0].value, Amount::from_kr(360_000));
        assert!(a[0].assumed);
    }

    #[test]
    fn the_kategori_setting_gives_the_life() {
        let mut lives = UsefulLives::new();
        lives.set("IT", "Server", 6);
        let a = assume_assets(&[], &[project("S", "Server", 10, 201803)], &lives);
        assert_eq!((a[0].life_years, a[0].activation), (6, 201804));
    }
}

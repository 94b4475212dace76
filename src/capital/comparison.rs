//! The budget year's depreciation three ways: what the operating budget
//! planned, what the ledger booked, and what the assets compute — with the
//! part that comes from assets taken into use in the year, which is what an
//! investment-heavy year adds.

use super::{month_index, Asset, CapitalReport};
use crate::money::Amount;
use crate::period;
use crate::variance::OperatingReport;
use serde::Serialize;

/// The operating budget's group for depreciation.
pub const DEPRECIATION_GROUP: &str = "Avskrivningar";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DepreciationComparison {
    pub year: i32,
    /// The operating report's period (the last with outcome).
    pub period: u32,
    /// Computed from the assets, the whole year.
    pub computed: Amount,
    /// Computed from the assets, January to `period`.
    pub computed_to_period: Amount,
    /// Of `computed`, from assets taken into use in the year.
    pub activated_in_year: Amount,
    /// The operating budget's Avskrivningar, the whole year.
    pub budget: Amount,
    pub period_budget: Amount,
    /// The ledger's Avskrivningar to `period`.
    pub outcome: Amount,
    /// Budget − computed (whole year): negative when the assets cost more
    /// than the budget allowed.
    pub budget_less_computed: Amount,
    /// Booked − computed to the period: zero when the ledger agrees with
    /// the register.
    pub outcome_less_computed: Amount,
}

/// Depreciation of `asset` from January of `period`'s year to `period`.
fn depreciation_to(asset: &Asset, to: u32) -> Amount {
    let year = period::year_of(to);
    let start = month_index(asset.activation);
    let months = asset.months();
    // months of its life elapsed at the start of the year and after `to`
    let elapsed = |idx: i64| (idx - start).clamp(0, months);
    let before = elapsed(month_index(year as u32 * 100 + 1));
    let after = elapsed(month_index(to) + 1);
    let acc = |k: i64| super::div_round(i128::from(asset.value.0) * i128::from(k), i128::from(months));
    Amount(acc(after) - acc(before))
}

/// The comparison for `op.year`, from the capital report (which must cover
/// that year) and the operating report's Avskrivningar group. `None` when
/// the operating budget has no such group.
pub fn compare_depreciation(capital: &CapitalReport, op: &OperatingReport) -> Option<DepreciationComparison> {
    let group = op.groups.iter().find(|g| g.row.group == DEPRECIATION_GROUP)?;
    let year = op.year;
    let computed = capital.total.year(year).depreciation;
    let computed_to_period = capital.assets.iter().map(|a| depreciation_to(&a.asset, op.period)).sum();
    Some(DepreciationComparison {
        year,
        period: op.period,
        computed,
        computed_to_period,
        activated_in_year: capital.depreciation_activated_in(year),
        budget: group.row.budget,
        period_budget: group.row.period_budget,
        outcome: group.row.outcome,
        budget_less_computed: group.row.budget - computed,
        outcome_less_computed: group.row.outcome - computed_to_period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(kr: i64, activation: u32, life: u32) -> Asset {
        Asset {
            id: "X".into(),
            area: "MT".into(),
            category: "Röntgen".into(),
            value: Amount::from_kr(kr),
            activation,
            life_years: life,
            assumed: false,
        }
    }

    #[test]
    fn depreciation_to_a_period() {
        // 1 200 a month from 201707
        let a = asset(72_000, 201707, 5);
        assert_eq!(depreciation_to(&a, 201806), Amount::from_kr(7_200));
        assert_eq!(depreciation_to(&a, 201712), Amount::from_kr(7_200));
        assert_eq!(depreciation_to(&a, 201709), Amount::from_kr(3_600));
        assert_eq!(depreciation_to(&a, 201706), Amount::ZERO);
        // its last month is 202206
        assert_eq!(depreciation_to(&a, 202212), Amount::from_kr(7_200));
        assert_eq!(depreciation_to(&a, 202301), Amount::ZERO);
    }
}

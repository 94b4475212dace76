//! The full cost of a planned purchase: is it an investment or an expense
//! (förbrukningsinventarier), and what does it cost the operating result per
//! year — depreciation and interest once taken into use, running costs,
//! savings — or, as an expense, all of it in the year it is bought.

use super::{asset_year, month_index, Asset, Rates};
use crate::money::{format_sv, Amount, Unit};
use crate::period;
use serde::Serialize;

/// A useful life under this many years makes a purchase an expense.
pub const MIN_INVESTMENT_LIFE: u32 = 3;

/// What the costing needs of a planned purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInputs {
    pub quantity: i64,
    pub unit_price: Amount,
    pub life_years: u32,
    /// The month it is taken into use (YYYYMM).
    pub start: u32,
    /// Running cost per unit and month (e.g. a subscription).
    pub monthly_cost_per_unit: Amount,
    pub yearly_running_cost: Amount,
    pub yearly_saving: Amount,
    /// The units have a natural connection and are valued together.
    pub counted_together: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    Investment,
    /// Förbrukningsinventarier: on the operating budget, not the frame.
    Expense,
}

/// Why a purchase is an investment or an expense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TreatmentReason {
    /// Each unit is at or above the threshold.
    UnitAtOrAboveThreshold,
    /// Counted together, the units' total is at or above the threshold.
    TotalAtOrAboveThreshold,
    /// Each unit is below the threshold (and they are not counted together).
    UnitBelowThreshold,
    /// Counted together, the total is still below the threshold.
    TotalBelowThreshold,
    /// A useful life under three years is an expense whatever the value.
    LifeUnderThreeYears,
}

/// The investment-or-expense decision, with its reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Classification {
    pub treatment: Treatment,
    pub reason: TreatmentReason,
    /// The reason as a controller would write it (Swedish).
    pub reason_text: String,
    pub threshold: Amount,
}

/// Investment or expense. A life under three years is an expense whatever
/// the value (counting units together is about value, not life); otherwise
/// the unit price — or, counted together, the total — against the threshold.
pub fn classify_purchase(p: &PlanInputs, threshold: Amount) -> Classification {
    let total = total_of(p);
    let kr = |a: Amount| format_sv(a, Unit::Kr);
    let (treatment, reason, text) = if p.life_years < MIN_INVESTMENT_LIFE {
        (
            Treatment::Expense,
            TreatmentReason::LifeUnderThreeYears,
            format!("nyttjandeperioden {} år är kortare än tre år: förbrukningsinventarier", p.life_years),
        )
    } else if p.counted_together {
        if total >= threshold {
            (
                Treatment::Investment,
                TreatmentReason::TotalAtOrAboveThreshold,
                format!(
                    "enheterna räknas samman (naturligt samband): totalt {} kr når beloppsgränsen {} kr",
                    kr(total),
                    kr(threshold)
                ),
            )
        } else {
            (
                Treatment::Expense,
                TreatmentReason::TotalBelowThreshold,
                format!("även sammanräknat understiger {} kr beloppsgränsen {} kr", kr(total), kr(threshold)),
            )
        }
    } else if p.unit_price >= threshold {
        (
            Treatment::Investment,
            TreatmentReason::UnitAtOrAboveThreshold,
            format!("styckpriset {} kr når beloppsgränsen {} kr", kr(p.unit_price), kr(threshold)),
        )
    } else {
        (
            Treatment::Expense,
            TreatmentReason::UnitBelowThreshold,
            format!(
                "varje enhet ({} kr) understiger beloppsgränsen {} kr: förbrukningsinventarier",
                kr(p.unit_price),
                kr(threshold)
            ),
        )
    };
    Classification { treatment, reason, reason_text: text, threshold }
}

/// One year's (or the total's) effect of the purchase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanFigures {
    /// Investment outlay (on the frame), in the year it is taken into use.
    pub investment: Amount,
    /// The purchase as an expense (on the operating budget).
    pub expense: Amount,
    pub depreciation: Amount,
    pub interest: Amount,
    pub running_costs: Amount,
    pub savings: Amount,
    /// Savings − expense − depreciation − interest − running costs:
    /// negative when the purchase worsens the operating result.
    pub net_effect: Amount,
}

impl PlanFigures {
    fn add(&mut self, o: &PlanFigures) {
        self.investment += o.investment;
        self.expense += o.expense;
        self.depreciation += o.depreciation;
        self.interest += o.interest;
        self.running_costs += o.running_costs;
        self.savings += o.savings;
        self.net_effect += o.net_effect;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanYear {
    pub year: i32,
    #[serde(flatten)]
    pub figures: PlanFigures,
}

/// The costing of a planned purchase over a range of years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanCost {
    /// Quantity × unit price.
    pub amount: Amount,
    pub classification: Classification,
    pub years: Vec<PlanYear>,
    pub total: PlanFigures,
}

/// Quantity × unit price; saturates rather than overflows (the plan's own
/// registration refuses amounts that large).
fn total_of(p: &PlanInputs) -> Amount {
    Amount(p.unit_price.0.saturating_mul(p.quantity))
}

/// Months of `year` from the start month on (0–12).
fn months_in_use(start: u32, year: i32) -> i64 {
    let first = month_index(year as u32 * 100 + 1).max(month_index(start));
    (month_index(year as u32 * 100 + 12) - first + 1).clamp(0, 12)
}

/// A yearly amount for `months` of the year, rounded to the öre.
fn part_of_year(yearly: Amount, months: i64) -> Amount {
    Amount(super::div_round(i128::from(yearly.0) * i128::from(months), 12))
}

/// The costing over `from..=to`, with the threshold of the start year.
pub fn plan_cost(p: &PlanInputs, threshold: Amount, rates: &Rates, from: i32, to: i32) -> PlanCost {
    let amount = total_of(p);
    let classification = classify_purchase(p, threshold);
    let asset = Asset {
        id: String::new(),
        area: String::new(),
        category: String::new(),
        value: amount,
        activation: p.start,
        life_years: p.life_years,
        assumed: false,
    };
    let start_year = period::year_of(p.start);
    let mut total = PlanFigures::default();
    let years = (from..=to)
        .map(|year| {
            let mut f = PlanFigures::default();
            if year == start_year {
                match classification.treatment {
                    Treatment::Investment => f.investment = amount,
                    Treatment::Expense => f.expense = amount,
                }
            }
            if classification.treatment == Treatment::Investment {
                let y = asset_year(&asset, rates, year);
                f.depreciation = y.depreciation;
                f.interest = y.interest;
            }
            let months = months_in_use(p.start, year);
            let per_unit = Amount(p.monthly_cost_per_unit.0.saturating_mul(p.quantity).saturating_mul(months));
            f.running_costs = per_unit + part_of_year(p.yearly_running_cost, months);
            f.savings = part_of_year(p.yearly_saving, months);
            f.net_effect = f.savings - f.expense - f.depreciation - f.interest - f.running_costs;
            total.add(&f);
            PlanYear { year, figures: f }
        })
        .collect();
    PlanCost { amount, classification, years, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capital::{default_prisbasbelopp, default_threshold};

    fn phones(counted_together: bool) -> PlanInputs {
        PlanInputs {
            quantity: 2_500,
            unit_price: Amount::from_kr(3_876),
            life_years: 3,
            start: 201901,
            monthly_cost_per_unit: Amount::ZERO,
            yearly_running_cost: Amount::ZERO,
            yearly_saving: Amount::ZERO,
            counted_together,
        }
    }

    fn threshold_2019() -> Amount {
        default_threshold(default_prisbasbelopp(2019))
    }

    #[test]
    fn phones_counted_together_are_an_investment_depreciated_a_third_a_year() {
        let c = plan_cost(&phones(true), threshold_2019(), &Rates::new(), 2019, 2021);
        assert_eq!(c.amount, Amount::from_kr(9_690_000));
        assert_eq!(c.classification.treatment, Treatment::Investment);
        assert_eq!(c.classification.reason, TreatmentReason::TotalAtOrAboveThreshold);
        assert_eq!(c.years[0].figures.investment, Amount::from_kr(9_690_000));
        for y in &c.years {
            assert_eq!(y.figures.depreciation, Amount::from_kr(3_230_000), "{}", y.year);
            assert_eq!(y.figures.expense, Amount::ZERO);
        }
        assert_eq!(c.years[1].figures.investment, Amount::ZERO);
        assert_eq!(c.total.depreciation, Amount::from_kr(9_690_000));
        assert_eq!(c.total.net_effect, Amount::from_kr(-9_690_000));
    }

    #[test]
    fn phones_not_counted_together_are_an_expense_in_2019() {
        let c = plan_cost(&phones(false), threshold_2019(), &Rates::new(), 2019, 2021);
        assert_eq!(c.classification.treatment, Treatment::Expense);
        assert_eq!(c.classification.reason, TreatmentReason::UnitBelowThreshold);
        assert_eq!(c.classification.threshold, Amount::from_kr(23_250));
        assert!(c.classification.reason_text.contains("varje enhet (3 876,00 kr) understiger"));
        assert_eq!(c.years[0].figures.expense, Amount::from_kr(9_690_000));
        assert_eq!(c.years[0].figures.net_effect, Amount::from_kr(-9_690_000));
        assert!(c.years.iter().all(|y| y.figures.depreciation.is_zero() && y.figures.investment.is_zero()));
        assert_eq!(c.years[1].figures, PlanFigures::default());
    }

    #[test]
    fn running_costs_savings_and_interest_by_hand() {
        let mut p = phones(true);
        p.monthly_cost_per_unit = Amount::from_kr(150);
        p.yearly_saving = Amount::from_kr(1_200_000);
        p.yearly_running_cost = Amount::from_kr(60_000);
        p.start = 201907;
        let mut rates = Rates::new();
        rates.set(2019, "1.5".parse().unwrap());
        let c = plan_cost(&p, threshold_2019(), &rates, 2019, 2020);
        let y19 = c.years[0].figures;
        // six months: 2 500 × 150 × 6 + 60 000 / 2; saving 1 200 000 / 2
        assert_eq!(y19.running_costs, Amount::from_kr(2_250_000 + 30_000));
        assert_eq!(y19.savings, Amount::from_kr(600_000));
        // 6 months of 269 166,67 (cumulative rounding): round(9 690 000 × 6 / 36)
        assert_eq!(y19.depreciation, Amount::from_kr(1_615_000));
        // interest on 9 690 000 − k × 269 166,666…, k = 0..5 (each rounded to öre), at 1,5 %/12:
        // book starts 9 690 000,00; 9 420 833,33; 9 151 666,67; 8 882 500,00; 8 613 333,33; 8 344 166,67
        // interest 12 112,50 + 11 776,04 + 11 439,58 + 11 103,13 + 10 766,67 + 10 430,21
        assert_eq!(y19.interest, Amount(6_762_813));
        assert_eq!(
            y19.net_effect,
            Amount::from_kr(600_000) - Amount::from_kr(2_280_000) - Amount::from_kr(1_615_000) - Amount(6_762_813)
        );
        let y20 = c.years[1].figures;
        assert_eq!(y20.running_costs, Amount::from_kr(4_500_000 + 60_000));
        assert_eq!(y20.savings, Amount::from_kr(1_200_000));
        assert_eq!(y20.depreciation, Amount::from_kr(3_230_000));
        assert_eq!(c.total.running_costs, y19.running_costs + y20.running_costs);
    }

    #[test]
    fn the_edges_of_the_threshold_and_of_life() {
        let t = Amount::from_kr(23_250);
        let one = |unit: i64, life: u32, together: bool| PlanInputs {
            quantity: 10,
            unit_price: Amount::from_kr(unit),
            life_years: life,
            counted_together: together,
            ..phones(false)
        };
        assert_eq!(classify_purchase(&one(23_250, 3, false), t).reason, TreatmentReason::UnitAtOrAboveThreshold);
        assert_eq!(classify_purchase(&one(23_249, 3, false), t).reason, TreatmentReason::UnitBelowThreshold);
        assert_eq!(classify_purchase(&one(100_000, 2, false), t).reason, TreatmentReason::LifeUnderThreeYears);
        assert_eq!(classify_purchase(&one(3_876, 2, true), t).treatment, Treatment::Expense);
        assert_eq!(classify_purchase(&one(2_000, 3, true), t).reason, TreatmentReason::TotalBelowThreshold);
        assert_eq!(classify_purchase(&one(2_325, 3, true), t).treatment, Treatment::Investment);
    }

    #[test]
    fn years_before_the_start_cost_nothing() {
        let c = plan_cost(&phones(true), threshold_2019(), &Rates::new(), 2018, 2018);
        assert_eq!(c.years[0].figures, PlanFigures::default());
        assert_eq!(months_in_use(201904, 2019), 9);
        assert_eq!(months_in_use(201904, 2020), 12);
        assert_eq!(months_in_use(201904, 2018), 0);
    }
}

//! One figure across the rounds of a year: each round's forecast variance
//! (against the budget or frame, surplus positive), the change from the
//! round before, and once the year's outcome is in, each round's deviation
//! from it: outcome − forecast, surplus positive ("October +8 000 000,
//! outcome +6 000 000: 2 000 000 lower" is a deviation of −2 000 000).

use crate::money::Amount;
use serde::Serialize;

/// One round's value of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoundCell {
    /// The round's id: its period ("201810"), or "budget" for the budget file's Prognos column.
    pub round: String,
    /// The full-year forecast, positive for revenue and costs (the result: revenue − costs).
    pub forecast: Amount,
    /// Forecast against the yearly budget (investments: the total frame), surplus positive.
    pub forecast_variance: Amount,
    /// `forecast_variance` minus the previous dated round's; none for the first
    /// round and for the budget file's.
    pub change: Option<Amount>,
    /// Outcome variance − forecast variance (surplus positive), once the year's
    /// outcome is in.
    pub deviation: Option<Amount>,
    /// The controller's comment on this row in this round.
    pub comment: Option<String>,
}

/// A round's raw figure for a row, before it is compared.
#[derive(Debug, Clone)]
pub struct RoundValue {
    pub round: String,
    /// Whether it takes part in the round-to-round change (the dated rounds do).
    pub dated: bool,
    pub forecast: Amount,
    pub forecast_variance: Amount,
    pub comment: Option<String>,
}

/// The cells of one row: `values` in round order, `outcome_variance` the
/// full-year outcome's variance when the year is complete.
pub fn compare(values: Vec<RoundValue>, outcome_variance: Option<Amount>) -> Vec<RoundCell> {
    let mut prev: Option<Amount> = None;
    values
        .into_iter()
        .map(|v| {
            let change = if v.dated { prev.map(|p| v.forecast_variance - p) } else { None };
            if v.dated {
                prev = Some(v.forecast_variance);
            }
            RoundCell {
                round: v.round,
                forecast: v.forecast,
                forecast_variance: v.forecast_variance,
                change,
                deviation: outcome_variance.map(|o| o - v.forecast_variance),
                comment: v.comment,
            }
        })
        .collect()
}

/// Surplus-positive variance of a full-year amount against its budget.
pub fn variance_of(revenue: bool, budget: Amount, amount: Amount) -> Amount {
    if revenue {
        amount - budget
    } else {
        budget - amount
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(round: &str, dated: bool, fv: i64) -> RoundValue {
        RoundValue { round: round.into(), dated, forecast: Amount(fv), forecast_variance: Amount(fv), comment: None }
    }

    #[test]
    fn change_runs_over_dated_rounds_and_deviation_is_outcome_minus_forecast() {
        let cells =
            compare(vec![v("budget", false, 800), v("201804", true, 300), v("201810", true, 800)], Some(Amount(600)));
        assert_eq!(cells.iter().map(|c| c.change).collect::<Vec<_>>(), [None, None, Some(Amount(500))]);
        assert_eq!(
            cells.iter().map(|c| c.deviation).collect::<Vec<_>>(),
            [Some(Amount(-200)), Some(Amount(300)), Some(Amount(-200))]
        );
        assert!(compare(vec![v("201804", true, 1)], None)[0].deviation.is_none());
        assert_eq!(variance_of(false, Amount(100), Amount(90)), Amount(10));
        assert_eq!(variance_of(true, Amount(100), Amount(90)), Amount(-10));
    }
}

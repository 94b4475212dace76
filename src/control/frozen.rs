//! A closed (klarmarkerad) period is frozen: a change that would alter any of
//! its figures is refused until the period is reopened with a reason.

use crate::error::{Error, Result};
use crate::period;
use std::collections::BTreeSet;

/// The figures a change would alter: ledger and HR periods (YYYYMM), and
/// whole years for frames and budgets (they change every month's figures).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touches {
    pub periods: BTreeSet<u32>,
    pub years: BTreeSet<i32>,
}

impl Touches {
    pub fn periods(periods: impl IntoIterator<Item = u32>) -> Touches {
        Touches { periods: periods.into_iter().collect(), years: BTreeSet::new() }
    }
    pub fn years(years: impl IntoIterator<Item = i32>) -> Touches {
        Touches { periods: BTreeSet::new(), years: years.into_iter().collect() }
    }
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty() && self.years.is_empty()
    }
}

/// The closed periods among those `t` touches, ascending.
pub fn frozen_hits(t: &Touches, closed: &BTreeSet<u32>) -> Vec<u32> {
    closed.iter().copied().filter(|p| t.periods.contains(p) || t.years.contains(&period::year_of(*p))).collect()
}

/// Refuse `what` (Swedish, "importen av X") when it touches a closed period;
/// the message names the period and how to reopen it.
pub fn check_open(what: &str, t: &Touches, closed: &BTreeSet<u32>) -> Result<()> {
    let hits = frozen_hits(t, closed);
    let Some(first) = hits.first() else { return Ok(()) };
    let list = hits.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let (noun, them) = if hits.len() == 1 { ("perioden", "den") } else { ("perioderna", "dem") };
    Err(Error::conflict(format!(
        "{what} skulle ändra siffror i {noun} {list}, som är klarmarkerad. \
         Öppna {them} först med `ramkoll period reopen {first} --reason …` (skälet loggas)."
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_years_hit_closed_months() {
        let closed: BTreeSet<u32> = [201805, 201806, 201905].into();
        assert_eq!(frozen_hits(&Touches::periods([201806, 201807]), &closed), vec![201806]);
        assert_eq!(frozen_hits(&Touches::years([2018]), &closed), vec![201805, 201806]);
        assert!(frozen_hits(&Touches::periods([201807]), &closed).is_empty());
        assert!(check_open("x", &Touches::default(), &closed).is_ok());
    }

    #[test]
    fn the_refusal_names_the_period_and_the_way_out() {
        let closed: BTreeSet<u32> = [201806].into();
        let e = check_open("Importen av hb.xlsx", &Touches::periods([201806]), &closed).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.code(), "conflict");
        assert_eq!(
            e.to_string(),
            "Importen av hb.xlsx skulle ändra siffror i perioden 201806, som är klarmarkerad. \
             Öppna den först med `ramkoll period reopen 201806 --reason …` (skälet loggas)."
        );
    }
}

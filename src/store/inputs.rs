//! The live frames, budget and HR hours of a year, as plain data for the
//! reports to compute from.

use super::db::params;
use super::Store;
use crate::error::{Error, Result};
use crate::money::Amount;

/// Frames of one område and kategori (None: the whole område) in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameSum {
    pub area: String,
    pub category: Option<String>,
    pub decided: Amount,
    pub extended: Amount,
}

/// One live budget row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub cost_type: String,
    pub vo: Option<String>,
    /// Yearly; revenue and costs both positive.
    pub amount: Amount,
    /// The monthly profile, January first, summing to `amount`.
    pub months: Vec<Amount>,
    /// The controller's full-year forecast, when the file had one.
    pub forecast: Option<Amount>,
}

/// HR hours of one VO over some periods, in hundredths of an hour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffHours {
    pub vo: String,
    pub worked: i64,
    pub overtime: i64,
    pub mertid: i64,
    pub fyllnadstid: i64,
    /// Sick hours (rows without them count as none).
    pub sick: i64,
    /// How many rows (VO × period) were summed.
    pub rows: u64,
}

impl Store {
    /// The live frames of `year`, summed per område and kategori.
    pub fn frame_sums(&self, year: i32) -> Result<Vec<FrameSum>> {
        let mut st = self.db.prepare(
            "SELECT area, category, SUM(decided), SUM(extended) FROM frame
             WHERE active = 1 AND year = ?1 GROUP BY area, category ORDER BY area, category",
        )?;
        let rows = st.query_map(params![year], |r| {
            Ok(FrameSum {
                area: r.get(0)?,
                category: r.get(1)?,
                decided: Amount(r.get(2)?),
                extended: Amount(r.get(3)?),
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }

    /// The live budget rows of `year`, in file order.
    pub fn budget_lines(&self, year: i32) -> Result<Vec<BudgetLine>> {
        let mut st = self.db.prepare(
            "SELECT cost_type, vo, amount, months, forecast FROM budget WHERE active = 1 AND year = ?1 ORDER BY id",
        )?;
        let rows = st.query_map(params![year], |r| {
            let forecast: Option<i64> = r.get(4)?;
            Ok((r.get::<String>(0)?, r.get(1)?, r.get::<i64>(2)?, r.get::<String>(3)?, forecast))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (cost_type, vo, amount, months, forecast) = row?;
            let months: Vec<i64> = serde_json::from_str(&months).map_err(|e| {
                Error::internal(format!("budgetens månadsprofil för {cost_type} går inte att läsa: {e}"))
            })?;
            out.push(BudgetLine {
                cost_type,
                vo,
                amount: Amount(amount),
                months: months.into_iter().map(Amount).collect(),
                forecast: forecast.map(Amount),
            });
        }
        Ok(out)
    }

    /// HR hours per VO in `year` up to and including `period_to`.
    pub fn staff_hours(&self, year: i32, period_to: u32) -> Result<Vec<StaffHours>> {
        let mut st = self.db.prepare(
            "SELECT vo, SUM(worked), SUM(overtime), SUM(mertid), SUM(fyllnadstid), SUM(COALESCE(sick, 0)), COUNT(*)
             FROM staff WHERE active = 1 AND year = ?1 AND period <= ?2 GROUP BY vo ORDER BY vo",
        )?;
        let rows = st.query_map(params![year, period_to], |r| {
            Ok(StaffHours {
                vo: r.get(0)?,
                worked: r.get(1)?,
                overtime: r.get(2)?,
                mertid: r.get(3)?,
                fyllnadstid: r.get(4)?,
                sick: r.get(5)?,
                rows: r.get::<i64>(6)? as u64,
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }
}

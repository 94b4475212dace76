//! The live asset register, and the investment projects' outcome that
//! assets not in the register are assumed from.

use super::db::params;
use super::filter::{line_filter, LineQuery, LineTable};
use super::Store;
use crate::capital::{Asset, ProjectOutcome};
use crate::error::Result;
use crate::money::Amount;

impl Store {
    /// The live register's assets, in file order. An asset's id is its
    /// project (the code the ledger books on) when it has one, else its object.
    pub fn assets(&self) -> Result<Vec<Asset>> {
        let mut st = self.db.prepare(
            "SELECT COALESCE(NULLIF(project, ''), object, ''), area, COALESCE(category, ''), value, activation,
                    life_years
             FROM asset WHERE active = 1 ORDER BY batch_id, row_no",
        )?;
        let rows = st.query_map(params![], |r| {
            Ok(Asset {
                id: r.get(0)?,
                area: r.get(1)?,
                category: r.get(2)?,
                value: Amount(r.get(3)?),
                activation: r.get(4)?,
                life_years: r.get(5)?,
                assumed: false,
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }

    /// Every investment project with live outcome: its område and kategori,
    /// total and last period. Read from the lines through the drill-down's
    /// filter (investment lines classified to an område), so it is the
    /// outcome the frame report shows.
    pub fn project_outcomes(&self) -> Result<Vec<ProjectOutcome>> {
        let q = LineQuery { investments: true, ..Default::default() };
        let (cond, args) = line_filter(&q, LineTable::Lines);
        // the years with investment outcome let the (year, area, category) index skip operating lines
        let mut st = self.db.prepare(&format!(
            "SELECT l.projekt, l.area, l.category, SUM(l.amount), MAX(l.period) FROM ledger_line l
             WHERE l.year IN (SELECT DISTINCT year FROM ledger_agg WHERE active = 1 AND area IS NOT NULL)
               AND l.area IS NOT NULL AND l.projekt <> '' AND {cond}
             GROUP BY l.projekt, l.area, l.category ORDER BY l.projekt"
        ))?;
        let rows = st.query_map(&super::db::params_of(&args), |r| {
            Ok(ProjectOutcome {
                project: r.get(0)?,
                area: r.get(1)?,
                category: r.get(2)?,
                total: Amount(r.get(3)?),
                last_period: r.get(4)?,
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }
}

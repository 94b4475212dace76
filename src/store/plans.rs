//! Planned purchases, stored as registered with their costing inputs;
//! `variance::plans` checks them against the frames, `capital` costs them.
//! Adding and removing one is logged.

use super::audit::append;
use super::db::{params, Db};
use super::Store;
use crate::control::audit::{Draft, Operation};
use crate::error::Result;
use crate::money::Amount;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlannedPurchase {
    pub id: i64,
    pub year: i32,
    pub area: String,
    pub category: Option<String>,
    pub text: String,
    pub quantity: i64,
    pub unit_price: Amount,
    pub amount: Amount,
    /// Useful life in years; none: the kategori's default.
    pub life_years: Option<u32>,
    /// Taken into use (YYYYMM); none: January of `year`.
    pub start: Option<u32>,
    pub monthly_cost_per_unit: Amount,
    pub yearly_running_cost: Amount,
    pub yearly_saving: Amount,
    /// The units have a natural connection and are valued together.
    pub counted_together: bool,
}

/// A plan to register, already checked by the domain.
pub struct NewPlan<'a> {
    pub year: i32,
    pub area: &'a str,
    pub category: Option<&'a str>,
    pub text: &'a str,
    pub quantity: i64,
    pub unit_price: Amount,
    pub amount: Amount,
    pub life_years: Option<u32>,
    pub start: Option<u32>,
    pub monthly_cost_per_unit: Amount,
    pub yearly_running_cost: Amount,
    pub yearly_saving: Amount,
    pub counted_together: bool,
}

const COLUMNS: &str = "id, year, area, category, text, quantity, unit_price, amount, life_years, start,
    monthly_cost_per_unit, yearly_running_cost, yearly_saving, counted_together";

fn plan_row(r: &super::db::Row<'_>) -> Result<PlannedPurchase> {
    Ok(PlannedPurchase {
        id: r.get(0)?,
        year: r.get(1)?,
        area: r.get(2)?,
        category: r.get(3)?,
        text: r.get(4)?,
        quantity: r.get(5)?,
        unit_price: Amount(r.get(6)?),
        amount: Amount(r.get(7)?),
        life_years: r.get(8)?,
        start: r.get(9)?,
        monthly_cost_per_unit: Amount(r.get(10)?),
        yearly_running_cost: Amount(r.get(11)?),
        yearly_saving: Amount(r.get(12)?),
        counted_together: r.get(13)?,
    })
}

impl Store {
    /// Register a plan; its id.
    pub fn add_plan(&mut self, p: &NewPlan<'_>) -> Result<i64> {
        let tx = self.db.begin()?;
        let id: i64 = tx.query_row(
            "INSERT INTO planned_purchase (year, area, category, text, quantity, unit_price, amount, life_years, start,
                 monthly_cost_per_unit, yearly_running_cost, yearly_saving, counted_together, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
            params![
                p.year,
                p.area,
                p.category,
                p.text,
                p.quantity,
                p.unit_price.0,
                p.amount.0,
                p.life_years,
                p.start,
                p.monthly_cost_per_unit.0,
                p.yearly_running_cost.0,
                p.yearly_saving.0,
                p.counted_together,
                super::now()
            ],
            |r| r.get(0),
        )?;
        let after = plans_where(&tx, "id = ?1", id)?.pop();
        let summary = serde_json::json!({ "before": null, "after": after });
        append(&tx, &self.user, &Draft::new(Operation::PlanAdd, format!("plan {id}"), summary))?;
        tx.commit()?;
        Ok(id)
    }

    /// Remove a plan; false when there was none with that id.
    pub fn remove_plan(&mut self, id: i64) -> Result<bool> {
        let tx = self.db.begin()?;
        let Some(before) = plans_where(&tx, "id = ?1", id)?.pop() else { return Ok(false) };
        tx.execute("DELETE FROM planned_purchase WHERE id = ?1", params![id])?;
        let summary = serde_json::json!({ "before": before, "after": null });
        append(&tx, &self.user, &Draft::new(Operation::PlanRemove, format!("plan {id}"), summary))?;
        tx.commit()?;
        Ok(true)
    }

    /// The plans of a year, in the order they were registered.
    pub fn plans(&self, year: i32) -> Result<Vec<PlannedPurchase>> {
        plans_where(&self.db, "year = ?1", year as i64)
    }

    /// One plan by id.
    pub fn plan(&self, id: i64) -> Result<Option<PlannedPurchase>> {
        let sql = format!("SELECT {COLUMNS} FROM planned_purchase WHERE id = ?1");
        self.db.query_opt(&sql, params![id], plan_row)
    }
}

fn plans_where(conn: &Db, cond: &str, v: i64) -> Result<Vec<PlannedPurchase>> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM planned_purchase WHERE {cond} ORDER BY id"))?;
    let rows = st.query_map(params![v], plan_row)?;
    rows.collect::<std::result::Result<_, _>>()
}

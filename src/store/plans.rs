//! Planned purchases, stored as registered; `variance::plans` checks them
//! against the frames.

use super::Store;
use crate::error::Result;
use crate::money::Amount;
use rusqlite::params;
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
}

impl Store {
    /// Register a plan; its id.
    pub fn add_plan(&mut self, p: &NewPlan<'_>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO planned_purchase (year, area, category, text, quantity, unit_price, amount, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, datetime('now', 'localtime'))",
            params![p.year, p.area, p.category, p.text, p.quantity, p.unit_price.0, p.amount.0],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Remove a plan; false when there was none with that id.
    pub fn remove_plan(&mut self, id: i64) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM planned_purchase WHERE id = ?1", [id])? > 0)
    }

    /// The plans of a year, in the order they were registered.
    pub fn plans(&self, year: i32) -> Result<Vec<PlannedPurchase>> {
        let mut st = self.conn.prepare(
            "SELECT id, year, area, category, text, quantity, unit_price, amount FROM planned_purchase
             WHERE year = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([year], |r| {
            Ok(PlannedPurchase {
                id: r.get(0)?,
                year: r.get(1)?,
                area: r.get(2)?,
                category: r.get(3)?,
                text: r.get(4)?,
                quantity: r.get(5)?,
                unit_price: Amount(r.get(6)?),
                amount: Amount(r.get(7)?),
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

//! Open purchase orders (beställningar): the live snapshot's rows, written
//! by the orders import through its `BatchWriter`, and read — summed per
//! område and kategori, or listed behind a figure — through one filter, so a
//! Beställt figure and the orders it opens to agree by construction.

use super::db::params;
use super::db::Value;
use super::{BatchWriter, Store};
use crate::classify::UNCLASSIFIED;
use crate::error::Result;
use crate::money::Amount;
use chrono::Datelike;
use serde::{Deserialize, Serialize};

/// One order row of a file, classified.
pub struct OrderRow<'a> {
    pub row_no: u32,
    pub order_no: Option<&'a str>,
    pub supplier: Option<&'a str>,
    pub project: Option<&'a str>,
    pub text: Option<&'a str>,
    /// None: no rule gave an område (Ej klassificerat).
    pub area: Option<&'a str>,
    pub category: Option<&'a str>,
    pub amount: Amount,
    /// The order date, and its period.
    pub date: chrono::NaiveDate,
}

impl BatchWriter<'_> {
    pub fn insert_order(&mut self, r: &OrderRow<'_>) -> Result<()> {
        let (tx, batch_id, classes) = self.parts();
        // one class for every order: a newer snapshot replaces the older
        // whatever områden each happens to hold
        classes.note(super::Kind::Orders.label_sv());
        let mut st = tx.prepare(
            "INSERT INTO purchase_order (batch_id, row_no, order_no, supplier, project, text, area, category, amount,
                                         order_date, period)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
        )?;
        st.execute(params![
            batch_id,
            r.row_no,
            r.order_no,
            r.supplier,
            r.project,
            r.text,
            r.area,
            r.category,
            r.amount.0,
            r.date.format("%Y-%m-%d").to_string(),
            r.date.year() as u32 * 100 + r.date.month(),
        ])?;
        Ok(())
    }
}

/// The open orders behind a figure: an område and kategori ("Ej
/// klassificerat" for none) and orders dated up to a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderQuery {
    /// IT, MT or "Ej klassificerat"; none: every område.
    #[serde(default)]
    pub area: Option<String>,
    /// A kategori or "Ej klassificerat"; none: every kategori.
    #[serde(default)]
    pub category: Option<String>,
    /// Orders dated up to and including this period (YYYYMM).
    #[serde(default)]
    pub period_to: Option<u32>,
}

/// One open order as the drill-down lists it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Order {
    pub batch_id: i64,
    /// The row in its file (1-based).
    pub row_no: u32,
    pub order_no: Option<String>,
    pub supplier: Option<String>,
    pub project: Option<String>,
    pub text: Option<String>,
    /// IT, MT or "Ej klassificerat".
    pub area: String,
    /// The kategori or "Ej klassificerat".
    pub category: String,
    pub amount: Amount,
    /// YYYY-MM-DD.
    pub order_date: String,
}

/// Open orders summed per (område, kategori); None is no område/kategori.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSum {
    pub area: Option<String>,
    pub category: Option<String>,
    pub amount: Amount,
    pub orders: u64,
}

/// The SQL condition of a query over the live snapshot, and its arguments.
fn order_filter(q: &OrderQuery) -> (String, Vec<Value>) {
    let mut cond = vec!["active = 1".to_string()];
    let mut args: Vec<Value> = Vec::new();
    for (col, v) in [("area", &q.area), ("category", &q.category)] {
        match v.as_deref() {
            None => {}
            Some(UNCLASSIFIED) => cond.push(format!("{col} IS NULL")),
            Some(v) => {
                args.push(Value::Text(v.to_string()));
                cond.push(format!("{col} = ?{}", args.len()));
            }
        }
    }
    if let Some(p) = q.period_to {
        args.push(Value::Int(i64::from(p)));
        cond.push(format!("period <= ?{}", args.len()));
    }
    (cond.join(" AND "), args)
}

impl Store {
    /// The live open orders of `q`, in file order.
    pub fn orders(&self, q: &OrderQuery) -> Result<Vec<Order>> {
        let (cond, args) = order_filter(q);
        let mut st = self.db.prepare(&format!(
            "SELECT batch_id, row_no, order_no, supplier, project, text, COALESCE(area, ?{n}),
                    COALESCE(category, ?{n}), amount, order_date
             FROM purchase_order WHERE {cond} ORDER BY batch_id, row_no",
            n = args.len() + 1
        ))?;
        let args: Vec<Value> = args.into_iter().chain([Value::Text(UNCLASSIFIED.into())]).collect();
        let rows = st.query_map(&super::db::params_of(&args), |r| {
            Ok(Order {
                batch_id: r.get(0)?,
                row_no: r.get(1)?,
                order_no: r.get(2)?,
                supplier: r.get(3)?,
                project: r.get(4)?,
                text: r.get(5)?,
                area: r.get(6)?,
                category: r.get(7)?,
                amount: Amount(r.get(8)?),
                order_date: r.get(9)?,
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }

    /// The live open orders of `q` summed per område and kategori.
    pub fn order_sums(&self, q: &OrderQuery) -> Result<Vec<OrderSum>> {
        let (cond, args) = order_filter(q);
        let mut st = self.db.prepare(&format!(
            "SELECT area, category, SUM(amount), COUNT(*) FROM purchase_order WHERE {cond}
             GROUP BY area, category ORDER BY area, category"
        ))?;
        let rows = st.query_map(&super::db::params_of(&args), |r| {
            Ok(OrderSum {
                area: r.get(0)?,
                category: r.get(1)?,
                amount: Amount(r.get(2)?),
                orders: r.get::<i64>(3)? as u64,
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }
}

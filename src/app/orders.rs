//! Open purchase orders: the orders behind a Beställt figure (the drill-down
//! of the investments report's rows), or listed by område and kategori.
//! Importing them is an ordinary import of kind `orders` (`imports`).

use super::Session;
use crate::classify::{normalize_area, UNCLASSIFIED};
use crate::error::{Error, Result};
use crate::money::Amount;
use crate::store::{Order, OrderQuery};
use serde::Serialize;

/// The orders of a query and their total.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderList {
    pub query: OrderQuery,
    pub orders: Vec<Order>,
    pub total: Amount,
}

/// "IT", "mt", "Ej klassificerat" as typed → the område a query names.
fn area_of(a: &str) -> Result<String> {
    if a.trim().eq_ignore_ascii_case(UNCLASSIFIED) {
        return Ok(UNCLASSIFIED.to_string());
    }
    normalize_area(a)
        .ok_or_else(|| Error::invalid("area", format!("okänt område '{a}'; förväntade IT, MT eller {UNCLASSIFIED}")))
}

/// The live open orders of `q` (a row's `orders_drill`, or a filter as typed).
pub fn orders(s: &Session, q: &OrderQuery) -> Result<OrderList> {
    let clean = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let q = OrderQuery {
        area: clean(&q.area).map(|a| area_of(&a)).transpose()?,
        category: clean(&q.category),
        period_to: q.period_to,
    };
    if let Some(p) = q.period_to.filter(|p| !(1..=12).contains(&(p % 100))) {
        return Err(Error::invalid("period", format!("{p} är ingen period (förväntade t.ex. 201812)")));
    }
    let orders = s.store().orders(&q)?;
    let total = orders.iter().map(|o| o.amount).sum();
    Ok(OrderList { query: q, orders, total })
}

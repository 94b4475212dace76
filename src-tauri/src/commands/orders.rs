//! Open purchase orders: the orders behind a Beställt figure (their import
//! is an ordinary `import_files` item of kind `orders`).

use ramkoll::app::{self, OrderList};
use ramkoll::store::OrderQuery;
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn orders<R: Runtime>(app: AppHandle<R>, query: OrderQuery) -> CmdResult<OrderList> {
    blocking(&app, move |_, st| st.with_reader(|s| app::orders(s, &query))).await
}

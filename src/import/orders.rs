//! One open purchase order (beställning) row → a stored, classified order:
//! Projekt (classified by the same rules as the ledger's lines) or Område
//! and Kategori taken as they stand, Belopp, Beställningsdatum, Leverantör
//! and Beställningsnummer. An order no rule places is kept under "Ej
//! klassificerat", never dropped.

use super::cells::{clip, RowCtx};
use super::header::Field;
use crate::classify::{self, normalize_area, LineKeys};
use crate::error::Result;
use crate::money::Amount;
use crate::store::{BatchWriter, OrderRow};

/// One order row → stored order. Ok(None) when the row had errors.
pub(super) fn row(
    ctx: &mut RowCtx<'_>,
    rules: &[classify::Rule],
    w: &mut BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let x_area = ctx.opt_text(Field::Omrade);
    if let Some(a) = &x_area {
        if normalize_area(a).is_none() {
            let col = ctx.m.col(Field::Omrade).unwrap_or(0);
            ctx.err(col, format!("Område: förväntade IT eller MT, fick \"{}\"", clip(a)));
        }
    }
    let (project, _) = ctx.code_and_name(Field::Projekt);
    if project.is_empty() && x_area.is_none() {
        let col = ctx.m.col(Field::Projekt).or(ctx.m.col(Field::Omrade)).unwrap_or(0);
        ctx.err(col, "Projekt och Område saknas; förväntade ett projekt eller ett område (IT eller MT)".into());
    }
    let amount = ctx.amount(Field::Belopp, true);
    if let Some(a) = amount.filter(|a| a.0 < 0) {
        let col = ctx.m.col(Field::Belopp).unwrap_or(0);
        ctx.err(col, format!("Belopp: förväntade ett belopp som inte är negativt, fick {}", a));
    }
    let date = order_date(ctx);
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(amount), Some(date)) = (amount, date) else { return Ok(None) };
    let x_area = x_area.and_then(|a| normalize_area(&a));
    let x_category = ctx.opt_text(Field::Kategori);
    let keys =
        LineKeys { projekt: &project, area: x_area.as_deref(), category: x_category.as_deref(), ..Default::default() };
    let c = classify::classify(rules, &keys);
    let (order_no, supplier, text) =
        (ctx.opt_text(Field::Bestallningsnummer), ctx.opt_text(Field::Motpart), ctx.opt_text(Field::Text));
    w.insert_order(&OrderRow {
        row_no: ctx.row + 1,
        order_no: order_no.as_deref(),
        supplier: supplier.as_deref(),
        project: Some(project.as_ref()).filter(|p| !p.is_empty()),
        text: text.as_deref(),
        area: c.area.as_deref(),
        category: c.category.as_deref(),
        amount,
        date,
    })?;
    Ok(Some((amount, c.area.is_some())))
}

/// Beställningsdatum: a date cell, an Excel serial date or text like
/// 2018-03-14.
fn order_date(ctx: &mut RowCtx<'_>) -> Option<chrono::NaiveDate> {
    let (col, cell) = ctx.cell(Field::Bestallningsdatum)?;
    let d = ctx.date_of(Field::Bestallningsdatum);
    if d.is_none() {
        let label = Field::Bestallningsdatum.label();
        let msg = if cell.is_empty() {
            format!("{label} saknas; förväntade ett datum som 2018-03-14")
        } else {
            format!("{label}: förväntade ett datum som 2018-03-14, fick \"{}\"", clip(&cell.display()))
        };
        ctx.err(col, msg);
    }
    d
}

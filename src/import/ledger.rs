//! One ledger (huvudbok) row → a classified, stored line.

use super::cells::{clip, RowCtx};
use super::header::Field;
use crate::classify::{self, normalize_area, LineKeys};
use crate::error::Result;
use crate::money::Amount;
use crate::store::{BatchWriter, LedgerRow};
use std::collections::HashMap;

/// (period, classification id) → (lines, sum): the aggregates reports read.
pub(super) type Aggregates = HashMap<(u32, usize), (u64, Amount)>;

/// One ledger row → stored line. Ok(None) when the row had errors.
pub(super) fn row(
    ctx: &mut RowCtx<'_>,
    classifier: &mut classify::Classifier<'_>,
    agg: &mut Aggregates,
    w: &mut BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let period = ctx.period();
    let amount = ctx.amount(Field::Belopp, true);
    let x_year = ctx.year(Field::Beslutsar, false);
    let x_area = ctx.opt_text(Field::Omrade);
    if let Some(a) = &x_area {
        if normalize_area(a).is_none() {
            let col = ctx.m.col(Field::Omrade).unwrap_or(0);
            ctx.err(col, format!("Område: förväntade IT eller MT, fick \"{}\"", clip(a)));
        }
    }
    let (Some(period), Some(amount)) = (period, amount) else { return Ok(None) };
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let x_area = x_area.and_then(|a| normalize_area(&a));
    write(ctx, Checked { period, amount, x_year, x_area }, classifier, agg, w).map(Some)
}

/// The values of a ledger row that can be wrong, once they are all right.
struct Checked {
    period: u32,
    amount: Amount,
    x_year: Option<i32>,
    x_area: Option<String>,
}

/// A checked row: classify it, store the line and count it in its aggregate.
/// Returns the amount and whether a rule or column classified it.
fn write(
    ctx: &mut RowCtx<'_>,
    v: Checked,
    classifier: &mut classify::Classifier<'_>,
    agg: &mut Aggregates,
    w: &mut BatchWriter<'_>,
) -> Result<(Amount, bool)> {
    let Checked { period, amount, x_year, x_area } = v;
    let (konto, ansvar, verksamhet, projekt) =
        (ctx.text(Field::Konto), ctx.text(Field::Ansvar), ctx.text(Field::Verksamhet), ctx.text(Field::Projekt));
    let (motpart, verifikation, text) =
        (ctx.text(Field::Motpart), ctx.text(Field::Verifikation), ctx.text(Field::Text));
    let (x_category, x_cost_type, x_vo) =
        (ctx.opt_text(Field::Kategori), ctx.opt_text(Field::Kostnadsslag), ctx.opt_text(Field::Vo));
    let keys = LineKeys {
        konto: &konto,
        projekt: &projekt,
        ansvar: &ansvar,
        verksamhet: &verksamhet,
        text: &text,
        area: x_area.as_deref(),
        category: x_category.as_deref(),
        decision_year: x_year,
        cost_type: x_cost_type.as_deref(),
        vo: x_vo.as_deref(),
    };
    let (class_id, c) = classifier.classify(&keys);
    let attrs = ctx.attrs();
    w.insert_line(
        &LedgerRow {
            row_no: ctx.row + 1,
            period,
            date: ctx.date().map(|d| {
                use chrono::Datelike;
                format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            }),
            konto: &konto,
            ansvar: &ansvar,
            verksamhet: &verksamhet,
            projekt: &projekt,
            motpart: &motpart,
            verifikation: &verifikation,
            text: &text,
            amount,
            x_area: x_area.as_deref(),
            x_category: x_category.as_deref(),
            x_decision_year: x_year,
            x_cost_type: x_cost_type.as_deref(),
            x_vo: x_vo.as_deref(),
            attrs: attrs.as_deref(),
        },
        c,
    )?;
    let e = agg.entry((period, class_id)).or_insert((0, Amount::ZERO));
    e.0 += 1;
    e.1 += amount;
    Ok((amount, c.is_classified()))
}

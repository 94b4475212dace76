//! One ledger (huvudbok) row → a classified, stored line: its amount from
//! Belopp or Debet − Kredit, its codes split from their names, its period
//! from Period/Datum or År + Månad.

use super::cells::{clip, RowCtx};
use super::codes::CodeNames;
use super::header::{Field, CODE_FIELDS};
use super::subtotals::Subtotals;
use crate::classify::{self, normalize_area, LineKeys};
use crate::error::Result;
use crate::money::Amount;
use crate::store::{BatchWriter, LedgerRow};
use std::borrow::Cow;
use std::collections::HashMap;

/// (period, classification id) → (lines, sum): the aggregates reports read.
pub(super) type Aggregates = HashMap<(u32, usize), (u64, Amount)>;

/// What a ledger import gathers beside its lines.
pub(super) struct State<'r> {
    pub(super) classifier: classify::Classifier<'r>,
    /// (period, classification) → (lines, sum): the aggregates reports read
    pub(super) agg: Aggregates,
    /// code → name per dimension, for the store's code_name table
    pub(super) names: CodeNames,
}

/// One ledger row → stored line. Ok(None) when the row had errors.
pub(super) fn row(
    ctx: &mut RowCtx<'_>,
    st: &mut State<'_>,
    subtotals: &mut Subtotals,
    w: &mut BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let period = ctx.period();
    let amount = ctx.ledger_amount(true);
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
    write(ctx, Checked { period, amount, x_year, x_area }, st, subtotals, w).map(Some)
}

/// The values of a ledger row that can be wrong, once they are all right.
struct Checked {
    period: u32,
    amount: Amount,
    x_year: Option<i32>,
    x_area: Option<String>,
}

/// A checked row: classify it, store the line and count it in its aggregate
/// and subtotals. Returns the amount and whether a rule or column classified it.
fn write(
    ctx: &mut RowCtx<'_>,
    v: Checked,
    st: &mut State<'_>,
    subtotals: &mut Subtotals,
    w: &mut BatchWriter<'_>,
) -> Result<(Amount, bool)> {
    let Checked { period, amount, x_year, x_area } = v;
    let codes = codes(ctx, &mut st.names);
    let [konto, ansvar, verksamhet, projekt, motpart] = &codes;
    let (verifikation, text) = (ctx.text(Field::Verifikation), ctx.text(Field::Text));
    let (x_category, x_cost_type, x_vo) =
        (ctx.opt_text(Field::Kategori), ctx.opt_text(Field::Kostnadsslag), ctx.opt_text(Field::Vo));
    let keys = LineKeys {
        konto,
        projekt,
        ansvar,
        verksamhet,
        text: &text,
        area: x_area.as_deref(),
        category: x_category.as_deref(),
        decision_year: x_year,
        cost_type: x_cost_type.as_deref(),
        vo: x_vo.as_deref(),
    };
    let (class_id, c) = st.classifier.classify(&keys);
    let attrs = ctx.attrs();
    w.insert_line(
        &LedgerRow {
            row_no: ctx.row + 1,
            period,
            date: ctx.date().map(|d| {
                use chrono::Datelike;
                format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            }),
            konto,
            ansvar,
            verksamhet,
            projekt,
            motpart,
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
    subtotals.line(codes.each_ref().map(|c| &**c), c.area.as_deref(), amount);
    let e = st.agg.entry((period, class_id)).or_insert((0, Amount::ZERO));
    e.0 += 1;
    e.1 += amount;
    Ok((amount, c.is_classified()))
}

/// The row's codes (in `CODE_FIELDS` order), their names noted on the way.
fn codes<'a>(ctx: &RowCtx<'a>, names: &mut CodeNames) -> [Cow<'a, str>; CODE_FIELDS.len()] {
    let mut i = 0;
    CODE_FIELDS.map(|f| {
        let (code, name) = ctx.code_and_name(f);
        if let Some(name) = name {
            names.note(i, &code, &name);
        }
        i += 1;
        code
    })
}

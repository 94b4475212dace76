//! One budget row → a stored budget with its twelve-month profile.

use super::cells::{clip, RowCtx};
use super::header::Field;
use super::source::Cell;
use crate::error::Result;
use crate::money::{self, Amount};
use crate::store::{BatchWriter, BudgetRow};
use rust_decimal::prelude::*;

/// One budget row → stored budget. Ok(None) when the row had errors.
pub(super) fn row(
    ctx: &mut RowCtx<'_>,
    cost_types: &[String],
    w: &mut BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let year = ctx.year(Field::Ar, true);
    let ct_text = ctx.text(Field::Kostnadsslag);
    let cost_type = cost_types.iter().find(|c| c.to_lowercase() == ct_text.to_lowercase()).cloned();
    if cost_type.is_none() {
        let col = ctx.m.col(Field::Kostnadsslag).unwrap_or(0);
        let msg = if ct_text.is_empty() {
            "Kostnadsslag saknas".to_string()
        } else {
            format!("Kostnadsslag: okänt \"{}\"; kända är {}", clip(&ct_text), cost_types.join(", "))
        };
        ctx.err(col, msg);
    }
    let amount = ctx.amount(Field::Budget, true);
    let forecast = match ctx.cell(Field::Prognos) {
        Some((_, c)) if !c.is_empty() => ctx.amount(Field::Prognos, false),
        _ => None,
    };
    let months = amount.and_then(|a| monthly_profile(ctx, a));
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(year), Some(cost_type), Some(amount), Some(months)) = (year, cost_type, amount, months) else {
        return Ok(None);
    };
    let (vo, ansvar) = (ctx.opt_text(Field::Vo), ctx.opt_text(Field::Ansvar));
    w.insert_budget(&BudgetRow {
        row_no: ctx.row + 1,
        year,
        cost_type: &cost_type,
        vo: vo.as_deref(),
        ansvar: ansvar.as_deref(),
        amount,
        months,
        forecast,
    })?;
    Ok(Some((amount, true)))
}

/// Twelve monthly amounts that add up exactly to `amount`: from twelve
/// amounts, twelve percentages/weights, or an even spread when none given.
fn monthly_profile(ctx: &mut RowCtx<'_>, amount: Amount) -> Option<[Amount; 12]> {
    if ctx.m.months.is_empty()
        || ctx.m.months.keys().all(|m| ctx.cells.get(ctx.m.months[m] as usize).is_none_or(Cell::is_empty))
    {
        return Some(spread(amount, &[Decimal::ONE; 12]));
    }
    let (weights, percent) = month_weights(ctx)?;
    let sum: Decimal = weights.iter().sum();
    let is_weights = percent
        || (sum - Decimal::ONE_HUNDRED).abs() <= Decimal::new(1, 2)
        || (sum - Decimal::ONE).abs() <= Decimal::new(1, 4);
    if is_weights {
        if sum.is_zero() {
            return Some(spread(amount, &[Decimal::ONE; 12]));
        }
        return Some(spread(amount, &weights));
    }
    month_amounts(ctx, &weights, amount)
}

/// The twelve month cells as numbers, and whether any was written as a percentage.
fn month_weights(ctx: &mut RowCtx<'_>) -> Option<([Decimal; 12], bool)> {
    let mut weights = [Decimal::ZERO; 12];
    let mut percent = false;
    for m in 1..=12u8 {
        let col = ctx.m.months[&m];
        let cell = ctx.cells.get(col as usize).cloned().unwrap_or(Cell::Empty);
        let w = match &cell {
            Cell::Empty => Some(Decimal::ZERO),
            Cell::Int(i) => Some(Decimal::from(*i)),
            // a weight, not money: the money is computed from it in Decimal
            Cell::Float(f) => Decimal::from_f64(*f).map(|d| d.round_dp(10)),
            Cell::Text(t) => {
                let t = t.trim();
                let (num, pct) = match t.strip_suffix('%') {
                    Some(n) => (n.trim(), true),
                    None => (t, false),
                };
                percent |= pct;
                money::parse_amount(num).ok().map(|a| a.to_decimal())
            }
            _ => None,
        };
        match w {
            Some(w) => weights[m as usize - 1] = w,
            None => {
                let shown = cell.display();
                ctx.err(
                    col,
                    format!("månad {m}: förväntade ett belopp eller en procentsats, fick \"{}\"", clip(&shown)),
                );
                return None;
            }
        }
    }
    Some((weights, percent))
}

/// Twelve amounts: they must add up to the yearly budget, to the öre.
fn month_amounts(ctx: &mut RowCtx<'_>, weights: &[Decimal; 12], amount: Amount) -> Option<[Amount; 12]> {
    let mut out = [Amount::ZERO; 12];
    for (i, w) in weights.iter().enumerate() {
        match Amount::from_decimal(*w) {
            Some(a) => out[i] = a,
            None => {
                let col = ctx.m.months[&(i as u8 + 1)];
                ctx.err(col, "månadsbeloppet har fler än två decimaler".into());
                return None;
            }
        }
    }
    let total: Amount = out.iter().copied().sum();
    if total != amount {
        let col = ctx.m.col(Field::Budget).unwrap_or(0);
        ctx.err(
            col,
            format!(
                "månadsbeloppen summerar till {} kr men årsbudgeten är {} kr",
                money::format_sv(total, money::Unit::Kr),
                money::format_sv(amount, money::Unit::Kr)
            ),
        );
        return None;
    }
    Some(out)
}

/// Split `amount` by `weights` in whole öre; rounding differences go to the
/// last month with a weight, so the months always add up exactly.
pub fn spread(amount: Amount, weights: &[Decimal; 12]) -> [Amount; 12] {
    let total: Decimal = weights.iter().sum();
    let mut out = [Amount::ZERO; 12];
    if total.is_zero() {
        out[11] = amount;
        return out;
    }
    let last = weights.iter().rposition(|w| !w.is_zero()).unwrap_or(11);
    let mut used = Amount::ZERO;
    for i in 0..12 {
        if i == last {
            continue;
        }
        let v = (Decimal::from(amount.0) * weights[i] / total)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        out[i] = Amount(v.to_i64().unwrap_or(0));
        used += out[i];
    }
    out[last] = amount - used;
    out
}

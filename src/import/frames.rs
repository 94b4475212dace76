//! One frames (ramar) row → a stored frame, in the shapes frame sheets come
//! in: an År column or the year in the frame columns' header ("Beslutad ram
//! 2018"); the område on every row or only on the first of its group; a
//! "Total ram" column, checked against beslutad + utökad and not stored; and
//! subtotal rows ("Summa IT", "Totalt") checked against the rows they close.

use super::cells::{clip, RowCtx};
use super::header::Field;
use super::totals::Totals;
use crate::classify::normalize_area;
use crate::error::{col_letters, Result};
use crate::money::{format_sv, Amount, Unit};
use crate::store::{BatchWriter, FrameRow};

/// What the frame rows so far add up to, per column, for the subtotal rows;
/// and the område of the last row, for rows that leave it blank.
#[derive(Default)]
pub(super) struct FrameSums {
    /// Beslutad and utökad ram of every row.
    all: [Amount; 2],
    /// The same since the last subtotal row: what the next one closes.
    since: [Amount; 2],
    area: Option<String>,
}

/// One frames row → stored frame. Ok(None) when the row had errors.
pub(super) fn row(
    ctx: &mut RowCtx<'_>,
    sums: &mut FrameSums,
    w: &mut BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let year = ctx.year(Field::Ar, true).or(ctx.m.header_year.filter(|_| ctx.m.col(Field::Ar).is_none()));
    let category = ctx.opt_text(Field::Kategori);
    let area = area(ctx, category.is_some(), sums);
    let decided = ctx.amount(Field::BeslutadRam, false);
    let extended = ctx.amount(Field::UtokadRam, false).or(Some(Amount::ZERO));
    if let (Some(d), Some(x)) = (decided, extended) {
        check_total(ctx, d, x);
        // counted even if another cell of the row is wrong: one error, not
        // one more on every subtotal row below it
        sums.add(d, x);
    }
    let decision_year = ctx.year(Field::Beslutsar, false);
    let comment = ctx.opt_text(Field::Kommentar);
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(year), Some(area), Some(decided), Some(extended)) = (year, area, decided, extended) else {
        return Ok(None);
    };
    w.insert_frame(&FrameRow {
        row_no: ctx.row + 1,
        year,
        area: &area,
        category: category.as_deref(),
        decided,
        extended,
        decision_year,
        comment: comment.as_deref(),
    })?;
    sums.area = Some(area);
    Ok(Some((decided + extended, true)))
}

/// The row's område: its own, else — for a kategori row in a group that
/// names its område once — the previous row's. A cell error otherwise.
fn area(ctx: &mut RowCtx<'_>, has_category: bool, sums: &FrameSums) -> Option<String> {
    let text = ctx.text(Field::Omrade);
    if text.is_empty() && has_category {
        if let Some(a) = &sums.area {
            return Some(a.clone());
        }
    }
    let area = normalize_area(&text);
    if area.is_none() {
        let col = ctx.m.col(Field::Omrade).unwrap_or(0);
        let msg = if text.is_empty() {
            "Område saknas; förväntade IT eller MT".to_string()
        } else {
            format!("Område: förväntade IT eller MT, fick \"{}\"", clip(&text))
        };
        ctx.err(col, msg);
    }
    area
}

fn kr(a: Amount) -> String {
    format!("{} kr", format_sv(a, Unit::Kr))
}

/// "Beslutad ram (kolumn C)": a field and where it is, for messages.
fn named(ctx: &RowCtx<'_>, f: Field) -> String {
    match ctx.m.col(f) {
        Some(c) => format!("{} (kolumn {})", f.label(), col_letters(c)),
        None => f.label().to_string(),
    }
}

/// A "Total ram" cell must be beslutad + utökad; the error names all three.
fn check_total(ctx: &mut RowCtx<'_>, decided: Amount, extended: Amount) {
    let Some((col, cell)) = ctx.cell(Field::TotalRam) else { return };
    if cell.is_empty() {
        return;
    }
    let Some(total) = ctx.amount(Field::TotalRam, false) else { return };
    if total != decided + extended {
        let msg = format!(
            "Total ram är {} men {} {} + {} {} = {} (skillnad {})",
            kr(total),
            named(ctx, Field::BeslutadRam),
            kr(decided),
            named(ctx, Field::UtokadRam),
            kr(extended),
            kr(decided + extended),
            kr(total - decided - extended)
        );
        ctx.err(col, msg);
    }
}

impl FrameSums {
    fn add(&mut self, decided: Amount, extended: Amount) {
        for (i, a) in [decided, extended].into_iter().enumerate() {
            self.all[i] += a;
            self.since[i] += a;
        }
    }

    /// A subtotal or total row ("Summa IT", "Totalt"): each frame column it
    /// fills must equal the rows since the previous subtotal row, or all rows
    /// above it; it is not imported. The error names the cell and the
    /// difference. The next row names its område again.
    pub(super) fn check_row(&mut self, ctx: &mut RowCtx<'_>, totals: &mut Totals) {
        totals.checked += 1;
        let (since, all) = (self.since, self.all);
        let columns = [
            (Field::BeslutadRam, since[0], all[0]),
            (Field::UtokadRam, since[1], all[1]),
            (Field::TotalRam, since[0] + since[1], all[0] + all[1]),
        ];
        let mut grand_total = true;
        for (f, since, all) in columns {
            if ctx.cell(f).is_none_or(|(_, c)| c.is_empty()) {
                continue;
            }
            let Some(stated) = ctx.amount(f, false) else { continue };
            grand_total &= stated == all;
            if stated != since && stated != all {
                subtotal_error(ctx, f, stated, if since.is_zero() { all } else { since });
            }
        }
        if grand_total {
            totals.last_total = Some(all[0] + all[1]);
        }
        self.since = [Amount::ZERO; 2];
        self.area = None;
    }
}

/// A subtotal row whose `f` is not what the rows it closes add up to.
fn subtotal_error(ctx: &mut RowCtx<'_>, f: Field, stated: Amount, closes: Amount) {
    let col = ctx.m.col(f).unwrap_or(0);
    let msg = format!(
        "summaraden anger {} {} men raderna den summerar ger {} (skillnad {})",
        f.label(),
        kr(stated),
        kr(closes),
        kr(stated - closes)
    );
    ctx.err(col, msg);
}

//! One frames (ramar) row → a stored frame.

use super::cells::{clip, RowCtx};
use super::header::Field;
use crate::classify::normalize_area;
use crate::error::Result;
use crate::money::Amount;
use crate::store::{BatchWriter, FrameRow};

/// One frames row → stored frame. Ok(None) when the row had errors.
pub(super) fn row(ctx: &mut RowCtx<'_>, w: &mut BatchWriter<'_>) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let year = ctx.year(Field::Ar, true);
    let area_text = ctx.text(Field::Omrade);
    let area = normalize_area(&area_text);
    if area.is_none() {
        let col = ctx.m.col(Field::Omrade).unwrap_or(0);
        let msg = if area_text.is_empty() {
            "Område saknas; förväntade IT eller MT".to_string()
        } else {
            format!("Område: förväntade IT eller MT, fick \"{}\"", clip(&area_text))
        };
        ctx.err(col, msg);
    }
    let decided = ctx.amount(Field::BeslutadRam, false);
    let extended = ctx.amount(Field::UtokadRam, false).or(Some(Amount::ZERO));
    let decision_year = ctx.year(Field::Beslutsar, false);
    let category = ctx.opt_text(Field::Kategori);
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
    Ok(Some((decided + extended, true)))
}

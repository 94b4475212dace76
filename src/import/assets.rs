//! One asset-register (anläggningsregister) row → a stored asset: Objekt
//! or Projekt, Område, Kategori, Anskaffningsvärde, Aktiveringsdatum (a
//! date or a period) and Nyttjandeperiod in whole years.

use super::cells::{clip, RowCtx};
use super::header::Field;
use super::source::Cell;
use crate::classify::normalize_area;
use crate::error::Result;
use crate::money::Amount;
use crate::period;
use crate::store::{AssetRow, BatchWriter};

/// The longest useful life a register row may state.
const MAX_LIFE: u32 = 50;

/// One register row → stored asset. Ok(None) when the row had errors.
pub(super) fn row(ctx: &mut RowCtx<'_>, w: &mut BatchWriter<'_>) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let object = ctx.opt_text(Field::Objekt);
    let project = ctx.opt_text(Field::Projekt);
    if object.is_none() && project.is_none() {
        let col = ctx.m.col(Field::Objekt).or(ctx.m.col(Field::Projekt)).unwrap_or(0);
        ctx.err(col, "Objekt och Projekt saknas; förväntade ett objekt- eller projektnummer".into());
    }
    let area = area(ctx);
    let value = ctx.amount(Field::Anskaffningsvarde, true).filter(|v| positive(ctx, *v));
    let activation = activation(ctx);
    let life = life_years(ctx);
    let category = ctx.opt_text(Field::Kategori);
    let text = ctx.opt_text(Field::Text);
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(area), Some(value), Some(activation), Some(life_years)) = (area, value, activation, life) else {
        return Ok(None);
    };
    w.insert_asset(&AssetRow {
        row_no: ctx.row + 1,
        object: object.as_deref(),
        project: project.as_deref(),
        text: text.as_deref(),
        area: &area,
        category: category.as_deref(),
        value,
        activation,
        life_years,
    })?;
    Ok(Some((value, true)))
}

fn area(ctx: &mut RowCtx<'_>) -> Option<String> {
    let text = ctx.text(Field::Omrade);
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

/// A value below zero is a credit, not an asset.
fn positive(ctx: &mut RowCtx<'_>, v: Amount) -> bool {
    if v.0 < 0 {
        let col = ctx.m.col(Field::Anskaffningsvarde).unwrap_or(0);
        ctx.err(col, format!("{}: förväntade ett belopp som inte är negativt", Field::Anskaffningsvarde.label()));
    }
    v.0 >= 0
}

/// The month taken into use: a date cell, a period number (201803), an
/// Excel serial date, or text ("2018-03-14", "2018-03", "mars 2018").
fn activation(ctx: &mut RowCtx<'_>) -> Option<u32> {
    let (col, cell) = ctx.cell(Field::Aktivering)?;
    let p = match cell {
        Cell::Date(d) => period::from_date(*d),
        Cell::Int(i) => {
            period::from_number(*i).or_else(|| period::from_excel_serial(*i as f64).and_then(period::from_date))
        }
        Cell::Float(x) if x.fract() == 0.0 => {
            period::from_number(*x as i64).or_else(|| period::from_excel_serial(*x).and_then(period::from_date))
        }
        Cell::Text(s) => period::parse_period(s),
        _ => None,
    };
    if p.is_none() {
        let label = Field::Aktivering.label();
        let msg = if cell.is_empty() {
            format!("{label} saknas; förväntade ett datum som 2018-03-14 eller en period som 201803")
        } else {
            format!(
                "{label}: förväntade ett datum som 2018-03-14 eller en period som 201803, fick \"{}\"",
                clip(&cell.display())
            )
        };
        ctx.err(col, msg);
    }
    p
}

/// Whole years 1–50: a number, or text like "5" or "5 år".
fn life_years(ctx: &mut RowCtx<'_>) -> Option<u32> {
    let (col, cell) = ctx.cell(Field::Nyttjandeperiod)?;
    let y = match cell {
        Cell::Int(i) => u32::try_from(*i).ok(),
        Cell::Float(x) if x.fract() == 0.0 && *x >= 0.0 => Some(*x as u32),
        Cell::Text(s) => s.trim().trim_end_matches("år").trim().parse::<u32>().ok(),
        _ => None,
    }
    .filter(|y| (1..=MAX_LIFE).contains(y));
    if y.is_none() {
        let label = Field::Nyttjandeperiod.label();
        let shown = cell.display();
        ctx.err(col, format!("{label}: förväntade ett helt antal år 1–{MAX_LIFE}, fick \"{}\"", clip(&shown)));
    }
    y
}

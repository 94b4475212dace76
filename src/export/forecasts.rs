//! The variance workbook's Prognoser sheet: the forecast rounds side by
//! side as `report variance` lays them out — each round's forecast against
//! the budget (surplus positive), the change from the round before, the
//! outcome and each round's deviation from it (formulas, values cached) —
//! and the latest investment forecast against the total frame.

use super::{col, formula, headers, print_setup, text, xl, Formats};
use crate::error::Result;
use crate::money::Amount;
use crate::variance::{ForecastRounds, RoundRow, BUDGET_ROUND};
use rust_xlsxwriter::Worksheet;

fn round_label(id: &str) -> String {
    if id == BUDGET_ROUND {
        "Budgetfilen".into()
    } else {
        id.to_string()
    }
}

/// One row: round values, changes (dated rounds after the first), outcome,
/// deviations; returns nothing, the columns are fixed by `n` and `complete`.
fn round_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    r: &RoundRow,
    label: &str,
    bold: bool,
    complete: bool,
) -> Result<()> {
    let m = f.money(bold);
    text(ws, row, 0, label, if bold { &f.bold } else { &f.text })?;
    let n = r.cells.len() as u16;
    for (i, c) in r.cells.iter().enumerate() {
        ws.write_number_with_format(row, 1 + i as u16, xl(c.forecast_variance), m)?;
    }
    let rr = row + 1;
    let mut c0 = 1 + n;
    // the changes, in the order of the cells that have one
    for (i, c) in r.cells.iter().enumerate() {
        if let Some(ch) = c.change {
            let prev = r.cells[..i].iter().rposition(|p| p.round != BUDGET_ROUND).unwrap_or(0) as u16;
            formula(ws, row, c0, &format!("={}{rr}-{}{rr}", col(1 + i as u16), col(1 + prev)), &ch.to_string(), m)?;
            c0 += 1;
        }
    }
    if let (true, Some(o)) = (complete, r.outcome_variance) {
        ws.write_number_with_format(row, c0, xl(o), m)?;
        let oc = col(c0);
        for (i, c) in r.cells.iter().enumerate() {
            let cached = c.deviation.unwrap_or(Amount::ZERO).to_string();
            formula(ws, row, c0 + 1 + i as u16, &format!("={oc}{rr}-{}{rr}", col(1 + i as u16)), &cached, m)?;
        }
        c0 += 1 + n;
    }
    if let Some(comment) = r.cells.iter().rev().find_map(|c| c.comment.as_deref()) {
        text(ws, row, c0, comment, &f.text)?;
    }
    Ok(())
}

pub(super) fn forecasts_sheet(ws: &mut Worksheet, f: &Formats, r: &ForecastRounds) -> Result<()> {
    text(ws, 0, 0, &format!("Prognosomgångar {}", r.year), &f.title)?;
    let sub = if r.outcome_complete {
        "belopp i kr; helårsprognos mot budget (överskott +), förändring mot föregående omgång, avvikelse = utfall − prognos"
    } else {
        "belopp i kr; helårsprognos mot budget (överskott +), förändring mot föregående omgång"
    };
    text(ws, 1, 0, sub, &f.subtitle)?;
    let hr = 3;
    let mut heads = vec!["Rad".to_string()];
    heads.extend(r.rounds.iter().map(|h| format!("Prognos {}", round_label(&h.id))));
    heads.extend(r.result.cells.iter().filter(|c| c.change.is_some()).map(|c| format!("Förändring {}", c.round)));
    if r.outcome_complete {
        heads.push("Utfall".into());
        heads.extend(r.rounds.iter().map(|h| format!("Avvikelse {}", round_label(&h.id))));
    }
    heads.push("Kommentar".into());
    headers(ws, f, hr, 0, &heads)?;
    ws.set_row_height(hr, 30)?;
    ws.set_column_width(0, 24)?;
    for c in 1..heads.len() as u16 - 1 {
        ws.set_column_width(c, 16)?;
    }
    ws.set_column_width(heads.len() as u16 - 1, 40)?;
    let mut row = hr + 1;
    for x in &r.rows {
        let group = x.cost_type.is_none();
        let label = if group { x.label.clone() } else { format!("  {}", x.label) };
        round_row(ws, f, row, x, &label, group, r.outcome_complete)?;
        row += 1;
    }
    round_row(ws, f, row, &r.result, "Resultat", true, r.outcome_complete)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    ws.autofilter(hr, 0, row, heads.len() as u16 - 1)?;
    row += 3;
    if let Some(first) = r.investments.first() {
        text(ws, row, 0, &format!("Investeringsprognos, omgång {}", first.round), &f.bold)?;
        row += 1;
        headers(ws, f, row, 0, &["Typ", "Total ram", "Utfall", "Prognos", "Ram − prognos", "Kommentar"])?;
        for i in &r.investments {
            row += 1;
            let m = f.money(false);
            text(ws, row, 0, &i.label, &f.text)?;
            ws.write_number_with_format(row, 1, xl(i.total_frame), m)?;
            ws.write_number_with_format(row, 2, xl(i.outcome), m)?;
            ws.write_number_with_format(row, 3, xl(i.forecast), m)?;
            let rr = row + 1;
            formula(ws, row, 4, &format!("=B{rr}-D{rr}"), &i.variance.to_string(), m)?;
            if let Some(c) = &i.comment {
                text(ws, row, 5, c, &f.text)?;
            }
        }
    }
    print_setup(ws, hr, &format!("Prognosomgångar {}", r.year))?;
    Ok(())
}

//! The operating variance as the Drift sheet: groups with their
//! kostnadsslag, variances as formulas (surplus positive), forecast and
//! comments; Resultat = revenue − costs.

use super::{formula, headers, pct_cell, print_setup, sum_range, text, xl, Formats};
use crate::error::Result;
use crate::period;
use crate::variance::{OperatingReport, OperatingRow};
use rust_xlsxwriter::Worksheet;

const HEADERS: [&str; 9] = [
    "Kostnadsslag",
    "Budget helår",
    "Periodbudget",
    "Utfall",
    "Avvikelse",
    "Avvikelse %",
    "Helårsprognos",
    "Prognos mot budget",
    "Kommentar",
];

pub(super) fn operating_sheet(ws: &mut Worksheet, f: &Formats, r: &OperatingReport) -> Result<()> {
    let title = format!("Driftresultat {} t.o.m. {} – budget, utfall och prognos", r.year, period::label_sv(r.period));
    text(ws, 0, 0, &title, &f.title)?;
    text(ws, 1, 0, &format!("Avvikelse: överskott positivt. Prognos: {}", r.forecast_label), &f.subtitle)?;
    let hr = 3;
    headers(ws, f, hr, 0, &HEADERS)?;
    ws.set_row_height(hr, 32)?;
    let mut row = hr + 1;
    let mut group_rows = Vec::new();
    for g in &r.groups {
        let first = row;
        for c in &g.cost_types {
            leaf_row(ws, f, row, &format!("  {}", c.label), c)?;
            row += 1;
        }
        group_row(ws, f, row, first, &g.row)?;
        group_rows.push((row, g.row.revenue));
        row += 2;
    }
    result_row(ws, f, row, &group_rows, &r.result)?;
    for (i, w) in r.warnings.iter().enumerate() {
        text(ws, row + 2 + i as u32, 0, w, &f.subtitle)?;
    }
    ws.set_column_width(0, 26)?;
    ws.set_column_range_width(1, 7, 16)?;
    ws.set_column_width(8, 50)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    print_setup(ws, hr, &format!("Driftresultat {}", r.year))
}

/// Variance (surplus positive: revenue outcome − budget, costs budget −
/// outcome), its percent, and the forecast's deviation, on row `row`.
fn variances(ws: &mut Worksheet, f: &Formats, row: u32, x: &OperatingRow, bold: bool) -> Result<()> {
    let rr = row + 1;
    let m = f.money(bold);
    let var = if x.revenue { format!("=D{rr}-C{rr}") } else { format!("=C{rr}-D{rr}") };
    formula(ws, row, 4, &var, &x.variance.to_string(), m)?;
    pct_cell(ws, row, 5, &format!("=IF(C{rr}=0,\"\",E{rr}/ABS(C{rr}))"), x.variance_pct, f.pct(bold))?;
    let fv = if x.revenue { format!("=G{rr}-B{rr}") } else { format!("=B{rr}-G{rr}") };
    formula(ws, row, 7, &fv, &x.forecast_variance.to_string(), m)
}

fn comment(ws: &mut Worksheet, f: &Formats, row: u32, x: &OperatingRow) -> Result<()> {
    match &x.comment {
        Some(c) => text(ws, row, 8, c, &f.wrap),
        None => Ok(()),
    }
}

fn leaf_row(ws: &mut Worksheet, f: &Formats, row: u32, label: &str, x: &OperatingRow) -> Result<()> {
    text(ws, row, 0, label, &f.text)?;
    ws.write_number_with_format(row, 1, xl(x.budget), &f.money)?;
    ws.write_number_with_format(row, 2, xl(x.period_budget), &f.money)?;
    ws.write_number_with_format(row, 3, xl(x.outcome), &f.money)?;
    ws.write_number_with_format(row, 6, xl(x.forecast), &f.money)?;
    variances(ws, f, row, x, false)?;
    comment(ws, f, row, x)
}

/// The group row sums its kostnadsslag (rows `first..row`).
fn group_row(ws: &mut Worksheet, f: &Formats, row: u32, first: u32, x: &OperatingRow) -> Result<()> {
    text(ws, row, 0, &x.label, &f.bold)?;
    for (c, v) in [(1u16, x.budget), (2, x.period_budget), (3, x.outcome), (6, x.forecast)] {
        formula(ws, row, c, &sum_range(c, first, row), &v.to_string(), &f.money_bold)?;
    }
    variances(ws, f, row, x, true)?;
    comment(ws, f, row, x)
}

/// Resultat = revenue − costs over the group rows; its variances the sum of
/// all variances.
fn result_row(ws: &mut Worksheet, f: &Formats, row: u32, groups: &[(u32, bool)], x: &OperatingRow) -> Result<()> {
    let rr = row + 1;
    text(ws, row, 0, "Resultat", &f.bold)?;
    for (c, v) in [(1u16, x.budget), (2, x.period_budget), (3, x.outcome), (6, x.forecast)] {
        let cl = super::col(c);
        let terms: Vec<String> =
            groups.iter().map(|(gr, rev)| format!("{}{cl}{}", if *rev { "+" } else { "-" }, gr + 1)).collect();
        formula(ws, row, c, &format!("={}", terms.join("")), &v.to_string(), &f.money_bold)?;
    }
    for (c, v) in [(4u16, x.variance), (7, x.forecast_variance)] {
        let cl = super::col(c);
        let terms: Vec<String> = groups.iter().map(|(gr, _)| format!("{cl}{}", gr + 1)).collect();
        formula(ws, row, c, &format!("=SUM({})", terms.join(",")), &v.to_string(), &f.money_bold)?;
    }
    pct_cell(ws, row, 5, &format!("=IF(C{rr}=0,\"\",E{rr}/ABS(C{rr}))"), x.variance_pct, &f.pct_bold)?;
    comment(ws, f, row, x)
}

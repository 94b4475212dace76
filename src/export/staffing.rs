//! The staffing workbook: per VO, per cost type, one sheet per staffing
//! column by month, and the monthly staff cost against budget with a chart.

use super::{
    col, formula, headers, pct_cell, print_setup, save, sheet, sum_range, text, xl, xl_dec, Formats, StaffingExport,
};
use crate::classify::STAFF_COLUMNS;
use crate::error::Result;
use crate::money::{format_decimal_sv, Amount};
use crate::period;
use crate::staffing::{StaffingReport, StaffingRow};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};
use std::collections::BTreeMap;
use std::path::Path;

/// Per VO the twelve months of one staffing column.
pub type ByMonth = BTreeMap<String, [Amount; 12]>;

/// Everything the staffing workbook shows, as finished reports.
#[derive(Debug, Clone)]
pub struct StaffingWorkbook {
    pub report: StaffingReport,
    /// One entry per staffing column (`STAFF_COLUMNS`, in order).
    pub by_month: Vec<(String, ByMonth)>,
}

/// Write the staffing workbook to `out`.
pub fn write_staffing(w: &StaffingWorkbook, out: &Path) -> Result<StaffingExport> {
    let f = Formats::new();
    let r = &w.report;
    let mut wb = Workbook::new();
    let mut sheets = Vec::new();
    per_vo_sheet(sheet(&mut wb, "Per VO", &mut sheets)?, &f, r)?;
    cost_type_sheet(sheet(&mut wb, "Per kostnadsslag", &mut sheets)?, &f, r)?;
    for (column, data) in &w.by_month {
        column_sheet(sheet(&mut wb, column, &mut sheets)?, &f, r, column, data)?;
    }
    monthly_sheet(sheet(&mut wb, "Per månad", &mut sheets)?, &f, r)?;
    save(&mut wb, out)?;
    Ok(StaffingExport { path: out.display().to_string(), sheets, total: r.total.total })
}

fn scope(r: &StaffingReport) -> String {
    format!("t.o.m. {}", period::label_sv(r.period))
}

const PER_VO_TAIL: [&str; 11] = [
    "Totalt",
    "Budget",
    "Avvikelse",
    "Fg år samma period",
    "Förändring %",
    "Årsarbetare",
    "Kostnad per årsarbetare",
    "Extra tid (h)",
    "Andel extra tid",
    "Sjukfrånvaro",
    "Kommentar",
];

fn per_vo_sheet(ws: &mut Worksheet, f: &Formats, r: &StaffingReport) -> Result<()> {
    let year = r.year;
    text(ws, 0, 0, &format!("Personalkostnader {year} {}", scope(r)), &f.title)?;
    let note = format!(
        "Årsarbetare = arbetade timmar / {} h per år; PO-pålägg {} %; avvikelse = budget − utfall (överskott positivt)",
        r.annual_hours, r.po_rate
    );
    text(ws, 1, 0, &note, &f.subtitle)?;
    let hr = 3;
    let heads: Vec<&str> = std::iter::once("VO").chain(STAFF_COLUMNS.iter().copied()).chain(PER_VO_TAIL).collect();
    headers(ws, f, hr, 0, &heads)?;
    ws.set_row_height(hr, 45)?;
    let first = hr + 1;
    let mut row = first;
    for x in &r.rows {
        vo_row(ws, f, row, x, None)?;
        row += 1;
    }
    vo_row(ws, f, row, &r.total, Some((first, row)))?;
    let n = STAFF_COLUMNS.len() as u16;
    ws.set_column_width(0, 24)?;
    ws.set_column_range_width(1, n + 10, 14)?;
    ws.set_column_width(n + 11, 40)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    print_setup(ws, hr, &format!("Personalkostnader {year}"))
}

/// One VO's row, or with `total` (its data rows `first..row`) the total row
/// summing them.
fn vo_row(ws: &mut Worksheet, f: &Formats, row: u32, x: &StaffingRow, total: Option<(u32, u32)>) -> Result<()> {
    let m = f.money(total.is_some());
    text(ws, row, 0, &x.vo, if total.is_some() { &f.bold } else { &f.text })?;
    let n = STAFF_COLUMNS.len() as u16;
    let input = |ws: &mut Worksheet, c: u16, v: Amount| -> Result<()> {
        match total {
            Some((a, b)) => formula(ws, row, c, &sum_range(c, a, b), &v.to_string(), m),
            None => Ok(ws.write_number_with_format(row, c, xl(v), m).map(|_| ())?),
        }
    };
    for (i, c) in STAFF_COLUMNS.iter().enumerate() {
        input(ws, 1 + i as u16, x.costs.get(*c).copied().unwrap_or_default())?;
    }
    input(ws, n + 2, x.budget)?;
    input(ws, n + 4, x.last_year)?;
    vo_derived(ws, f, row, x, total.is_some())
}

/// Totalt, Avvikelse and Förändring as formulas; FTE, hours and shares as values.
fn vo_derived(ws: &mut Worksheet, f: &Formats, row: u32, x: &StaffingRow, bold: bool) -> Result<()> {
    let (m, p) = (f.money(bold), f.pct(bold));
    let n = STAFF_COLUMNS.len() as u16;
    let rr = row + 1;
    // staff costs outside the five columns (e.g. övriga personalkostnader) are part of Totalt
    let other = x.total - STAFF_COLUMNS.iter().map(|c| x.costs.get(*c).copied().unwrap_or_default()).sum::<Amount>();
    let mut tot = format!("=SUM(B{rr}:{}{rr})", col(n));
    if !other.is_zero() {
        tot.push_str(&format!("+{other}"));
    }
    formula(ws, row, n + 1, &tot, &x.total.to_string(), m)?;
    let (tc, bc, lc) = (col(n + 1), col(n + 2), col(n + 4));
    formula(ws, row, n + 3, &format!("={bc}{rr}-{tc}{rr}"), &x.variance.to_string(), m)?;
    pct_cell(ws, row, n + 5, &format!("=IF({lc}{rr}=0,\"\",({tc}{rr}-{lc}{rr})/{lc}{rr})"), x.change_pct, p)?;
    ws.write_number_with_format(row, n + 6, xl_dec(x.fte), &Format::new().set_num_format("0.00"))?;
    if let Some(c) = x.cost_per_fte {
        ws.write_number_with_format(row, n + 7, xl(c), m)?;
    }
    ws.write_number_with_format(row, n + 8, xl_dec(x.hours.extra), &f.money)?;
    for (c, share) in [(n + 9, x.extra_share_pct), (n + 10, x.sick_pct)] {
        if let Some(s) = share {
            ws.write_number_with_format(row, c, xl_dec(s / Decimal::ONE_HUNDRED), p)?;
        }
    }
    match &x.comment {
        Some(c) => text(ws, row, n + 11, c, &f.wrap),
        None => Ok(()),
    }
}

fn cost_type_sheet(ws: &mut Worksheet, f: &Formats, r: &StaffingReport) -> Result<()> {
    let year = r.year;
    text(ws, 0, 0, &format!("Personalkostnader per kostnadsslag {year} {}", scope(r)), &f.title)?;
    let hr = 2;
    let heads = ["Kostnadsslag", "Utfall", "Budget", "Avvikelse", "Fg år samma period", "Förändring", "Förändring %"];
    headers(ws, f, hr, 0, &heads)?;
    ws.set_row_height(hr, 32)?;
    let mut row = hr + 1;
    for c in &r.by_cost_type {
        let rr = row + 1;
        text(ws, row, 0, &c.name, &f.text)?;
        ws.write_number_with_format(row, 1, xl(c.outcome), &f.money)?;
        ws.write_number_with_format(row, 2, xl(c.budget), &f.money)?;
        formula(ws, row, 3, &format!("=C{rr}-B{rr}"), &c.variance.to_string(), &f.money)?;
        ws.write_number_with_format(row, 4, xl(c.last_year), &f.money)?;
        formula(ws, row, 5, &format!("=B{rr}-E{rr}"), &c.change.to_string(), &f.money)?;
        pct_cell(ws, row, 6, &format!("=IF(E{rr}=0,\"\",F{rr}/E{rr})"), c.change_pct, &f.pct)?;
        row += 1;
    }
    let extra = format!(
        "Extra tid (övertid + mertid + fyllnadstid): {} h mot {} h samma period föregående år",
        format_decimal_sv(r.total.hours.extra, 0),
        format_decimal_sv(r.extra_hours_last_year.extra, 0)
    );
    text(ws, row + 1, 0, &extra, &f.subtitle)?;
    if let Some(p) = r.extra_hours_change_pct {
        let change = format!("Förändring extra tid: {} %", p.to_string().replace('.', ","));
        text(ws, row + 2, 0, &change, &f.subtitle)?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_range_width(1, 6, 16)?;
    print_setup(ws, hr, &format!("Personalkostnader per kostnadsslag {year}"))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

/// One staffing column per VO and month up to the report's period.
fn column_sheet(ws: &mut Worksheet, f: &Formats, r: &StaffingReport, c: &str, data: &ByMonth) -> Result<()> {
    let (year, upto) = (r.year, period::month_of(r.period) as usize);
    text(ws, 0, 0, &format!("{c} per VO och månad {year} (kr)"), &f.title)?;
    let hr = 2;
    let heads: Vec<&str> = std::iter::once("VO").chain(MONTHS.iter().take(upto).copied()).chain(["Summa"]).collect();
    headers(ws, f, hr, 0, &heads)?;
    let mut row = hr + 1;
    for (vo, vals) in data {
        text(ws, row, 0, vo, &f.text)?;
        for (i, v) in vals.iter().take(upto).enumerate() {
            ws.write_number_with_format(row, 1 + i as u16, xl(*v), &f.money)?;
        }
        let sum: Amount = vals.iter().take(upto).copied().sum();
        let expr = format!("=SUM(B{0}:{1}{0})", row + 1, col(upto as u16));
        formula(ws, row, 1 + upto as u16, &expr, &sum.to_string(), &f.money_bold)?;
        row += 1;
    }
    text(ws, row, 0, "Totalt", &f.bold)?;
    for i in 0..=upto {
        let v: Amount = if i < upto {
            data.values().map(|x| x[i]).sum()
        } else {
            data.values().flat_map(|x| x.iter().take(upto).copied()).sum()
        };
        let c0 = 1 + i as u16;
        let expr = if row > hr + 1 { sum_range(c0, hr + 1, row) } else { "=0".into() };
        formula(ws, row, c0, &expr, &v.to_string(), &f.money_bold)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_range_width(1, upto as u16 + 1, 13)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    print_setup(ws, hr, &format!("{c} {year}"))
}

fn monthly_sheet(ws: &mut Worksheet, f: &Formats, r: &StaffingReport) -> Result<()> {
    let year = r.year;
    text(ws, 0, 0, &format!("Personalkostnad per månad mot budget {year}"), &f.title)?;
    let hr = 2;
    headers(ws, f, hr, 0, &["Månad", "Utfall", "Budget", "Avvikelse"])?;
    let mut row = hr + 1;
    for m in &r.monthly {
        let rr = row + 1;
        text(ws, row, 0, &period::label_sv(m.period), &f.text)?;
        ws.write_number_with_format(row, 1, xl(m.outcome), &f.money)?;
        ws.write_number_with_format(row, 2, xl(m.budget), &f.money)?;
        formula(ws, row, 3, &format!("=C{rr}-B{rr}"), &(m.budget - m.outcome).to_string(), &f.money)?;
        row += 1;
    }
    let last = row.saturating_sub(1).max(hr + 1);
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name(&format!("Personalkostnad per månad {year}"));
    for (name, c) in [("Utfall", 1), ("Budget", 2)] {
        chart.add_series().set_name(name).set_categories(("Per månad", hr + 1, 0, last, 0)).set_values((
            "Per månad",
            hr + 1,
            c,
            last,
            c,
        ));
    }
    chart.y_axis().set_num_format("#,##0");
    ws.insert_chart(hr, 5, &chart)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_range_width(1, 3, 16)?;
    print_setup(ws, hr, &format!("Personalkostnad per månad {year}"))
}

//! The variance/investment workbook: Sammanfattning (the reference table
//! and a chart), Drift, Kategorier, Kategorier per år, Verifikationer (the
//! lines behind every figure).

use super::{col, formula, headers, pct_cached, print_setup, save, sheet, text, xl, ExportOutcome, Formats};
use crate::classify::UNCLASSIFIED;
use crate::error::Result;
use crate::money::Amount;
use crate::period;
use crate::store::Lines;
use crate::variance::{CategoryReport, FrameReport, FrameRow, OperatingReport};
use chrono::NaiveDateTime;
use rust_xlsxwriter::{Chart, ChartType, DocProperties, ExcelDateTime, Workbook, Worksheet};
use std::path::Path;

/// Everything the variance workbook shows, as finished reports.
#[derive(Debug, Clone)]
pub struct VarianceWorkbook {
    pub year: i32,
    /// Year to date to this period; none for the whole year.
    pub period: Option<u32>,
    /// When the figures were taken (the workbook's date and subtitle).
    pub created: NaiveDateTime,
    pub frames: FrameReport,
    /// The Drift sheet, left out when there is no operating budget.
    pub operating: OperatingReport,
    /// Outcome per kategori over the years, one report per område.
    pub categories: Vec<CategoryReport>,
    /// The first year of `categories`.
    pub first_year: i32,
    /// The investment lines behind the figures (Verifikationer).
    pub detail: Lines,
    /// The Kapitalkostnader sheet, left out when there are no assets.
    pub capital: Option<super::CapitalSheet>,
    /// The Prognoser sheet, left out when the year has no forecast round of
    /// its own (the budget file's Prognos alone is on the Drift sheet).
    pub forecasts: Option<crate::variance::ForecastRounds>,
}

impl VarianceWorkbook {
    fn scope(&self) -> String {
        match self.period {
            Some(p) => format!("ackumulerat t.o.m. {}", period::label_sv(p)),
            None => format!("helår {}", self.year),
        }
    }
}

/// Write the variance workbook to `out`.
pub fn write_variance(v: &VarianceWorkbook, out: &Path) -> Result<ExportOutcome> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let stamp = v.created.format("%Y-%m-%dT%H:%M:%S").to_string();
    let props = DocProperties::new()
        .set_title(format!("Investeringar {}", v.year))
        .set_author("Ramkoll")
        .set_creation_datetime(&ExcelDateTime::parse_from_str(&stamp)?);
    wb.set_properties(&props);
    let mut sheets = Vec::new();
    summary_sheet(sheet(&mut wb, "Sammanfattning", &mut sheets)?, &f, v)?;
    if !v.operating.groups.is_empty() {
        super::operating::operating_sheet(sheet(&mut wb, "Drift", &mut sheets)?, &f, &v.operating)?;
    }
    categories_sheet(sheet(&mut wb, "Kategorier", &mut sheets)?, &f, v)?;
    years_sheet(sheet(&mut wb, "Kategorier per år", &mut sheets)?, &f, v)?;
    if let Some(c) = &v.capital {
        super::capital::capital_sheet(sheet(&mut wb, "Kapitalkostnader", &mut sheets)?, &f, c)?;
    }
    if let Some(r) = v.forecasts.as_ref().filter(|r| r.rounds.iter().any(|h| h.period.is_some())) {
        super::forecasts::forecasts_sheet(sheet(&mut wb, "Prognoser", &mut sheets)?, &f, r)?;
    }
    detail_sheet(sheet(&mut wb, "Verifikationer", &mut sheets)?, &f, &v.detail, v.year)?;
    save(&mut wb, out)?;
    Ok(ExportOutcome {
        path: out.display().to_string(),
        sheets,
        detail_lines: v.detail.total_rows,
        total_outcome: v.frames.total.outcome_total,
    })
}

fn frame_headers(year: i32) -> Vec<String> {
    let with_year =
        ["Beslutad ram", "Utökad ram", "Total ram", "Utfall beslut före", "Utfall beslut", "Totalt investeringar"];
    let mut h: Vec<String> = with_year.iter().map(|s| format!("{s} {year}")).collect();
    // the commitments after the comment, which stays where readers of older workbooks find it
    h.extend(["Kvar av ram", "Nyttjandegrad", "Kommentar", "Beställt", "Planerat", "Disponibelt"].map(String::from));
    h
}

/// Beställt and Planerat from `c0 + 9` (numbers, or SUMs over `rows` on a
/// total row) and Disponibelt as a formula over the row: total frame −
/// outcome − committed − planned.
fn commitments(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    c0: u16,
    r: &FrameRow,
    bold: bool,
    sums: Sums<'_>,
) -> Result<()> {
    let (m, rr) = (f.money(bold), row + 1);
    let sum = |c: u16, rows: &[u32]| -> String {
        let refs: Vec<String> = rows.iter().map(|r| format!("{}{}", col(c), r + 1)).collect();
        format!("=SUM({})", refs.join(","))
    };
    for (c, v, summed) in [(c0 + 9, r.committed, true), (c0 + 10, r.planned, sums.is_some_and(|s| s.1))] {
        match sums {
            Some((rows, _)) if summed => formula(ws, row, c, &sum(c, rows), &v.to_string(), m)?,
            _ => ws.write_number_with_format(row, c, xl(v), m).map(|_| ())?,
        }
    }
    let (d, h, j, k) = (col(c0 + 2), col(c0 + 5), col(c0 + 9), col(c0 + 10));
    formula(ws, row, c0 + 11, &format!("={d}{rr}-{h}{rr}-{j}{rr}-{k}{rr}"), &r.available.to_string(), m)
}

/// A total row's data rows, and whether its Planerat is their sum (not so
/// for an område with plans held against the whole område).
type Sums<'a> = Option<(&'a [u32], bool)>;

/// Write one frame row starting at column `c0`: inputs as numbers, the
/// derived columns as formulas over them (with cached values).
fn frame_row(ws: &mut Worksheet, f: &Formats, row: u32, c0: u16, r: &FrameRow, bold: bool) -> Result<()> {
    let m = f.money(bold);
    ws.write_number_with_format(row, c0, xl(r.decided), m)?;
    ws.write_number_with_format(row, c0 + 1, xl(r.extended), m)?;
    ws.write_number_with_format(row, c0 + 3, xl(r.outcome_before), m)?;
    ws.write_number_with_format(row, c0 + 4, xl(r.outcome_year), m)?;
    derived(ws, f, row, c0, r, bold)?;
    if let Some(cm) = &r.comment {
        text(ws, row, c0 + 8, cm, &f.wrap)?;
    }
    commitments(ws, f, row, c0, r, bold, None)
}

/// Total frame, total outcome, remaining and utilisation as formulas over
/// the row's own inputs.
fn derived(ws: &mut Worksheet, f: &Formats, row: u32, c0: u16, r: &FrameRow, bold: bool) -> Result<()> {
    let m = f.money(bold);
    let rr = row + 1;
    let (b, c, d, e, g, h) = (col(c0), col(c0 + 1), col(c0 + 2), col(c0 + 3), col(c0 + 4), col(c0 + 5));
    formula(ws, row, c0 + 2, &format!("={b}{rr}+{c}{rr}"), &r.total_frame.to_string(), m)?;
    formula(ws, row, c0 + 5, &format!("={e}{rr}+{g}{rr}"), &r.outcome_total.to_string(), m)?;
    formula(ws, row, c0 + 6, &format!("={d}{rr}-{h}{rr}"), &r.remaining.to_string(), m)?;
    let util = format!("=IF({d}{rr}=0,\"\",{h}{rr}/{d}{rr})");
    formula(ws, row, c0 + 7, &util, &pct_cached(r.outcome_total, r.total_frame), f.pct(bold))
}

/// Total row: SUM over the given data rows (0-based) for the input
/// columns, the same derived formulas as other rows.
fn total_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    c0: u16,
    (rows, planned_summed): (&[u32], bool),
    t: &FrameRow,
) -> Result<()> {
    let sum = |c: u16| -> String {
        let refs: Vec<String> = rows.iter().map(|r| format!("{}{}", col(c), r + 1)).collect();
        format!("=SUM({})", refs.join(","))
    };
    let m = &f.money_bold;
    formula(ws, row, c0, &sum(c0), &t.decided.to_string(), m)?;
    formula(ws, row, c0 + 1, &sum(c0 + 1), &t.extended.to_string(), m)?;
    formula(ws, row, c0 + 3, &sum(c0 + 3), &t.outcome_before.to_string(), m)?;
    formula(ws, row, c0 + 4, &sum(c0 + 4), &t.outcome_year.to_string(), m)?;
    derived(ws, f, row, c0, t, true)?;
    match &t.comment {
        Some(cm) => text(ws, row, c0 + 8, cm, &f.wrap)?,
        None => ws.write_blank(row, c0 + 8, &f.bold).map(|_| ())?,
    }
    commitments(ws, f, row, c0, t, true, Some((rows, planned_summed)))
}

fn summary_sheet(ws: &mut Worksheet, f: &Formats, v: &VarianceWorkbook) -> Result<()> {
    let (year, r) = (v.year, &v.frames);
    text(ws, 0, 0, &format!("Investeringar {year} – ram och utfall"), &f.title)?;
    let made = v.created.format("%Y-%m-%d %H:%M");
    text(ws, 1, 0, &format!("{}; belopp i kr; framtaget {made} med Ramkoll", v.scope()), &f.subtitle)?;
    let hr = 3;
    text(ws, hr, 0, "Typ", &f.header)?;
    headers(ws, f, hr, 1, &frame_headers(year))?;
    ws.set_row_height(hr, 45)?;
    let mut row = hr + 1;
    let mut data_rows = Vec::new();
    for x in r.areas.iter().map(|a| &a.row).chain(r.unclassified.as_ref()) {
        text(ws, row, 0, &x.label, &f.text)?;
        frame_row(ws, f, row, 1, x, false)?;
        data_rows.push(row);
        row += 1;
    }
    text(ws, row, 0, "Totalt", &f.bold)?;
    total_row(ws, f, row, 1, (&data_rows, true), &r.total)?;
    ws.set_column_width(0, 18)?;
    ws.set_column_range_width(1, 8, 16)?;
    ws.set_column_width(9, 50)?;
    ws.set_column_range_width(10, 12, 16)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    print_setup(ws, hr, &format!("Investeringar {year}"))?;
    for (i, w) in r.warnings.iter().enumerate() {
        text(ws, row + 2 + i as u32, 0, w, &f.subtitle)?;
    }
    if let (Some(first), Some(last)) = (data_rows.first(), data_rows.last()) {
        let chart = frame_chart(year, hr, *first, *last);
        ws.insert_chart(row + 3 + r.warnings.len() as u32, 0, &chart)?;
    }
    ws.set_active(true);
    Ok(())
}

/// Total frame against total outcome per område.
fn frame_chart(year: i32, hr: u32, first: u32, last: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name(&format!("Ram och utfall {year}"));
    for c in [3, 6] {
        chart
            .add_series()
            .set_name(("Sammanfattning", hr, c))
            .set_categories(("Sammanfattning", first, 0, last, 0))
            .set_values(("Sammanfattning", first, c, last, c));
    }
    chart.y_axis().set_num_format("#,##0");
    chart
}

fn categories_sheet(ws: &mut Worksheet, f: &Formats, v: &VarianceWorkbook) -> Result<()> {
    let (year, r) = (v.year, &v.frames);
    text(ws, 0, 0, &format!("Investeringar {year} per område och kategori ({})", v.scope()), &f.title)?;
    let hr = 2;
    headers(ws, f, hr, 0, &["Område", "Kategori"])?;
    headers(ws, f, hr, 2, &frame_headers(year))?;
    ws.set_row_height(hr, 45)?;
    let mut row = hr + 1;
    let mut area_rows = Vec::new();
    for a in &r.areas {
        let first = row;
        for c in &a.categories {
            text(ws, row, 0, &a.row.area, &f.text)?;
            text(ws, row, 1, c.category.as_deref().unwrap_or(UNCLASSIFIED), &f.text)?;
            frame_row(ws, f, row, 2, c, false)?;
            row += 1;
        }
        text(ws, row, 0, &a.row.area, &f.bold)?;
        text(ws, row, 1, &format!("Summa {}", a.row.area), &f.bold)?;
        let cat_rows: Vec<u32> = (first..row).collect();
        if cat_rows.is_empty() || a.row.decided != a.categories.iter().map(|c| c.decided).sum::<Amount>() {
            // area-level frame: the sum of categories is not the frame
            frame_row(ws, f, row, 2, &a.row, true)?;
        } else {
            let planned_summed = a.categories.iter().map(|c| c.planned).sum::<Amount>() == a.row.planned;
            total_row(ws, f, row, 2, (&cat_rows, planned_summed), &a.row)?;
        }
        area_rows.push(row);
        row += 2;
    }
    if let Some(u) = &r.unclassified {
        text(ws, row, 0, UNCLASSIFIED, &f.text)?;
        frame_row(ws, f, row, 2, u, false)?;
        area_rows.push(row);
        row += 2;
    }
    text(ws, row, 0, "Totalt", &f.bold)?;
    ws.write_blank(row, 1, &f.bold)?;
    total_row(ws, f, row, 2, (&area_rows, true), &r.total)?;
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_range_width(2, 9, 16)?;
    ws.set_column_width(10, 50)?;
    ws.set_column_range_width(11, 13, 16)?;
    ws.set_freeze_panes(hr + 1, 2)?;
    print_setup(ws, hr, &format!("Investeringar {year} per kategori"))
}

fn years_sheet(ws: &mut Worksheet, f: &Formats, v: &VarianceWorkbook) -> Result<()> {
    text(ws, 0, 0, &format!("Utfall per kategori {}–{} (kr)", v.first_year, v.year), &f.title)?;
    let mut row = 2;
    for cr in &v.categories {
        row = category_block(ws, f, row, cr)? + 3;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_range_width(1, 12, 15)?;
    print_setup(ws, 2, "Utfall per kategori och år")
}

/// One område's kategori × year table from `row`; returns its total row.
fn category_block(ws: &mut Worksheet, f: &Formats, mut row: u32, cr: &CategoryReport) -> Result<u32> {
    text(ws, row, 0, &format!("{}-investeringar", cr.area), &f.header)?;
    let year_fmt = f.header.clone().set_num_format("0");
    for (i, y) in cr.years.iter().enumerate() {
        ws.write_number_with_format(row, 1 + i as u16, *y as f64, &year_fmt)?;
    }
    row += 1;
    let first = row;
    for r in &cr.rows {
        text(ws, row, 0, &r.category, &f.text)?;
        for (i, c) in r.cells.iter().enumerate() {
            ws.write_number_with_format(row, 1 + i as u16, xl(c.amount), &f.money)?;
        }
        row += 1;
    }
    text(ws, row, 0, "Totalt", &f.bold)?;
    for (i, c) in cr.total.cells.iter().enumerate() {
        let c0 = 1 + i as u16;
        let expr = if row > first { super::sum_range(c0, first, row) } else { "=0".into() };
        formula(ws, row, c0, &expr, &c.amount.to_string(), &f.money_bold)?;
    }
    Ok(row)
}

const DETAIL_HEADERS: [&str; 15] = [
    "Period",
    "Datum",
    "Konto",
    "Ansvar",
    "Verksamhet",
    "Projekt",
    "Motpart",
    "Verifikation",
    "Text",
    "Belopp",
    "Område",
    "Kategori",
    "Beslutsår",
    "Fil",
    "Rad",
];

fn detail_sheet(ws: &mut Worksheet, f: &Formats, detail: &Lines, year: i32) -> Result<()> {
    headers(ws, f, 0, 0, &DETAIL_HEADERS)?;
    let mut row = 1u32;
    for l in &detail.lines {
        detail_row(ws, f, row, l)?;
        row += 1;
    }
    text(ws, row, 8, "Summa (filtrerade rader)", &f.bold)?;
    let expr = if row > 1 { format!("=SUBTOTAL(9,J2:J{row})") } else { "=0".into() };
    formula(ws, row, 9, &expr, &detail.total.to_string(), &f.money_bold)?;
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), 14)?;
    ws.set_freeze_panes(1, 0)?;
    for (c, w) in [(0, 8), (1, 11), (2, 10), (3, 10), (4, 10), (5, 16), (6, 22), (7, 16), (8, 36), (9, 15), (13, 22)] {
        ws.set_column_width(c, w)?;
    }
    print_setup(ws, 0, &format!("Verifikationer investeringar {year}"))
}

fn detail_row(ws: &mut Worksheet, f: &Formats, row: u32, l: &crate::store::LineRow) -> Result<()> {
    ws.write_number_with_format(row, 0, l.period as f64, &f.int)?;
    if let Some(d) = l.date.as_deref() {
        match ExcelDateTime::parse_from_str(d) {
            Ok(dt) => ws.write_datetime_with_format(row, 1, &dt, &f.date).map(|_| ())?,
            Err(_) => text(ws, row, 1, d, &f.text)?,
        }
    }
    let texts =
        [(2, &l.konto), (3, &l.ansvar), (4, &l.verksamhet), (5, &l.projekt), (6, &l.motpart), (7, &l.verifikation)];
    for (c, v) in texts.into_iter().chain([(8, &l.text)]) {
        if !v.is_empty() {
            text(ws, row, c, v, &f.text)?;
        }
    }
    ws.write_number_with_format(row, 9, xl(l.amount), &f.money)?;
    text(ws, row, 10, l.area.as_deref().unwrap_or(UNCLASSIFIED), &f.text)?;
    text(ws, row, 11, l.category.as_deref().unwrap_or(UNCLASSIFIED), &f.text)?;
    if let Some(y) = l.decision_year {
        ws.write_number_with_format(row, 12, y as f64, &f.int)?;
    }
    text(ws, row, 13, &l.file_name, &f.text)?;
    ws.write_number_with_format(row, 14, l.row_no as f64, &f.int)?;
    Ok(())
}

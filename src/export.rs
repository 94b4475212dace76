//! Excel workbooks a controller pastes into the annual report. Totals are
//! live formulas with their values cached (viewers that do not recalculate
//! still show them); text from source files is always written as a string,
//! quote-prefixed when it starts like a formula.

use crate::classify::UNCLASSIFIED;
use crate::error::Result;
use crate::money::Amount;
use crate::period;
use crate::store::{LineQuery, Store};
use crate::variance::{self, FrameRow};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet,
};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportOutcome {
    pub path: String,
    pub sheets: Vec<String>,
    pub detail_lines: u64,
    pub total_outcome: Amount,
}

/// Excel stores numbers as doubles: this is the one place öre become a
/// double, at the very edge of the program. Exact for any amount below
/// 2^53 öre (≈ 90 000 miljarder kr).
fn xl(a: Amount) -> f64 {
    a.0 as f64 / 100.0
}

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    text_quoted: Format,
    money: Format,
    money_bold: Format,
    pct: Format,
    pct_bold: Format,
    bold: Format,
    wrap: Format,
    int: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        // "#,##0.00" is shown with the reader's locale: 14 600 000,00 in Swedish Excel.
        let money = Format::new().set_num_format("#,##0.00;-#,##0.00;0.00");
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xDCE6F1))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic().set_font_color(Color::RGB(0x595959)),
            header,
            text: Format::new(),
            text_quoted: Format::new().set_quote_prefix(),
            money_bold: money.clone().set_bold().set_border_top(FormatBorder::Thin),
            money,
            pct: Format::new().set_num_format("0.0%"),
            pct_bold: Format::new().set_num_format("0.0%").set_bold().set_border_top(FormatBorder::Thin),
            bold: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            int: Format::new().set_num_format("0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// Text that a spreadsheet would take as a formula or command.
pub fn looks_like_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

fn text(ws: &mut Worksheet, f: &Formats, row: u32, col: u16, s: &str) -> Result<()> {
    // Strings are never formulas; the quote prefix also stops Excel from
    // turning them into one when the cell is edited.
    let fmt = if looks_like_formula(s) { &f.text_quoted } else { &f.text };
    ws.write_string_with_format(row, col, s, fmt)?;
    Ok(())
}

fn col(c: u16) -> String {
    crate::error::col_letters(c as u32)
}

fn formula(ws: &mut Worksheet, row: u32, c: u16, expr: &str, cached: &str, fmt: &Format) -> Result<()> {
    ws.write_formula_with_format(row, c, Formula::new(expr).set_result(cached), fmt)?;
    Ok(())
}

fn pct_cached(part: Amount, base: Amount) -> String {
    if base.is_zero() {
        String::new()
    } else {
        // a ratio for the cell's cached value; display only, the money stays in öre
        format!("{}", rust_decimal::Decimal::new(part.0, 0) / rust_decimal::Decimal::new(base.0, 0))
    }
}

const FRAME_COLS: [&str; 9] = [
    "Beslutad ram",
    "Utökad ram",
    "Total ram",
    "Utfall beslut före",
    "Utfall beslut",
    "Totalt investeringar",
    "Kvar av ram",
    "Nyttjandegrad",
    "Kommentar",
];

fn frame_headers(year: i32) -> Vec<String> {
    let y = year.to_string();
    vec![
        format!("Beslutad ram {y}"),
        format!("Utökad ram {y}"),
        format!("Total ram {y}"),
        format!("Utfall beslut före {y}"),
        format!("Utfall beslut {y}"),
        format!("Totalt investeringar {y}"),
        FRAME_COLS[6].to_string(),
        FRAME_COLS[7].to_string(),
        FRAME_COLS[8].to_string(),
    ]
}

/// Write one frame row starting at column `c0`: inputs as numbers, the
/// derived columns as formulas over them (with cached values).
fn frame_row(ws: &mut Worksheet, f: &Formats, row: u32, c0: u16, r: &FrameRow, bold: bool) -> Result<()> {
    let m = if bold { &f.money_bold } else { &f.money };
    let p = if bold { &f.pct_bold } else { &f.pct };
    let rr = row + 1;
    let (b, c, d, e, g, h, i) = (col(c0), col(c0 + 1), col(c0 + 2), col(c0 + 3), col(c0 + 4), col(c0 + 5), col(c0 + 6));
    ws.write_number_with_format(row, c0, xl(r.decided), m)?;
    ws.write_number_with_format(row, c0 + 1, xl(r.extended), m)?;
    formula(ws, row, c0 + 2, &format!("={b}{rr}+{c}{rr}"), &r.total_frame.to_string(), m)?;
    ws.write_number_with_format(row, c0 + 3, xl(r.outcome_before), m)?;
    ws.write_number_with_format(row, c0 + 4, xl(r.outcome_year), m)?;
    formula(ws, row, c0 + 5, &format!("={e}{rr}+{g}{rr}"), &r.outcome_total.to_string(), m)?;
    formula(ws, row, c0 + 6, &format!("={d}{rr}-{h}{rr}"), &r.remaining.to_string(), m)?;
    formula(
        ws,
        row,
        c0 + 7,
        &format!("=IF({d}{rr}=0,\"\",{h}{rr}/{d}{rr})"),
        &pct_cached(r.outcome_total, r.total_frame),
        p,
    )?;
    let _ = i;
    if let Some(cm) = &r.comment {
        let fmt = if looks_like_formula(cm) { &f.text_quoted } else { &f.wrap };
        ws.write_string_with_format(row, c0 + 8, cm, fmt)?;
    }
    Ok(())
}

/// Total row: SUM over the given data rows (0-based, inclusive) for the
/// input columns, the same derived formulas as other rows.
fn total_row(ws: &mut Worksheet, f: &Formats, row: u32, c0: u16, rows: &[u32], t: &FrameRow) -> Result<()> {
    let sum = |c: u16| -> String {
        let refs: Vec<String> = rows.iter().map(|r| format!("{}{}", col(c), r + 1)).collect();
        format!("=SUM({})", refs.join(","))
    };
    let m = &f.money_bold;
    let rr = row + 1;
    let (b, c, d, e, g, h) = (col(c0), col(c0 + 1), col(c0 + 2), col(c0 + 3), col(c0 + 4), col(c0 + 5));
    formula(ws, row, c0, &sum(c0), &t.decided.to_string(), m)?;
    formula(ws, row, c0 + 1, &sum(c0 + 1), &t.extended.to_string(), m)?;
    formula(ws, row, c0 + 2, &format!("={b}{rr}+{c}{rr}"), &t.total_frame.to_string(), m)?;
    formula(ws, row, c0 + 3, &sum(c0 + 3), &t.outcome_before.to_string(), m)?;
    formula(ws, row, c0 + 4, &sum(c0 + 4), &t.outcome_year.to_string(), m)?;
    formula(ws, row, c0 + 5, &format!("={e}{rr}+{g}{rr}"), &t.outcome_total.to_string(), m)?;
    formula(ws, row, c0 + 6, &format!("={d}{rr}-{h}{rr}"), &t.remaining.to_string(), m)?;
    formula(
        ws,
        row,
        c0 + 7,
        &format!("=IF({d}{rr}=0,\"\",{h}{rr}/{d}{rr})"),
        &pct_cached(t.outcome_total, t.total_frame),
        &f.pct_bold,
    )?;
    if let Some(cm) = &t.comment {
        ws.write_string_with_format(row, c0 + 8, cm, &f.wrap)?;
    } else {
        ws.write_blank(row, c0 + 8, &f.bold)?;
    }
    Ok(())
}

fn print_setup(ws: &mut Worksheet, header_row: u32, title: &str) -> Result<()> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_header(format!("&L{title}&RRamkoll"));
    ws.set_footer("&LUtskrivet &D&RSida &P av &N");
    Ok(())
}

/// The variance/investment workbook: Sammanfattning (the reference table and
/// a chart), Kategorier, Kategorier per år, Verifikationer (the lines behind
/// every figure).
pub fn variance_workbook(store: &Store, year: i32, period: Option<u32>, out: &Path) -> Result<ExportOutcome> {
    let report = variance::frame_report(store, year, period)?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let stamp = chrono::Local::now().naive_local();
    let props = DocProperties::new()
        .set_title(format!("Investeringar {year}"))
        .set_author("Ramkoll")
        .set_creation_datetime(&ExcelDateTime::parse_from_str(&stamp.format("%Y-%m-%dT%H:%M:%S").to_string())?);
    wb.set_properties(&props);
    let scope = match period {
        Some(p) => format!("ackumulerat t.o.m. {}", period::label_sv(p)),
        None => format!("helår {year}"),
    };
    let mut sheets = Vec::new();

    // --- Sammanfattning ---
    {
        let ws = wb.add_worksheet();
        ws.set_name("Sammanfattning")?;
        sheets.push("Sammanfattning".to_string());
        ws.write_string_with_format(0, 0, format!("Investeringar {year} – ram och utfall"), &f.title)?;
        ws.write_string_with_format(
            1,
            0,
            format!("{scope}; belopp i kr; framtaget {} med Ramkoll", stamp.format("%Y-%m-%d %H:%M")),
            &f.subtitle,
        )?;
        let hr = 3;
        ws.write_string_with_format(hr, 0, "Typ", &f.header)?;
        for (i, h) in frame_headers(year).iter().enumerate() {
            ws.write_string_with_format(hr, 1 + i as u16, h, &f.header)?;
        }
        ws.set_row_height(hr, 45)?;
        let mut row = hr + 1;
        let mut data_rows = Vec::new();
        let mut all: Vec<&FrameRow> = report.areas.iter().map(|a| &a.row).collect();
        if let Some(u) = &report.unclassified {
            all.push(u);
        }
        for r in all {
            text(ws, &f, row, 0, &r.label)?;
            frame_row(ws, &f, row, 1, r, false)?;
            data_rows.push(row);
            row += 1;
        }
        ws.write_string_with_format(row, 0, "Totalt", &f.bold)?;
        total_row(ws, &f, row, 1, &data_rows, &report.total)?;
        ws.set_column_width(0, 18)?;
        ws.set_column_range_width(1, 8, 16)?;
        ws.set_column_width(9, 50)?;
        ws.set_freeze_panes(hr + 1, 1)?;
        print_setup(ws, hr, &format!("Investeringar {year}"))?;
        for (i, w) in report.warnings.iter().enumerate() {
            ws.write_string_with_format(row + 2 + i as u32, 0, w, &f.subtitle)?;
        }
        // frame vs outcome per område
        if !data_rows.is_empty() {
            let first = data_rows[0];
            let last = *data_rows.last().unwrap_or(&first);
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name(&format!("Ram och utfall {year}"));
            chart
                .add_series()
                .set_name(("Sammanfattning", hr, 3))
                .set_categories(("Sammanfattning", first, 0, last, 0))
                .set_values(("Sammanfattning", first, 3, last, 3));
            chart
                .add_series()
                .set_name(("Sammanfattning", hr, 6))
                .set_categories(("Sammanfattning", first, 0, last, 0))
                .set_values(("Sammanfattning", first, 6, last, 6));
            chart.y_axis().set_num_format("#,##0");
            ws.insert_chart(row + 3 + report.warnings.len() as u32, 0, &chart)?;
        }
        ws.set_active(true);
    }

    // --- Drift: the operating budget, when there is one ---
    let operating = crate::variance::operating_report(store, year, period, false)?;
    if !operating.groups.is_empty() {
        sheets.push(operating_sheet(&mut wb, &f, &operating)?);
    }

    // --- Kategorier ---
    {
        let ws = wb.add_worksheet();
        ws.set_name("Kategorier")?;
        sheets.push("Kategorier".to_string());
        ws.write_string_with_format(0, 0, format!("Investeringar {year} per område och kategori ({scope})"), &f.title)?;
        let hr = 2;
        ws.write_string_with_format(hr, 0, "Område", &f.header)?;
        ws.write_string_with_format(hr, 1, "Kategori", &f.header)?;
        for (i, h) in frame_headers(year).iter().enumerate() {
            ws.write_string_with_format(hr, 2 + i as u16, h, &f.header)?;
        }
        ws.set_row_height(hr, 45)?;
        let mut row = hr + 1;
        let mut area_rows = Vec::new();
        for a in &report.areas {
            let mut cat_rows = Vec::new();
            for c in &a.categories {
                text(ws, &f, row, 0, &a.row.area)?;
                text(ws, &f, row, 1, c.category.as_deref().unwrap_or(UNCLASSIFIED))?;
                frame_row(ws, &f, row, 2, c, false)?;
                cat_rows.push(row);
                row += 1;
            }
            ws.write_string_with_format(row, 0, &a.row.area, &f.bold)?;
            ws.write_string_with_format(row, 1, format!("Summa {}", a.row.area), &f.bold)?;
            if cat_rows.is_empty() || a.row.decided != a.categories.iter().map(|c| c.decided).sum::<Amount>() {
                // area-level frame: the sum of categories is not the frame
                frame_row(ws, &f, row, 2, &a.row, true)?;
            } else {
                total_row(ws, &f, row, 2, &cat_rows, &a.row)?;
            }
            area_rows.push(row);
            row += 2;
        }
        if let Some(u) = &report.unclassified {
            text(ws, &f, row, 0, UNCLASSIFIED)?;
            frame_row(ws, &f, row, 2, u, false)?;
            area_rows.push(row);
            row += 2;
        }
        ws.write_string_with_format(row, 0, "Totalt", &f.bold)?;
        ws.write_blank(row, 1, &f.bold)?;
        total_row(ws, &f, row, 2, &area_rows, &report.total)?;
        ws.set_column_width(0, 10)?;
        ws.set_column_width(1, 18)?;
        ws.set_column_range_width(2, 9, 16)?;
        ws.set_column_width(10, 50)?;
        ws.set_freeze_panes(hr + 1, 2)?;
        print_setup(ws, hr, &format!("Investeringar {year} per kategori"))?;
    }

    // --- Kategorier per år ---
    {
        let first_year = store.years()?.first().copied().unwrap_or(year).max(year - 9).min(year);
        let ws = wb.add_worksheet();
        ws.set_name("Kategorier per år")?;
        sheets.push("Kategorier per år".to_string());
        ws.write_string_with_format(0, 0, format!("Utfall per kategori {first_year}–{year} (kr)"), &f.title)?;
        let mut row = 2;
        for area in variance::AREAS {
            let cr = variance::category_report(store, area, first_year, year)?;
            ws.write_string_with_format(row, 0, format!("{area}-investeringar"), &f.header)?;
            for (i, y) in cr.years.iter().enumerate() {
                ws.write_number_with_format(row, 1 + i as u16, *y as f64, &f.header.clone().set_num_format("0"))?;
            }
            let hr = row;
            row += 1;
            let first = row;
            for r in &cr.rows {
                text(ws, &f, row, 0, &r.category)?;
                for (i, c) in r.cells.iter().enumerate() {
                    ws.write_number_with_format(row, 1 + i as u16, xl(c.amount), &f.money)?;
                }
                row += 1;
            }
            ws.write_string_with_format(row, 0, "Totalt", &f.bold)?;
            for (i, c) in cr.total.cells.iter().enumerate() {
                let cl = col(1 + i as u16);
                let expr = if row > first { format!("=SUM({cl}{}:{cl}{})", first + 1, row) } else { "=0".into() };
                formula(ws, row, 1 + i as u16, &expr, &c.amount.to_string(), &f.money_bold)?;
            }
            let _ = hr;
            row += 3;
        }
        ws.set_column_width(0, 20)?;
        ws.set_column_range_width(1, 12, 15)?;
        print_setup(ws, 2, "Utfall per kategori och år")?;
    }

    // --- Verifikationer ---
    let detail = store.lines(&LineQuery {
        year: Some(year),
        period_to: period,
        investments: true,
        limit: Some(u32::MAX),
        ..Default::default()
    })?;
    {
        let ws = wb.add_worksheet();
        ws.set_name("Verifikationer")?;
        sheets.push("Verifikationer".to_string());
        let heads = [
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
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &f.header)?;
        }
        let mut row = 1u32;
        for l in &detail.lines {
            ws.write_number_with_format(row, 0, l.period as f64, &f.int)?;
            if let Some(d) = l.date.as_deref() {
                match ExcelDateTime::parse_from_str(d) {
                    Ok(dt) => {
                        ws.write_datetime_with_format(row, 1, &dt, &f.date)?;
                    }
                    Err(_) => text(ws, &f, row, 1, d)?,
                }
            }
            for (c, v) in [
                (2, &l.konto),
                (3, &l.ansvar),
                (4, &l.verksamhet),
                (5, &l.projekt),
                (6, &l.motpart),
                (7, &l.verifikation),
                (8, &l.text),
            ] {
                if !v.is_empty() {
                    text(ws, &f, row, c, v)?;
                }
            }
            ws.write_number_with_format(row, 9, xl(l.amount), &f.money)?;
            text(ws, &f, row, 10, l.area.as_deref().unwrap_or(UNCLASSIFIED))?;
            text(ws, &f, row, 11, l.category.as_deref().unwrap_or(UNCLASSIFIED))?;
            if let Some(y) = l.decision_year {
                ws.write_number_with_format(row, 12, y as f64, &f.int)?;
            }
            text(ws, &f, row, 13, &l.file_name)?;
            ws.write_number_with_format(row, 14, l.row_no as f64, &f.int)?;
            row += 1;
        }
        ws.write_string_with_format(row, 8, "Summa (filtrerade rader)", &f.bold)?;
        let expr = if row > 1 { format!("=SUBTOTAL(9,J2:J{row})") } else { "=0".into() };
        formula(ws, row, 9, &expr, &detail.total.to_string(), &f.money_bold)?;
        ws.autofilter(0, 0, row.saturating_sub(1).max(1), 14)?;
        ws.set_freeze_panes(1, 0)?;
        ws.set_column_width(0, 8)?;
        ws.set_column_width(1, 11)?;
        ws.set_column_range_width(2, 4, 10)?;
        ws.set_column_width(5, 16)?;
        ws.set_column_width(6, 22)?;
        ws.set_column_width(7, 16)?;
        ws.set_column_width(8, 36)?;
        ws.set_column_width(9, 15)?;
        ws.set_column_width(13, 22)?;
        print_setup(ws, 0, &format!("Verifikationer investeringar {year}"))?;
    }

    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    wb.save(out)?;
    Ok(ExportOutcome {
        path: out.display().to_string(),
        sheets,
        detail_lines: detail.total_rows,
        total_outcome: report.total.outcome_total,
    })
}

/// The rules as an editable sheet; `rules import` reads it back.
pub fn rules_workbook(rules: &[crate::classify::Rule], out: &Path) -> Result<()> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Regler")?;
    let heads = ["Ordning", "Fält", "Mönster", "Område", "Kategori", "Kostnadsslag", "VO", "Kommentar"];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &f.header)?;
    }
    for (i, r) in rules.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number(row, 0, row as f64)?;
        text(ws, &f, row, 1, r.field.label())?;
        text(ws, &f, row, 2, &r.pattern)?;
        for (c, v) in [(3, &r.area), (4, &r.category), (5, &r.cost_type), (6, &r.vo), (7, &r.note)] {
            if let Some(v) = v {
                text(ws, &f, row, c, v)?;
            }
        }
    }
    ws.set_column_width(2, 18)?;
    ws.set_column_range_width(3, 6, 14)?;
    ws.set_column_width(7, 40)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rules.len().max(1) as u32, 7)?;
    wb.save(out)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffingExport {
    pub path: String,
    pub sheets: Vec<String>,
    pub total: Amount,
}

fn pct_cell(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    expr: &str,
    cached: Option<rust_decimal::Decimal>,
    fmt: &Format,
) -> Result<()> {
    let cached = cached.map(|p| (p / rust_decimal::Decimal::ONE_HUNDRED).to_string()).unwrap_or_default();
    formula(ws, row, c, expr, &cached, fmt)
}

/// The operating variance as a sheet: groups with their kostnadsslag,
/// variances as formulas (surplus positive), forecast and comments.
fn operating_sheet(wb: &mut Workbook, f: &Formats, r: &crate::variance::OperatingReport) -> Result<String> {
    let name = "Drift".to_string();
    let ws = wb.add_worksheet();
    ws.set_name(&name)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Driftresultat {} t.o.m. {} – budget, utfall och prognos", r.year, period::label_sv(r.period)),
        &f.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        format!("Avvikelse: överskott positivt. Prognos: {}", r.forecast_label),
        &f.subtitle,
    )?;
    let hr = 3;
    let heads = [
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
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(hr, i as u16, *h, &f.header)?;
    }
    ws.set_row_height(hr, 32)?;
    let mut row = hr + 1;
    let mut group_rows = Vec::new();
    // revenue adds to the result, costs subtract; variances simply add up
    let write_leaf =
        |ws: &mut Worksheet, row: u32, label: &str, x: &crate::variance::OperatingRow, bold: bool| -> Result<()> {
            let m = if bold { &f.money_bold } else { &f.money };
            let p = if bold { &f.pct_bold } else { &f.pct };
            let rr = row + 1;
            if bold {
                ws.write_string_with_format(row, 0, label, &f.bold)?;
            } else {
                text(ws, f, row, 0, label)?;
            }
            ws.write_number_with_format(row, 1, xl(x.budget), m)?;
            ws.write_number_with_format(row, 2, xl(x.period_budget), m)?;
            ws.write_number_with_format(row, 3, xl(x.outcome), m)?;
            let var = if x.revenue { format!("=D{rr}-C{rr}") } else { format!("=C{rr}-D{rr}") };
            formula(ws, row, 4, &var, &x.variance.to_string(), m)?;
            pct_cell(ws, row, 5, &format!("=IF(C{rr}=0,\"\",E{rr}/ABS(C{rr}))"), x.variance_pct, p)?;
            ws.write_number_with_format(row, 6, xl(x.forecast), m)?;
            let fv = if x.revenue { format!("=G{rr}-B{rr}") } else { format!("=B{rr}-G{rr}") };
            formula(ws, row, 7, &fv, &x.forecast_variance.to_string(), m)?;
            if let Some(c) = &x.comment {
                let fmt = if looks_like_formula(c) { &f.text_quoted } else { &f.wrap };
                ws.write_string_with_format(row, 8, c, fmt)?;
            }
            Ok(())
        };
    for g in &r.groups {
        let first = row;
        for c in &g.cost_types {
            write_leaf(ws, row, &format!("  {}", c.label), c, false)?;
            row += 1;
        }
        // the group row sums its kostnadsslag
        let rr = row + 1;
        ws.write_string_with_format(row, 0, &g.row.label, &f.bold)?;
        for (c, v) in [(1u16, g.row.budget), (2, g.row.period_budget), (3, g.row.outcome), (6, g.row.forecast)] {
            let cl = col(c);
            formula(ws, row, c, &format!("=SUM({cl}{}:{cl}{})", first + 1, row), &v.to_string(), &f.money_bold)?;
        }
        let var = if g.row.revenue { format!("=D{rr}-C{rr}") } else { format!("=C{rr}-D{rr}") };
        formula(ws, row, 4, &var, &g.row.variance.to_string(), &f.money_bold)?;
        pct_cell(ws, row, 5, &format!("=IF(C{rr}=0,\"\",E{rr}/ABS(C{rr}))"), g.row.variance_pct, &f.pct_bold)?;
        let fv = if g.row.revenue { format!("=G{rr}-B{rr}") } else { format!("=B{rr}-G{rr}") };
        formula(ws, row, 7, &fv, &g.row.forecast_variance.to_string(), &f.money_bold)?;
        if let Some(c) = &g.row.comment {
            ws.write_string_with_format(row, 8, c, &f.wrap)?;
        }
        group_rows.push((row, g.row.revenue));
        row += 2;
    }
    // Resultat = revenue − costs; its variance the sum of all variances
    let rr = row + 1;
    ws.write_string_with_format(row, 0, "Resultat", &f.bold)?;
    for (c, v) in [(1u16, r.result.budget), (2, r.result.period_budget), (3, r.result.outcome), (6, r.result.forecast)]
    {
        let cl = col(c);
        let terms: Vec<String> =
            group_rows.iter().map(|(gr, rev)| format!("{}{cl}{}", if *rev { "+" } else { "-" }, gr + 1)).collect();
        formula(ws, row, c, &format!("={}", terms.join("")), &v.to_string(), &f.money_bold)?;
    }
    for (c, v) in [(4u16, r.result.variance), (7, r.result.forecast_variance)] {
        let cl = col(c);
        let terms: Vec<String> = group_rows.iter().map(|(gr, _)| format!("{cl}{}", gr + 1)).collect();
        formula(ws, row, c, &format!("=SUM({})", terms.join(",")), &v.to_string(), &f.money_bold)?;
    }
    pct_cell(ws, row, 5, &format!("=IF(C{rr}=0,\"\",E{rr}/ABS(C{rr}))"), r.result.variance_pct, &f.pct_bold)?;
    if let Some(c) = &r.result.comment {
        ws.write_string_with_format(row, 8, c, &f.wrap)?;
    }
    for (i, w) in r.warnings.iter().enumerate() {
        ws.write_string_with_format(row + 2 + i as u32, 0, w, &f.subtitle)?;
    }
    ws.set_column_width(0, 26)?;
    ws.set_column_range_width(1, 7, 16)?;
    ws.set_column_width(8, 50)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    print_setup(ws, hr, &format!("Driftresultat {}", r.year))?;
    Ok(name)
}

/// The staffing workbook: per VO, per cost type, one sheet per staffing
/// column by month, and the monthly staff cost against budget with a chart.
pub fn staffing_workbook(store: &Store, year: i32, period: Option<u32>, out: &Path) -> Result<StaffingExport> {
    use crate::classify::STAFF_COLUMNS;
    let r = crate::staffing::staffing_report(store, year, period)?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut sheets = Vec::new();
    let scope = format!("t.o.m. {}", period::label_sv(r.period));
    {
        let ws = wb.add_worksheet();
        ws.set_name("Per VO")?;
        sheets.push("Per VO".to_string());
        ws.write_string_with_format(0, 0, format!("Personalkostnader {year} {scope}"), &f.title)?;
        ws.write_string_with_format(
            1,
            0,
            format!(
                "Årsarbetare = arbetade timmar / {} h per år; PO-pålägg {} %; avvikelse = budget − utfall (överskott positivt)",
                r.annual_hours, r.po_rate
            ),
            &f.subtitle,
        )?;
        let hr = 3;
        let mut heads: Vec<String> = vec!["VO".into()];
        heads.extend(STAFF_COLUMNS.iter().map(|s| s.to_string()));
        heads.extend(
            [
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
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(hr, i as u16, h, &f.header)?;
        }
        ws.set_row_height(hr, 45)?;
        let n = STAFF_COLUMNS.len() as u16;
        let mut row = hr + 1;
        let write = |ws: &mut Worksheet,
                     row: u32,
                     x: &crate::staffing::StaffingRow,
                     total: Option<(u32, u32)>|
         -> Result<()> {
            let bold = total.is_some();
            let m = if bold { &f.money_bold } else { &f.money };
            let p = if bold { &f.pct_bold } else { &f.pct };
            let rr = row + 1;
            if bold {
                ws.write_string_with_format(row, 0, &x.vo, &f.bold)?;
            } else {
                text(ws, &f, row, 0, &x.vo)?;
            }
            for (i, c) in STAFF_COLUMNS.iter().enumerate() {
                let v = x.costs.get(*c).copied().unwrap_or_default();
                match total {
                    Some((a, b)) => {
                        let cl = col(1 + i as u16);
                        formula(ws, row, 1 + i as u16, &format!("=SUM({cl}{}:{cl}{})", a + 1, b), &v.to_string(), m)?
                    }
                    None => {
                        ws.write_number_with_format(row, 1 + i as u16, xl(v), m)?;
                    }
                }
            }
            // staff costs outside the five columns (e.g. övriga personalkostnader) are part of Totalt
            let other =
                x.total - STAFF_COLUMNS.iter().map(|c| x.costs.get(*c).copied().unwrap_or_default()).sum::<Amount>();
            let tot = if other.is_zero() {
                format!("=SUM(B{rr}:{}{rr})", col(n))
            } else {
                format!("=SUM(B{rr}:{}{rr})+{}", col(n), other)
            };
            formula(ws, row, n + 1, &tot, &x.total.to_string(), m)?;
            let (tc, bc, lc) = (col(n + 1), col(n + 2), col(n + 4));
            match total {
                Some((a, b)) => {
                    formula(ws, row, n + 2, &format!("=SUM({bc}{}:{bc}{})", a + 1, b), &x.budget.to_string(), m)?;
                    formula(ws, row, n + 4, &format!("=SUM({lc}{}:{lc}{})", a + 1, b), &x.last_year.to_string(), m)?;
                }
                None => {
                    ws.write_number_with_format(row, n + 2, xl(x.budget), m)?;
                    ws.write_number_with_format(row, n + 4, xl(x.last_year), m)?;
                }
            }
            formula(ws, row, n + 3, &format!("={bc}{rr}-{tc}{rr}"), &x.variance.to_string(), m)?;
            pct_cell(ws, row, n + 5, &format!("=IF({lc}{rr}=0,\"\",({tc}{rr}-{lc}{rr})/{lc}{rr})"), x.change_pct, p)?;
            let two = Format::new().set_num_format("0.00");
            ws.write_number_with_format(row, n + 6, x.fte.to_f64().unwrap_or(0.0), &two)?;
            if let Some(c) = x.cost_per_fte {
                ws.write_number_with_format(row, n + 7, xl(c), m)?;
            }
            ws.write_number_with_format(row, n + 8, x.hours.extra.to_f64().unwrap_or(0.0), &f.money)?;
            if let Some(s) = x.extra_share_pct {
                ws.write_number_with_format(
                    row,
                    n + 9,
                    (s / rust_decimal::Decimal::ONE_HUNDRED).to_f64().unwrap_or(0.0),
                    p,
                )?;
            }
            if let Some(s) = x.sick_pct {
                ws.write_number_with_format(
                    row,
                    n + 10,
                    (s / rust_decimal::Decimal::ONE_HUNDRED).to_f64().unwrap_or(0.0),
                    p,
                )?;
            }
            if let Some(c) = &x.comment {
                let fmt = if looks_like_formula(c) { &f.text_quoted } else { &f.wrap };
                ws.write_string_with_format(row, n + 11, c, fmt)?;
            }
            Ok(())
        };
        let first = row;
        for x in &r.rows {
            write(ws, row, x, None)?;
            row += 1;
        }
        write(ws, row, &r.total, Some((first, row)))?;
        ws.set_column_width(0, 24)?;
        ws.set_column_range_width(1, n + 10, 14)?;
        ws.set_column_width(n + 11, 40)?;
        ws.set_freeze_panes(hr + 1, 1)?;
        print_setup(ws, hr, &format!("Personalkostnader {year}"))?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Per kostnadsslag")?;
        sheets.push("Per kostnadsslag".to_string());
        ws.write_string_with_format(0, 0, format!("Personalkostnader per kostnadsslag {year} {scope}"), &f.title)?;
        let hr = 2;
        for (i, h) in
            ["Kostnadsslag", "Utfall", "Budget", "Avvikelse", "Fg år samma period", "Förändring", "Förändring %"]
                .iter()
                .enumerate()
        {
            ws.write_string_with_format(hr, i as u16, *h, &f.header)?;
        }
        ws.set_row_height(hr, 32)?;
        let mut row = hr + 1;
        for c in &r.by_cost_type {
            let rr = row + 1;
            text(ws, &f, row, 0, &c.name)?;
            ws.write_number_with_format(row, 1, xl(c.outcome), &f.money)?;
            ws.write_number_with_format(row, 2, xl(c.budget), &f.money)?;
            formula(ws, row, 3, &format!("=C{rr}-B{rr}"), &c.variance.to_string(), &f.money)?;
            ws.write_number_with_format(row, 4, xl(c.last_year), &f.money)?;
            formula(ws, row, 5, &format!("=B{rr}-E{rr}"), &c.change.to_string(), &f.money)?;
            pct_cell(ws, row, 6, &format!("=IF(E{rr}=0,\"\",F{rr}/E{rr})"), c.change_pct, &f.pct)?;
            row += 1;
        }
        ws.write_string_with_format(
            row + 1,
            0,
            format!(
                "Extra tid (övertid + mertid + fyllnadstid): {} h mot {} h samma period föregående år",
                crate::money::format_decimal_sv(r.total.hours.extra, 0),
                crate::money::format_decimal_sv(r.extra_hours_last_year.extra, 0)
            ),
            &f.subtitle,
        )?;
        if let Some(p) = r.extra_hours_change_pct {
            ws.write_string_with_format(
                row + 2,
                0,
                format!("Förändring extra tid: {} %", p.to_string().replace('.', ",")),
                &f.subtitle,
            )?;
        }
        ws.set_column_width(0, 20)?;
        ws.set_column_range_width(1, 6, 16)?;
        print_setup(ws, hr, &format!("Personalkostnader per kostnadsslag {year}"))?;
    }
    let months = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    let upto = period::month_of(r.period) as usize;
    for c in STAFF_COLUMNS {
        let data = crate::staffing::column_by_month(store, year, r.period, c)?;
        let ws = wb.add_worksheet();
        ws.set_name(c)?;
        sheets.push(c.to_string());
        ws.write_string_with_format(0, 0, format!("{c} per VO och månad {year} (kr)"), &f.title)?;
        let hr = 2;
        ws.write_string_with_format(hr, 0, "VO", &f.header)?;
        for (i, m) in months.iter().take(upto).enumerate() {
            ws.write_string_with_format(hr, 1 + i as u16, *m, &f.header)?;
        }
        ws.write_string_with_format(hr, 1 + upto as u16, "Summa", &f.header)?;
        let mut row = hr + 1;
        for (vo, vals) in &data {
            text(ws, &f, row, 0, vo)?;
            for (i, v) in vals.iter().take(upto).enumerate() {
                ws.write_number_with_format(row, 1 + i as u16, xl(*v), &f.money)?;
            }
            let sum: Amount = vals.iter().take(upto).copied().sum();
            formula(
                ws,
                row,
                1 + upto as u16,
                &format!("=SUM(B{0}:{1}{0})", row + 1, col(upto as u16)),
                &sum.to_string(),
                &f.money_bold,
            )?;
            row += 1;
        }
        ws.write_string_with_format(row, 0, "Totalt", &f.bold)?;
        for i in 0..=upto {
            let cl = col(1 + i as u16);
            let v: Amount = if i < upto {
                data.values().map(|x| x[i]).sum()
            } else {
                data.values().flat_map(|x| x.iter().take(upto).copied()).sum()
            };
            let expr = if row > hr + 1 { format!("=SUM({cl}{}:{cl}{})", hr + 2, row) } else { "=0".into() };
            formula(ws, row, 1 + i as u16, &expr, &v.to_string(), &f.money_bold)?;
        }
        ws.set_column_width(0, 24)?;
        ws.set_column_range_width(1, upto as u16 + 1, 13)?;
        ws.set_freeze_panes(hr + 1, 1)?;
        print_setup(ws, hr, &format!("{c} {year}"))?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Per månad")?;
        sheets.push("Per månad".to_string());
        ws.write_string_with_format(0, 0, format!("Personalkostnad per månad mot budget {year}"), &f.title)?;
        let hr = 2;
        for (i, h) in ["Månad", "Utfall", "Budget", "Avvikelse"].iter().enumerate() {
            ws.write_string_with_format(hr, i as u16, *h, &f.header)?;
        }
        let mut row = hr + 1;
        for m in &r.monthly {
            let rr = row + 1;
            ws.write_string(row, 0, period::label_sv(m.period))?;
            ws.write_number_with_format(row, 1, xl(m.outcome), &f.money)?;
            ws.write_number_with_format(row, 2, xl(m.budget), &f.money)?;
            formula(ws, row, 3, &format!("=C{rr}-B{rr}"), &(m.budget - m.outcome).to_string(), &f.money)?;
            row += 1;
        }
        let last = row.saturating_sub(1).max(hr + 1);
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(&format!("Personalkostnad per månad {year}"));
        chart.add_series().set_name("Utfall").set_categories(("Per månad", hr + 1, 0, last, 0)).set_values((
            "Per månad",
            hr + 1,
            1,
            last,
            1,
        ));
        chart.add_series().set_name("Budget").set_categories(("Per månad", hr + 1, 0, last, 0)).set_values((
            "Per månad",
            hr + 1,
            2,
            last,
            2,
        ));
        chart.y_axis().set_num_format("#,##0");
        ws.insert_chart(hr, 5, &chart)?;
        ws.set_column_width(0, 16)?;
        ws.set_column_range_width(1, 3, 16)?;
        print_setup(ws, hr, &format!("Personalkostnad per månad {year}"))?;
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    wb.save(out)?;
    Ok(StaffingExport { path: out.display().to_string(), sheets, total: r.total.total })
}

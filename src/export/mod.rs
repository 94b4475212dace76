//! Excel workbooks a controller pastes into the annual report. The export
//! writes reports it is given (the app layer runs them); it runs no queries.
//! Totals are live formulas with their values cached (viewers that do not
//! recalculate still show them). Every cell whose text is not a literal of
//! ours goes through [`text`], which writes it as a string and
//! quote-prefixes anything that starts like a formula.
//!
//! `variance` (with `operating`, the Drift sheet, and `capital`, the
//! Kapitalkostnader sheet), `capital::write_plan`, `staffing`, `rules`,
//! `control` (the control report for the auditors).

mod capital;
mod control;
mod forecasts;
mod operating;
mod rules;
mod staffing;
mod variance;

pub use capital::{treatment_label, write_plan, CapitalSheet, PlanExport, PlanWorkbook};
pub use control::{write_control, ControlExport};
pub use rules::rules_workbook;
pub use staffing::{write_staffing, StaffingWorkbook};
pub use variance::{write_variance, VarianceWorkbook};

use crate::error::{Error, Result};
use crate::money::Amount;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet};
use serde::Serialize;
use std::path::Path;

/// What the variance export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportOutcome {
    pub path: String,
    pub sheets: Vec<String>,
    pub detail_lines: u64,
    pub total_outcome: Amount,
}

/// What the staffing export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffingExport {
    pub path: String,
    pub sheets: Vec<String>,
    pub total: Amount,
}

/// Excel stores numbers as doubles: this is the one place öre become a
/// double, at the very edge of the program. Exact for any amount below
/// 2^53 öre (≈ 90 000 miljarder kr).
fn xl(a: Amount) -> f64 {
    a.0 as f64 / 100.0
}

/// A decimal (FTE, hours, a ratio) as the double Excel stores; display only.
fn xl_dec(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
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

    fn money(&self, bold: bool) -> &Format {
        if bold {
            &self.money_bold
        } else {
            &self.money
        }
    }

    fn pct(&self, bold: bool) -> &Format {
        if bold {
            &self.pct_bold
        } else {
            &self.pct
        }
    }
}

/// Text that a spreadsheet would take as a formula or command.
pub fn looks_like_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// The one way text reaches a cell: always a string, and quote-prefixed
/// when it starts like a formula, so editing it in Excel keeps it text.
fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, fmt: &Format) -> Result<()> {
    if looks_like_formula(s) {
        ws.write_string_with_format(row, col, s, &fmt.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, s, fmt)?;
    }
    Ok(())
}

/// Headers in one row from column `c0`.
fn headers<S: AsRef<str>>(ws: &mut Worksheet, f: &Formats, row: u32, c0: u16, heads: &[S]) -> Result<()> {
    for (i, h) in heads.iter().enumerate() {
        text(ws, row, c0 + i as u16, h.as_ref(), &f.header)?;
    }
    Ok(())
}

fn col(c: u16) -> String {
    crate::error::col_letters(c as u32)
}

fn formula(ws: &mut Worksheet, row: u32, c: u16, expr: &str, cached: &str, fmt: &Format) -> Result<()> {
    ws.write_formula_with_format(row, c, Formula::new(expr).set_result(cached), fmt)?;
    Ok(())
}

/// `=SUM(Xa:Xb)` over 0-based rows `first..last` (exclusive) of column `c`.
fn sum_range(c: u16, first: u32, last: u32) -> String {
    let cl = col(c);
    format!("=SUM({cl}{}:{cl}{})", first + 1, last)
}

fn pct_cached(part: Amount, base: Amount) -> String {
    if base.is_zero() {
        String::new()
    } else {
        // a ratio for the cell's cached value; display only, the money stays in öre
        format!("{}", Decimal::new(part.0, 0) / Decimal::new(base.0, 0))
    }
}

/// A percentage formula whose cached value is the report's percent.
fn pct_cell(ws: &mut Worksheet, row: u32, c: u16, expr: &str, cached: Option<Decimal>, fmt: &Format) -> Result<()> {
    let cached = cached.map(|p| (p / Decimal::ONE_HUNDRED).to_string()).unwrap_or_default();
    formula(ws, row, c, expr, &cached, fmt)
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

/// A new sheet named `name` (its name also goes to `sheets`).
fn sheet<'a>(wb: &'a mut Workbook, name: &str, sheets: &mut Vec<String>) -> Result<&'a mut Worksheet> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    sheets.push(name.to_string());
    Ok(ws)
}

/// Write the workbook beside `out` under a temporary name, then put it in
/// place: a workbook open in Excel, which Windows will not let us replace,
/// stays as it was, and no half-written file is left behind either way.
fn save(wb: &mut Workbook, out: &Path) -> Result<()> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::save_output(dir, &e))?;
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export.xlsx".into());
    let tmp = out.with_file_name(format!("{name}.ramkoll-tmp"));
    let written = match wb.save(&tmp) {
        Err(rust_xlsxwriter::XlsxError::IoError(e)) => Err(Error::save_output(out, &e)),
        Err(e) => Err(e.into()),
        Ok(()) => std::fs::rename(&tmp, out).map_err(|e| Error::save_output(out, &e)),
    };
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

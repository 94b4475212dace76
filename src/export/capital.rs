//! Capital costs in Excel: the Kapitalkostnader sheet of the variance
//! workbook (per område and kategori, the depreciation beside the budget and
//! the ledger, and the assets behind it) and the costing of a planned
//! purchase (`write_plan`), laid out to paste into a board report.

use super::{col, formula, headers, print_setup, save, sheet, text, xl, Formats};
use crate::capital::{CapitalReport, CapitalRow, DepreciationComparison, PlanCost, PlanFigures, PlanInputs, Treatment};
use crate::error::Result;
use crate::money::Amount;
use crate::period;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};
use serde::Serialize;
use std::path::Path;

/// The Kapitalkostnader sheet's figures for one year.
#[derive(Debug, Clone)]
pub struct CapitalSheet {
    pub year: i32,
    /// Covers `year`.
    pub report: CapitalReport,
    /// The internal rate of the year, percent.
    pub rate: Decimal,
    pub comparison: Option<DepreciationComparison>,
}

const CAPITAL_HEADERS: [&str; 8] = [
    "Område",
    "Kategori",
    "Tillgångar",
    "varav antagna",
    "Avskrivningar",
    "Internränta",
    "Kapitalkostnad",
    "Bokfört värde vid årets slut",
];

fn capital_row(ws: &mut Worksheet, f: &Formats, row: u32, r: &CapitalRow, year: i32, bold: bool) -> Result<()> {
    let y = r.year(year);
    let m = f.money(bold);
    ws.write_number_with_format(row, 2, f64::from(r.assets), &f.int)?;
    ws.write_number_with_format(row, 3, f64::from(r.assumed), &f.int)?;
    ws.write_number_with_format(row, 4, xl(y.depreciation), m)?;
    ws.write_number_with_format(row, 5, xl(y.interest), m)?;
    let rr = row + 1;
    formula(ws, row, 6, &format!("=E{rr}+F{rr}"), &y.capital_cost.to_string(), m)?;
    ws.write_number_with_format(row, 7, xl(y.book_value), m)?;
    Ok(())
}

/// A sum row over `rows` (0-based) for columns C–H, Kapitalkostnad as E+F.
fn capital_sum(ws: &mut Worksheet, f: &Formats, row: u32, rows: &[u32], r: &CapitalRow, year: i32) -> Result<()> {
    let y = r.year(year);
    let sum = |c: u16| -> String {
        let refs: Vec<String> = rows.iter().map(|x| format!("{}{}", col(c), x + 1)).collect();
        if refs.is_empty() {
            "=0".into()
        } else {
            format!("=SUM({})", refs.join(","))
        }
    };
    let m = &f.money_bold;
    let int_bold = f.int.clone().set_bold();
    formula(ws, row, 2, &sum(2), &r.assets.to_string(), &int_bold)?;
    formula(ws, row, 3, &sum(3), &r.assumed.to_string(), &int_bold)?;
    formula(ws, row, 4, &sum(4), &y.depreciation.to_string(), m)?;
    formula(ws, row, 5, &sum(5), &y.interest.to_string(), m)?;
    let rr = row + 1;
    formula(ws, row, 6, &format!("=E{rr}+F{rr}"), &y.capital_cost.to_string(), m)?;
    formula(ws, row, 7, &sum(7), &y.book_value.to_string(), m)
}

/// The Kapitalkostnader sheet of the variance workbook.
pub(super) fn capital_sheet(ws: &mut Worksheet, f: &Formats, c: &CapitalSheet) -> Result<()> {
    let year = c.year;
    text(ws, 0, 0, &format!("Kapitalkostnader {year}"), &f.title)?;
    let rate = c.rate.normalize().to_string().replace('.', ",");
    let sub = format!("belopp i kr; linjär avskrivning per månad, internränta {rate} % på bokfört värde");
    text(ws, 1, 0, &sub, &f.subtitle)?;
    let hr = 3;
    headers(ws, f, hr, 0, &CAPITAL_HEADERS)?;
    ws.set_row_height(hr, 30)?;
    let mut row = hr + 1;
    let mut area_rows = Vec::new();
    for a in &c.report.areas {
        let first = row;
        for cat in &a.categories {
            text(ws, row, 0, &a.row.area, &f.text)?;
            text(ws, row, 1, &cat.label, &f.text)?;
            capital_row(ws, f, row, cat, year, false)?;
            row += 1;
        }
        text(ws, row, 0, &a.row.area, &f.bold)?;
        text(ws, row, 1, &format!("Summa {}", a.row.area), &f.bold)?;
        capital_sum(ws, f, row, &(first..row).collect::<Vec<_>>(), &a.row, year)?;
        area_rows.push(row);
        row += 2;
    }
    text(ws, row, 0, "Totalt", &f.bold)?;
    ws.write_blank(row, 1, &f.bold)?;
    capital_sum(ws, f, row, &area_rows, &c.report.total, year)?;
    row += 3;
    if let Some(cmp) = &c.comparison {
        row = comparison_block(ws, f, row, cmp)? + 3;
    }
    asset_list(ws, f, row, &c.report, year)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_range_width(2, 3, 12)?;
    ws.set_column_range_width(4, 10, 16)?;
    ws.set_freeze_panes(hr + 1, 2)?;
    print_setup(ws, hr, &format!("Kapitalkostnader {year}"))
}

/// Depreciation: budget, booked and computed side by side; returns the last row.
fn comparison_block(ws: &mut Worksheet, f: &Formats, row: u32, c: &DepreciationComparison) -> Result<u32> {
    let to = period::label_sv(c.period);
    text(ws, row, 0, &format!("Avskrivningar {}: budget, bokfört och beräknat", c.year), &f.header)?;
    ws.write_blank(row, 1, &f.header)?;
    let lines: [(String, Amount); 6] = [
        ("Budget helår".into(), c.budget),
        (format!("Periodbudget t.o.m. {to}"), c.period_budget),
        (format!("Bokfört t.o.m. {to} (huvudbok)"), c.outcome),
        (format!("Beräknat t.o.m. {to} (anläggningsregister)"), c.computed_to_period),
        ("Beräknat helår".into(), c.computed),
        (format!("varav tillgångar aktiverade {}", c.year), c.activated_in_year),
    ];
    let first = row + 1;
    for (i, (label, v)) in lines.iter().enumerate() {
        let r = first + i as u32;
        text(ws, r, 0, label, &f.text)?;
        ws.write_number_with_format(r, 2, xl(*v), &f.money)?;
    }
    let (b, o, ct, cy) = (first + 1, first + 3, first + 4, first + 5);
    let r = first + lines.len() as u32;
    text(ws, r, 0, "Bokfört − beräknat", &f.bold)?;
    formula(ws, r, 2, &format!("=C{o}-C{ct}"), &c.outcome_less_computed.to_string(), &f.money_bold)?;
    text(ws, r + 1, 0, "Budget − beräknat helår", &f.bold)?;
    formula(ws, r + 1, 2, &format!("=C{b}-C{cy}"), &c.budget_less_computed.to_string(), &f.money_bold)?;
    Ok(r + 1)
}

const ASSET_HEADERS: [&str; 11] = [
    "Objekt/Projekt",
    "Område",
    "Kategori",
    "Anskaffningsvärde",
    "Aktiverad",
    "Nyttjandeperiod (år)",
    "Avskrivningar",
    "Internränta",
    "Kapitalkostnad",
    "Bokfört värde vid årets slut",
    "Antaget",
];

/// The assets behind the figures, with the assumed ones marked.
fn asset_list(ws: &mut Worksheet, f: &Formats, mut row: u32, r: &CapitalReport, year: i32) -> Result<()> {
    text(ws, row, 0, "Tillgångarna bakom beloppen", &f.title)?;
    row += 1;
    headers(ws, f, row, 0, &ASSET_HEADERS)?;
    row += 1;
    for a in &r.assets {
        let y = a.years.iter().find(|y| y.year == year).copied().unwrap_or_default();
        text(ws, row, 0, &a.asset.id, &f.text)?;
        text(ws, row, 1, &a.asset.area, &f.text)?;
        text(ws, row, 2, &a.asset.category, &f.text)?;
        ws.write_number_with_format(row, 3, xl(a.asset.value), &f.money)?;
        ws.write_number_with_format(row, 4, f64::from(a.asset.activation), &f.int)?;
        ws.write_number_with_format(row, 5, f64::from(a.asset.life_years), &f.int)?;
        ws.write_number_with_format(row, 6, xl(y.depreciation), &f.money)?;
        ws.write_number_with_format(row, 7, xl(y.interest), &f.money)?;
        let rr = row + 1;
        formula(ws, row, 8, &format!("=G{rr}+H{rr}"), &y.capital_cost.to_string(), &f.money)?;
        ws.write_number_with_format(row, 9, xl(y.book_value), &f.money)?;
        if a.asset.assumed {
            text(ws, row, 10, "antaget", &f.text)?;
        }
        row += 1;
    }
    Ok(())
}

/// A planned purchase and its costing, for `write_plan`.
#[derive(Debug, Clone)]
pub struct PlanWorkbook {
    pub id: i64,
    pub text: String,
    pub area: String,
    pub category: Option<String>,
    pub inputs: PlanInputs,
    pub cost: PlanCost,
    pub created: NaiveDateTime,
}

/// What the plan export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanExport {
    pub path: String,
    pub sheets: Vec<String>,
    pub net_effect: Amount,
}

/// Write the costing of a planned purchase to `out`.
pub fn write_plan(p: &PlanWorkbook, out: &Path) -> Result<PlanExport> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let stamp = p.created.format("%Y-%m-%dT%H:%M:%S").to_string();
    let props = DocProperties::new()
        .set_title(format!("Kalkyl planerad anskaffning {}", p.id))
        .set_author("Ramkoll")
        .set_creation_datetime(&ExcelDateTime::parse_from_str(&stamp)?);
    wb.set_properties(&props);
    let mut sheets = Vec::new();
    let ws = sheet(&mut wb, "Kalkyl", &mut sheets)?;
    let table = inputs_block(ws, &f, p)? + 2;
    costing_table(ws, &f, table, &p.cost)?;
    ws.set_column_width(0, 38)?;
    ws.set_column_range_width(1, 1 + p.cost.years.len() as u16, 16)?;
    print_setup(ws, table, &format!("Kalkyl: {}", p.text))?;
    save(&mut wb, out)?;
    Ok(PlanExport { path: out.display().to_string(), sheets, net_effect: p.cost.total.net_effect })
}

/// Title and the costing's inputs; returns the last row written.
fn inputs_block(ws: &mut Worksheet, f: &Formats, p: &PlanWorkbook) -> Result<u32> {
    let title = if p.text.is_empty() { format!("Planerad anskaffning {}", p.id) } else { p.text.clone() };
    text(ws, 0, 0, &format!("Kalkyl: {title}"), &f.title)?;
    let scope = match &p.category {
        Some(c) => format!("{} {c}", p.area),
        None => p.area.clone(),
    };
    let made = p.created.format("%Y-%m-%d %H:%M");
    text(ws, 1, 0, &format!("{scope}; belopp i kr; framtaget {made} med Ramkoll"), &f.subtitle)?;
    let i = &p.inputs;
    let c = &p.cost.classification;
    ws.write_string(3, 0, "Antal")?;
    ws.write_number_with_format(3, 1, i.quantity as f64, &f.int)?;
    ws.write_string(4, 0, "Styckpris")?;
    ws.write_number_with_format(4, 1, xl(i.unit_price), &f.money)?;
    ws.write_string(5, 0, "Anskaffningsvärde")?;
    formula(ws, 5, 1, "=B4*B5", &p.cost.amount.to_string(), &f.money_bold)?;
    let rows: [(&str, String); 4] = [
        ("Nyttjandeperiod (år)", i.life_years.to_string()),
        ("Tas i bruk", period::label_sv(i.start)),
        ("Räknas samman (naturligt samband)", if i.counted_together { "Ja" } else { "Nej" }.into()),
        ("Bedömning", treatment_label(c.treatment).into()),
    ];
    for (k, (label, v)) in rows.iter().enumerate() {
        ws.write_string(6 + k as u32, 0, *label)?;
        text(ws, 6 + k as u32, 1, v, &f.text)?;
    }
    ws.write_string(10, 0, "Skäl")?;
    text(ws, 10, 1, &c.reason_text, &f.text)?;
    let money_rows: [(&str, Amount); 4] = [
        ("Beloppsgräns", c.threshold),
        ("Driftkostnad per enhet och månad", i.monthly_cost_per_unit),
        ("Övriga driftkostnader per år", i.yearly_running_cost),
        ("Besparingar per år", i.yearly_saving),
    ];
    for (k, (label, v)) in money_rows.iter().enumerate() {
        ws.write_string(11 + k as u32, 0, *label)?;
        ws.write_number_with_format(11 + k as u32, 1, xl(*v), &f.money)?;
    }
    Ok(14)
}

pub fn treatment_label(t: Treatment) -> &'static str {
    match t {
        Treatment::Investment => "Investering",
        Treatment::Expense => "Förbrukningsinventarier (driftkostnad)",
    }
}

type Field = (&'static str, fn(&PlanFigures) -> Amount);

const PLAN_ROWS: [Field; 6] = [
    ("Investeringsutgift (ram)", |x| x.investment),
    ("Förbrukningsinventarier (drift)", |x| x.expense),
    ("Avskrivningar", |x| x.depreciation),
    ("Internränta", |x| x.interest),
    ("Driftkostnader", |x| x.running_costs),
    ("Besparingar", |x| x.savings),
];

/// Per year: the rows above, the net effect as a formula, and a total column.
fn costing_table(ws: &mut Worksheet, f: &Formats, hr: u32, cost: &PlanCost) -> Result<()> {
    text(ws, hr, 0, "Post", &f.header)?;
    let n = cost.years.len() as u16;
    let year_fmt = f.header.clone().set_num_format("0");
    for (i, y) in cost.years.iter().enumerate() {
        ws.write_number_with_format(hr, 1 + i as u16, f64::from(y.year), &year_fmt)?;
    }
    text(ws, hr, 1 + n, "Totalt", &f.header)?;
    for (k, (label, get)) in PLAN_ROWS.iter().enumerate() {
        let row = hr + 1 + k as u32;
        text(ws, row, 0, label, &f.text)?;
        for (i, y) in cost.years.iter().enumerate() {
            ws.write_number_with_format(row, 1 + i as u16, xl(get(&y.figures)), &f.money)?;
        }
        let expr = if n > 0 { format!("=SUM(B{r}:{}{r})", col(n), r = row + 1) } else { "=0".into() };
        formula(ws, row, 1 + n, &expr, &get(&cost.total).to_string(), &f.money_bold)?;
    }
    let net = hr + 1 + PLAN_ROWS.len() as u32;
    text(ws, net, 0, "Nettoeffekt på resultatet", &f.bold)?;
    let cells = cost.years.iter().map(|y| y.figures.net_effect).chain([cost.total.net_effect]);
    for (i, v) in cells.enumerate() {
        let c = col(1 + i as u16);
        let r = |k: u32| format!("{c}{}", hr + 2 + k);
        let expr = format!("={}-{}-{}-{}-{}", r(5), r(1), r(2), r(3), r(4));
        formula(ws, net, 1 + i as u16, &expr, &v.to_string(), &f.money_bold)?;
    }
    ws.set_freeze_panes(hr + 1, 1)?;
    Ok(())
}

//! The rules as an editable sheet; `rules import` reads it back.

use super::{headers, save, text, Formats};
use crate::classify::Rule;
use crate::error::Result;
use rust_xlsxwriter::Workbook;
use std::path::Path;

const HEADERS: [&str; 8] = ["Ordning", "Fält", "Mönster", "Område", "Kategori", "Kostnadsslag", "VO", "Kommentar"];

pub fn rules_workbook(rules: &[Rule], out: &Path) -> Result<()> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Regler")?;
    headers(ws, &f, 0, 0, &HEADERS)?;
    for (i, r) in rules.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number(row, 0, row as f64)?;
        text(ws, row, 1, r.field.label(), &f.text)?;
        text(ws, row, 2, &r.pattern, &f.text)?;
        for (c, v) in [(3, &r.area), (4, &r.category), (5, &r.cost_type), (6, &r.vo), (7, &r.note)] {
            if let Some(v) = v {
                text(ws, row, c, v, &f.text)?;
            }
        }
    }
    ws.set_column_width(2, 18)?;
    ws.set_column_range_width(3, 6, 14)?;
    ws.set_column_width(7, 40)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rules.len().max(1) as u32, 7)?;
    save(&mut wb, out)?;
    Ok(())
}

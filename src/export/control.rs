//! The control report for the auditors: Sammanfattning (the log chain's
//! check), Importer (every batch with its reconciliation and history),
//! Regeländringar, Oklassificerat per period, Klarmarkeringar with their
//! checks, Kommentarer (every version) and Logg. Every text from a file or a
//! user goes through `text`.

use super::{headers, print_setup, save, sheet, sum_range, text, xl, Formats};
use crate::control::{AuditEntry, ControlReport};
use crate::error::Result;
use crate::money::Amount;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet};
use serde::Serialize;
use std::path::Path;

/// What the control export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ControlExport {
    pub path: String,
    pub sheets: Vec<String>,
    pub batches: usize,
    pub log_entries: usize,
    /// Whether the log's chain held when the report was taken.
    pub chain_ok: bool,
}

pub fn write_control(r: &ControlReport, out: &Path) -> Result<ControlExport> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title(format!("Kontrollrapport {}", r.year)).set_author("Ramkoll"));
    let mut sheets = Vec::new();
    summary_sheet(sheet(&mut wb, "Sammanfattning", &mut sheets)?, &f, r)?;
    batches_sheet(sheet(&mut wb, "Importer", &mut sheets)?, &f, r)?;
    entries_sheet(
        sheet(&mut wb, "Regeländringar", &mut sheets)?,
        &f,
        "Regeländringar och omklassificeringar",
        &r.rule_changes,
    )?;
    unclassified_sheet(sheet(&mut wb, "Oklassificerat", &mut sheets)?, &f, r)?;
    signoff_sheet(sheet(&mut wb, "Klarmarkeringar", &mut sheets)?, &f, r)?;
    comments_sheet(sheet(&mut wb, "Kommentarer", &mut sheets)?, &f, r)?;
    entries_sheet(sheet(&mut wb, "Logg", &mut sheets)?, &f, &format!("Loggen {}", r.year), &r.log)?;
    save(&mut wb, out)?;
    Ok(ControlExport {
        path: out.display().to_string(),
        sheets,
        batches: r.batches.len(),
        log_entries: r.log.len(),
        chain_ok: r.chain.broken.is_none(),
    })
}

/// Title, subtitle and a header row at row 2; returns the first data row.
fn top<S: AsRef<str>>(ws: &mut Worksheet, f: &Formats, title: &str, heads: &[S]) -> Result<u32> {
    text(ws, 0, 0, title, &f.title)?;
    headers(ws, f, 2, 0, heads)?;
    ws.set_freeze_panes(3, 0)?;
    print_setup(ws, 2, title)?;
    Ok(3)
}

/// An autofilter over the header row and `rows` data rows of `cols` columns.
fn filter(ws: &mut Worksheet, rows: usize, cols: u16) -> Result<()> {
    ws.autofilter(2, 0, 2 + rows.max(1) as u32, cols - 1)?;
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, f: &Formats, r: &ControlReport) -> Result<()> {
    text(ws, 0, 0, &format!("Kontrollrapport {}", r.year), &f.title)?;
    text(ws, 1, 0, &format!("framtagen {} med Ramkoll", r.created), &f.subtitle)?;
    let chain = match &r.chain.broken {
        None => format!("hel: {} poster kontrollerade", r.chain.entries),
        Some(b) => format!("BRUTEN vid post {} ({}, {}): {}", b.id, b.at, b.operation, b.reason),
    };
    let closed = r.signoffs.iter().filter(|e| e.action == "close").count();
    let rows: [(&str, String); 7] = [
        ("Loggens kedja", chain),
        ("Kedjans senaste hash", r.chain.head.clone().unwrap_or_default()),
        ("Importer", r.batches.len().to_string()),
        ("Regeländringar", r.rule_changes.len().to_string()),
        ("Klarmarkeringar", closed.to_string()),
        ("Kommentarsversioner", r.comment_versions.len().to_string()),
        ("Loggposter", r.log.len().to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        text(ws, row, 0, k, &f.bold)?;
        text(ws, row, 1, v, &f.text)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 90)?;
    print_setup(ws, 0, &format!("Kontrollrapport {}", r.year))?;
    ws.set_active(true);
    Ok(())
}

const BATCH_HEADS: [&str; 14] = [
    "Import",
    "Typ",
    "Fil",
    "Källa",
    "SHA-256",
    "Rader",
    "Kontrollsumma",
    "Källans summa",
    "Avstämning",
    "Importerad",
    "Av",
    "Status",
    "Historik",
    "Blad",
];

fn batches_sheet(ws: &mut Worksheet, f: &Formats, r: &ControlReport) -> Result<()> {
    let first = top(ws, f, &format!("Importer {}", r.year), &BATCH_HEADS)?;
    for (row, rec) in (first..).zip(&r.batches) {
        let b = &rec.batch;
        ws.write_number(row, 0, b.id as f64)?;
        text(ws, row, 1, b.kind.label_sv(), &f.text)?;
        text(ws, row, 2, &b.file_name, &f.text)?;
        text(ws, row, 3, &b.source, &f.text)?;
        text(ws, row, 4, &b.sha256, &f.text)?;
        ws.write_number_with_format(row, 5, b.row_count as f64, &f.int)?;
        money(ws, f, row, 6, Some(b.control_sum))?;
        money(ws, f, row, 7, b.source_total)?;
        text(ws, row, 8, &rec.reconciliation, &f.text)?;
        text(ws, row, 9, &b.imported_at, &f.text)?;
        text(ws, row, 10, &rec.imported_by, &f.text)?;
        text(ws, row, 11, &b.state, &f.text)?;
        text(ws, row, 12, &rec.history.join("\n"), &f.wrap)?;
        text(ws, row, 13, &b.sheet, &f.text)?;
    }
    filter(ws, r.batches.len(), BATCH_HEADS.len() as u16)?;
    ws.set_column_width(2, 28)?;
    ws.set_column_width(4, 20)?;
    ws.set_column_range_width(6, 7, 16)?;
    ws.set_column_width(9, 18)?;
    ws.set_column_width(12, 50)?;
    Ok(())
}

fn money(ws: &mut Worksheet, f: &Formats, row: u32, c: u16, a: Option<Amount>) -> Result<()> {
    if let Some(a) = a {
        ws.write_number_with_format(row, c, xl(a), &f.money)?;
    }
    Ok(())
}

const ENTRY_HEADS: [&str; 8] = ["Id", "Tid", "Användare", "Åtgärd", "Avser", "Före/efter", "Föregående hash", "Hash"];

/// Log entries, one per row, the summary as its JSON text.
fn entries_sheet(ws: &mut Worksheet, f: &Formats, title: &str, entries: &[AuditEntry]) -> Result<()> {
    let first = top(ws, f, title, &ENTRY_HEADS)?;
    for (row, e) in (first..).zip(entries) {
        ws.write_number(row, 0, e.id as f64)?;
        let label = crate::control::Operation::parse(&e.operation).map(|o| o.label_sv()).unwrap_or(&e.operation);
        for (c, s) in [(1, &e.at), (2, &e.user), (4, &e.subject), (5, &e.summary), (6, &e.prev_hash), (7, &e.hash)] {
            text(ws, row, c, s, if c == 5 { &f.wrap } else { &f.text })?;
        }
        text(ws, row, 3, label, &f.text)?;
    }
    filter(ws, entries.len(), ENTRY_HEADS.len() as u16)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(3, 20)?;
    ws.set_column_width(4, 22)?;
    ws.set_column_width(5, 70)?;
    ws.set_column_range_width(6, 7, 20)?;
    Ok(())
}

fn unclassified_sheet(ws: &mut Worksheet, f: &Formats, r: &ControlReport) -> Result<()> {
    let mut row = top(ws, f, &format!("Oklassificerat utfall per period {}", r.year), &["Period", "Rader", "Belopp"])?;
    let first = row;
    for u in &r.unclassified {
        ws.write_number(row, 0, u.period as f64)?;
        ws.write_number_with_format(row, 1, u.lines as f64, &f.int)?;
        ws.write_number_with_format(row, 2, xl(u.amount), &f.money)?;
        row += 1;
    }
    text(ws, row, 0, "Totalt", &f.bold)?;
    let total: Amount = r.unclassified.iter().map(|u| u.amount).sum();
    let lines: u64 = r.unclassified.iter().map(|u| u.lines).sum();
    super::formula(ws, row, 1, &sum_range(1, first, row), &lines.to_string(), &f.bold)?;
    super::formula(ws, row, 2, &sum_range(2, first, row), &total.to_string(), &f.money_bold)?;
    ws.set_column_range_width(0, 2, 16)?;
    Ok(())
}

const SIGNOFF_HEADS: [&str; 8] =
    ["Period", "Händelse", "Användare", "Tid", "Anteckning/skäl", "Kontroll", "Utfall", "Detalj"];

fn signoff_sheet(ws: &mut Worksheet, f: &Formats, r: &ControlReport) -> Result<()> {
    let mut row = top(ws, f, &format!("Klarmarkeringar {}", r.year), &SIGNOFF_HEADS)?;
    for e in &r.signoffs {
        let what = if e.action == "close" { "klarmarkerad" } else { "öppnad igen" };
        let put = |ws: &mut Worksheet, row: u32| -> Result<()> {
            ws.write_number(row, 0, e.period as f64)?;
            text(ws, row, 1, what, &f.text)?;
            text(ws, row, 2, &e.user, &f.text)?;
            text(ws, row, 3, &e.at, &f.text)?;
            text(ws, row, 4, &e.note, &f.wrap)
        };
        let checks = e.checks.as_ref().map(|c| c.checks.as_slice()).unwrap_or_default();
        if checks.is_empty() {
            put(ws, row)?;
            row += 1;
        }
        for c in checks {
            put(ws, row)?;
            text(ws, row, 5, &c.label, &f.text)?;
            text(ws, row, 6, if c.ok { "ok" } else { "att se över" }, &f.text)?;
            let detail = std::iter::once(c.detail.clone()).chain(c.items.iter().cloned()).collect::<Vec<_>>();
            text(ws, row, 7, &detail.join("\n"), &f.wrap)?;
            row += 1;
        }
    }
    filter(ws, (row - 3) as usize, SIGNOFF_HEADS.len() as u16)?;
    ws.set_column_width(3, 18)?;
    ws.set_column_width(4, 40)?;
    ws.set_column_width(5, 34)?;
    ws.set_column_width(7, 70)?;
    Ok(())
}

const COMMENT_HEADS: [&str; 6] = ["Rad", "Version", "Text", "Författare", "Tid", "Aktuell"];

fn comments_sheet(ws: &mut Worksheet, f: &Formats, r: &ControlReport) -> Result<()> {
    let first = top(ws, f, "Kommentarer och deras tidigare versioner", &COMMENT_HEADS)?;
    for (row, v) in (first..).zip(&r.comment_versions) {
        text(ws, row, 0, &v.key, &f.text)?;
        ws.write_number(row, 1, v.version as f64)?;
        text(ws, row, 2, &v.text, &f.wrap)?;
        text(ws, row, 3, &v.author, &f.text)?;
        text(ws, row, 4, &v.at, &f.text)?;
        text(ws, row, 5, if v.current { "ja" } else { "" }, &f.text)?;
    }
    filter(ws, r.comment_versions.len(), COMMENT_HEADS.len() as u16)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_width(4, 18)?;
    Ok(())
}

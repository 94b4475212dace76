//! Hostile shapes (issue 18): files of a few KB that say they hold far more
//! than any export — a cell at column ZZZZZZ, .ods repeat counts that fill
//! 16 M and 98 M cells, a CSV line of 20 000 fields, zips that lie about or
//! overstate their sizes — and database files whose schema someone changed.
//! Each must be refused before anything is allocated for what it claims.

use super::csv::good_csv;
use super::workbook::*;
use super::Entry;
use crate::archive::{fixed_time, zip_err};
use ramkoll::store::Store;
use ramkoll::{Error, Result};
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Workbooks and a CSV whose declared extent would take the machine.
pub(super) fn shapes(out: &mut Vec<Entry>) -> Result<()> {
    out.push(("far_column_zzzzzz.xlsx", {
        // the issue's file: one cell at ZZZZZZ made calamine's row 10 GB
        let mut sh = sheet("Huvudbok", &std_rows());
        sh.data.push_str(r#"<row r="5"><c r="ZZZZZZ5"><v>1</v></c></row>"#);
        xlsx(&[sh])?
    }));
    // 1 000 rows × 16 384 columns = 16 M cells (1,6 GB through calamine)
    out.push(("ods_repeat_bomb_16m.ods", ods_bomb(1_000)?));
    // 6 000 × 16 384 = 98 M, under calamine's 100 M cap: its allocation aborted
    out.push(("ods_repeat_bomb_98m.ods", ods_bomb(6_000)?));
    out.push(("wide_csv_20000_fields.csv", {
        let mut b = good_csv().into_bytes();
        b.extend(std::iter::repeat_n(b';', 20_000));
        b.extend_from_slice(b"\r\n");
        b
    }));
    // a sheet of 1 MiB whose zip entry says 4 096 bytes: refused at byte 4 097
    let rows = "<row><c><v>1</v></c></row>".repeat(40_000);
    let mut sh = sheet("Huvudbok", &std_rows());
    sh.data.push_str(&rows);
    let big = xlsx(&[sh])?;
    out.push(("zip_part_lies_about_size.xlsx", declare_size(&big, "xl/worksheets/sheet1.xml", 4_096)?));
    // the issue's slow bomb declared 3,5 GB: refused on the declaration
    out.push(("zip_declares_3_5gb.xlsx", declare_size(&std_xlsx()?, "xl/worksheets/sheet1.xml", 3_584 << 20)?));
    Ok(())
}

/// Database files changed with plain SQLite after Ramkoll made them.
pub(super) fn databases(out: &mut Vec<Entry>) -> Result<()> {
    // every frame ×10 in the reports, had the view been read
    out.push(("hostile_view_frame.db", {
        database(
            "ALTER TABLE frame RENAME TO frame_data;
             CREATE VIEW frame AS SELECT id, batch_id, row_no, year, area, category, decided * 10 AS decided,
                    extended * 10 AS extended, decision_year, comment, superseded_by, active FROM frame_data;",
        )?
    }));
    // halves the aggregates on the next import, which would report success
    out.push(("hostile_trigger_import_batch.db", {
        database(
            "CREATE TRIGGER halve AFTER UPDATE ON import_batch
             BEGIN UPDATE ledger_agg SET amount = amount / 2 WHERE batch_id = NEW.id; END;",
        )?
    }));
    out.push(("hostile_newer_schema.db", database("PRAGMA user_version = 999;")?));
    Ok(())
}

/// An .ods of one header row and a row of 16 384 float cells repeated `rows` times.
fn ods_bomb(rows: u64) -> Result<Vec<u8>> {
    let str_cell =
        |t: &str| format!(r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#);
    let content = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content "#,
            r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
            r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
            r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">"#,
            r#"<office:body><office:spreadsheet><table:table table:name="Blad1">"#,
            r#"<table:table-row>{}{}</table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="{}"><table:table-cell table:number-columns-repeated="16384" "#,
            r#"office:value-type="float" office:value="1"/></table:table-row>"#,
            r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
        ),
        str_cell("Period"),
        str_cell("Belopp"),
        rows
    );
    let manifest = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest "#,
        r#"xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry "#,
        r#"manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
        r#"</manifest:manifest>"#
    );
    let time = fixed_time(2019, 1, 15)?;
    let mut z = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // ODF wants `mimetype` first and stored
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(time);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    z.start_file("mimetype", stored).map_err(zip_err)?;
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    z.start_file("content.xml", deflated).map_err(zip_err)?;
    z.write_all(content.as_bytes())?;
    z.start_file("META-INF/manifest.xml", deflated).map_err(zip_err)?;
    z.write_all(manifest.as_bytes())?;
    Ok(z.finish().map_err(zip_err)?.into_inner())
}

/// The zip `data` with its central directory declaring `size` bytes for `part`.
fn declare_size(data: &[u8], part: &str, size: u32) -> Result<Vec<u8>> {
    let bad = || Error::internal(format!("declare_size: no central directory entry {part}"));
    let mut b = data.to_vec();
    let end = b.len().checked_sub(22).filter(|&e| b[e..].starts_with(b"PK\x05\x06")).ok_or_else(bad)?;
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let mut at = u32::from_le_bytes([b[end + 16], b[end + 17], b[end + 18], b[end + 19]]) as usize;
    let mut found = false;
    while b[at..].starts_with(b"PK\x01\x02") {
        let (n, extra, comment) = (u16_at(&b, at + 28), u16_at(&b, at + 30), u16_at(&b, at + 32));
        if &b[at + 46..at + 46 + n] == part.as_bytes() {
            b[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
            found = true;
        }
        at += 46 + n + extra + comment;
    }
    if found {
        Ok(b)
    } else {
        Err(bad())
    }
}

/// The schema the hostile databases are made at: fixed, so that a new
/// migration does not change the catalogue (an older file is checked against
/// the objects of its own version, then migrated).
const HOSTILE_SCHEMA: usize = 9;

/// A database of schema [`HOSTILE_SCHEMA`] with one frames batch (IT, 2018),
/// then `tamper` run on it with plain SQLite, as its bytes.
fn database(tamper: &str) -> Result<Vec<u8>> {
    // one directory per call: tests build the catalogue on several threads
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("ramkoll-badfiles-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("hostile.db");
    let _ = std::fs::remove_file(&path);
    Store::create_with_schema(&path, HOSTILE_SCHEMA)?;
    let c = rusqlite::Connection::open(&path)?;
    c.execute_batch(
        "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row,
                                   mapping, row_count, control_sum, imported_at)
         VALUES ('frames', 'ramar', 'ramar.csv', '', 'a', 'csv', 'ramar', 1, '{}', 1, 100000, '2018-06-01 10:00:00');
         INSERT INTO frame (batch_id, row_no, year, area, category, decided, extended)
         VALUES (1, 2, 2018, 'IT', 'Nät', 10000000, 0);",
    )?;
    c.execute_batch(tamper)?;
    // small pages: the catalogue's files stay a few KB
    c.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;")?;
    drop(c);
    let bytes = std::fs::read(&path)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(bytes)
}

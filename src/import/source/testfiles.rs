//! Hostile files for the readers' unit tests, written into a temporary
//! directory: a minimal xlsx or ods around the XML a test gives, and a way to
//! make a zip lie about a part's size.

use super::Workbook;
use crate::error::Result;
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Huvudbok" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// The sheet XML's start; `sheet_data` goes between it and [`SHEET_END`].
pub const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
pub const SHEET_END: &str = "</sheetData></worksheet>";

/// The header row every test sheet starts with.
pub const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Period</t></is></c><c r="B1" t="inlineStr"><is><t>Belopp</t></is></c></row>"#;

/// A zip of `parts` (all deflated but `mimetype`, as ODF wants).
pub fn zip(path: &Path, parts: &[(&str, &[u8])]) -> PathBuf {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in parts {
        let method =
            if *name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        z.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap();
    path.to_path_buf()
}

/// A one-sheet workbook ("Huvudbok") whose `<sheetData>` holds `data`.
pub fn xlsx(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let mut sheet = SHEET_START.as_bytes().to_vec();
    sheet.extend_from_slice(data);
    sheet.extend_from_slice(SHEET_END.as_bytes());
    zip(
        &dir.join(name),
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", &sheet),
        ],
    )
}

/// An .ods whose content.xml holds `body` inside `<office:spreadsheet>`
/// (tables, and automatic styles before them if a test wants).
pub fn ods(dir: &Path, name: &str, body: &str) -> PathBuf {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">{body}</office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;
    zip(
        &dir.join(name),
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ],
    )
}

/// One table "Blad1" of `rows` (`<table:table-row>` elements).
pub fn table(rows: &str) -> String {
    format!(
        r#"<office:body><office:spreadsheet><table:table table:name="Blad1">{rows}</table:table></office:spreadsheet></office:body>"#
    )
}

/// Make the zip's central directory declare `size` bytes for `part`.
pub fn declare_size(path: &Path, part: &str, size: u32) {
    let mut b = std::fs::read(path).unwrap();
    let end = b.len() - 22;
    assert_eq!(&b[end..end + 4], b"PK\x05\x06");
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let mut at = u32::from_le_bytes(b[end + 16..end + 20].try_into().unwrap()) as usize;
    while &b[at..at + 4] == b"PK\x01\x02" {
        let (n, extra, comment) = (u16_at(&b, at + 28), u16_at(&b, at + 30), u16_at(&b, at + 32));
        if &b[at + 46..at + 46 + n] == part.as_bytes() {
            b[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
        }
        at += 46 + n + extra + comment;
    }
    std::fs::write(path, b).unwrap();
}

/// Open `path` and read its first sheet: the rows handed over, as (row,
/// width), or the error's text.
pub fn read(path: &Path) -> std::result::Result<Vec<(u32, usize)>, String> {
    read_with(Workbook::open(path).map_err(|e| e.to_string())?)
}

pub fn read_with(mut wb: Workbook) -> std::result::Result<Vec<(u32, usize)>, String> {
    let sheet = wb.sheet_names()[0].clone();
    let mut rows = Vec::new();
    let res: Result<()> = wb.for_each_row_buf(&sheet, &mut |r, _, w| {
        rows.push((r, w));
        Ok(true)
    });
    res.map(|_| rows).map_err(|e| e.to_string())
}

/// The error text of a read that must fail (its rows are not printed when
/// it does not).
pub fn refusal(read: std::result::Result<Vec<(u32, usize)>, String>) -> String {
    match read {
        Ok(rows) => panic!("read {} rows, expected an error", rows.len()),
        Err(e) => e,
    }
}

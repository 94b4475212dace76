//! A raw xlsx writer with full control over the XML (merged cells, hidden
//! rows, formulas without cached values, errors, 1904 dates, …), and the
//! OLE containers of .xls and encrypted workbooks.

use super::csv::kr_dot;
use super::{GOOD_LINES, HEADER};
use crate::archive::{fixed_time, zip_err};
use crate::rng::Rng;
use crate::xml::xml_escape;
use ramkoll::error::col_letters;
use ramkoll::Result;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

#[derive(Clone)]
pub(super) enum C {
    /// Inline string
    S(String),
    /// Shared string by index
    Ss(usize),
    /// Number as written in `<v>`
    N(String),
    /// Number with the date style (numFmt 14)
    D(String),
    /// Error value like `#N/A`
    E(&'static str),
    /// Formula with an optional cached value
    F(&'static str, Option<String>),
    /// A styled cell with no value
    Styled,
}

pub(super) fn s(x: &str) -> C {
    C::S(x.to_string())
}

pub(super) fn n(x: impl ToString) -> C {
    C::N(x.to_string())
}

/// `<row>` XML for 0-based row `r`; `attrs` go on the row element.
pub(super) fn row_xml(r: u32, cells: &[C], attrs: &str) -> String {
    let mut o = format!("<row r=\"{}\"{attrs}>", r + 1);
    for (c, cell) in cells.iter().enumerate() {
        let rf = format!("{}{}", col_letters(c as u32), r + 1);
        let x = match cell {
            C::S(t) => {
                format!("<c r=\"{rf}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>", xml_escape(t))
            }
            C::Ss(i) => format!("<c r=\"{rf}\" t=\"s\"><v>{i}</v></c>"),
            C::N(v) => format!("<c r=\"{rf}\"><v>{v}</v></c>"),
            C::D(v) => format!("<c r=\"{rf}\" s=\"1\"><v>{v}</v></c>"),
            C::E(e) => format!("<c r=\"{rf}\" t=\"e\"><v>{e}</v></c>"),
            C::F(f, Some(v)) => format!("<c r=\"{rf}\"><f>{}</f><v>{v}</v></c>", xml_escape(f)),
            C::F(f, None) => format!("<c r=\"{rf}\"><f>{}</f></c>", xml_escape(f)),
            C::Styled => format!("<c r=\"{rf}\" s=\"2\"/>"),
        };
        o.push_str(&x);
    }
    o.push_str("</row>");
    o
}

pub(super) struct Sheet {
    pub(super) name: String,
    /// None, Some("hidden") or Some("veryHidden")
    pub(super) state: Option<&'static str>,
    /// Everything inside `<sheetData>`.
    pub(super) data: String,
    /// XML after `</sheetData>` (e.g. `<mergeCells>`).
    pub(super) after: String,
}

pub(super) fn sheet(name: &str, rows: &[Vec<C>]) -> Sheet {
    let data = rows.iter().enumerate().map(|(r, cells)| row_xml(r as u32, cells, "")).collect();
    Sheet { name: name.to_string(), state: None, data, after: String::new() }
}

pub(super) fn std_rows() -> Vec<Vec<C>> {
    let mut rows = vec![HEADER.iter().map(|h| s(h)).collect::<Vec<_>>()];
    for (p, k, pr, t, ore) in GOOD_LINES {
        rows.push(vec![n(p), s(k), s(pr), s(t), n(kr_dot(ore))]);
    }
    rows
}

pub(super) fn zip_files(files: &[(&str, Vec<u8>)]) -> Result<Vec<u8>> {
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(fixed_time(2019, 1, 15)?);
    let mut z = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        z.start_file(*name, opts).map_err(zip_err)?;
        z.write_all(body)?;
    }
    Ok(z.finish().map_err(zip_err)?.into_inner())
}

/// The zip `data` again, each entry's body passed through `edit(name, body)`.
pub(super) fn rewrite_entries(data: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Result<Vec<u8>> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(data)).map_err(zip_err)?;
    let mut files = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(zip_err)?;
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut body)?;
        let name = f.name().to_string();
        let body = edit(&name, body);
        files.push((name, body));
    }
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
    zip_files(&files)
}

pub(super) const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>"#,
    r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
    r#"<borders count="1"><border/></borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="4" fontId="0" fillId="1" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"/></cellXfs>"#,
    r#"</styleSheet>"#
);

pub(super) const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

pub(super) fn xlsx_opts(sheets: &[Sheet], sst: &[String], date1904: bool) -> Result<Vec<u8>> {
    let mut ct = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    ));
    let mut wb = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {NS}><workbookPr{}/><sheets>"#,
        if date1904 { r#" date1904="1""# } else { "" }
    );
    let mut rels = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    ));
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, sh) in sheets.iter().enumerate() {
        let k = i + 1;
        ct.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        let state = sh.state.map(|st| format!(" state=\"{st}\"")).unwrap_or_default();
        wb.push_str(&format!(r#"<sheet name="{}" sheetId="{k}"{state} r:id="rId{k}"/>"#, xml_escape(&sh.name)));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{k}.xml"/>"#
        ));
        let body = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData>{}</sheetData>{}</worksheet>"#,
            sh.data, sh.after
        );
        files.push((format!("xl/worksheets/sheet{k}.xml"), body.into_bytes()));
    }
    let n = sheets.len();
    rels.push_str(&format!(
        r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        n + 1
    ));
    if !sst.is_empty() {
        ct.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
            n + 2
        ));
        let mut x = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {NS} count="{0}" uniqueCount="{0}">"#,
            sst.len()
        );
        for t in sst {
            x.push_str("<si><t xml:space=\"preserve\">");
            x.push_str(&xml_escape(t));
            x.push_str("</t></si>");
        }
        x.push_str("</sst>");
        files.push(("xl/sharedStrings.xml".into(), x.into_bytes()));
    }
    ct.push_str("</Types>");
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let root_rels = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
        r#"</Relationships>"#
    );
    let mut all: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", ct.into_bytes()),
        ("_rels/.rels", root_rels.as_bytes().to_vec()),
        ("xl/workbook.xml", wb.into_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.into_bytes()),
        ("xl/styles.xml", STYLES.as_bytes().to_vec()),
    ];
    for (name, body) in &files {
        all.push((name.as_str(), body.clone()));
    }
    zip_files(&all)
}

pub(super) fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>> {
    xlsx_opts(sheets, &[], false)
}

pub(super) fn std_xlsx() -> Result<Vec<u8>> {
    xlsx(&[sheet("Huvudbok", &std_rows())])
}

/// A good ledger xlsx where line `i` gets cell `col` replaced.
pub(super) fn xlsx_with(i: usize, col: usize, cell: C) -> Result<Vec<u8>> {
    let mut rows = std_rows();
    rows[i + 1][col] = cell;
    xlsx(&[sheet("Huvudbok", &rows)])
}

/// The header of an OLE compound file (as .xls and encrypted .xlsx have).
pub(super) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(super) fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// An OLE container as Excel writes for a password-protected workbook:
/// the directory names `EncryptionInfo` and `EncryptedPackage`.
pub(super) fn encrypted_ole(rng: &mut Rng) -> Vec<u8> {
    let mut b = OLE_MAGIC.to_vec();
    b.resize(512, 0);
    // directory sector with the two stream names (UTF-16LE, 128-byte entries)
    for name in ["Root Entry", "EncryptionInfo", "EncryptedPackage", "\u{6}DataSpaces"] {
        let mut e = utf16le(name);
        e.resize(128, 0);
        b.extend(e);
    }
    b.extend(rng.bytes(2048));
    b
}

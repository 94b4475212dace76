//! The bad-input catalogue: malformed and awkward files that controllers
//! meet in practice (ERP exports, colleagues' workbooks, Excel itself), each
//! generated here byte for byte, deterministically (seeded splitmix64, fixed
//! zip timestamps). `tests/bad_input.rs` imports every one of them and
//! asserts the exact outcome: a clean import with the right figures, or an
//! input error naming file, sheet, row and column with the database unchanged.
//!
//! Regenerate the committed files with
//!
//! ```text
//! cargo test -p ramkoll --test bad_input regenerate_bad_fixtures -- --ignored
//! ```
//!
//! `fixtures/bad/fuzz/` is not generated: it keeps inputs that once made a
//! reader panic (found by `tests/prop_fuzz.rs`) as regression fixtures.
//!
//! Unless said otherwise a ledger has the columns `Period, Konto, Projekt,
//! Text, Belopp` and the three lines of [`GOOD_LINES`], which sum to
//! 1 200,25 kr (120 025 öre) over the periods 201803–201805.

use crate::error::col_letters;
use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The standard header of the catalogue's ledgers.
pub const HEADER: [&str; 5] = ["Period", "Konto", "Projekt", "Text", "Belopp"];

/// (period, konto, projekt, text, öre)
pub const GOOD_LINES: [(u32, &str, &str, &str, i64); 3] = [
    (201803, "1222", "IT-NAT-2018-01", "Switch Danderyd", 100_000),
    (201804, "1222", "IT-NAT-2018-01", "Router, Huddinge", 25_050),
    (201805, "1221", "IT-NAT-2018-01", "Kreditnota kabel", -5_025),
];

/// Sum of [`GOOD_LINES`] in öre.
pub const GOOD_SUM: i64 = 120_025;

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

fn kr_sv(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", ore.abs() / 100, ore.abs() % 100)
}

fn kr_dot(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", ore.abs() / 100, ore.abs() % 100)
}

/// A `;`-separated CSV with CRLF line ends from rows of fields.
fn csv(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.join(";")).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

fn header_row() -> Vec<String> {
    HEADER.iter().map(|s| s.to_string()).collect()
}

fn good_rows() -> Vec<Vec<String>> {
    GOOD_LINES
        .iter()
        .map(|(p, k, pr, t, ore)| vec![p.to_string(), k.to_string(), pr.to_string(), t.to_string(), kr_sv(*ore)])
        .collect()
}

fn good_csv() -> String {
    let mut rows = vec![header_row()];
    rows.extend(good_rows());
    csv(&rows)
}

/// A good ledger CSV where line `i` gets `field` replaced in column `col`.
fn csv_with(i: usize, col: usize, value: &str) -> Vec<u8> {
    let mut rows = vec![header_row()];
    rows.extend(good_rows());
    rows[i + 1][col] = value.to_string();
    csv(&rows).into_bytes()
}

// ---------------------------------------------------------------------------
// A raw xlsx writer: full control over the XML (merged cells, hidden rows,
// formulas without cached values, errors, 1904 dates, …).
// ---------------------------------------------------------------------------

#[derive(Clone)]
enum C {
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

fn s(x: &str) -> C {
    C::S(x.to_string())
}

fn n(x: impl ToString) -> C {
    C::N(x.to_string())
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(ch),
        }
    }
    o
}

/// `<row>` XML for 0-based row `r`; `attrs` go on the row element.
fn row_xml(r: u32, cells: &[C], attrs: &str) -> String {
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

struct Sheet {
    name: String,
    /// None, Some("hidden") or Some("veryHidden")
    state: Option<&'static str>,
    /// Everything inside `<sheetData>`.
    data: String,
    /// XML after `</sheetData>` (e.g. `<mergeCells>`).
    after: String,
}

fn sheet(name: &str, rows: &[Vec<C>]) -> Sheet {
    let data = rows.iter().enumerate().map(|(r, cells)| row_xml(r as u32, cells, "")).collect();
    Sheet { name: name.to_string(), state: None, data, after: String::new() }
}

fn std_rows() -> Vec<Vec<C>> {
    let mut rows = vec![HEADER.iter().map(|h| s(h)).collect::<Vec<_>>()];
    for (p, k, pr, t, ore) in GOOD_LINES {
        rows.push(vec![n(p), s(k), s(pr), s(t), n(kr_dot(ore))]);
    }
    rows
}

fn zip_time() -> zip::DateTime {
    zip::DateTime::from_date_and_time(2019, 1, 15, 8, 0, 0).unwrap_or_default()
}

fn zip_err(e: zip::result::ZipError) -> Error {
    Error::Io(std::io::Error::other(format!("zip: {e}")))
}

fn zip_files(files: &[(&str, Vec<u8>)]) -> Result<Vec<u8>> {
    let opts =
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(zip_time());
    let mut z = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        z.start_file(*name, opts).map_err(zip_err)?;
        z.write_all(body)?;
    }
    Ok(z.finish().map_err(zip_err)?.into_inner())
}

const STYLES: &str = concat!(
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

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn xlsx_opts(sheets: &[Sheet], sst: &[String], date1904: bool) -> Result<Vec<u8>> {
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

fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>> {
    xlsx_opts(sheets, &[], false)
}

fn std_xlsx() -> Result<Vec<u8>> {
    xlsx(&[sheet("Huvudbok", &std_rows())])
}

/// A good ledger xlsx where line `i` gets cell `col` replaced.
fn xlsx_with(i: usize, col: usize, cell: C) -> Result<Vec<u8>> {
    let mut rows = std_rows();
    rows[i + 1][col] = cell;
    xlsx(&[sheet("Huvudbok", &rows)])
}

/// The header of an OLE compound file (as .xls and encrypted .xlsx have).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// An OLE container as Excel writes for a password-protected workbook:
/// the directory names `EncryptionInfo` and `EncryptedPackage`.
fn encrypted_ole(rng: &mut Rng) -> Vec<u8> {
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

/// Every catalogue file: (relative name, bytes).
pub fn catalogue() -> Result<Vec<(&'static str, Vec<u8>)>> {
    let mut rng = Rng(0x0BAD_F11E_5EED_2018);
    let mut out: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let good_xlsx = std_xlsx()?;

    // --- empty and wrong-format files
    out.push(("empty.csv", Vec::new()));
    out.push(("empty.xlsx", Vec::new()));
    out.push(("whitespace_only.csv", b" \r\n\t\r\n  \r\n".to_vec()));
    out.push(("csv_named.xlsx", good_csv().into_bytes()));
    out.push(("xlsx_named.csv", good_xlsx.clone()));
    out.push(("xlsx_named.ods", good_xlsx.clone()));
    out.push(("encrypted.xlsx", encrypted_ole(&mut rng)));
    out.push(("truncated.xlsx", good_xlsx[..good_xlsx.len() * 3 / 5].to_vec()));
    out.push(("zip_no_office.xlsx", zip_files(&[("readme.txt", b"inte en arbetsbok".to_vec())])?));
    out.push((
        "xlsb_named.xlsx",
        zip_files(&[("[Content_Types].xml", b"<Types/>".to_vec()), ("xl/workbook.bin", rng.bytes(64))])?,
    ));
    let html = "<html><body><table><tr><td>Period</td><td>Belopp</td></tr><tr><td>201803</td><td>1000</td></tr></table></body></html>\r\n";
    out.push(("html_table.xls", html.as_bytes().to_vec()));
    out.push((
        "spreadsheetml_2003.xls",
        b"<?xml version=\"1.0\"?>\r\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>\r\n"
            .to_vec(),
    ));
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(rng.bytes(256));
    out.push(("pdf_named.xlsx", pdf));
    let mut ole = OLE_MAGIC.to_vec();
    ole.extend(rng.bytes(4096));
    out.push(("ole_garbage.xls", ole));
    out.push(("ole_magic_only.xls", OLE_MAGIC.to_vec()));
    let mut bin = b"Period;Belopp\r\n".to_vec();
    bin.extend(rng.bytes(512).into_iter().map(|b| b & 0x0F));
    out.push(("binary_junk.csv", bin));

    // --- broken workbook internals
    out.push(("zero_byte_sheet.xlsx", {
        let good = xlsx(&[Sheet { name: "Huvudbok".into(), state: None, data: String::new(), after: String::new() }])?;
        // rebuild with the sheet part emptied
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(good)).map_err(zip_err)?;
        let mut files = Vec::new();
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).map_err(zip_err)?;
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut body)?;
            if f.name().ends_with("sheet1.xml") {
                body.clear();
            }
            files.push((f.name().to_string(), body));
        }
        let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
        zip_files(&files)?
    }));
    out.push(("empty_sheet.xlsx", xlsx(&[sheet("Huvudbok", &[])])?));
    out.push(("malformed_sheet_xml.xlsx", {
        let mut sh = sheet("Huvudbok", &std_rows());
        sh.data.push_str("<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>oavslutad");
        xlsx(&[sh])?
    }));

    // --- header problems
    out.push(("no_header.csv", csv(&good_rows()).into_bytes()));
    out.push(("only_header.csv", csv(&[header_row()]).into_bytes()));
    out.push(("duplicate_headers.csv", {
        let mut rows = vec![["Period", "Konto", "Belopp", "Text", "Belopp"].iter().map(|s| s.to_string()).collect()];
        for mut r in good_rows() {
            r[2] = "999,00".into();
            rows.push(r);
        }
        csv(&rows).into_bytes()
    }));
    out.push(("missing_amount_column.csv", {
        let rows: Vec<Vec<String>> = std::iter::once(header_row())
            .chain(good_rows())
            .map(|mut r| {
                r.truncate(4);
                r
            })
            .collect();
        csv(&rows).into_bytes()
    }));
    out.push(("header_below_scan.csv", {
        let mut rows: Vec<Vec<String>> = (0..45).map(|i| vec![format!("Rapportrad {i}")]).collect();
        rows.push(header_row());
        rows.extend(good_rows());
        csv(&rows).into_bytes()
    }));
    out.push(("merged_header.xlsx", {
        let mut rows = vec![vec![s("Huvudbok Länsteknik 2018")], vec![]];
        rows.extend(std_rows());
        let mut sh = sheet("Huvudbok", &rows);
        sh.after = r#"<mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="A2:E2"/></mergeCells>"#.into();
        xlsx(&[sh])?
    }));
    out.push(("merged_amount_header.xlsx", {
        // "Belopp" spans E:F (merged); the amounts are in E
        let mut rows = std_rows();
        rows[0].push(C::Styled);
        let mut sh = sheet("Huvudbok", &rows);
        sh.after = r#"<mergeCells count="1"><mergeCell ref="E1:F1"/></mergeCells>"#.into();
        xlsx(&[sh])?
    }));

    // --- amounts
    out.push(("amount_text_ca.csv", csv_with(1, 4, "ca 1200")));
    out.push(("amount_text_na.csv", csv_with(0, 4, "#N/A")));
    out.push(("amount_error_na.xlsx", xlsx_with(1, 4, C::E("#N/A"))?));
    out.push(("amount_error_ref.xlsx", xlsx_with(2, 4, C::E("#REF!"))?));
    out.push(("amount_three_decimals.csv", csv_with(0, 4, "1000,125")));
    out.push(("amount_three_decimals.xlsx", xlsx_with(0, 4, n("1000.125"))?));
    out.push(("amount_float_noise.xlsx", xlsx_with(1, 4, n("250.50000000000003"))?));
    out.push(("amount_too_large.csv", csv_with(2, 4, "99999999999999999999")));
    out.push(("amount_empty.csv", csv_with(1, 4, "")));
    out.push(("amount_formats.csv", {
        // NBSP thousands, U+2212 minus, parentheses, "kr": same figures as GOOD_LINES
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][4] = "1\u{a0}000,00 kr".into();
        rows[2][4] = "250.50".into();
        rows[3][4] = "(50,25)".into();
        csv(&rows).into_bytes()
    }));
    out.push(("formula_no_cached_value.xlsx", xlsx_with(1, 4, C::F("SUM(200,50.5)", None))?));
    out.push(("formula_cached_value.xlsx", xlsx_with(1, 4, C::F("SUM(200,50.5)", Some("250.5".into())))?));

    // --- periods and dates
    out.push(("period_201813.csv", csv_with(1, 0, "201813")));
    out.push(("period_201800.xlsx", xlsx_with(2, 0, n(201800))?));
    out.push(("period_text_forms.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][0] = "mars 2018".into();
        rows[2][0] = "2018-04".into();
        rows[3][0] = "05/2018".into();
        csv(&rows).into_bytes()
    }));
    out.push(("dates_serial_1900.xlsx", {
        // no Period column: the period comes from an (unstyled) serial date
        let mut rows = vec![vec![s("Bokföringsdatum"), s("Konto"), s("Projekt"), s("Text"), s("Belopp")]];
        for ((_, k, pr, t, ore), serial) in GOOD_LINES.iter().zip([43175, 43205, 43235]) {
            rows.push(vec![n(serial), s(k), s(pr), s(t), n(kr_dot(*ore))]);
        }
        xlsx(&[sheet("Huvudbok", &rows)])?
    }));
    out.push(("dates_1904_system.xlsx", {
        // date-styled serials in the 1904 system: 41713 = 2018-03-15
        let mut rows = vec![vec![s("Bokföringsdatum"), s("Konto"), s("Projekt"), s("Text"), s("Belopp")]];
        for ((_, k, pr, t, ore), serial) in GOOD_LINES.iter().zip([41713, 41743, 41773]) {
            rows.push(vec![C::D(serial.to_string()), s(k), s(pr), s(t), n(kr_dot(*ore))]);
        }
        xlsx_opts(&[sheet("Huvudbok", &rows)], &[], true)?
    }));

    // --- hidden things, sizes
    out.push(("hidden_rows.xlsx", {
        let rows = std_rows();
        let data = rows
            .iter()
            .enumerate()
            .map(|(r, c)| row_xml(r as u32, c, if r == 2 { " hidden=\"1\"" } else { "" }))
            .collect();
        xlsx(&[Sheet { name: "Huvudbok".into(), state: None, data, after: String::new() }])?
    }));
    out.push(("hidden_first_sheet.xlsx", {
        let mut decoy = std_rows();
        decoy[1][4] = n("777777");
        let mut hidden = sheet("Gammal", &decoy);
        hidden.state = Some("hidden");
        xlsx(&[hidden, sheet("Huvudbok", &std_rows())])?
    }));
    out.push(("million_empty_styled_rows.xlsx", {
        let mut sh = sheet("Huvudbok", &std_rows());
        for r in 4..1_048_576u32 {
            sh.data.push_str(&format!("<row r=\"{}\" s=\"2\" customFormat=\"1\"/>", r + 1));
        }
        xlsx(&[sh])?
    }));
    out.push(("styled_empty_cells.xlsx", {
        let mut rows = std_rows();
        for r in rows.iter_mut() {
            r.extend(std::iter::repeat_n(C::Styled, 50));
        }
        for _ in 0..2000 {
            rows.push(vec![C::Styled; 10]);
        }
        xlsx(&[sheet("Huvudbok", &rows)])?
    }));
    out.push(("huge_shared_strings.xlsx", {
        let mut sst: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
        let mut rows = vec![(0..5).map(C::Ss).collect::<Vec<_>>()];
        for (p, k, pr, t, ore) in GOOD_LINES {
            rows.push(vec![n(p), s(k), s(pr), s(t), n(kr_dot(ore))]);
        }
        sst.extend((0..200_000).map(|i| format!("oanvänd text nummer {i:06} i tabellen")));
        xlsx_opts(&[sheet("Huvudbok", &rows)], &sst, false)?
    }));
    out.push(("sst_unique_count_forged.xlsx", {
        // found by the fuzzer: calamine reserves uniqueCount strings up front
        let sst: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
        let mut rows = vec![(0..5).map(C::Ss).collect::<Vec<_>>()];
        for (p, k, pr, t, ore) in GOOD_LINES {
            rows.push(vec![n(p), s(k), s(pr), s(t), n(kr_dot(ore))]);
        }
        let good = xlsx_opts(&[sheet("Huvudbok", &rows)], &sst, false)?;
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(good)).map_err(zip_err)?;
        let mut files = Vec::new();
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).map_err(zip_err)?;
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut body)?;
            if f.name() == "xl/sharedStrings.xml" {
                body = String::from_utf8_lossy(&body)
                    .replace("uniqueCount=\"5\"", "uniqueCount=\"583079215080\"")
                    .into_bytes();
            }
            files.push((f.name().to_string(), body));
        }
        let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
        zip_files(&files)?
    }));
    out.push(("cell_100k_chars.xlsx", xlsx_with(0, 3, C::S("Lång text ".repeat(10_000)))?));
    out.push(("far_cell_xfd1048576.xlsx", {
        let mut sh = sheet("Huvudbok", &std_rows());
        sh.data.push_str(r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>sist</t></is></c></row>"#);
        xlsx(&[sh])?
    }));

    // --- text content
    out.push(("control_chars.csv", csv_with(0, 3, "Switch\u{7}\u{b}\u{c}\u{1b}[31m röd")));
    out.push(("rtl_emoji.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "مفتاح الشبكة 🚑".into();
        rows[2][3] = "\u{202e}txt.exe\u{202c} נתב 👩‍⚕️".into();
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(csv(&rows).into_bytes());
        b
    }));
    out.push(("csv_injection.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "\"=HYPERLINK(\"\"http://x\"\",\"\"klick\"\")\"".into();
        rows[2][3] = "+cmd|' /C calc'!A0".into();
        rows[3][3] = "@SUM(1+1)".into();
        rows[3][2] = "-2+3".into();
        csv(&rows).into_bytes()
    }));

    // --- CSV dialects
    out.push(("windows_1252.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "Förråd Södertälje".into();
        let text = csv(&rows);
        encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
    }));
    out.push(("utf8_bom.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "Förråd Södertälje".into();
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(csv(&rows).into_bytes());
        b
    }));
    out.push(("utf16le_tab.txt", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        let text: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
        let mut b = vec![0xFF, 0xFE];
        b.extend(utf16le(&text));
        b
    }));
    out.push(("comma_quoted.csv", {
        let mut text = String::from("\"Period\",\"Konto\",\"Projekt\",\"Text\",\"Belopp\"\n");
        for (p, k, pr, t, ore) in GOOD_LINES {
            text.push_str(&format!("\"{p}\",\"{k}\",\"{pr}\",\"{t}\",\"{}\"\n", kr_sv(ore)));
        }
        text.into_bytes()
    }));
    out.push(("mixed_delimiters.csv", {
        let mut text = good_csv();
        text.push_str("201806,1222,IT-NAT-2018-01,Kabel,100.00\r\n");
        text.into_bytes()
    }));
    out.push(("cr_only_line_ends.csv", good_csv().replace("\r\n", "\r").into_bytes()));
    out.push(("unterminated_quote.csv", {
        let mut text = good_csv();
        text.push_str("201806;1222;IT-NAT-2018-01;\"Kabel;100,00\r\n");
        text.into_bytes()
    }));
    out.push(("quoted_newline.csv", csv_with(1, 3, "\"Router,\r\nHuddinge \"\"plan 2\"\"\"")));
    out.push(("blank_lines_and_trailing_delims.csv", {
        let mut text = String::from("Period;Konto;Projekt;Text;Belopp;;;\r\n\r\n");
        for r in good_rows() {
            text.push_str(&r.join(";"));
            text.push_str(";;;\r\n ; ; \r\n");
        }
        text.push_str("\r\n\r\n");
        text.into_bytes()
    }));

    // --- total rows
    out.push(("total_row_ok.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows.push(vec!["Summa".into(), "".into(), "".into(), "".into(), kr_sv(GOOD_SUM)]);
        csv(&rows).into_bytes()
    }));
    out.push(("total_row_wrong.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows.push(vec!["Summa".into(), "".into(), "".into(), "".into(), kr_sv(GOOD_SUM + 100)]);
        csv(&rows).into_bytes()
    }));

    // --- frames (ramar)
    out.push((
        "frames_bad_year.csv",
        b"\xC5r;Omr\xE5de;Kategori;Beslutad ram;Ut\xF6kad ram\r\n2018;IT;N\xE4t;1000000;0\r\n20x8;MT;R\xF6ntgen;500000;0\r\n"
            .to_vec(),
    ));
    out.push((
        "frames_area_unknown.csv",
        "År;Område;Kategori;Beslutad ram;Utökad ram\r\n2018;IT;Nät;1000000;0\r\n2018;Ekonomi;Övrigt;500000;0\r\n"
            .as_bytes()
            .to_vec(),
    ));
    Ok(out)
}

/// Write the catalogue under `dir` (normally `fixtures/bad`).
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    for (name, bytes) in catalogue()? {
        let p = dir.join(name);
        std::fs::write(&p, bytes)?;
        paths.push(p);
    }
    Ok(paths)
}

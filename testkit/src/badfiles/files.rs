//! Files that are not what they claim, broken workbook internals, hidden
//! sheets and rows, and sizes that must not exhaust memory.

use super::csv::{good_csv, kr_dot};
use super::workbook::*;
use super::{Entry, GOOD_LINES, HEADER};
use crate::rng::Rng;
use ramkoll::Result;

/// Empty files and files in another format than their name says.
pub(super) fn wrong_format(rng: &mut Rng, good_xlsx: &[u8], out: &mut Vec<Entry>) -> Result<()> {
    out.push(("empty.csv", Vec::new()));
    out.push(("empty.xlsx", Vec::new()));
    out.push(("whitespace_only.csv", b" \r\n\t\r\n  \r\n".to_vec()));
    out.push(("csv_named.xlsx", good_csv().into_bytes()));
    out.push(("xlsx_named.csv", good_xlsx.to_vec()));
    out.push(("xlsx_named.ods", good_xlsx.to_vec()));
    out.push(("encrypted.xlsx", encrypted_ole(rng)));
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
    Ok(())
}

/// Workbooks whose parts are empty or malformed.
pub(super) fn broken_internals(out: &mut Vec<Entry>) -> Result<()> {
    out.push(("zero_byte_sheet.xlsx", {
        let good = xlsx(&[Sheet { name: "Huvudbok".into(), state: None, data: String::new(), after: String::new() }])?;
        // rebuild with the sheet part emptied
        rewrite_entries(&good, |name, body| if name.ends_with("sheet1.xml") { Vec::new() } else { body })?
    }));
    out.push(("empty_sheet.xlsx", xlsx(&[sheet("Huvudbok", &[])])?));
    out.push(("malformed_sheet_xml.xlsx", {
        let mut sh = sheet("Huvudbok", &std_rows());
        sh.data.push_str("<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>oavslutad");
        xlsx(&[sh])?
    }));
    Ok(())
}

/// Hidden rows and sheets; huge and far-away content.
pub(super) fn hidden_and_sizes(out: &mut Vec<Entry>) -> Result<()> {
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
        rewrite_entries(&good, |name, body| {
            if name != "xl/sharedStrings.xml" {
                return body;
            }
            String::from_utf8_lossy(&body).replace("uniqueCount=\"5\"", "uniqueCount=\"583079215080\"").into_bytes()
        })?
    }));
    out.push(("cell_100k_chars.xlsx", xlsx_with(0, 3, C::S("Lång text ".repeat(10_000)))?));
    out.push(("far_cell_xfd1048576.xlsx", {
        let mut sh = sheet("Huvudbok", &std_rows());
        sh.data.push_str(r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>sist</t></is></c></row>"#);
        xlsx(&[sh])?
    }));
    Ok(())
}

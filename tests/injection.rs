//! Formula injection: ledger text that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@`, tab, CR first) is imported as it is and exported as
//! a quote-prefixed string — never as a formula — in the variance workbook.

mod common;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use std::io::Read;

const PAYLOADS: [&str; 4] = ["=HYPERLINK(\"http://x\",\"klick\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"];

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Cell style index → does that cellXfs entry set quotePrefix?
fn quote_prefixed_styles(styles_xml: &str) -> Vec<bool> {
    let xfs = styles_xml.split("<cellXfs").nth(1).and_then(|s| s.split("</cellXfs>").next()).unwrap_or("");
    xfs.split("<xf ").skip(1).map(|x| x.split('>').next().unwrap_or("").contains("quotePrefix=\"1\"")).collect()
}

fn zip_entry(path: &std::path::Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn formula_like_text_is_exported_as_quoted_strings() {
    let cli = Cli::new();
    let ledger = cli.dir.path().join("injektion.csv");
    let mut csv = String::from("Period;Konto;Projekt;Motpart;Text;Belopp\r\n");
    for (i, p) in PAYLOADS.iter().enumerate() {
        // the payload in Text, Projekt and Motpart in turn, and always in Text
        let proj = if i % 2 == 0 { p.to_string() } else { "IT-NAT-2018-01".to_string() };
        let motpart = if i % 2 == 1 { p.to_string() } else { "Atea Sverige AB".to_string() };
        csv.push_str(&format!(
            "20180{};1222;{};{};{};100,00\r\n",
            i + 3,
            csv_field(&proj),
            csv_field(&motpart),
            csv_field(p)
        ));
    }
    std::fs::write(&ledger, csv).unwrap();
    let o = cli.import("ledger", &ledger);
    assert_eq!(o["imports"][0]["rows"], 4);
    assert_eq!(o["imports"][0]["control_sum"], "400.00");

    let out = cli.dir.path().join("avvikelse.xlsx");
    cli.ok(&["export", "variance", "--year", "2018", "--out", out.to_str().unwrap()]);

    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let mut found = 0;
    for sheet in wb.sheet_names() {
        let values = wb.worksheet_range(&sheet).unwrap();
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        // no formula anywhere mentions a payload
        for (r, c, f) in formulas.used_cells() {
            assert!(
                f.is_empty() || !PAYLOADS.iter().any(|p| f.contains(p.trim_start_matches(['=', '+', '-', '@']))),
                "{sheet} ({r},{c}) holds the formula {f:?}"
            );
        }
        for (r, c, v) in values.used_cells() {
            if let Data::String(s) = v {
                if PAYLOADS.contains(&s.as_str()) {
                    found += 1;
                    let (vr, vc) = values.start().unwrap_or((0, 0));
                    let f = formulas.get_value((vr + r as u32, vc + c as u32)).cloned().unwrap_or_default();
                    assert!(f.is_empty(), "{sheet} ({r},{c}) {s:?} is a formula {f:?}");
                }
            }
        }
    }
    // every payload is on the Verifikationer sheet: 4 in Text, 2 in Projekt, 2 in Motpart
    assert_eq!(found, 8, "payload strings found intact");

    // and each such cell carries a quote-prefixed style, so editing it in
    // Excel keeps it text
    let prefixed = quote_prefixed_styles(&zip_entry(&out, "xl/styles.xml"));
    assert!(prefixed.iter().any(|p| *p), "no quotePrefix style in the workbook");
    let sst = zip_entry(&out, "xl/sharedStrings.xml");
    let strings: Vec<String> = sst
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = si.split("</si>").next().unwrap_or("");
            let inner = t.split('>').skip(1).collect::<Vec<_>>().join(">");
            inner
                .split("</t")
                .next()
                .unwrap_or("")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect();
    let wb_xml = zip_entry(&out, "xl/workbook.xml");
    let sheets = wb_xml.matches("<sheet ").count();
    let mut checked = 0;
    for k in 1..=sheets {
        let xml = zip_entry(&out, &format!("xl/worksheets/sheet{k}.xml"));
        for cell in xml.split("<c ").skip(1) {
            let head = cell.split('>').next().unwrap_or("");
            if !head.contains("t=\"s\"") {
                continue;
            }
            let v: usize = cell
                .split("<v>")
                .nth(1)
                .and_then(|v| v.split("</v>").next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(usize::MAX);
            let Some(text) = strings.get(v) else { continue };
            if PAYLOADS.contains(&text.as_str()) {
                let style: usize = head
                    .split("s=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                assert!(
                    prefixed.get(style).copied().unwrap_or(false),
                    "sheet{k}: {text:?} has style {style} without quotePrefix"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8);
}

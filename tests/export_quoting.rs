//! Every exported cell that holds text starting like a formula carries a
//! quote-prefixed style — comments on total, group and result rows too.

mod common;
use common::*;
use std::io::Read;

fn entry(z: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The formula-like strings of a workbook, each with whether its cell's style is quote-prefixed.
fn formula_like_strings(path: &std::path::Path) -> Vec<(String, bool)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let styles = entry(&mut z, "xl/styles.xml");
    let xfs = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
    let prefixed: Vec<bool> =
        xfs.split("<xf ").skip(1).map(|x| x.split('>').next().unwrap().contains("quotePrefix")).collect();
    let sst = entry(&mut z, "xl/sharedStrings.xml");
    let strings: Vec<String> = sst
        .split("<si>")
        .skip(1)
        .map(|si| si.split("</t>").next().unwrap().rsplit('>').next().unwrap().replace("&quot;", "\""))
        .collect();
    let sheets = (1..).take_while(|k| z.by_name(&format!("xl/worksheets/sheet{k}.xml")).is_ok()).collect::<Vec<_>>();
    let mut out = Vec::new();
    for k in sheets {
        let xml = entry(&mut z, &format!("xl/worksheets/sheet{k}.xml"));
        for cell in xml.split("<c ").skip(1).filter(|c| c.split('>').next().unwrap().contains("t=\"s\"")) {
            let head = cell.split('>').next().unwrap();
            let style: usize = head.split("s=\"").nth(1).map_or(0, |s| s.split('"').next().unwrap().parse().unwrap());
            let v: usize = cell.split("<v>").nth(1).unwrap().split("</v>").next().unwrap().parse().unwrap();
            let s = &strings[v];
            if s.starts_with(['=', '+', '-', '@']) {
                out.push((s.clone(), prefixed[style]));
            }
        }
    }
    out
}

#[test]
fn comments_on_every_kind_of_row_are_quoted() {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    for (key, text) in [
        ("ram/2018/Totalt", "=1+1 totalt"),
        ("ram/2018/IT", "+ram IT"),
        ("drift/201812/Personalkostnader", "-grupp"),
        ("drift/201812/Personalkostnader/Lön", "@lön"),
        ("drift/201812/Resultat", "=resultat"),
        ("personal/201812/Totalt", "=personal totalt"),
        ("personal/201812/VO Drift", "+vo drift"),
    ] {
        cli.ok(&["comment", "--", key, text]);
    }
    let v = cli.dir.path().join("v.xlsx");
    cli.ok(&["export", "variance", "--year", "2018", "--out", v.to_str().unwrap()]);
    let s = cli.dir.path().join("s.xlsx");
    cli.ok(&["export", "staffing", "--year", "2018", "--out", s.to_str().unwrap()]);
    let mut found = formula_like_strings(&v);
    found.extend(formula_like_strings(&s));
    let mut texts: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts, ["+ram IT", "+vo drift", "-grupp", "=1+1 totalt", "=personal totalt", "=resultat", "@lön"]);
    for (s, quoted) in &found {
        assert!(quoted, "{s:?} is written without a quote prefix");
    }
}

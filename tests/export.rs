//! The variance workbook: the reference figures on the summary sheet, live
//! formulas with cached values, and source text never turned into formulas.

mod common;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;

fn num(d: Option<&Data>) -> i64 {
    // compare in öre; the cached values are exact to the öre
    match d {
        Some(Data::Float(f)) => (f * 100.0).round() as i64,
        Some(Data::Int(i)) => i * 100,
        Some(Data::String(s)) => (s.parse::<f64>().unwrap() * 100.0).round() as i64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn variance_workbook_holds_the_reference_table() {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    cli.ok(&["comment", "ram/2018/IT", "=HYPERLINK(\"x\") Nät byggdes ut i förtid"]);
    let out = cli.dir.path().join("avvikelse.xlsx");
    let o = cli.ok(&["--json", "export", "variance", "--year", "2018", "--out", out.to_str().unwrap()]).json();
    assert_eq!(o["detail_lines"], 615);
    assert_eq!(
        o["sheets"],
        serde_json::json!(["Sammanfattning", "Drift", "Kategorier", "Kategorier per år", "Verifikationer"])
    );

    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sum = wb.worksheet_range("Sammanfattning").unwrap();
    // rows 5..7 (1-based): IT, MT, Totalt; columns B..G the reference table
    let row = |r: u32| -> Vec<i64> { (1..=6).map(|c| num(sum.get_value((r, c)))).collect() };
    assert_eq!(sum.get_value((4, 0)), Some(&Data::String("IT".into())));
    assert_eq!(row(4), [820_000_000, 640_000_000, 1_460_000_000, 1_240_000_000, 720_000_000, 1_960_000_000]);
    assert_eq!(row(5), [6_300_000_000, 0, 6_300_000_000, 240_000_000, 2_080_000_000, 2_320_000_000]);
    assert_eq!(sum.get_value((6, 0)), Some(&Data::String("Totalt".into())));
    assert_eq!(row(6), [7_120_000_000, 640_000_000, 7_760_000_000, 1_480_000_000, 2_800_000_000, 4_280_000_000]);
    // the comment is text, not a formula
    assert_eq!(sum.get_value((4, 9)), Some(&Data::String("=HYPERLINK(\"x\") Nät byggdes ut i förtid".into())));
    let formulas = wb.worksheet_formula("Sammanfattning").unwrap();
    assert_eq!(formulas.get_value((6, 1)).map(String::as_str), Some("SUM(B5,B6)"));
    assert_eq!(formulas.get_value((4, 3)).map(String::as_str), Some("B5+C5"));
    assert!(formulas.get_value((4, 9)).is_none_or(|f| f.is_empty()), "comment became a formula");

    // the detail sheet: every line behind the figures, with a live subtotal
    let det = wb.worksheet_range("Verifikationer").unwrap();
    let (h, _) = det.get_size();
    assert_eq!(h, 617, "header + 615 lines + total");
    assert_eq!(num(det.get_value((616, 9))), 4_280_000_000);
    let f = wb.worksheet_formula("Verifikationer").unwrap();
    assert_eq!(f.get_value((616, 9)).map(String::as_str), Some("SUBTOTAL(9,J2:J616)"));

    // multi-year view: IT Nät 2018..2014
    let years = wb.worksheet_range("Kategorier per år").unwrap();
    assert_eq!(years.get_value((3, 0)), Some(&Data::String("Nät".into())));
    let nat: Vec<i64> = (1..=5).map(|c| num(years.get_value((3, c)))).collect();
    assert_eq!(nat, [1_290_000_000, 810_000_000, 620_000_000, 410_000_000, 510_000_000]);
}

//! Bad input: each error names file, sheet, cell and what was expected,
//! the exit code is 2, and nothing lands in the database.

mod common;
use common::*;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

/// A small ledger sheet with a title row; `amounts` go in column E.
fn ledger_xlsx(dir: &Path, name: &str, rows: &[(&str, &str)]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Huvudbok").unwrap();
    ws.write_string(0, 0, "Huvudbok Länsteknik").unwrap();
    for (c, h) in ["Period", "Konto", "Projekt", "Text", "Belopp"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (i, (period, amount)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, *period).unwrap();
        ws.write_string(r, 1, "1222").unwrap();
        ws.write_string(r, 2, "IT-NAT-2018-01").unwrap();
        ws.write_string(r, 3, "Switch").unwrap();
        ws.write_string(r, 4, *amount).unwrap();
    }
    let p = dir.join(name);
    wb.save(&p).unwrap();
    p
}

fn assert_untouched(cli: &Cli) {
    assert!(cli.batches().is_empty(), "an import with errors must land nothing");
    let r = cli.investments(2018);
    assert_eq!(area(&r, "Totalt")["outcome_total"], "0.00");
}

#[test]
fn text_where_an_amount_belongs() {
    let cli = Cli::new();
    let f = ledger_xlsx(cli.dir.path(), "fel.xlsx", &[("201801", "1 000,00"), ("201802", "ca 1200")]);
    let o = cli.run(&["import", "ledger", f.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr.trim(),
        "fel: fel.xlsx, blad \"Huvudbok\", cell E5 (rad 5, kolumn E): Belopp: förväntade ett belopp (t.ex. 1 234,50), fick \"ca 1200\""
    );
    assert_untouched(&cli);
}

#[test]
fn every_bad_cell_is_listed() {
    let cli = Cli::new();
    let f = ledger_xlsx(
        cli.dir.path(),
        "flera.xlsx",
        &[("201813", "10,00"), ("201801", "#N/A"), ("201802", "12,345"), ("201803", "")],
    );
    let o = cli.run(&["import", "ledger", f.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", o.stderr);
    assert!(lines[0].contains("cell A4") && lines[0].contains("201813"), "{}", lines[0]);
    assert!(lines[1].contains("cell E5") && lines[1].contains("#N/A"), "{}", lines[1]);
    assert!(lines[2].contains("cell E6") && lines[2].contains("fler än två decimaler"), "{}", lines[2]);
    assert!(lines[3].contains("cell E7") && lines[3].contains("Belopp saknas"), "{}", lines[3]);
    assert_untouched(&cli);
}

#[test]
fn total_row_that_does_not_match() {
    let cli = Cli::new();
    let f = ledger_xlsx(
        cli.dir.path(),
        "summa.xlsx",
        &[("201801", "1 000,00"), ("201802", "2 000,50"), ("Summa", "3 000,00")],
    );
    let o = cli.run(&["import", "ledger", f.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("cell E6"), "{}", o.stderr);
    assert!(
        o.stderr.contains("summaraden anger 3 000,00 kr men raderna ovanför summerar till 3 000,50 kr"),
        "{}",
        o.stderr
    );
    assert_untouched(&cli);
    // a matching total row is checked and not imported as a line
    let ok = ledger_xlsx(
        cli.dir.path(),
        "summa_ok.xlsx",
        &[("201801", "1 000,00"), ("201802", "2 000,50"), ("Summa", "3 000,50")],
    );
    let o = cli.import("ledger", &ok);
    assert_eq!(o["imports"][0]["rows"], 2);
    assert_eq!(o["imports"][0]["total_rows_checked"], 1);
    assert_eq!(o["imports"][0]["source_total"], "3000.50");
    assert_eq!(o["imports"][0]["control_sum"], "3000.50");
}

#[test]
fn missing_header_and_missing_column() {
    let cli = Cli::new();
    let f = cli.dir.path().join("ingen.csv");
    std::fs::write(&f, "Konto;Text\n1222;Switch\n").unwrap();
    let o = cli.run(&["import", "ledger", f.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("ingen.csv"), "{}", o.stderr);
    assert!(o.stderr.contains("hittade ingen rubrikrad"), "{}", o.stderr);
    assert!(o.stderr.contains("Belopp, Period eller Bokföringsdatum"), "{}", o.stderr);
    let empty = cli.dir.path().join("tom.xlsx");
    std::fs::write(&empty, "").unwrap();
    let o = cli.run(&["import", "ledger", empty.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("tom.xlsx: filen är tom"), "{}", o.stderr);
    let missing = cli.run(&["import", "ledger", "/finns/inte.xlsx"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("/finns/inte.xlsx"), "{}", missing.stderr);
    assert_untouched(&cli);
}

#[test]
fn frames_errors_name_the_cell() {
    let cli = Cli::new();
    let f = cli.dir.path().join("ramar.csv");
    std::fs::write(&f, "År;Område;Kategori;Beslutad ram\n2018;IT;Nät;1 000 000\n2018;XX;Nät;5\nabc;MT;;7\n").unwrap();
    let o = cli.run(&["import", "frames", f.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("cell B3 (rad 3, kolumn B): Område: förväntade IT eller MT, fick \"XX\""),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("cell A4 (rad 4, kolumn A): År: förväntade ett årtal som 2018, fick \"abc\""),
        "{}",
        o.stderr
    );
    assert_untouched(&cli);
}

#[test]
fn unclassified_lines_are_shown_not_dropped() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let f = cli.dir.path().join("okand.csv");
    std::fs::write(&f, "Period;Konto;Projekt;Text;Belopp\n201812;1229;OKAND-1;Okänt projekt;12 345,67\n").unwrap();
    let o = cli.ok(&["import", "ledger", "--source", "extra", f.to_str().unwrap()]);
    let _ = o;
    let r = cli.investments(2018);
    assert_eq!(r["unclassified"]["outcome_total"], "12345.67");
    assert_eq!(r["unclassified"]["label"], "Ej klassificerat");
    // the total still reconciles with everything imported
    assert_eq!(area(&r, "Totalt")["outcome_total"], "42812345.67");
    let u = cli.ok(&["--json", "lines", "--unclassified"]).json();
    assert_eq!(u["total"], "12345.67");
    // a rule for the project classifies it, after re-classification
    let rules = cli.dir.path().join("regler.xlsx");
    cli.ok(&["rules", "export", rules.to_str().unwrap()]);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Regler").unwrap();
    for (c, h) in ["Ordning", "Fält", "Mönster", "Område", "Kategori"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1).unwrap();
    ws.write_string(1, 1, "Projekt").unwrap();
    ws.write_string(1, 2, "OKAND-*").unwrap();
    ws.write_string(1, 3, "IT").unwrap();
    ws.write_string(1, 4, "Oförutsedda").unwrap();
    ws.write_number(2, 0, 2).unwrap();
    ws.write_string(2, 1, "Projekt").unwrap();
    ws.write_string(2, 2, "IT-*-*").unwrap();
    ws.write_string(2, 3, "IT").unwrap();
    wb.save(&rules).unwrap();
    let out = cli.ok(&["--json", "rules", "import", rules.to_str().unwrap()]).json();
    assert_eq!(out["unclassified"], 311, "the MT lines match no rule now");
    let r = cli.investments(2018);
    assert_eq!(r["unclassified"]["outcome_total"], "23200000.00");
    assert_eq!(category(&r, "IT", "Oförutsedda")["outcome_total"], "12345.67");
    // the IT lines lost their kategori (the new rule set has none for them): shown, not dropped
    assert_eq!(category(&r, "IT", "Ej klassificerat")["outcome_total"], "19600000.00");
    assert_eq!(area(&r, "IT")["outcome_total"], "19612345.67");
    assert_eq!(area(&r, "Totalt")["outcome_total"], "42812345.67");
}

//! The reference tables of DOMAIN.md from ledgers shaped like real ERP
//! exports (`fixtures/erp/`, written by `ramkoll-testkit fixtures`), through
//! the CLI, and each new refusal's message.

mod common;
use common::*;
use std::path::PathBuf;

fn erp(name: &str) -> PathBuf {
    fixtures().join("erp").join(name)
}

/// A Raindance-like report per year: report header block, code and name in
/// every code cell, month-only periods (P03) under "Period: 201801 - 201812",
/// "Summa <konto>" after each konto and "Totalt" at the end.
#[test]
fn raindance_reports_give_the_reference_tables() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    for year in 2014..=2018 {
        let o = cli.import("ledger", &erp(&format!("raindance_{year}.xlsx")));
        let o = &o["imports"][0];
        assert_eq!(o["header_row"], 7, "{year}");
        assert_eq!((o["scope_from"].as_u64(), o["scope_to"].as_u64()), (Some(year * 100 + 1), Some(year * 100 + 12)));
        // one subtotal per konto (1221, 1222, 1225 as the year has them) and the total
        assert!(o["total_rows_checked"].as_u64().unwrap() >= 3, "{o}");
        assert_eq!(o["source_total"], o["control_sum"], "{year}");
        if year == 2018 {
            assert_eq!(o["control_sum"], "42800000.00");
            assert_eq!(o["total_rows_checked"], 4);
        }
    }
    assert_reference_2018(&cli.investments(2018));
    assert_it_categories_2014_2018(&cli);
    // the codes are stored without their names
    let lines =
        cli.ok(&["--json", "lines", "--year", "2018", "--area", "MT", "--category", "Röntgen", "--limit", "1"]).json();
    let l = &lines["lines"][0];
    assert_eq!((l["konto"].as_str(), l["motpart"].as_str()), (Some("1225"), Some("00")), "{l}");
    assert!(l["projekt"].as_str().unwrap().starts_with("MT-RTG-"), "{l}");
    assert!(l["ansvar"].as_str().unwrap().starts_with("523"), "{l}");
}

/// A Unit4/Agresso-like sheet: År and Månad columns, Debit and Credit,
/// "Account(T)"-style name columns, English headers, five years in one file.
#[test]
fn unit4_sheet_gives_the_reference_tables() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let o = cli.import("ledger", &erp("unit4_2014-2018.xlsx"));
    let o = &o["imports"][0];
    // 8,9 + 9,8 + 13,2 + 15,7 + 19,6 (IT) and 15,4 + 21,4 + 18,3 + 20,4 + 23,2 (MT) mnkr
    assert_eq!(o["control_sum"], "165900000.00");
    assert_eq!((o["total_rows_checked"].as_u64(), o["source_total"].as_str()), (Some(1), Some("165900000.00")));
    assert_eq!((o["scope_from"].as_u64(), o["scope_to"].as_u64()), (Some(201401), Some(201812)));
    assert_reference_2018(&cli.investments(2018));
    assert_it_categories_2014_2018(&cli);
    // the booking date comes from "Trans date", the period from År and Månad
    let lines = cli.ok(&["--json", "lines", "--year", "2018", "--limit", "1"]).json();
    let l = &lines["lines"][0];
    assert_eq!((l["period"].as_u64(), &l["date"].as_str().unwrap()[..7]), (Some(201801), "2018-01"), "{l}");
    // names from the Account(T), Cost centre(T) and Project(T) columns
    assert_eq!((l["konto"].as_str(), l["konto_name"].as_str()), (Some("1221"), Some("Inventarier nät och video")));
    assert_eq!(l["ansvar_name"], "IT Drift", "{l}");
    assert!(l["projekt_name"].as_str().unwrap().starts_with("Nät "), "{l}");
}

fn refused(file: &str) -> String {
    let cli = Cli::new();
    let o = cli.run(&["import", "ledger", erp(file).to_str().unwrap()]);
    assert_eq!(o.code, 2, "{file}: {}{}", o.stdout, o.stderr);
    assert!(cli.batches().is_empty(), "{file}");
    o.stderr
}

#[test]
fn debet_without_kredit_names_the_missing_column() {
    let e = refused("bad/unit4_bara_debet.csv");
    assert!(
        e.contains(
            "unit4_bara_debet.csv, blad \"unit4_bara_debet\", rad 1: kolumnen Kredit saknas: rubrikraden har Debet men \
             inte Kredit"
        ),
        "{e}"
    );
}

#[test]
fn text_in_debet_and_kredit_is_two_cell_errors() {
    let e = refused("bad/unit4_text_i_debet_och_kredit.csv");
    assert!(
        e.contains("cell E3 (rad 3, kolumn E): Debet: förväntade ett belopp (t.ex. 1 234,50), fick \"tusen\""),
        "{e}"
    );
    assert!(
        e.contains("cell F3 (rad 3, kolumn F): Kredit: förväntade ett belopp (t.ex. 1 234,50), fick \"noll\""),
        "{e}"
    );
}

#[test]
fn a_subtotal_that_does_not_match_names_both_sums() {
    let e = refused("bad/raindance_summa_fel.xlsx");
    assert!(
        e.contains(
            "raindance_summa_fel.xlsx, blad \"Rapport\", cell J173 (rad 173, kolumn J): Summa 1221: 14 001 000,00 kr i \
             filen, raderna ovan ger 14 000 000,00 kr"
        ),
        "{e}"
    );
}

#[test]
fn a_month_without_a_year_says_where_it_looked() {
    let e = refused("bad/period_utan_ar.csv");
    assert!(
        e.contains(
            "period_utan_ar.csv, blad \"period_utan_ar\", cell A3 (rad 3, kolumn A): Period: \"P03\" anger bara \
             månaden och inget år hittades (letade i kolumnen År, rapporthuvudet ovanför rubrikraden, bladnamnet \
             \"period_utan_ar\", filnamnet \"period_utan_ar.csv\")"
        ),
        "{e}"
    );
}

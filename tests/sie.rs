//! SIE 4 files through the CLI: the 2018 investment ledger as an SIE export
//! (`fixtures/erp/huvudbok_2018.se`, the same lines as `huvudbok_2018.xlsx`)
//! gives the reference tables of DOMAIN.md to the öre; its vouchers'
//! balancing rows are kept and placed outside the follow-up; a broken file is
//! refused naming file and line; the same file twice changes nothing; the
//! 2018 budget as `#PBUDGET` (`fixtures/erp/budget_2018.se`) gives the
//! operating budget of `budget_2018.xlsx`.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn sie_2018() -> PathBuf {
    fixtures().join("erp").join("huvudbok_2018.se")
}

/// Frames and the plain ledgers of 2014–2017.
fn earlier_years() -> Cli {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    for f in ["huvudbok_2014.xlsx", "huvudbok_2015.csv", "huvudbok_2016.xlsx", "huvudbok_2017.ods"] {
        cli.import("ledger", &fixtures().join(f));
    }
    cli
}

/// The amounts of one row ("Nät", …, or "Totalt") of `report categories --json`.
fn category_cells(r: &Value, cat: &str) -> Vec<String> {
    let row = if cat == "Totalt" {
        &r["total"]
    } else {
        r["rows"].as_array().and_then(|rows| rows.iter().find(|x| x["category"] == cat)).unwrap()
    };
    row["cells"].as_array().unwrap().iter().map(|c| c["amount"].as_str().unwrap().to_string()).collect()
}

/// The 2018 vouchers: 615 investment lines, one balancing 2440 row per voucher.
const VOUCHERS: u64 = 302;

#[test]
fn reference_tables_from_an_sie_export() {
    let cli = earlier_years();
    let o = cli.import("ledger", &sie_2018());
    let imp = &o["imports"][0];
    assert_eq!(imp["rows"], 615 + VOUCHERS);
    // balanced vouchers: the file's own sum, vouched for by #KSUMMA
    assert_eq!(imp["control_sum"], "0.00");
    assert_eq!(imp["source_total"], "0.00");
    assert_eq!((imp["scope_from"].as_u64(), imp["scope_to"].as_u64()), (Some(201801), Some(201812)));
    assert_eq!(imp["unclassified"], 0, "{imp}");
    let msg = imp["message"].as_str().unwrap();
    assert!(msg.starts_with(&format!("huvudbok_2018.se: SIE 4, {} rader ur {VOUCHERS} verifikationer", 615 + VOUCHERS)));
    assert!(msg.contains("#KSUMMA stämmer"), "{msg}");
    assert!(
        msg.contains(&format!(
            "{VOUCHERS} rader (-42 800 000,00 kr) på balanskonton (motkonteringar) hör inte till uppföljningen"
        )),
        "{msg}"
    );

    let r = cli.investments(2018);
    assert_reference_2018(&r);
    assert!(r["unclassified"].is_null(), "the 2440 rows are not unclassified investments: {}", r["unclassified"]);
    assert_eq!(
        six(category(&r, "IT", "Nät")),
        ["4000000.00", "3000000.00", "7000000.00", "8000000.00", "4900000.00", "12900000.00"].map(s)
    );
    assert_eq!(
        six(category(&r, "MT", "Röntgen")),
        ["35000000.00", "0.00", "35000000.00", "1200000.00", "11000000.00", "12200000.00"].map(s)
    );

    let c = cli.ok(&["--json", "report", "categories", "--area", "IT", "--years", "2014..2018"]).json();
    assert_eq!(c["years"], serde_json::json!([2018, 2017, 2016, 2015, 2014]));
    let row = |cat: &str| category_cells(&c, cat);
    assert_eq!(row("Nät"), ["12900000.00", "8100000.00", "6200000.00", "4100000.00", "5100000.00"]);
    assert_eq!(row("Server"), ["3800000.00", "2200000.00", "3700000.00", "2300000.00", "2600000.00"]);
    assert_eq!(row("Video"), ["1100000.00", "1600000.00", "1200000.00", "1600000.00", "200000.00"]);
    assert_eq!(row("Skrivare"), ["1800000.00", "2900000.00", "2100000.00", "1800000.00", "1000000.00"]);
    assert_eq!(row("Oförutsedda"), ["0.00", "900000.00", "0.00", "0.00", "0.00"]);
    assert_eq!(row("Totalt"), ["19600000.00", "15700000.00", "13200000.00", "9800000.00", "8900000.00"]);

    // the balancing rows are neither operating outcome nor unclassified
    let v = cli.ok(&["--json", "report", "variance", "--year", "2018"]).json();
    assert!(v["operating"]["unclassified"].is_null(), "{}", v["operating"]["unclassified"]);
    let bal = cli.ok(&["--json", "lines", "--year", "2018", "--cost-type", "Balanskonto", "--limit", "3"]).json();
    assert_eq!((bal["total_rows"].as_u64(), bal["total"].as_str()), (Some(VOUCHERS), Some("-42800000.00")));
    assert!(bal["lines"].as_array().unwrap().iter().all(|l| l["konto"] == "2440"));
}

/// A line keeps what the voucher says: date, konto, objects through #DIM,
/// verifikation "A 17", text; classified by its project code.
#[test]
fn a_voucher_row_becomes_a_ledger_line() {
    let cli = Cli::new();
    cli.import("ledger", &sie_2018());
    let l =
        cli.ok(&["--json", "lines", "--year", "2018", "--area", "IT", "--category", "Nät", "--limit", "2000"]).json();
    assert_eq!(l["total"], "12900000.00");
    let lines = l["lines"].as_array().unwrap();
    let first = lines.iter().find(|x| x["verifikation"] == "LF 3").unwrap_or_else(|| panic!("{l}"));
    assert_eq!(first["date"], "2018-01-05");
    assert_eq!(first["period"], 201801);
    assert_eq!(first["konto"], "1221");
    assert_eq!(first["ansvar"], "51220");
    assert_eq!(first["projekt"], "IT-NAT-2018-01");
    assert_eq!(first["text"], "Kreditnota Switchar plan 3 Helsingborg");
    assert_eq!(first["amount"], "-37521.20");
    assert_eq!(first["decision_year"], 2018);
    assert_eq!(first["vo"], "VO Drift");
    // the names #KONTO and #OBJEKT give
    assert_eq!(first["konto_name"], "Nätverk och växlar");
    assert_eq!(first["ansvar_name"], "Resultatenhet 51220 Länssjukhuset");
    assert_eq!(first["projekt_name"], "Investering IT-NAT-2018-01 (Överkalix)");
    assert!(lines.iter().all(|x| {
        let v = x["verifikation"].as_str().unwrap();
        ["A ", "B ", "LF "].iter().any(|s| v.starts_with(s))
    }));
}

/// `.se`, `.si`, `.sie` and another name altogether: the bytes decide.
#[test]
fn every_sie_name_imports() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["bok.SI", "bok.sie", "export från ekonomisystemet.txt"] {
        let cli = Cli::new();
        cli.import("frames", &fixtures().join("ramar.xlsx"));
        let p = dir.path().join(name);
        std::fs::copy(sie_2018(), &p).unwrap();
        let o = cli.import("ledger", &p);
        assert_eq!(o["imports"][0]["rows"], 615 + VOUCHERS, "{name}");
        assert_reference_2018(&cli.investments(2018));
    }
}

#[test]
fn the_same_file_twice_changes_nothing_and_a_new_export_replaces_the_old() {
    let cli = earlier_years();
    // the spreadsheet export of 2018 first, then the SIE export of the same ledger
    let x = cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let xlsx_batch = x["imports"][0]["batch_id"].as_i64().unwrap();
    let o = cli.import("ledger", &sie_2018());
    let imp = &o["imports"][0];
    let replaced = imp["replaced"].as_array().unwrap();
    assert_eq!(replaced.len(), 1, "{imp}");
    assert_eq!(replaced[0]["batch_id"], xlsx_batch);
    assert_eq!(replaced[0]["rows"], 615);
    assert_reference_2018(&cli.investments(2018));

    let before = cli.batches();
    let again = cli.import("ledger", &sie_2018());
    assert!(again["imports"][0]["batch_id"].is_null());
    assert_eq!(again["imports"][0]["unchanged_as"], imp["batch_id"]);
    assert!(again["imports"][0]["message"].as_str().unwrap().contains("är redan importerad"));
    assert_eq!(cli.batches(), before);
    assert_reference_2018(&cli.investments(2018));
}

fn refused(cli: &Cli, kind: &str, file: &Path, want: &str) {
    let before = cli.batches();
    let o = cli.run(&["import", kind, file.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains(want), "{}", o.stderr);
    assert_eq!(cli.batches(), before, "nothing stored");
}

#[test]
fn a_broken_file_is_refused_naming_file_and_line() {
    let cli = earlier_years();
    let bad = fixtures().join("bad");
    refused(
        &cli,
        "ledger",
        &bad.join("sie_broken_brace.se"),
        "sie_broken_brace.se, rad 13: objektlistan saknar avslutande }",
    );
    refused(
        &cli,
        "ledger",
        &bad.join("sie_ksumma_mismatch.se"),
        "sie_ksumma_mismatch.se, rad 37: kontrollsumman #KSUMMA stämmer inte: filen anger 1220790425, beräknad 3431227868",
    );
    // an SIE file has no frames, and a ledger file is no budget
    refused(
        &cli,
        "frames",
        &sie_2018(),
        "huvudbok_2018.se: en SIE-fil har verifikationer och budget, inga investeringsramar",
    );
    refused(&cli, "budget", &sie_2018(), "huvudbok_2018.se: SIE-filen har ingen budget (#PBUDGET)");
    let budget = fixtures().join("erp").join("budget_2018.se");
    refused(&cli, "ledger", &budget, "budget_2018.se: SIE-filen har inga verifikationer");
}

#[test]
fn preview_shows_format_dimensions_vouchers_and_periods() {
    let cli = Cli::new();
    let p = cli.ok(&["preview", "ledger", sie_2018().to_str().unwrap()]);
    let out = &p.stdout;
    assert!(
        out.starts_with("huvudbok_2018.se (SIE 4, CP437, #KSUMMA stämmer), Ramkoll testdata 1.0, Region Testlän Ö\n"),
        "{out}"
    );
    assert!(out.contains(&format!("{VOUCHERS} verifikationer, {} transaktionsrader", 615 + VOUCHERS)), "{out}");
    assert!(out.contains("perioder 201801–201812 (12 perioder)"), "{out}");
    assert!(out.contains("#DIM 1   Ansvar") && out.contains("→ Ansvar (5 objekt)"), "{out}");
    assert!(out.contains("#DIM 6   Projekt") && out.contains("→ Projekt (21 objekt)"), "{out}");
    let j = cli.ok(&["--json", "preview", "ledger", sie_2018().to_str().unwrap()]).json();
    assert_eq!(j["format"], "sie");
    assert_eq!(j["sie"]["vouchers"], VOUCHERS);
    assert_eq!(j["sie"]["years"], serde_json::json!(["2018-01-01–2018-12-31"]));
    let headers: Vec<&str> = j["columns"].as_array().unwrap().iter().map(|c| c["header"].as_str().unwrap()).collect();
    assert_eq!(
        headers,
        ["Period", "Datum", "Konto", "#DIM 1 Ansvar", "#DIM 6 Projekt", "Verifikation", "Text", "Belopp"]
    );
    // the first voucher's first row, as the import would store it
    assert_eq!(
        j["rows"][0],
        serde_json::json!([
            "201801",
            "2018-01-02",
            "1221",
            "51200",
            "IT-NAT-2018-02",
            "A 1",
            "Brandväggar Malmö",
            "71522.78"
        ])
    );
    assert_eq!(
        j["sie"]["dimensions"][1],
        serde_json::json!({"number": 6, "name": "Projekt", "field": "projekt", "objects": 21})
    );
    assert!(cli.batches().is_empty(), "a preview stores nothing");
}

/// `#PBUDGET` per account, ansvar and month gives the operating budget of
/// `budget_2018.xlsx` row by row: budget, period budget and variance.
#[test]
fn pbudget_is_the_operating_budget() {
    let by_row = |budget: &str| -> Vec<(String, String, String, String)> {
        let cli = Cli::new();
        cli.import("ledger", &fixtures().join("drift_huvudbok_2018.xlsx"));
        cli.import("budget", &fixtures().join(budget));
        let v = cli.ok(&["--json", "report", "variance", "--year", "2018", "--period", "201806"]).json();
        let op = &v["operating"];
        assert_eq!(op["result"]["budget"], "0.00", "{budget}");
        let mut rows = Vec::new();
        for g in op["groups"].as_array().unwrap() {
            for c in g["cost_types"].as_array().unwrap().iter().chain([&g["row"]]) {
                let f = |k: &str| c[k].as_str().unwrap_or_default().to_string();
                rows.push((f("label"), f("budget"), f("period_budget"), f("variance")));
            }
        }
        rows
    };
    let from_sie = by_row("erp/budget_2018.se");
    assert_eq!(from_sie, by_row("budget_2018.xlsx"));
    // wages: 76 mnkr over three VOs, 6 × 8,7 % of it by June
    let lon = from_sie.iter().find(|r| r.0 == "Lön").unwrap();
    assert_eq!((lon.1.as_str(), lon.2.as_str()), ("76000000.00", "39672000.00"));
    let cli = Cli::new();
    let o = cli.import("budget", &fixtures().join("erp/budget_2018.se"));
    let imp = &o["imports"][0];
    assert_eq!((imp["rows"].as_u64(), imp["control_sum"].as_str()), (Some(28), Some("400000000.00")));
    assert!(imp["message"].as_str().unwrap().contains("336 #PBUDGET-belopp som 28 budgetrader för 2018"), "{imp}");
}

//! The reference report of DOMAIN.md, reproduced end to end through the CLI
//! from the committed fixture files, and from ledgers laid out differently.

mod common;
use common::*;

#[test]
fn demo_reproduces_reference_investment_table() {
    let cli = Cli::new();
    let demo = cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    // the printed table is in mnkr like the annual report
    assert!(demo.stdout.contains("14,6"), "{}", demo.stdout);
    assert!(demo.stdout.contains("42,8"), "{}", demo.stdout);
    let r = cli.investments(2018);
    assert_reference_2018(&r);
    // remaining frame and utilisation follow from the table
    assert_eq!(area(&r, "IT")["remaining"], "-5000000.00");
    assert_eq!(area(&r, "IT")["utilisation"], "134.2");
    assert_eq!(area(&r, "MT")["remaining"], "39800000.00");
    assert_eq!(area(&r, "Totalt")["utilisation"], "55.2");
    assert!(r["unclassified"].is_null());
    // per kategori under each område
    assert_eq!(
        six(category(&r, "IT", "Nät")),
        ["4000000.00", "3000000.00", "7000000.00", "8000000.00", "4900000.00", "12900000.00"].map(s)
    );
    assert_eq!(
        six(category(&r, "MT", "Röntgen")),
        ["35000000.00", "0.00", "35000000.00", "1200000.00", "11000000.00", "12200000.00"].map(s)
    );
    assert_eq!(category(&r, "IT", "Nät")["over_frame"], true);
}

#[test]
fn multi_year_category_table() {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    let r = cli.ok(&["--json", "report", "categories", "--area", "IT", "--years", "2014..2018"]).json();
    assert_eq!(r["years"], serde_json::json!([2018, 2017, 2016, 2015, 2014]));
    let row = |cat: &str| -> Vec<String> {
        let row = if cat == "Totalt" {
            &r["total"]
        } else {
            r["rows"].as_array().unwrap().iter().find(|x| x["category"] == cat).unwrap()
        };
        row["cells"].as_array().unwrap().iter().map(|c| c["amount"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(row("Nät"), ["12900000.00", "8100000.00", "6200000.00", "4100000.00", "5100000.00"]);
    assert_eq!(row("Server"), ["3800000.00", "2200000.00", "3700000.00", "2300000.00", "2600000.00"]);
    assert_eq!(row("Video"), ["1100000.00", "1600000.00", "1200000.00", "1600000.00", "200000.00"]);
    assert_eq!(row("Skrivare"), ["1800000.00", "2900000.00", "2100000.00", "1800000.00", "1000000.00"]);
    assert_eq!(row("Oförutsedda"), ["0.00", "900000.00", "0.00", "0.00", "0.00"]);
    assert_eq!(row("Totalt"), ["19600000.00", "15700000.00", "13200000.00", "9800000.00", "8900000.00"]);
    // the annual report rounds these to whole millions: 20 16 13 10 9
    let human = cli.ok(&["--unit", "mnkr", "report", "categories", "--area", "IT", "--years", "2014..2018"]);
    assert!(human.stdout.contains("19,6"), "{}", human.stdout);
}

/// The same 2018 figures from ledgers with other headers, column order,
/// text amounts, explicit classification columns and another CSV dialect.
#[test]
fn same_figures_from_differently_laid_out_ledgers() {
    for alt in [
        "alt/huvudbok_2018_en.xlsx",
        "alt/huvudbok_2018_explicit.xlsx",
        "alt/huvudbok_2018_komma.csv",
        // converted by LibreOffice (scripts/convert-fixtures.sh): legacy BIFF8 and macro-enabled
        "alt/huvudbok_2018.xls",
        "alt/huvudbok_2018.xlsm",
    ] {
        let cli = Cli::new();
        cli.import("frames", &fixtures().join("ramar.xlsx"));
        let o = cli.import("ledger", &fixtures().join(alt));
        assert_eq!(o["imports"][0]["control_sum"], "42800000.00", "{alt}");
        let r = cli.investments(2018);
        assert_reference_2018(&r);
    }
}

#[test]
fn year_to_date_variance() {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    let full = cli.investments(2018);
    let both = cli.ok(&["--json", "report", "variance", "--year", "2018", "--period", "201806"]).json();
    let ytd = &both["investments"];
    assert_eq!(ytd["period"], 201806);
    // frames are yearly; outcome is only what is booked to June
    assert_eq!(area(ytd, "IT")["total_frame"], "14600000.00");
    let to_june =
        cli.ok(&["--json", "lines", "--year", "2018", "--period", "201806", "--area", "IT", "--limit", "1"]).json();
    assert_eq!(area(ytd, "IT")["outcome_total"], to_june["total"]);
    let it_full: i64 = area(&full, "IT")["outcome_total"].as_str().unwrap().replace('.', "").parse().unwrap();
    let it_ytd: i64 = area(ytd, "IT")["outcome_total"].as_str().unwrap().replace('.', "").parse().unwrap();
    assert!(0 < it_ytd && it_ytd < it_full, "{it_ytd} vs {it_full}");
    // a period outside the year is refused
    let bad = cli.run(&["report", "variance", "--year", "2018", "--period", "201706"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("201706"), "{}", bad.stderr);
}

/// Drill-down: the lines behind a figure add up to it.
#[test]
fn lines_behind_a_figure_add_up() {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    let r = cli.investments(2018);
    let drill = &category(&r, "IT", "Nät")["drill"];
    assert_eq!(drill["area"], "IT");
    let before = cli
        .ok(&["--json", "lines", "--year", "2018", "--area", "IT", "--category", "Nät", "--decision", "before"])
        .json();
    assert_eq!(before["total"], "8000000.00");
    assert!(before["lines"].as_array().unwrap().iter().all(|l| l["decision_year"].as_i64().unwrap() < 2018));
}

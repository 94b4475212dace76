//! The CLI refuses what the app refuses: both doors validate through the
//! application layer (settings, unit prices, periods).

mod common;
use common::*;

#[test]
fn settings_are_validated_like_in_the_app() {
    let cli = Cli::new();
    let bad = cli.run(&["setting", "annual_hours", "abc"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("annual_hours: 'abc' är inget heltal"), "{}", bad.stderr);
    let zero = cli.run(&["setting", "annual_hours", "0"]);
    assert_eq!(zero.code, 2, "{}", zero.stderr);
    assert!(zero.stderr.contains("annual_hours: '0' är utanför 1–8784 timmar"), "{}", zero.stderr);
    let rate = cli.run(&["setting", "po_rate/2018", "120"]);
    assert_eq!(rate.code, 2);
    assert!(rate.stderr.contains("över 100 %"), "{}", rate.stderr);
    let unknown = cli.run(&["setting", "colour", "red"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("okänd inställning: colour"), "{}", unknown.stderr);
    // nothing refused was stored
    let v = cli.ok(&["--json", "setting", "annual_hours"]).json();
    assert!(v["value"].is_null(), "{v}");
    // a good value is stored as the core reads it
    let v = cli.ok(&["--json", "setting", "po_rate/2018", "46,45 %"]).json();
    assert_eq!(v["value"], "46.45");
    let v = cli.ok(&["--json", "setting", "annual_hours", " 1 720 "]).json();
    assert_eq!(v["value"], "1720");
}

#[test]
fn a_unit_price_that_is_no_amount_is_refused() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let bad = cli.run(&["plan", "add", "--year", "2018", "--area", "IT", "--quantity", "1", "--unit-price", "abc"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("--unit-price") && bad.stderr.contains("styckpris 'abc'"), "{}", bad.stderr);
    let list = cli.ok(&["--json", "plan", "list", "--year", "2018"]).json();
    assert_eq!(list["plans"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_period_may_be_a_month_of_the_year() {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    let by_number = cli.ok(&["--json", "report", "variance", "--year", "2018", "--period", "201803"]).json();
    for p in ["3", "mars", "2018-03", "mars 2018"] {
        let v = cli.ok(&["--json", "report", "variance", "--year", "2018", "--period", p]).json();
        assert_eq!(v["period"], 201803, "{p}");
        assert_eq!(v["investments"]["total"]["outcome_total"], by_number["investments"]["total"]["outcome_total"]);
    }
    let bad = cli.run(&["report", "variance", "--year", "2018", "--period", "13"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--period") && bad.stderr.contains("fick '13'"), "{}", bad.stderr);
}

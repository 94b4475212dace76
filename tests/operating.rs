//! The operating result, forecast and staffing breakdown of the annual
//! report (DOMAIN.md) reproduced from the budget, HR and ledger fixtures.

mod common;
use common::*;
use serde_json::Value;

fn group<'a>(op: &'a Value, name: &str) -> &'a Value {
    op["groups"].as_array().unwrap().iter().find(|g| g["group"] == name).unwrap_or_else(|| panic!("no group {name}"))
}

fn cost_type<'a>(op: &'a Value, name: &str) -> &'a Value {
    op["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["cost_types"].as_array().unwrap())
        .find(|c| c["label"] == name)
        .unwrap_or_else(|| panic!("no kostnadsslag {name}"))
}

fn demo() -> Cli {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    cli
}

#[test]
fn operating_result_2018_as_in_the_annual_report() {
    let cli = demo();
    let v = cli.ok(&["--json", "report", "variance", "--year", "2018", "--period", "201812"]).json();
    let op = &v["operating"];
    assert_eq!(op["result"]["variance"], "6000000.00", "result +6,0 mnkr against the period budget");
    assert_eq!(op["result"]["outcome"], "6000000.00");
    assert_eq!(op["result"]["budget"], "0.00");
    assert_eq!(group(op, "Personalkostnader")["variance"], "8400000.00");
    assert_eq!(group(op, "Avskrivningar")["variance"], "-1800000.00");
    assert_eq!(cost_type(op, "Övriga intäkter")["variance"], "2000000.00");
    assert_eq!(cost_type(op, "IT-utrustning")["variance"], "2000000.00");
    assert_eq!(cost_type(op, "Övrig utrustning")["variance"], "-500000.00");
    assert_eq!(cost_type(op, "Serviceavtal")["variance"], "-1300000.00");
    assert_eq!(group(op, "Övriga kostnader")["variance"], "-2600000.00");
    // the October forecast was +8 mnkr; the outcome came 2 mnkr lower
    assert_eq!(op["forecast_source"], "controller");
    assert_eq!(op["result"]["forecast"], "8000000.00");
    // the investment table comes along in the same analysis
    assert_reference_2018(&v["investments"]);
    // every figure opens to its lines: the personnel group's lines add up to its outcome
    let lines =
        cli.ok(&["--json", "lines", "--year", "2018", "--cost-type", "Personalkostnader", "--limit", "1"]).json();
    assert_eq!(lines["total"], "111600000.00");
    assert_eq!(group(op, "Personalkostnader")["outcome"], "111600000.00");
}

#[test]
fn year_to_date_uses_the_monthly_profile_and_a_run_rate_forecast_without_one() {
    let cli = Cli::new();
    cli.import("ledger", &fixtures().join("drift_huvudbok_2017.xlsx"));
    cli.import("budget", &fixtures().join("budget_2017.xlsx"));
    let v = cli.ok(&["--json", "report", "variance", "--year", "2017", "--period", "201706"]).json();
    let op = &v["operating"];
    // the 2017 budget has no forecast column: run-rate along the profile
    assert_eq!(op["forecast_source"], "run-rate");
    // wages: 6 × 8,7 % of the yearly budget in the first half year
    let pk = group(op, "Personalkostnader");
    assert_eq!(pk["budget"], "109500000.00");
    assert_eq!(pk["period_budget"], "57159000.00");
    // depreciation is spread evenly: half of 27 000 000
    assert_eq!(group(op, "Avskrivningar")["period_budget"], "13500000.00");
    // run-rate: outcome so far × budget / period budget
    let out: i64 = group(op, "Avskrivningar")["outcome"].as_str().unwrap().replace('.', "").parse().unwrap();
    let fc: i64 = group(op, "Avskrivningar")["forecast"].as_str().unwrap().replace('.', "").parse().unwrap();
    assert_eq!(fc, out * 2);
}

#[test]
fn staffing_breakdown_2018() {
    let cli = demo();
    let r = cli.ok(&["--json", "report", "staffing", "--year", "2018"]).json();
    assert_eq!(r["period"], 201812);
    let ct =
        |name: &str| -> &Value { r["by_cost_type"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap() };
    // consultants fell by 1,3 mnkr (−41 %) against 2017
    assert_eq!(ct("Konsulter")["outcome"], "1870000.00");
    assert_eq!(ct("Konsulter")["last_year"], "3170000.00");
    assert_eq!(ct("Konsulter")["change"], "-1300000.00");
    assert_eq!(ct("Konsulter")["change_pct"], "-41.0");
    // extra time rose 4 %
    assert_eq!(r["total"]["hours"]["extra"], "26000.00");
    assert_eq!(r["extra_hours_last_year"]["extra"], "25000.00");
    assert_eq!(r["extra_hours_change_pct"], "4.0");
    // staff costs against budget: +8,4 mnkr without consultants, +8,53 with them
    assert_eq!(r["total"]["staff_cost"], "111600000.00");
    assert_eq!(r["total"]["variance"], "8530000.00");
    // årsarbetare = worked hours / 1 700 h: VO Drift worked 187 000 h
    let drift = r["rows"].as_array().unwrap().iter().find(|x| x["vo"] == "VO Drift").unwrap();
    assert_eq!(drift["fte"], "110.00");
    assert_eq!(drift["costs"]["Konsulter"], "1200000.00");
    assert_eq!(r["total"]["fte"], "215.00");
    // the lines behind a VO's staffing total, consultants included, add up to it
    let drill = cli.ok(&["--json", "lines", "--year", "2018", "--staffing", "--vo", "VO Drift", "--limit", "1"]).json();
    assert_eq!(drill["total"], drift["total"]);
    assert_eq!(drift["drill"]["staffing"], true);
    // a different full-time norm is a setting
    cli.ok(&["setting", "annual_hours", "1720"]);
    let r2 = cli.ok(&["--json", "report", "staffing", "--year", "2018"]).json();
    assert_eq!(r2["annual_hours"], 1720);
    assert_ne!(r2["total"]["fte"], "215.00");
}

#[test]
fn staffing_workbook_opens_with_the_figures() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let cli = demo();
    let out = cli.dir.path().join("personal.xlsx");
    let o = cli.ok(&["--json", "export", "staffing", "--year", "2018", "--out", out.to_str().unwrap()]).json();
    assert_eq!(o["total"], "113470000.00");
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Per VO", "Per kostnadsslag", "Lön", "Extra tid", "Sociala avgifter", "Pension", "Konsulter", "Per månad"]
    );
    let s = wb.worksheet_range("Per kostnadsslag").unwrap();
    let row = (3..10).find(|r| s.get_value((*r, 0)) == Some(&Data::String("Konsulter".into()))).unwrap();
    assert_eq!(s.get_value((row, 1)), Some(&Data::Float(1_870_000.0)));
    assert_eq!(s.get_value((row, 5)), Some(&Data::Float(-1_300_000.0)));
    let f = wb.worksheet_formula("Per kostnadsslag").unwrap();
    assert_eq!(f.get_value((row, 5)), Some(&format!("B{0}-E{0}", row + 1)));
    // the operating sheet of the variance workbook carries the +6 000 000 result
    let v = cli.dir.path().join("avvikelse.xlsx");
    cli.ok(&["export", "variance", "--year", "2018", "--out", v.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&v).unwrap();
    let d = wb.worksheet_range("Drift").unwrap();
    let (h, _) = d.get_size();
    let res = (0..h as u32).find(|r| d.get_value((*r, 0)) == Some(&Data::String("Resultat".into()))).unwrap();
    assert_eq!(d.get_value((res, 4)), Some(&Data::Float(6_000_000.0)));
    assert_eq!(d.get_value((res, 3)), Some(&Data::Float(6_000_000.0)));
}

#[test]
fn budget_errors_name_the_cell() {
    let cli = Cli::new();
    let f = cli.dir.path().join("budget.csv");
    std::fs::write(
        &f,
        "År;Kostnadsslag;Budget;jan;feb;mar;apr;maj;jun;jul;aug;sep;okt;nov;dec\n\
         2018;Lön;1 200,00;100;100;100;100;100;100;100;100;100;100;100;90\n\
         2018;Fika;5,00;;;;;;;;;;;;\n",
    )
    .unwrap();
    let o = cli.run(&["import", "budget", f.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("cell C2")
            && o.stderr.contains("månadsbeloppen summerar till 1 190,00 kr men årsbudgeten är 1 200,00 kr"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("cell B3") && o.stderr.contains("Kostnadsslag: okänt \"Fika\""), "{}", o.stderr);
    assert!(cli.batches().is_empty());
}

#[test]
fn planned_purchases_against_the_remaining_frame() {
    let cli = demo();
    // 2 500 service phones at 3 876,00 kr (≈ 9,7 mnkr) do not fit IT Klient's 500 000 left
    let p = cli
        .ok(&[
            "--json",
            "plan",
            "add",
            "--year",
            "2018",
            "--area",
            "IT",
            "--category",
            "Klient",
            "--quantity",
            "2500",
            "--unit-price",
            "3 876,00",
            "--text",
            "Tjänstetelefoner",
        ])
        .json();
    assert_eq!(p["amount"], "9690000.00");
    assert_eq!(p["remaining_before"], "500000.00");
    assert_eq!(p["remaining_after"], "-9190000.00");
    assert_eq!(p["fits"], false);
    // against MT-övrigt (3 000 000 left) two plans draw on the same frame in order
    let a = cli
        .ok(&[
            "--json",
            "plan",
            "add",
            "--year",
            "2018",
            "--area",
            "MT",
            "--category",
            "MT-övrigt",
            "--quantity",
            "2500",
            "--unit-price",
            "1000",
        ])
        .json();
    assert_eq!(a["fits"], true);
    assert_eq!(a["remaining_after"], "500000.00");
    let b = cli
        .ok(&[
            "--json",
            "plan",
            "add",
            "--year",
            "2018",
            "--area",
            "MT",
            "--category",
            "MT-övrigt",
            "--quantity",
            "3",
            "--unit-price",
            "200 000",
        ])
        .json();
    assert_eq!(b["remaining_before"], "500000.00");
    assert_eq!(b["fits"], false);
    // removing the first MT plan makes room for the second
    cli.ok(&["plan", "remove", &a["id"].to_string()]);
    let list = cli.ok(&["--json", "plan", "list", "--year", "2018"]).json();
    let plans = list["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[1]["remaining_after"], "2400000.00");
    assert_eq!(plans[1]["fits"], true);
    // a bad unit price names what was expected
    let bad = cli.run(&["plan", "add", "--year", "2018", "--area", "IT", "--quantity", "1", "--unit-price", "ca 100"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--unit-price"), "{}", bad.stderr);
}

//! Capital costs end to end through the CLI: the fixtures' asset register
//! depreciates exactly what the operating ledger booked (31 800 000,00 kr in
//! 2018), projects missing from it are assumed, a newer register replaces
//! the older, and the service phones' costing from the issue comes out
//! exactly — as an investment counted together, as an expense without.

mod common;
use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use common::*;
use serde_json::Value;

fn with_register() -> Cli {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    cli.ok(&["import", "assets", fixtures().join("anlaggningsregister_2018.xlsx").to_str().unwrap()]);
    cli
}

fn capital(cli: &Cli, years: &str) -> Value {
    cli.ok(&["--json", "report", "capital", "--years", years]).json()
}

fn total_year(r: &Value, year: i64) -> &Value {
    r["total"]["years"].as_array().unwrap().iter().find(|y| y["year"] == year).unwrap()
}

#[test]
fn the_register_depreciates_what_the_ledger_booked() {
    let cli = with_register();
    let r = capital(&cli, "2017..2018");
    assert_eq!(total_year(&r, 2018)["depreciation"], "31800000.00");
    assert_eq!(total_year(&r, 2017)["depreciation"], "28000000.00");
    // the budget year beside the operating budget's and the ledger's Avskrivningar
    let cmp = r["comparisons"].as_array().unwrap().iter().find(|c| c["year"] == 2018).unwrap();
    assert_eq!(cmp["budget"], "30000000.00");
    assert_eq!(cmp["outcome"], "31800000.00");
    assert_eq!(cmp["computed"], "31800000.00");
    assert_eq!(cmp["computed_to_period"], "31800000.00");
    assert_eq!(cmp["outcome_less_computed"], "0.00");
    assert_eq!(cmp["budget_less_computed"], "-1800000.00");
    // the same figure as the variance report's Avskrivningar line
    let v = cli.ok(&["--json", "report", "variance", "--year", "2018"]).json();
    let avskr = v["operating"]["groups"].as_array().unwrap().iter().find(|g| g["group"] == "Avskrivningar").unwrap();
    assert_eq!(avskr["outcome"], cmp["computed"]);
    // capital cost = depreciation + interest, per year
    let y = total_year(&r, 2018);
    let kr = |v: &Value| v.as_str().unwrap().parse::<f64>().unwrap();
    assert!((kr(&y["capital_cost"]) - kr(&y["depreciation"]) - kr(&y["interest"])).abs() < 0.001);
    assert_eq!(r["rates"][1], serde_json::json!({"year": 2018, "rate": "1.75"}));
}

#[test]
fn projects_missing_from_the_register_are_assumed() {
    let cli = with_register();
    let r = capital(&cli, "2019..2019");
    let assumed: Vec<&Value> = r["assets"].as_array().unwrap().iter().filter(|a| a["assumed"] == true).collect();
    let ids: Vec<&str> = assumed.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["IT-SRV-2018-01", "MT-ULJ-2018-01"]);
    // in use from the month after the last booked line, at its outcome, with the kategori's life
    let srv = assumed[0];
    assert_eq!(srv["activation"], 201901);
    assert_eq!(srv["life_years"], 5);
    assert_eq!(srv["value"], "1500000.00");
    // 1 500 000 over 60 months: 300 000 in 2019
    assert_eq!(srv["years"][0]["depreciation"], "300000.00");
    assert_eq!(r["total"]["assumed"], 2);
    assert!(r["warnings"][0].as_str().unwrap().contains("2 investeringsprojekt saknas"), "{}", r["warnings"]);
    let text = cli.ok(&["report", "capital", "--years", "2019..2019", "--assets"]).stdout;
    assert!(text.contains("IT-SRV-2018-01") && text.contains("antaget"), "{text}");
}

#[test]
fn a_newer_register_replaces_the_older() {
    let cli = with_register();
    let csv = cli.dir.path().join("register_2019.csv");
    std::fs::write(
        &csv,
        "Anläggningsregister 2019\n\nObjekt;Område;Kategori;Anskaffningsvärde;Aktiveringsperiod;Nyttjandeperiod\n\
         AN-1;IT;Nät;120 000,00;201801;5\nAN-2;MT;Röntgen;1 200 000,00;2017-01;10 år\n",
    )
    .unwrap();
    cli.ok(&["import", "assets", csv.to_str().unwrap()]);
    let r = capital(&cli, "2018..2018");
    // 24 000 + 120 000, and the two projects of the first register now assumed with the rest
    let register: Vec<&Value> = r["assets"].as_array().unwrap().iter().filter(|a| a["assumed"] == false).collect();
    assert_eq!(register.len(), 2);
    let batches = cli.batches();
    let last = batches.last().unwrap();
    assert_eq!(last["kind"], "assets");
    assert_eq!(last["scope_from"], 2017);
    // undo brings the fixtures' register back
    cli.ok(&["undo", &last["id"].to_string()]);
    assert_eq!(total_year(&capital(&cli, "2018..2018"), 2018)["depreciation"], "31800000.00");
}

#[test]
fn a_bad_register_names_the_cells() {
    let cli = Cli::new();
    let csv = cli.dir.path().join("register.csv");
    std::fs::write(
        &csv,
        "Objekt;Område;Anskaffningsvärde;Aktiveringsdatum;Nyttjandeperiod\n\
         AN-1;IT;120 000,00;2018-13-40;5\n\
         AN-2;XX;-5,00;201801;tre\n",
    )
    .unwrap();
    let o = cli.run(&["import", "assets", csv.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    for want in [
        "cell D2 (rad 2, kolumn D): Aktiveringsdatum: förväntade ett datum som 2018-03-14 eller en period som 201803, fick \"2018-13-40\"",
        "cell B3 (rad 3, kolumn B): Område: förväntade IT eller MT, fick \"XX\"",
        "cell C3 (rad 3, kolumn C): Anskaffningsvärde: förväntade ett belopp som inte är negativt",
        "cell E3 (rad 3, kolumn E): Nyttjandeperiod: förväntade ett helt antal år 1–50, fick \"tre\"",
    ] {
        assert!(o.stderr.contains(want), "missing «{want}» in {}", o.stderr);
    }
    assert!(cli.batches().is_empty());
}

fn add_phones(cli: &Cli, together: bool) -> i64 {
    let mut args = vec![
        "--json",
        "plan",
        "add",
        "--year",
        "2019",
        "--area",
        "IT",
        "--category",
        "Klient",
        "--quantity",
        "2500",
        "--unit-price",
        "3 876,00",
        "--life-years",
        "3",
        "--start",
        "201901",
        "--text",
        "Tjänstetelefoner",
    ];
    if together {
        args.push("--counted-together");
    }
    cli.ok(&args).json()["id"].as_i64().unwrap()
}

#[test]
fn phones_counted_together_are_an_investment_of_three_years() {
    let cli = Cli::new();
    let id = add_phones(&cli, true).to_string();
    let c = cli.ok(&["--json", "plan", "cost", &id, "--years", "2019..2021"]).json();
    assert_eq!(c["amount"], "9690000.00");
    assert_eq!(c["classification"]["treatment"], "investment");
    assert_eq!(c["classification"]["reason"], "total_at_or_above_threshold");
    assert_eq!(c["years"][0]["investment"], "9690000.00");
    for y in c["years"].as_array().unwrap() {
        assert_eq!(y["depreciation"], "3230000.00", "{}", y["year"]);
        assert_eq!(y["expense"], "0.00");
    }
    assert_eq!(c["total"]["depreciation"], "9690000.00");
    // the costing as a board would read it
    let out = cli.dir.path().join("telefoner.xlsx");
    let o = cli.ok(&["--json", "export", "plan", &id, "--years", "2019..2021", "--out", out.to_str().unwrap()]).json();
    assert_eq!(o["sheets"], serde_json::json!(["Kalkyl"]));
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("Kalkyl").unwrap();
    let row = sheet.rows().find(|r| r.first() == Some(&Data::String("Avskrivningar".into()))).unwrap();
    let cells: Vec<f64> = row[1..=4].iter().map(|d| d.as_f64().unwrap()).collect();
    assert_eq!(cells, [3_230_000.0, 3_230_000.0, 3_230_000.0, 9_690_000.0]);
}

#[test]
fn phones_one_by_one_are_an_expense_in_2019() {
    let cli = Cli::new();
    let id = add_phones(&cli, false).to_string();
    let c = cli.ok(&["--json", "plan", "cost", &id, "--years", "2019..2021"]).json();
    assert_eq!(c["classification"]["treatment"], "expense");
    assert_eq!(c["classification"]["reason"], "unit_below_threshold");
    assert_eq!(c["classification"]["threshold"], "23250.00");
    assert_eq!(c["years"][0]["expense"], "9690000.00");
    assert_eq!(c["years"][0]["net_effect"], "-9690000.00");
    assert_eq!(c["total"]["depreciation"], "0.00");
    assert_eq!(c["total"]["investment"], "0.00");
    let text = cli.ok(&["plan", "cost", &id, "--years", "2019..2021"]).stdout;
    assert!(text.contains("varje enhet (3 876,00 kr) understiger beloppsgränsen 23 250,00 kr"), "{text}");
    // an expense falls on the operating budget: it does not draw on the frame
    let list = cli.ok(&["--json", "plan", "list", "--year", "2019"]).json();
    assert_eq!(list["plans"][0]["on_frame"], false);
    assert_eq!(list["plans"][0]["remaining_after"], list["plans"][0]["remaining_before"]);
}

#[test]
fn running_costs_and_savings_from_the_start_month() {
    let cli = Cli::new();
    cli.ok(&["setting", "internal_rate/2019", "0"]);
    let p = cli
        .ok(&[
            "--json",
            "plan",
            "add",
            "--year",
            "2019",
            "--area",
            "IT",
            "--category",
            "Klient",
            "--quantity",
            "2500",
            "--unit-price",
            "3 876,00",
            "--life-years",
            "3",
            "--start",
            "2019-07",
            "--monthly-cost-per-unit",
            "150,00",
            "--yearly-saving",
            "1 200 000",
            "--counted-together",
        ])
        .json();
    let c = cli.ok(&["--json", "plan", "cost", &p["id"].to_string(), "--years", "2019..2020"]).json();
    // six months of 2019: 2 500 × 150 × 6; half the yearly saving; half a year's depreciation
    assert_eq!(c["years"][0]["running_costs"], "2250000.00");
    assert_eq!(c["years"][0]["savings"], "600000.00");
    assert_eq!(c["years"][0]["depreciation"], "1615000.00");
    assert_eq!(c["years"][0]["interest"], "0.00");
    assert_eq!(c["years"][0]["net_effect"], "-3265000.00");
    assert_eq!(c["years"][1]["running_costs"], "4500000.00");
    assert_eq!(c["years"][1]["savings"], "1200000.00");
}

#[test]
fn capital_settings_and_inputs_are_checked() {
    let cli = Cli::new();
    for (key, value, want) in [
        ("internal_rate/2019", "abc", "internal_rate/2019: 'abc' är ingen procentsats"),
        ("prisbasbelopp/2019", "noll", "prisbasbelopp/2019: 'noll' är inget belopp större än noll"),
        ("life/IT/Klient", "0", "life/IT/Klient: '0' är inget helt antal år 1–50"),
    ] {
        let o = cli.run(&["setting", key, value]);
        assert_eq!(o.code, 2);
        assert!(o.stderr.contains(want), "{}", o.stderr);
    }
    // a higher threshold setting makes counted-together phones no investment either
    cli.ok(&["setting", "expense_threshold/2019", "10 000 000"]);
    let id = add_phones(&cli, true).to_string();
    let c = cli.ok(&["--json", "plan", "cost", &id]).json();
    assert_eq!(c["classification"]["reason"], "total_below_threshold");
    // without --years: the start year through the life
    assert_eq!(c["years"].as_array().unwrap().len(), 3);
    let bad = cli.run(&["plan", "cost", &id, "--years", "2021..2019"]);
    assert_eq!(bad.code, 2);
    let missing = cli.run(&["plan", "cost", "99"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("det finns ingen planerad anskaffning 99"));
    let bad_start = cli.run(&[
        "plan",
        "add",
        "--year",
        "2019",
        "--area",
        "IT",
        "--quantity",
        "1",
        "--unit-price",
        "1",
        "--start",
        "x",
    ]);
    assert_eq!(bad_start.code, 2);
    assert!(bad_start.stderr.contains("--start"), "{}", bad_start.stderr);
}

#[test]
fn the_variance_workbook_gains_kapitalkostnader() {
    let cli = with_register();
    let out = cli.dir.path().join("avvikelse.xlsx");
    let o = cli.ok(&["--json", "export", "variance", "--year", "2018", "--out", out.to_str().unwrap()]).json();
    assert!(o["sheets"].as_array().unwrap().contains(&Value::from("Kapitalkostnader")));
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("Kapitalkostnader").unwrap();
    let total = sheet.rows().find(|r| r.first() == Some(&Data::String("Totalt".into()))).unwrap();
    assert_eq!(total[4].as_f64(), Some(31_800_000.0));
    let booked =
        sheet.rows().find(|r| matches!(r.first(), Some(Data::String(s)) if s.starts_with("Bokfört t.o.m."))).unwrap();
    assert_eq!(booked[2].as_f64(), Some(31_800_000.0));
}

//! Forecast rounds through the CLI on the 2018 fixtures: the rounds 201804,
//! 201808 and 201810 imported from `fixtures/prognos_2018_*.xlsx`, compared
//! round to round and with the +6 000 000 outcome ("the October forecast was
//! +8 mnkr; the outcome came 2 mnkr lower"), set by hand, locked, logged.

mod common;
use common::*;
use serde_json::Value;

fn demo_with_rounds() -> Cli {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    for (round, file) in [
        ("201804", "prognos_2018_04.xlsx"),
        ("2018-08", "prognos_2018_08.xlsx"),
        ("oktober 2018", "prognos_2018_10.xlsx"),
    ] {
        cli.ok(&["forecast", "import", fixtures().join(file).to_str().unwrap(), "--round", round]);
    }
    cli
}

fn rounds(cli: &Cli, period: &str) -> Value {
    cli.ok(&["--json", "report", "variance", "--year", "2018", "--period", period]).json()["rounds"].clone()
}

/// (round, forecast variance, change, deviation) of one row, as strings.
fn cells(row: &Value) -> Vec<[String; 4]> {
    let t = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| "-".into());
    row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| [t(&c["round"]), t(&c["forecast_variance"]), t(&c["change"]), t(&c["deviation"])])
        .collect()
}

fn row<'a>(r: &'a Value, label: &str) -> &'a Value {
    r["rows"].as_array().unwrap().iter().find(|x| x["label"] == label).unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn each_round_against_the_previous_and_the_outcome() {
    let cli = demo_with_rounds();
    let r = rounds(&cli, "201812");
    assert_eq!(r["outcome_complete"], true);
    let ids: Vec<&str> = r["rounds"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["budget", "201804", "201808", "201810"]);
    assert_eq!(r["result"]["outcome_variance"], "6000000.00");
    assert_eq!(
        cells(&r["result"]),
        [
            // the budget file's Prognos column is the October forecast, a round of its own
            ["budget", "8000000.00", "-", "-2000000.00"].map(String::from),
            ["201804", "3000000.00", "-", "3000000.00"].map(String::from),
            ["201808", "5500000.00", "2500000.00", "500000.00"].map(String::from),
            // October +8 000 000, outcome +6 000 000: 2 000 000 lower
            ["201810", "8000000.00", "2500000.00", "-2000000.00"].map(String::from),
        ]
    );
    assert_eq!(r["result"]["cells"][3]["forecast"], "8000000.00");
    // per row: Lön, all VOs (VO Drift differs per round), against outcome 111,6 mnkr staff
    let lon = row(&r, "Lön");
    assert_eq!(lon["budget"], "76000000.00");
    assert_eq!(
        cells(lon).iter().map(|c| c[1].clone()).collect::<Vec<_>>(),
        ["7000000.00", "2800000.00", "5500000.00", "7000000.00"]
    );
    assert_eq!(lon["cells"][3]["comment"], "VO Drift: Vakanserna tillsattes inte");
    let staff = row(&r, "Personalkostnader");
    assert_eq!(staff["outcome_variance"], "8400000.00");
    assert_eq!(
        cells(staff).iter().map(|c| (c[1].clone(), c[3].clone())).collect::<Vec<_>>(),
        [
            ("10000000.00".into(), "-1600000.00".into()),
            ("4600000.00".into(), "3800000.00".into()),
            ("7900000.00".into(), "500000.00".into()),
            ("10000000.00".into(), "-1600000.00".into()),
        ]
    );
    // Avskrivningar: April expected the budget, August 1,0 mnkr over, October 1,5
    assert_eq!(
        cells(row(&r, "Avskrivningar")).iter().map(|c| c[2].clone()).collect::<Vec<_>>(),
        ["-", "-", "-1000000.00", "-500000.00"]
    );
    // what today's report shows for the budget's forecast is unchanged
    let v = cli.ok(&["--json", "report", "variance", "--year", "2018", "--period", "201812"]).json();
    assert_eq!(v["operating"]["forecast_source"], "controller");
    assert_eq!(v["operating"]["result"]["forecast_variance"], "8000000.00");

    // before the year is complete: no deviation, the rounds all the same
    let oct = rounds(&cli, "201810");
    assert_eq!(oct["outcome_complete"], false);
    assert!(oct["result"]["outcome_variance"].is_null());
    assert!(oct["result"]["cells"].as_array().unwrap().iter().all(|c| c["deviation"].is_null()));
    assert_eq!(oct["result"]["cells"][3]["forecast_variance"], "8000000.00");

    // the investments: the latest round against the total frame
    let inv = r["investments"].as_array().unwrap();
    let it = inv.iter().find(|i| i["area"] == "IT").unwrap();
    assert_eq!(
        (it["round"].as_u64(), &it["total_frame"], &it["forecast"], &it["variance"]),
        (Some(201810), &Value::from("14600000.00"), &Value::from("19500000.00"), &Value::from("-4900000.00"))
    );
    let mt = inv.iter().find(|i| i["area"] == "MT").unwrap();
    assert_eq!((&mt["forecast"], &mt["variance"]), (&Value::from("23000000.00"), &Value::from("40000000.00")));

    // the text report shows the rounds side by side
    let text = cli.ok(&["report", "variance", "--year", "2018", "--period", "201812"]).stdout;
    assert!(text.contains("Prognosomgångar 2018") && text.contains("Avv. 201810"), "{text}");
    assert!(text.contains("-2 000 000,00"), "{text}");
}

#[test]
fn a_round_imported_again_is_refused_until_replace() {
    let cli = demo_with_rounds();
    let before = rounds(&cli, "201812");
    // importing a round's file again does not overwrite it silently
    let again = fixtures().join("prognos_2018_10.xlsx");
    let refused = cli.run(&["forecast", "import", again.to_str().unwrap(), "--round", "201810"]);
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("prognosomgång 201810 har redan 30 rader av det slag prognos_2018_10.xlsx innehåller")
            && refused.stderr.contains("--replace"),
        "{}",
        refused.stderr
    );
    let replaced = cli.ok(&["--json", "forecast", "import", again.to_str().unwrap(), "--round", "201810", "--replace"]);
    assert_eq!(replaced.json()["replaced_rows"], 30);

    assert_eq!(rounds(&cli, "201812"), before, "the same file again: the same figures");
}

#[test]
fn set_lock_refuse_and_log() {
    let cli = demo_with_rounds();
    // a row set as typed, with a comment, replaces the round's value of that row only
    cli.ok(&[
        "forecast",
        "set",
        "--round",
        "201810",
        "--cost-type",
        "lön",
        "--vo",
        "VO Drift",
        "--amount",
        "36 000 000,00",
        "--comment",
        "Rekrytering klar i november",
    ]);
    let r = rounds(&cli, "201812");
    assert_eq!(r["result"]["cells"][3]["forecast_variance"], "7000000.00");
    assert_eq!(r["result"]["cells"][3]["deviation"], "-1000000.00");
    cli.ok(&["forecast", "set", "--round", "201810", "--area", "IT", "--category", "Nät", "--amount", "13 000 000"]);

    let list = cli.ok(&["--json", "forecast", "list", "--year", "2018"]).json();
    let r10 = list["rounds"].as_array().unwrap().iter().find(|r| r["round"] == 201810).unwrap().clone();
    assert_eq!((r10["operating_rows"].as_u64(), r10["investment_rows"].as_u64()), (Some(28), Some(3)));
    assert!(r10["locked_at"].is_null());

    let lock = cli.ok(&["--json", "forecast", "lock", "--round", "201810"]).json();
    assert!(lock["locked_at"].is_string());
    // a locked round is refused every change, by set and by import, and a second lock
    for args in [
        vec!["forecast", "set", "--round", "201810", "--cost-type", "Lön", "--amount", "1"],
        vec!["forecast", "import", fixtures().join("prognos_2018_04.xlsx").to_str().unwrap(), "--round", "201810"],
        vec!["forecast", "lock", "--round", "201810"],
    ] {
        let o = cli.run(&args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("prognosomgången 201810 är fastställd"), "{}", o.stderr);
    }
    assert_eq!(rounds(&cli, "201812")["result"]["cells"][3]["forecast_variance"], "7000000.00");
    // a later round supersedes it
    cli.ok(&[
        "forecast",
        "set",
        "--round",
        "201811",
        "--cost-type",
        "Lön",
        "--vo",
        "VO Drift",
        "--amount",
        "35 000 000",
    ]);
    let heads = rounds(&cli, "201812")["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["id"].as_str().unwrap().to_string(), h["locked"].as_bool().unwrap()))
        .collect::<Vec<_>>();
    assert_eq!(heads.last().unwrap(), &("201811".to_string(), false));
    assert!(heads.contains(&("201810".to_string(), true)));

    // every change is one audit entry, found by --kind forecast
    let log = cli.ok(&["--json", "log", "--kind", "forecast"]).json();
    let entries = log["entries"].as_array().unwrap();
    let ops: Vec<(&str, &str)> =
        entries.iter().map(|e| (e["operation"].as_str().unwrap(), e["subject"].as_str().unwrap())).collect();
    assert_eq!(
        ops,
        [
            ("forecast-import", "forecast 201804"),
            ("forecast-import", "forecast 201808"),
            ("forecast-import", "forecast 201810"),
            ("forecast-set", "forecast 201810"),
            ("forecast-set", "forecast 201810"),
            ("forecast-lock", "forecast 201810"),
            ("forecast-set", "forecast 201811"),
        ]
    );
    let import: Value = serde_json::from_str(entries[0]["summary"].as_str().unwrap()).unwrap();
    assert_eq!((import["file"].as_str(), import["rows"].as_u64()), (Some("prognos_2018_04.xlsx"), Some(30)));
    let set: Value = serde_json::from_str(entries[3]["summary"].as_str().unwrap()).unwrap();
    assert_eq!(set["rows"][0]["row"], "Lön / VO Drift");
    assert_eq!(
        (&set["rows"][0]["before"], &set["rows"][0]["after"]),
        (&Value::from("35000000.00"), &Value::from("36000000.00"))
    );
    cli.ok(&["log", "verify"]);
}

#[test]
fn bad_input_is_refused_naming_what() {
    let cli = Cli::new();
    let o = cli.run(&["forecast", "set", "--round", "oktober", "--cost-type", "Lön", "--amount", "1"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--round"), "{}", o.stderr);
    let o = cli.run(&["forecast", "set", "--round", "201810", "--cost-type", "Lön", "--amount", "tio"]);
    assert!(o.code == 2 && o.stderr.contains("--amount"), "{}", o.stderr);
    let o = cli.run(&["forecast", "set", "--round", "201810", "--cost-type", "Hyra", "--amount", "1"]);
    assert!(o.code == 2 && o.stderr.contains("okänt kostnadsslag 'Hyra'"), "{}", o.stderr);
    let o = cli.run(&["forecast", "lock", "--round", "201803"]);
    assert!(o.code == 2 && o.stderr.contains("201803 finns inte"), "{}", o.stderr);
    // a workbook that is not a forecast
    let o = cli.run(&["forecast", "import", fixtures().join("ramar.xlsx").to_str().unwrap(), "--round", "201810"]);
    assert!(o.code == 2 && o.stderr.contains("Prognos"), "{}", o.stderr);
    // a bad amount names its cell
    let f = cli.dir.path().join("p.csv");
    std::fs::write(&f, "Kostnadsslag;VO;Prognos\nLön;VO Drift;tre miljoner\n").unwrap();
    let o = cli.run(&["forecast", "import", f.to_str().unwrap(), "--round", "201810"]);
    assert!(o.code == 2 && o.stderr.contains("C2"), "{}", o.stderr);
}

#[test]
fn variance_workbook_has_a_prognoser_sheet() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let cli = demo_with_rounds();
    let out = cli.dir.path().join("avvikelse.xlsx");
    let o = cli.ok(&["--json", "export", "variance", "--year", "2018", "--out", out.to_str().unwrap()]).json();
    assert_eq!(
        o["sheets"],
        serde_json::json!([
            "Sammanfattning",
            "Drift",
            "Kategorier",
            "Kategorier per år",
            "Prognoser",
            "Verifikationer"
        ])
    );
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let r = wb.worksheet_range("Prognoser").unwrap();
    let header: Vec<String> = r.rows().nth(3).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "Rad",
            "Prognos Budgetfilen",
            "Prognos 201804",
            "Prognos 201808",
            "Prognos 201810",
            "Förändring 201808",
            "Förändring 201810",
            "Utfall",
            "Avvikelse Budgetfilen",
            "Avvikelse 201804",
            "Avvikelse 201808",
            "Avvikelse 201810",
            "Kommentar"
        ]
    );
    let result = r.rows().find(|row| row[0] == Data::String("Resultat".into())).unwrap();
    let num = |d: &Data| match d {
        Data::Float(f) => (*f * 100.0).round() as i64,
        other => panic!("not a number: {other:?}"),
    };
    // forecasts, the changes, the outcome and October's deviation: 2 000 000 lower
    assert_eq!(
        result[1..12].iter().map(num).collect::<Vec<_>>(),
        [
            800_000_000,
            300_000_000,
            550_000_000,
            800_000_000,
            250_000_000,
            250_000_000,
            600_000_000,
            -200_000_000,
            300_000_000,
            50_000_000,
            -200_000_000
        ]
    );
    let f = wb.worksheet_formula("Prognoser").unwrap();
    assert!(f.rows().flatten().any(|c| c.starts_with("H") && c.contains("-E")), "deviation as a formula");
}

//! Open purchase orders (beställningar) through the CLI on the 2018 demo
//! data and `fixtures/bestallningar_2018.xlsx`: Beställt and Disponibelt
//! (total frame − outcome − committed − planned) per område and kategori and
//! in total, the orders behind a figure, a newer file replacing the older,
//! bad cells named, unplaced orders kept, and planned purchases checked
//! against Disponibelt.

mod common;
use common::*;
use serde_json::Value;

fn demo_with_orders() -> Cli {
    let cli = Cli::new();
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    cli.ok(&["import", "orders", fixtures().join("bestallningar_2018.xlsx").to_str().unwrap()]);
    cli
}

/// (Beställt, Planerat, Disponibelt) of a row.
fn cad(row: &Value) -> [String; 3] {
    [row["committed"].clone(), row["planned"].clone(), row["available"].clone()]
        .map(|v| v.as_str().unwrap().to_string())
}

#[test]
fn committed_and_available_per_area_and_category() {
    let cli = demo_with_orders();
    let r = cli.investments(2018);
    // the reference table itself is unchanged by the orders
    assert_reference_2018(&r);
    // Disponibelt = Total ram − Totalt investeringar − Beställt − Planerat (no plans yet)
    for (area_name, cat, want) in [
        // 7 000 000 − 12 900 000 − 1 250 000
        ("IT", Some("Nät"), ["1250000.00", "0.00", "-7150000.00"]),
        // 4 000 000 − 3 800 000 − 640 000
        ("IT", Some("Server"), ["640000.00", "0.00", "-440000.00"]),
        // 500 000 − 0 − 312 500,50
        ("IT", Some("Klient"), ["312500.50", "0.00", "187499.50"]),
        // 1 100 000 − 1 100 000, no orders
        ("IT", Some("Video"), ["0.00", "0.00", "0.00"]),
        // 35 000 000 − 12 200 000 − 3 400 000
        ("MT", Some("Röntgen"), ["3400000.00", "0.00", "19400000.00"]),
        // 12 000 000 − 4 300 000 − 1 180 000
        ("MT", Some("Ultraljud"), ["1180000.00", "0.00", "6520000.00"]),
        // the Område/Kategori row: 3 000 000 − 0 − 455 000
        ("MT", Some("MT-övrigt"), ["455000.00", "0.00", "2545000.00"]),
        // 14 600 000 − 19 600 000 − (1 250 000 + 640 000 + 312 500,50)
        ("IT", None, ["2202500.50", "0.00", "-7202500.50"]),
        // 63 000 000 − 23 200 000 − (3 400 000 + 1 180 000 + 455 000)
        ("MT", None, ["5035000.00", "0.00", "34765000.00"]),
        // 77 600 000 − 42 800 000 − 7 324 750,50 (the file's Summa)
        ("Totalt", None, ["7324750.50", "0.00", "27475249.50"]),
    ] {
        let row = match cat {
            Some(c) => category(&r, area_name, c),
            None => area(&r, area_name),
        };
        assert_eq!(cad(row), want.map(s), "{area_name} {cat:?}");
    }
    assert_eq!(area(&r, "IT")["orders"], 3);
    assert_eq!(area(&r, "Totalt")["orders"], 7);
    // the order whose project no rule knows: Ej klassificerat, never dropped
    let u = &r["unclassified"];
    assert_eq!(u["label"], "Ej klassificerat");
    assert_eq!(cad(u), ["87250.00", "0.00", "-87250.00"].map(s));
    assert_eq!(u["lines"], 0);
    // year to date: only the orders placed by October (Nät 14/9, Server 2/10, Röntgen 18/10)
    let oct = cli.ok(&["--json", "report", "investments", "--year", "2018", "--period", "201810"]).json();
    assert_eq!(area(&oct, "Totalt")["committed"], "5290000.00");
    assert_eq!(category(&oct, "IT", "Klient")["committed"], "0.00");
    // the orders behind it, the period written as a controller writes it
    let l = cli.ok(&["--json", "orders", "list", "--period", "oktober 2018"]).json();
    assert_eq!(l["total"], "5290000.00");
    assert_eq!(l["orders"].as_array().unwrap().len(), 3);
}

#[test]
fn every_committed_figure_opens_to_its_orders() {
    let cli = demo_with_orders();
    let r = cli.investments(2018);
    let rows: Vec<&Value> = r["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| std::iter::once(a).chain(a["categories"].as_array().unwrap()))
        .chain([&r["unclassified"], &r["total"]])
        .collect();
    for row in rows {
        let q = &row["orders_drill"];
        let mut args = vec!["--json", "orders", "list"];
        let (a, c, p) = (q["area"].as_str(), q["category"].as_str(), q["period_to"].to_string());
        if let Some(a) = a {
            args.extend(["--area", a]);
        }
        if let Some(c) = c {
            args.extend(["--category", c]);
        }
        args.extend(["--period", &p]);
        let l = cli.ok(&args).json();
        assert_eq!(l["total"], row["committed"], "{}", row["key"]);
        assert_eq!(l["orders"].as_array().unwrap().len() as u64, row["orders"].as_u64().unwrap(), "{}", row["key"]);
    }
    let u = cli.ok(&["--json", "orders", "list", "--area", "ej klassificerat"]).json();
    let o = &u["orders"][0];
    assert_eq!(
        (o["order_no"].as_str(), o["supplier"].as_str(), o["project"].as_str(), o["order_date"].as_str()),
        (Some("BE-18-0490"), Some("Lokalkonsult AB"), Some("PRJ-9001"), Some("2018-12-10"))
    );
    assert_eq!((o["area"].as_str(), o["category"].as_str()), (Some("Ej klassificerat"), Some("Ej klassificerat")));
    let text = cli.ok(&["orders", "list", "--area", "MT", "--category", "Röntgen"]).stdout;
    assert!(text.contains("BE-18-0460") && text.contains("Philips AB") && text.contains("3 400 000,00"), "{text}");
    let bad = cli.run(&["orders", "list", "--area", "XY"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("okänt område 'XY'"), "{}", bad.stderr);
}

#[test]
fn a_newer_orders_file_replaces_the_older_and_undo_brings_it_back() {
    let cli = demo_with_orders();
    let csv = cli.dir.path().join("bestallningar_2019-01.csv");
    std::fs::write(
        &csv,
        "Öppna beställningar\nUttag 2019-01-15\n\nOrder no;Supplier;Project;Order date;Amount\n\
         BE-18-0460;Philips AB;MT-RTG-2018-02;2018-10-18;1 700 000,00\n\
         BE-19-0007;Dustin AB;IT-KLI-2018-01;2018-12-28;99 999,99\n",
    )
    .unwrap();
    let o = cli.ok(&["import", "orders", csv.to_str().unwrap()]);
    let said = format!("{}{}", o.stdout, o.stderr);
    assert!(said.contains("ögonblicksbild") && said.contains("ersatte 7 rader från batch"), "{said}");
    let r = cli.investments(2018);
    // only the new snapshot: 1 700 000 + 99 999,99
    assert_eq!(area(&r, "Totalt")["committed"], "1799999.99");
    assert_eq!(category(&r, "MT", "Röntgen")["available"], "21100000.00");
    assert_eq!(category(&r, "IT", "Nät")["committed"], "0.00");
    assert!(r["unclassified"].is_null());
    let batches = cli.batches();
    let (old, new) = (&batches[batches.len() - 2], &batches[batches.len() - 1]);
    assert_eq!((old["kind"].as_str(), old["state"].as_str()), (Some("orders"), Some("ersatt")));
    assert_eq!(new["control_sum"], "1799999.99");
    // the log has it, like every import
    let log = cli.ok(&["log", "--kind", "import"]).stdout;
    assert!(log.contains("bestallningar_2019-01.csv") && log.contains("bestallningar_2018.xlsx"), "{log}");
    cli.ok(&["undo", &new["id"].to_string()]);
    assert_eq!(area(&cli.investments(2018), "Totalt")["committed"], "7324750.50");
}

#[test]
fn a_bad_orders_file_names_file_sheet_row_and_column_and_imports_nothing() {
    let cli = Cli::new();
    let csv = cli.dir.path().join("orders.csv");
    std::fs::write(
        &csv,
        "Beställningsnummer;Leverantör;Projekt;Beställningsdatum;Belopp\n\
         BE-1;Atea;IT-NAT-2018-01;2018-03-01;100,00\n\
         BE-2;Atea;IT-NAT-2018-01;nästa vecka;100,00\n\
         BE-3;Atea;;2018-03-01;abc\n",
    )
    .unwrap();
    let o = cli.run(&["import", "orders", csv.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    for want in [
        "orders.csv, blad \"orders\", cell D3 (rad 3, kolumn D): Beställningsdatum: förväntade ett datum som 2018-03-14, fick \"nästa vecka\"",
        "cell C4 (rad 4, kolumn C): Projekt och Område saknas",
        "cell E4 (rad 4, kolumn E)",
    ] {
        assert!(o.stderr.contains(want), "{want}\n{}", o.stderr);
    }
    assert!(cli.batches().is_empty());
    // a Summa row that does not match the lines is refused too
    std::fs::write(
        &csv,
        "Beställningsnummer;Projekt;Beställningsdatum;Belopp\nBE-1;IT-NAT-2018-01;2018-03-01;100,00\nSumma;;;150,00\n",
    )
    .unwrap();
    let o = cli.run(&["import", "orders", csv.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("cell D3"), "{}", o.stderr);
}

#[test]
fn planned_purchases_are_checked_against_disponibelt() {
    let cli = demo_with_orders();
    // 10 × 2 000 000 in MT Röntgen: 22 800 000 left of the frame, but 3 400 000 is ordered
    let p = cli
        .ok(&[
            "--json",
            "plan",
            "add",
            "--year",
            "2018",
            "--area",
            "MT",
            "--category",
            "Röntgen",
            "--text",
            "Datortomografer",
            "--quantity",
            "10",
            "--unit-price",
            "2 000 000,00",
        ])
        .json();
    let p = if p["plans"].is_array() { p["plans"][0].clone() } else { p };
    // the check against frame − outcome, as before: 22 800 000 − 20 000 000
    assert_eq!((p["remaining_after"].as_str(), p["fits"].as_bool()), (Some("2800000.00"), Some(true)));
    // the stricter one: 19 400 000 − 20 000 000
    assert_eq!(p["committed"], "3400000.00");
    assert_eq!(p["available_before"], "19400000.00");
    assert_eq!((p["available_after"].as_str(), p["fits_available"].as_bool()), (Some("-600000.00"), Some(false)));
    let text = cli.ok(&["plan", "list", "--year", "2018"]).stdout;
    assert!(text.contains("ryms inte i disponibelt"), "{text}");
    // and the report takes the plan off Disponibelt: row, område and total
    let r = cli.investments(2018);
    assert_eq!(cad(category(&r, "MT", "Röntgen")), ["3400000.00", "20000000.00", "-600000.00"].map(s));
    // 34 765 000 − 20 000 000
    assert_eq!(area(&r, "MT")["available"], "14765000.00");
    // 27 475 249,50 − 20 000 000
    assert_eq!(area(&r, "Totalt")["available"], "7475249.50");
}

#[test]
fn the_investments_report_carries_the_latest_investment_forecast() {
    let cli = demo_with_orders();
    for (round, file) in [("201808", "prognos_2018_08.xlsx"), ("201810", "prognos_2018_10.xlsx")] {
        cli.ok(&["forecast", "import", fixtures().join(file).to_str().unwrap(), "--round", round]);
    }
    let r = cli.investments(2018);
    assert_eq!(r["forecast_round"], 201810);
    // October: IT 19 500 000 against 14 600 000, MT 23 000 000 against 63 000 000
    assert_eq!(
        (area(&r, "IT")["forecast"].as_str(), area(&r, "IT")["forecast_variance"].as_str()),
        (Some("19500000.00"), Some("-4900000.00"))
    );
    assert_eq!(area(&r, "MT")["forecast_variance"], "40000000.00");
    assert_eq!(
        (area(&r, "Totalt")["forecast"].as_str(), area(&r, "Totalt")["forecast_variance"].as_str()),
        (Some("42500000.00"), Some("35100000.00"))
    );
    assert!(category(&r, "IT", "Nät")["forecast"].is_null());
    let text = cli.ok(&["report", "investments", "--year", "2018"]).stdout;
    assert!(text.contains("Prognos oktober 2018") && text.contains("Disponibelt"), "{text}");
}

#[test]
fn the_variance_workbook_has_committed_planned_and_available() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let cli = demo_with_orders();
    let out = cli.dir.path().join("avvikelse.xlsx");
    cli.ok(&["export", "variance", "--year", "2018", "--out", out.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sum = wb.worksheet_range("Sammanfattning").unwrap();
    assert_eq!(sum.get_value((3, 10)), Some(&Data::String("Beställt".into())));
    assert_eq!(sum.get_value((3, 12)), Some(&Data::String("Disponibelt".into())));
    // öre of a cached number
    let ore = |r: u32, c: u32| match sum.get_value((r, c)) {
        Some(Data::Float(f)) => (f * 100.0).round() as i64,
        Some(Data::Int(i)) => i * 100,
        other => panic!("not a number at ({r}, {c}): {other:?}"),
    };
    // rows IT, MT, Ej klassificerat, Totalt: Beställt and Disponibelt as the report has them
    assert_eq!([ore(4, 10), ore(4, 12)], [220_250_050, -720_250_050]);
    assert_eq!([ore(5, 10), ore(5, 12)], [503_500_000, 3_476_500_000]);
    assert_eq!([ore(6, 10), ore(6, 12)], [8_725_000, -8_725_000]);
    assert_eq!([ore(7, 10), ore(7, 12)], [732_475_050, 2_747_524_950]);
    let formulas = wb.worksheet_formula("Sammanfattning").unwrap();
    assert_eq!(formulas.get_value((7, 10)).map(String::as_str), Some("SUM(K5,K6,K7)"));
    assert_eq!(formulas.get_value((4, 12)).map(String::as_str), Some("D5-G5-K5-L5"));
}

#[test]
fn a_closed_period_does_not_stop_a_newer_orders_snapshot() {
    // as with the asset register: open orders are no booked or signed-off figure
    let cli = demo_with_orders();
    cli.ok(&["period", "close", "201812"]);
    let csv = cli.dir.path().join("bestallningar_2019-02.csv");
    std::fs::write(&csv, "Område;Kategori;Beställningsdatum;Belopp\nIT;Nät;2018-12-20;500 000,00\n").unwrap();
    cli.ok(&["import", "orders", csv.to_str().unwrap()]);
    let r = cli.investments(2018);
    // 7 000 000 − 12 900 000 − 500 000
    assert_eq!(cad(category(&r, "IT", "Nät")), ["500000.00", "0.00", "-6400000.00"].map(s));
    assert_eq!(area(&r, "Totalt")["committed"], "500000.00");
}

//! Import batches: the same file twice is a no-op, a newer export replaces
//! the periods it covers, undo and redo restore exactly what was there.

mod common;
use common::*;

#[test]
fn same_file_twice_changes_nothing() {
    let cli = Cli::new();
    let f = fixtures().join("huvudbok_2018.xlsx");
    let first = cli.import("ledger", &f);
    assert_eq!(first["imports"][0]["rows"], 615);
    let second = cli.ok(&["import", "ledger", f.to_str().unwrap()]);
    assert!(second.stdout.contains("redan importerad (batch 1); inget ändrades"), "{}", second.stdout);
    assert_eq!(cli.batches().len(), 1);
}

#[test]
fn newer_export_replaces_periods_and_undo_restores_them() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    cli.import("ledger", &fixtures().join("huvudbok_2017.ods"));
    let old = cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let old_id = old["imports"][0]["batch_id"].as_i64().unwrap();
    // a re-export of 2018 in another layout: same lines, replaces all twelve periods
    let new = cli.import("ledger", &fixtures().join("alt/huvudbok_2018_en.xlsx"));
    let new_id = new["imports"][0]["batch_id"].as_i64().unwrap();
    let replaced = &new["imports"][0]["replaced"][0];
    assert_eq!(replaced["batch_id"], old_id);
    assert_eq!(replaced["rows"], 615);
    assert_eq!(replaced["sum"], "42800000.00");
    assert_eq!(replaced["scopes"].as_array().unwrap().len(), 12);
    assert_reference_2018(&cli.investments(2018));
    let states: Vec<String> = cli.batches().iter().map(|b| b["state"].as_str().unwrap().to_string()).collect();
    assert_eq!(states, ["aktiv", "aktiv", "ersatt", "aktiv"]);

    // the replaced batch cannot be undone before the one that replaced it
    let refused = cli.run(&["undo", &old_id.to_string()]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains(&format!("ångra batch {new_id} först")), "{}", refused.stderr);

    // undo the newer: the older lines come back, figures unchanged
    let u = cli.ok(&["--json", "undo", &new_id.to_string()]).json();
    assert_eq!(u["restored"][0]["batch_id"], old_id);
    assert_reference_2018(&cli.investments(2018));
    // undo the older too: 2018 has no outcome left, 2017 is untouched
    cli.ok(&["undo", &old_id.to_string()]);
    let r = cli.investments(2018);
    assert_eq!(area(&r, "Totalt")["outcome_total"], "0.00");
    assert_eq!(area(&r, "Totalt")["total_frame"], "77600000.00");
    let r17 = cli.investments(2017);
    assert_eq!(area(&r17, "IT")["outcome_total"], "15700000.00");
    // redo brings the batch back
    cli.ok(&["redo", &old_id.to_string()]);
    assert_reference_2018(&cli.investments(2018));
}

#[test]
fn partial_replacement_keeps_other_periods() {
    // a monthly export for March 2018 only replaces March
    let cli = Cli::new();
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let march = cli.ok(&["--json", "lines", "--year", "2018", "--period", "201803", "--limit", "1"]).json()["total"]
        .as_str()
        .unwrap()
        .to_string();
    let feb = cli.ok(&["--json", "lines", "--year", "2018", "--period", "201802", "--limit", "1"]).json()["total"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(march, feb);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mars.csv");
    std::fs::write(&f, "Period;Konto;Projekt;Text;Belopp\n201803;1222;IT-NAT-2018-01;Ny switch;1 000,00\n").unwrap();
    let o = cli.import("ledger", &f);
    assert_eq!(o["imports"][0]["replaced"][0]["scopes"], serde_json::json!([201803]));
    let r = cli.investments(2018);
    // 2018 now = all months but March, plus the new 1 000,00
    let total = |v: &str| -> i64 { v.replace('.', "").parse().unwrap() };
    let march_ore = total(&march) - total(&feb);
    let expected = 4_280_000_000 - march_ore + 100_000;
    assert_eq!(total(area(&r, "Totalt")["outcome_total"].as_str().unwrap()), expected);
}

/// (rows listed, sum of listed amounts in öre, distinct batch ids) of `lines`.
fn listed(cli: &Cli, args: &[&str]) -> (usize, i64, Vec<i64>) {
    let mut a = vec!["--json", "lines", "--limit", "100000"];
    a.extend_from_slice(args);
    let v = cli.ok(&a).json();
    let lines = v["lines"].as_array().unwrap();
    let sum = lines.iter().map(|l| l["amount"].as_str().unwrap().replace('.', "").parse::<i64>().unwrap()).sum();
    let mut batches: Vec<i64> = lines.iter().map(|l| l["batch_id"].as_i64().unwrap()).collect();
    batches.dedup();
    (lines.len(), sum, batches)
}

#[test]
fn replacement_and_undo_switch_the_lines_themselves() {
    // Reports read the aggregates; this checks the stored lines follow them
    // (ledger lines are found per batch by id range, not by an index).
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let y17 = cli.import("ledger", &fixtures().join("huvudbok_2017.ods"))["imports"][0]["batch_id"].as_i64().unwrap();
    let old = cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"))["imports"][0]["batch_id"].as_i64().unwrap();
    let new =
        cli.import("ledger", &fixtures().join("alt/huvudbok_2018_en.xlsx"))["imports"][0]["batch_id"].as_i64().unwrap();
    let all_2018 = 4_280_000_000;
    assert_eq!(listed(&cli, &["--year", "2018"]), (615, all_2018, vec![new]));
    // a batch's own lines, active or not
    assert_eq!(listed(&cli, &["--batch", &old.to_string()]), (615, all_2018, vec![old]));
    assert_eq!(listed(&cli, &["--batch", &new.to_string()]), (615, all_2018, vec![new]));
    // regrouping the aggregates under the rules keeps which batch is live
    cli.ok(&["rules", "reclassify"]);
    assert_eq!(listed(&cli, &["--year", "2018"]), (615, all_2018, vec![new]));
    assert_reference_2018(&cli.investments(2018));
    cli.ok(&["undo", &new.to_string()]);
    assert_eq!(listed(&cli, &["--year", "2018"]), (615, all_2018, vec![old]));
    cli.ok(&["undo", &old.to_string()]);
    assert_eq!(listed(&cli, &["--year", "2018"]).0, 0);
    let (n17, _, b17) = listed(&cli, &["--year", "2017"]);
    assert!(n17 > 0 && b17 == vec![y17], "2017 untouched: {n17} {b17:?}");
    cli.ok(&["redo", &old.to_string()]);
    assert_eq!(listed(&cli, &["--year", "2018"]), (615, all_2018, vec![old]));
    cli.ok(&["redo", &new.to_string()]);
    assert_eq!(listed(&cli, &["--year", "2018"]), (615, all_2018, vec![new]));
}

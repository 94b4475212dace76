//! Never replace silently: a newer export replaces an older batch's periods
//! without asking only when it is the same kind of export. The operating
//! ledger imported after the investment ledger of the same months is
//! refused (exit 2) until the user confirms (`--replace`) or names its own
//! source (`--source`); `preview` says so before anything is written.

mod common;
use common::*;
use std::path::PathBuf;

/// frames and the 2018 investment ledger (batch 2)
fn with_investments() -> Cli {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let o = cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    assert_eq!(o["imports"][0]["batch_id"], 2);
    cli
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn drift() -> PathBuf {
    fixtures().join("drift_huvudbok_2018.xlsx")
}

#[test]
fn operating_ledger_after_investment_ledger_is_refused_and_changes_nothing() {
    let cli = with_investments();
    let refused = cli.run(&["import", "ledger", path(&drift())]);
    assert_eq!(refused.code, 2, "{}{}", refused.stdout, refused.stderr);
    assert_eq!(
        refused.stderr.trim(),
        "fel: drift_huvudbok_2018.xlsx (konto 3xxx–4xxx, 6xxx–7xxx) skulle ersätta huvudbok_2018.xlsx \
         (batch 2, konto 1xxx) i perioderna 201801–201812 i källan \"huvudbok\", men filerna ser ut att vara \
         olika slags exporter. Inget importerades. Ersätt ändå med --replace, eller importera filen som en egen \
         källa med --source NAMN (då behålls båda)."
    );
    // nothing changed: no new batch, the investment report as before
    assert_eq!(cli.batches().len(), 2);
    assert_reference_2018(&cli.investments(2018));
    // the same with --json: the error goes to stderr, exit 2
    let refused = cli.run(&["--json", "import", "ledger", path(&drift())]);
    assert_eq!(refused.code, 2);
    assert!(refused.stdout.is_empty(), "{}", refused.stdout);
    assert_eq!(cli.batches().len(), 2);
}

#[test]
fn replace_confirms_and_replaces_the_investment_lines() {
    let cli = with_investments();
    let o = cli.ok(&["--json", "import", "ledger", path(&drift()), "--replace"]).json();
    let replaced = &o["imports"][0]["replaced"];
    assert_eq!(replaced.as_array().unwrap().len(), 1);
    assert_eq!(replaced[0]["batch_id"], 2);
    assert_eq!(replaced[0]["rows"], 615);
    assert_eq!(replaced[0]["sum"], "42800000.00");
    assert_eq!(replaced[0]["looks_different"], true);
    assert_eq!(replaced[0]["shape"], "konto 1xxx");
    assert_eq!(replaced[0]["scopes"].as_array().unwrap().len(), 12);
    // what the user confirmed: 2018 has no investment outcome left
    let r = cli.investments(2018);
    assert_eq!(area(&r, "Totalt")["outcome_total"], "0.00");
    let states: Vec<String> = cli.batches().iter().map(|b| b["state"].as_str().unwrap().to_string()).collect();
    assert_eq!(states, ["aktiv", "ersatt", "aktiv"]);
    // and undo brings the investment ledger back
    cli.ok(&["undo", "3"]);
    assert_reference_2018(&cli.investments(2018));
}

#[test]
fn own_source_keeps_both_and_later_operating_exports_join_it() {
    let cli = with_investments();
    let o = cli.ok(&["--json", "import", "ledger", path(&drift()), "--source", "drift"]).json();
    assert_eq!(o["imports"][0]["replaced"], serde_json::json!([]));
    assert_eq!(o["imports"][0]["rows"], 837);
    assert_reference_2018(&cli.investments(2018));
    let sources: Vec<String> = cli.batches().iter().map(|b| b["source"].as_str().unwrap().to_string()).collect();
    assert_eq!(sources, ["ramar", "huvudbok", "drift"]);

    // a March file of wages only looks like the operating ledger (it joins
    // the drift source) but would drop March's other accounts: it asks
    let dir = tempfile::tempdir().unwrap();
    let wages = dir.path().join("drift_mars_lon.csv");
    std::fs::write(&wages, "Period;Konto;Ansvar;Text;Belopp\n201803;4111;53100;Övertid mars;12 345,67\n").unwrap();
    let refused = cli.run(&["import", "ledger", path(&wages)]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains(
            "drift_mars_lon.csv (konto 4xxx) skulle ersätta drift_huvudbok_2018.xlsx (batch 3, konto 3xxx–4xxx, \
             6xxx–7xxx) i period 201803 i källan \"drift\""
        ),
        "{}",
        refused.stderr
    );

    // a newer operating export of March with its accounts: it joins the
    // drift source and replaces its month silently
    let march = dir.path().join("drift_mars.csv");
    std::fs::write(
        &march,
        "Period;Konto;Ansvar;Text;Belopp\n201803;3011;52100;Debitering mars;-3 990 228,01\n\
         201803;4111;53100;Övertid mars;12 345,67\n201803;6110;53100;Material;1 000,00\n\
         201803;7010;53100;Avskrivning;2 000,00\n",
    )
    .unwrap();
    let o = cli.import("ledger", &march);
    let replaced = &o["imports"][0]["replaced"];
    assert_eq!(replaced.as_array().unwrap().len(), 1, "{replaced}");
    assert_eq!(replaced[0]["file_name"], "drift_huvudbok_2018.xlsx");
    assert_eq!(replaced[0]["source"], "drift");
    assert_eq!(replaced[0]["scopes"], serde_json::json!([201803]));
    assert_eq!(replaced[0]["looks_different"], false);
    assert_eq!(cli.batches().last().unwrap()["source"], "drift");
    assert_reference_2018(&cli.investments(2018));
}

/// huvudbok_2018 as CSV with the first line's amount changed by 100 kr.
fn re_export_with_one_amount_changed(dir: &std::path::Path) -> PathBuf {
    let csv = std::fs::read_to_string(fixtures().join("alt/huvudbok_2018_komma.csv")).unwrap();
    let first = "\"Brandväggar Malmö\",\"71522.78\"";
    assert_eq!(csv.matches(first).count(), 1);
    let f = dir.join("huvudbok_2018_ny.csv");
    std::fs::write(&f, csv.replacen(first, "\"Brandväggar Malmö\",\"71622.78\"", 1)).unwrap();
    f
}

#[test]
fn newer_export_of_the_same_ledger_replaces_without_asking() {
    let cli = with_investments();
    let dir = tempfile::tempdir().unwrap();
    let newer = re_export_with_one_amount_changed(dir.path());
    let out = cli.ok(&["--json", "import", "ledger", path(&newer)]).json();
    let o = &out["imports"][0];
    assert_eq!(o["control_sum"], "42800100.00");
    assert_eq!(o["replaced"][0]["batch_id"], 2);
    assert_eq!(o["replaced"][0]["rows"], 615);
    assert_eq!(o["replaced"][0]["looks_different"], false);
    let r = cli.investments(2018);
    assert_eq!(area(&r, "Totalt")["outcome_total"], "42800100.00");
    // the very same file again still changes nothing
    let again = cli.ok(&["import", "ledger", path(&newer)]);
    assert!(again.stdout.contains("redan importerad (batch 3); inget ändrades"), "{}", again.stdout);
}

#[test]
fn preview_shows_the_pending_replacement() {
    let cli = with_investments();
    let text = cli.ok(&["preview", "ledger", path(&drift())]).stdout;
    assert!(text.contains("källa \"huvudbok\", konto 3xxx–4xxx, 6xxx–7xxx\n"), "{text}");
    assert!(
        text.contains(
            "ersätter batch 2 huvudbok_2018.xlsx (källa \"huvudbok\", konto 1xxx) i perioderna 201801–201812: \
             615 rader, 42 800 000,00 kr — ser ut som en annan slags export\n"
        ),
        "{text}"
    );
    assert!(text.contains("kräver bekräftelse: --replace (ersätt ändå) eller --source NAMN"), "{text}");

    let json = cli.ok(&["--json", "preview", "ledger", path(&drift())]).json();
    assert_eq!(json["sheet"], "Huvudbok drift");
    let plan = &json["replaces"];
    assert_eq!(plan["source"], "huvudbok");
    assert_eq!(plan["needs_confirmation"], true);
    assert_eq!(plan["replaces"][0]["batch_id"], 2);
    assert_eq!(plan["replaces"][0]["file_name"], "huvudbok_2018.xlsx");
    assert_eq!(plan["replaces"][0]["scopes"].as_array().unwrap().len(), 12);

    // with its own source it replaces nothing; confirmed it needs no asking
    let own = cli.ok(&["--json", "preview", "ledger", path(&drift()), "--source", "drift"]).json();
    assert_eq!(own["replaces"]["replaces"], serde_json::json!([]));
    assert_eq!(own["replaces"]["needs_confirmation"], false);
    let confirmed = cli.ok(&["--json", "preview", "ledger", path(&drift()), "--replace"]).json();
    assert_eq!(confirmed["replaces"]["needs_confirmation"], false);
    assert_eq!(confirmed["replaces"]["replaces"][0]["rows"], 615);

    // the file already imported: nothing would change
    let same = cli.ok(&["preview", "ledger", path(&fixtures().join("huvudbok_2018.xlsx"))]).stdout;
    assert!(same.contains("redan importerad som batch 2; en import skulle inte ändra något"), "{same}");
    // a preview writes nothing
    assert_eq!(cli.batches().len(), 2);
    assert_reference_2018(&cli.investments(2018));
}

#[test]
fn investment_ledger_after_operating_ledger_is_refused_too() {
    let cli = Cli::new();
    cli.import("ledger", &drift());
    let refused = cli.run(&["import", "ledger", path(&fixtures().join("huvudbok_2018.xlsx"))]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains(
            "huvudbok_2018.xlsx (konto 1xxx) skulle ersätta drift_huvudbok_2018.xlsx (batch 1, konto 3xxx–4xxx, \
             6xxx–7xxx) i perioderna 201801–201812"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(cli.batches().len(), 1);
}

//! Internal control through the CLI: the audit log and its hash chain,
//! comment history, month sign-off with frozen periods, the control report.

mod common;
use common::*;
use serde_json::Value;
use std::path::PathBuf;

/// A one-line ledger export for June 2018 (a correction after the close).
fn june_file(cli: &Cli, name: &str, amount: &str) -> PathBuf {
    let f = cli.dir.path().join(name);
    let csv = format!("Period;Konto;Projekt;Text;Belopp\n201806;1222;IT-NAT-2018-01;Rättelse;{amount}\n");
    std::fs::write(&f, csv).unwrap();
    f
}

fn log(cli: &Cli, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["--json", "log"];
    a.extend_from_slice(args);
    cli.ok(&a).json()["entries"].as_array().cloned().unwrap_or_default()
}

fn ops(entries: &[Value]) -> Vec<String> {
    entries.iter().map(|e| e["operation"].as_str().unwrap().to_string()).collect()
}

#[test]
fn full_cycle_import_comment_close_refuse_reopen_verify_tamper() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let ledger = fixtures().join("huvudbok_2018.xlsx");
    let imported = cli.import("ledger", &ledger);
    let batch = imported["imports"][0]["batch_id"].as_i64().unwrap();

    // the import's entry: file, SHA-256, rows, control sum
    let entries = log(&cli, &["--kind", "import"]);
    assert_eq!(entries.len(), 2);
    let e = &entries[1];
    assert_eq!(e["subject"], format!("batch {batch}"));
    let summary: Value = serde_json::from_str(e["summary"].as_str().unwrap()).unwrap();
    assert_eq!(summary["file"], "huvudbok_2018.xlsx");
    assert_eq!(summary["rows"], 615);
    assert_eq!(summary["control_sum"], "42800000.00");
    assert_eq!(summary["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(e["user"], std::env::var("USER").unwrap_or_default());

    // a comment written twice keeps both versions
    let key = area(&cli.investments(2018), "IT")["key"].as_str().unwrap().to_string();
    cli.ok(&["comment", &key, "Switchar köptes tidigare än planerat"]);
    cli.ok(&["comment", &key, "Switchar och brandväggar köptes tidigare"]);
    let h = cli.ok(&["--json", "comment", "history", &key]).json();
    let versions = h["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["text"], "Switchar köptes tidigare än planerat");
    assert_eq!(versions[1]["text"], "Switchar och brandväggar köptes tidigare");
    assert_eq!(versions[1]["current"], true);
    assert_eq!(versions[0]["current"], false);
    let text = cli.ok(&["comment", "history", &key]).stdout;
    assert!(text.contains("1. ") && text.contains("2. ") && text.contains("(aktuell)"), "{text}");
    // the report shows the current text
    assert_eq!(area(&cli.investments(2018), "IT")["comment"], "Switchar och brandväggar köptes tidigare");
    let c = log(&cli, &["--kind", "comment"]);
    let last: Value = serde_json::from_str(c[1]["summary"].as_str().unwrap()).unwrap();
    assert_eq!(last["before"], "Switchar köptes tidigare än planerat");
    assert_eq!(last["after"], "Switchar och brandväggar köptes tidigare");

    // reclassify is logged with how many lines moved
    cli.ok(&["rules", "reclassify"]);
    let r = log(&cli, &["--kind", "reclassify"]);
    assert_eq!(r.len(), 1);
    let rs: Value = serde_json::from_str(r[0]["summary"].as_str().unwrap()).unwrap();
    assert_eq!(rs["lines"], 615);
    assert_eq!(rs["moved"], serde_json::json!([]));

    // close June: the checks are recorded, the period is frozen
    let closed = cli.ok(&["--json", "period", "close", "201806", "--note", "Juni avstämd"]).json();
    assert_eq!(closed["event"]["period"], 201806);
    assert_eq!(closed["event"]["note"], "Juni avstämd");
    let names: Vec<&str> =
        closed["checks"]["checks"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["reconciled", "unclassified", "variances"]);
    let again = cli.run(&["period", "close", "201806"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("redan klarmarkerad"), "{}", again.stderr);

    // an import into the closed period is refused and leaves nothing, not even an entry
    let before = log(&cli, &[]).len();
    let june = june_file(&cli, "juni.csv", "1 000,00");
    let refused = cli.run(&["import", "ledger", june.to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{}{}", refused.stdout, refused.stderr);
    assert!(refused.stderr.contains("perioden 201806, som är klarmarkerad"), "{}", refused.stderr);
    assert!(refused.stderr.contains("ramkoll period reopen 201806 --reason"), "{}", refused.stderr);
    assert_eq!(cli.batches().len(), 2);
    assert_eq!(log(&cli, &[]).len(), before);
    // and so is undoing the batch that holds June
    let undo = cli.run(&["undo", &batch.to_string()]);
    assert_eq!(undo.code, 2);
    assert!(undo.stderr.contains("201806"), "{}", undo.stderr);

    // reopening needs a reason
    let no_reason = cli.run(&["period", "reopen", "201806", "--reason", " "]);
    assert_eq!(no_reason.code, 2);
    assert!(no_reason.stderr.contains("skäl"), "{}", no_reason.stderr);
    cli.ok(&["period", "reopen", "201806", "--reason", "Sen faktura från leverantören"]);
    let o = cli.import("ledger", &june);
    assert_eq!(o["imports"][0]["rows"], 1);

    let periods = ops(&log(&cli, &["--kind", "period"]));
    assert_eq!(periods, ["period-close", "period-reopen"]);
    let by_subject = log(&cli, &["--subject", "201806"]);
    assert_eq!(by_subject.len(), 2);

    // the chain holds
    let v = cli.ok(&["log", "verify"]);
    assert!(v.stdout.contains("loggen är hel"), "{}", v.stdout);
    let all = log(&cli, &[]);
    assert_eq!(
        ops(&all),
        ["import", "import", "comment", "comment", "reclassify", "period-close", "period-reopen", "import"]
    );

    // tamper with the first comment's summary: verify names that entry
    let target = &all[2];
    let conn = rusqlite::Connection::open(&cli.db).unwrap();
    // the triggers refuse the edit as it stands
    assert!(conn.execute("UPDATE audit_log SET summary = '{}' WHERE id = ?1", [target["id"].as_i64()]).is_err());
    conn.execute_batch("DROP TRIGGER audit_log_no_update;").unwrap();
    conn.execute("UPDATE audit_log SET summary = '{\"after\":\"inget\"}' WHERE id = ?1", [target["id"].as_i64()])
        .unwrap();
    drop(conn);
    // without its trigger the file is not one Ramkoll made: refused before use
    let refused = cli.run(&["log", "verify"]);
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(refused.stderr.contains("saknar triggern \"audit_log_no_update\""), "{}", refused.stderr);
    // an edit that puts the trigger back passes the schema check; the chain shows it
    let conn = rusqlite::Connection::open(&cli.db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log är oföränderlig'); END;",
    )
    .unwrap();
    drop(conn);
    let broken = cli.run(&["log", "verify"]);
    assert_eq!(broken.code, 2, "{}", broken.stdout);
    let want = format!("loggen är bruten vid post {} ({}, comment)", target["id"], target["at"].as_str().unwrap());
    assert!(broken.stderr.contains(&want), "{}", broken.stderr);
}

#[test]
fn the_control_report_lists_batches_signoffs_comment_versions_and_the_log() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let key = area(&cli.investments(2018), "MT")["key"].as_str().unwrap().to_string();
    cli.ok(&["comment", &key, "=HYPERLINK(\"http://x\")"]);
    cli.ok(&["comment", &key, "Röntgen levererades i maj"]);
    cli.ok(&["period", "close", "201806"]);
    let out = cli.dir.path().join("kontroll.xlsx");
    let o = cli.ok(&["--json", "export", "control", "--year", "2018", "--out", out.to_str().unwrap()]).json();
    assert_eq!(o["batches"], 2);
    assert_eq!(o["chain_ok"], true);
    assert_eq!(
        o["sheets"],
        serde_json::json!([
            "Sammanfattning",
            "Importer",
            "Regeländringar",
            "Oklassificerat",
            "Klarmarkeringar",
            "Kommentarer",
            "Logg"
        ])
    );

    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let batches = wb.worksheet_range("Importer").unwrap();
    let row = |r: &calamine::Range<Data>, i: usize| -> Vec<String> {
        r.rows().nth(i).map(|x| x.iter().map(|c| c.to_string()).collect()).unwrap_or_default()
    };
    let ledger = (0..batches.height())
        .map(|i| row(&batches, i))
        .find(|r| r.get(2).map(String::as_str) == Some("huvudbok_2018.xlsx"));
    let ledger = ledger.expect("the ledger batch on Importer");
    assert_eq!(ledger[5], "615");
    assert_eq!(ledger[6], "42800000");
    assert_eq!(ledger[10], std::env::var("USER").unwrap_or_default());
    let comments = wb.worksheet_range("Kommentarer").unwrap();
    let texts: Vec<String> = (0..comments.height())
        .map(|i| row(&comments, i))
        .filter(|r| r.first() == Some(&key))
        .map(|r| r[2].clone())
        .collect();
    assert_eq!(texts, ["=HYPERLINK(\"http://x\")", "Röntgen levererades i maj"]);
    let signoffs = wb.worksheet_range("Klarmarkeringar").unwrap();
    let closes = (0..signoffs.height())
        .map(|i| row(&signoffs, i))
        .filter(|r| r.first().map(String::as_str) == Some("201806"))
        .count();
    assert_eq!(closes, 3, "one row per check");
}

#[test]
fn restore_is_logged_in_the_restored_database_and_the_chain_goes_on() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let head = log(&cli, &[]).last().cloned().unwrap();
    // the newest backup was taken before the ledger import: it holds one entry
    cli.ok(&["restore"]);
    let after = log(&cli, &[]);
    assert_eq!(ops(&after), ["import", "restore"]);
    let s: Value = serde_json::from_str(after[1]["summary"].as_str().unwrap()).unwrap();
    assert_eq!(s["head_before"]["hash"], head["hash"]);
    assert_eq!(s["head_before"]["id"], head["id"]);
    assert!(s["backup"].as_str().unwrap().contains("backups"), "{s}");
    cli.ok(&["log", "verify"]);
    let kinds = ops(&log(&cli, &["--kind", "restore", "--since", "2000-01-01"]));
    assert_eq!(kinds, ["restore"]);
    let bad = cli.run(&["log", "--kind", "nothing"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--kind: okänd sorts post 'nothing'"), "{}", bad.stderr);
}

#[test]
fn settings_rules_and_plans_are_logged_with_before_and_after() {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    cli.ok(&["setting", "annual_hours", "1700"]);
    cli.ok(&["setting", "annual_hours", "1720"]);
    cli.ok(&["setting", "control/variance_kr", "50 000"]);
    let s = log(&cli, &["--kind", "setting"]);
    assert_eq!(s.len(), 3);
    let second: Value = serde_json::from_str(s[1]["summary"].as_str().unwrap()).unwrap();
    assert_eq!(second, serde_json::json!({"key": "annual_hours", "before": "1700", "after": "1720"}));
    cli.ok(&["plan", "add", "--year", "2018", "--area", "IT", "--quantity", "2", "--unit-price", "1 000,00"]);
    let p = log(&cli, &["--kind", "plan"]);
    assert_eq!(ops(&p), ["plan-add"]);
    cli.ok(&["plan", "remove", "1"]);
    assert_eq!(ops(&log(&cli, &["--kind", "plan"])), ["plan-add", "plan-remove"]);
    cli.ok(&["log", "verify"]);
}

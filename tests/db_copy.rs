//! `ramkoll db copy`: a controller's SQLite file into a shared PostgreSQL
//! database and back, and file to file, through the CLI; every report the
//! same on both sides, and a target that holds anything refused.
//!
//! The server half needs `RAMKOLL_TEST_PG` (scripts/test.sh starts a
//! throwaway cluster); without it that test says so and skips.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A SQLite file whatever backend the suite runs on: the copy's source.
fn file_cli(name: &str) -> Cli {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join(name);
    Cli { dir, db }
}

fn at(db: &str) -> Cli {
    Cli { dir: tempfile::tempdir().expect("tempdir"), db: PathBuf::from(db) }
}

fn fixture(name: &str) -> String {
    fixtures().join(name).to_str().unwrap().to_string()
}

/// One controller's database with something in every kind of table: the
/// demo (frames, ledgers, budget, HR data), the asset register, open
/// orders, a forecast round, a planned purchase, a comment and a closed month.
fn filled() -> (Cli, String) {
    let cli = file_cli("controller.db");
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    cli.ok(&["import", "assets", &fixture("anlaggningsregister_2018.xlsx")]);
    cli.ok(&["import", "orders", &fixture("bestallningar_2018.xlsx")]);
    cli.ok(&["forecast", "import", &fixture("prognos_2018_10.xlsx"), "--round", "201810"]);
    cli.ok(&[
        "plan",
        "add",
        "--year",
        "2018",
        "--area",
        "IT",
        "--category",
        "Klient",
        "--quantity",
        "100",
        "--unit-price",
        "3 876,00",
        "--text",
        "Tjänstetelefoner",
    ]);
    let key = area(&cli.investments(2018), "IT")["key"].as_str().unwrap().to_string();
    cli.ok(&["comment", &key, "Nätet byggdes ut i förtid; utökad ram 6,4 mnkr"]);
    cli.ok(&["period", "close", "201806", "--note", "Juni avstämd"]);
    (cli, key)
}

/// `ramkoll --json db copy --from A --to B`.
fn copy(from: &Path, to: &Path) -> Out {
    let args = ["--json", "db", "copy", "--from", from.to_str().unwrap(), "--to", to.to_str().unwrap()];
    let out = command(args).env_remove("RAMKOLL_DB").output().expect("run ramkoll");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn rows(copied: &Value, table: &str) -> u64 {
    copied["tables"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["table"] == table))
        .and_then(|t| t["rows"].as_u64())
        .unwrap_or_else(|| panic!("no table {table} in {copied}"))
}

/// What the copy must have carried, table by table, from the source's own reports.
fn assert_counts(copied: &Value, source: &Cli) {
    let batches = source.batches();
    let rows_of = |kind: &str| -> u64 {
        batches.iter().filter(|b| b["kind"] == kind).map(|b| b["row_count"].as_u64().unwrap()).sum()
    };
    assert_eq!(rows(copied, "import_batch"), batches.len() as u64);
    assert_eq!(rows(copied, "ledger_line"), rows_of("ledger"));
    assert_eq!(rows(copied, "frame"), rows_of("frames"));
    assert_eq!(rows(copied, "budget"), rows_of("budget"));
    assert_eq!(rows(copied, "asset"), rows_of("assets"));
    assert_eq!(rows(copied, "purchase_order"), rows_of("orders"));
    let log = source.ok(&["--json", "log"]).json();
    assert_eq!(rows(copied, "audit_log"), log["entries"].as_array().unwrap().len() as u64);
    let rules = source.ok(&["--json", "rules", "list"]).json();
    assert_eq!(rows(copied, "rule"), rules["rules"].as_array().unwrap().len() as u64);
    for (table, n) in
        [("comment", 1), ("comment_version", 1), ("planned_purchase", 1), ("forecast_round", 1), ("period_close", 1)]
    {
        assert_eq!(rows(copied, table), n, "{table}");
    }
    assert!(rows(copied, "forecast") > 0 && rows(copied, "ledger_agg") > 0 && rows(copied, "staff") > 0);
    let total: u64 = copied["tables"].as_array().unwrap().iter().map(|t| t["rows"].as_u64().unwrap()).sum();
    assert_eq!(copied["rows"].as_u64(), Some(total));
    assert!(copied["compared"].as_array().unwrap().iter().any(|c| c == "log verify"), "{copied}");
}

/// Every report as JSON, the same on both databases.
fn assert_same_reports(a: &Cli, b: &Cli, comment_key: &str) {
    let commands: &[&[&str]] = &[
        &["report", "investments", "--year", "2018"],
        &["report", "investments", "--year", "2018", "--period", "201806"],
        &["report", "variance", "--year", "2018"],
        &["report", "variance", "--year", "2018", "--by-vo"],
        &["report", "staffing", "--year", "2018"],
        &["report", "categories", "--area", "IT", "--years", "2014..2018"],
        &["report", "categories", "--area", "MT", "--years", "2014..2018"],
        &["report", "capital", "--years", "2018..2022"],
        &["batches"],
        &["orders", "list"],
        &["forecast", "list", "--year", "2018"],
        &["plan", "list", "--year", "2018"],
        &["period", "list"],
        &["comment", "history", comment_key],
        &["log"],
        &["log", "verify"],
        &["lines", "--year", "2018", "--area", "IT", "--category", "Nät"],
    ];
    for c in commands {
        let args: Vec<&str> = std::iter::once("--json").chain(c.iter().copied()).collect();
        assert_eq!(a.ok(&args).json(), b.ok(&args).json(), "ramkoll {c:?} differs");
    }
}

#[test]
fn a_controllers_file_to_the_server_and_back() {
    let Some(server) = ramkoll_testkit::pg::fresh_database("copy") else {
        eprintln!("db_copy: RAMKOLL_TEST_PG is not set, the copy to and from PostgreSQL is skipped");
        return;
    };
    let (file, key) = filled();
    let server = at(&server);
    let o = copy(&file.db, &server.db);
    let copied = o.json();
    assert_counts(&copied, &file);
    assert!(copied["to"].as_str().unwrap().starts_with("postgres://"), "{copied}");

    // the reference figures and an intact audit log on the server
    assert_reference_2018(&server.investments(2018));
    assert_it_categories_2014_2018(&server);
    let chain = server.ok(&["--json", "log", "verify"]).json();
    assert_eq!(chain["broken"], Value::Null);
    assert_eq!(chain["entries"].as_u64(), Some(rows(&copied, "audit_log")));
    assert_same_reports(&file, &server, &key);

    // and back, into a new file: the same again
    let back = file_cli("back.db");
    let text = file.ok(&["db", "copy", "--from", server.db.to_str().unwrap(), "--to", back.db.to_str().unwrap()]);
    assert!(text.stdout.contains("alla rapporter lika"), "{}", text.stdout);
    assert!(text.stdout.lines().any(|l| l.starts_with("ledger_line") && l.contains(&sv(rows(&copied, "ledger_line")))));
    assert_same_reports(&file, &back, &key);

    // a database that holds anything is refused, and left as it was
    let again = copy(&file.db, &server.db);
    assert_eq!(again.code, 2, "{}{}", again.stdout, again.stderr);
    assert!(again.stderr.contains("inte tomt") && again.stderr.contains("importer"), "{}", again.stderr);
    assert!(again.stderr.contains("postgres://"), "{}", again.stderr);
    assert_same_reports(&file, &server, &key);

    // the server goes on numbering after the copied ids
    let entries = chain["entries"].as_u64().unwrap();
    server.ok(&["comment", &key, "Skrivet på servern efter flytten"]);
    let added = server.ok(&[
        "--json",
        "plan",
        "add",
        "--year",
        "2018",
        "--area",
        "MT",
        "--quantity",
        "1",
        "--unit-price",
        "1 000",
    ]);
    assert_eq!(added.json()["id"], 2);
    let log = server.ok(&["--json", "log"]).json();
    let ids: Vec<u64> = log["entries"].as_array().unwrap().iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len() as u64, entries + 2);
    assert_eq!(ids[ids.len() - 2..], [entries + 1, entries + 2]);
    assert_eq!(server.ok(&["--json", "log", "verify"]).json()["broken"], Value::Null);
}

/// A count as the table prints it (`5 172`).
fn sv(n: u64) -> String {
    let d = n.to_string();
    d.chars().enumerate().fold(String::new(), |mut s, (i, c)| {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            s.push(' ');
        }
        s.push(c);
        s
    })
}

#[test]
fn file_to_file_without_a_server() {
    let (file, key) = filled();
    let copy_cli = file_cli("copy.db");
    let copied = copy(&file.db, &copy_cli.db).json();
    assert_counts(&copied, &file);
    assert_reference_2018(&copy_cli.investments(2018));
    assert_same_reports(&file, &copy_cli, &key);

    // onto a database that has a comment: refused naming it, nothing written
    let other = file_cli("other.db");
    other.ok(&["comment", "investments/2018/IT", "min egen"]);
    let o = copy(&file.db, &other.db);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains(&shown(&other.db)) && o.stderr.contains("1 kommentarer"), "{}", o.stderr);
    assert!(other.batches().is_empty());
    let history = other.ok(&["--json", "comment", "history", "investments/2018/IT"]).json();
    assert_eq!(history["versions"].as_array().unwrap().len(), 1);

    // a mistyped source is not created and copied empty
    let missing = file.dir.path().join("finns_inte.db");
    let o = copy(&missing, &file_cli("new.db").db);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("finns inte"), "{}", o.stderr);
    assert!(!missing.exists());

    // nor a database onto itself
    let o = copy(&file.db, &file.db);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("samma databas"), "{}", o.stderr);
}

#[test]
fn a_copy_the_server_refuses_midway_leaves_it_empty() {
    let Some(server) = ramkoll_testkit::pg::fresh_database("copy") else {
        eprintln!("db_copy: RAMKOLL_TEST_PG is not set, the failed copy to PostgreSQL is skipped");
        return;
    };
    let server = at(&server);
    let broken = file_cli("broken.db");
    broken.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    // the last ledger line points at a batch that is not there: the server's
    // foreign key refuses it after every other line has gone over
    let c = rusqlite::Connection::open(&broken.db).unwrap();
    c.execute_batch(
        "PRAGMA foreign_keys = OFF; UPDATE ledger_line SET batch_id = 999 WHERE id = (SELECT MAX(id) FROM ledger_line)",
    )
    .unwrap();
    drop(c);
    let o = copy(&broken.db, &server.db);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("ledger_line"), "{}", o.stderr);
    assert!(server.batches().is_empty());
    assert_eq!(server.ok(&["--json", "log", "verify"]).json()["entries"], 0);
    // still empty: a good copy goes through
    let (file, key) = filled();
    copy(&file.db, &server.db).json();
    assert_same_reports(&file, &server, &key);
}

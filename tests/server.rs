//! The shared database on a PostgreSQL server with several people at once
//! (issue 15): imports at the same time, a comment changed by two, a reader
//! during an import, a killed import, and a role that may only read. Each
//! test gets its own database on the test server (`RAMKOLL_TEST_PG`,
//! testkit::pg); without one they say so and pass (scripts/test.sh starts a
//! server and sets `RAMKOLL_REQUIRE_PG`, so CI cannot skip them).

mod common;
use common::*;
use postgres::NoTls;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A CLI on a fresh server database, or None (no test server here).
fn server_cli(tag: &str) -> Option<Cli> {
    let Some(conn) = ramkoll_testkit::pg::fresh_database(tag) else {
        eprintln!("ingen testserver (RAMKOLL_TEST_PG): hoppar över");
        return None;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    Some(Cli { dir, db: PathBuf::from(conn) })
}

fn sql(cli: &Cli) -> postgres::Client {
    postgres::Client::connect(cli.db.to_str().unwrap(), NoTls).expect("connect to the test database")
}

fn count(c: &mut postgres::Client, query: &str) -> i64 {
    c.query_one(query, &[]).expect(query).get(0)
}

fn spawn(cli: &Cli, args: &[&str]) -> Child {
    command(["--db", cli.db.to_str().unwrap()].iter().copied().chain(args.iter().copied()))
        .env_remove("RAMKOLL_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ramkoll")
}

fn finished(child: Child) -> Out {
    let o = child.wait_with_output().expect("wait");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Wait until the server shows another connection copying ledger lines.
fn wait_for_copy(c: &mut postgres::Client) {
    let start = Instant::now();
    while count(
        c,
        "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'COPY ledger_line%' AND pid <> pg_backend_pid()",
    ) == 0
    {
        assert!(start.elapsed() < Duration::from_secs(120), "no import started copying");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn large_ledger(dir: &Path, rows: u64) -> PathBuf {
    let p = dir.join("stor_huvudbok.xlsx");
    ramkoll_testkit::fixtures::write_large_ledger(&p, rows, 7).expect("write the large ledger");
    p
}

#[test]
fn two_imports_of_different_sources_at_once_both_land() {
    let Some(cli) = server_cli("two_sources") else { return };
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let a =
        spawn(&cli, &["import", "ledger", fixtures().join("huvudbok_2018.xlsx").to_str().unwrap(), "--source", "a"]);
    let b = spawn(&cli, &["import", "ledger", fixtures().join("huvudbok_2017.ods").to_str().unwrap(), "--source", "b"]);
    for o in [finished(a), finished(b)] {
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    }
    let ledgers: Vec<_> = cli.batches().into_iter().filter(|b| b["kind"] == "ledger").collect();
    assert_eq!(ledgers.len(), 2, "{ledgers:?}");
    assert_reference_2018(&cli.investments(2018));
}

#[test]
fn the_same_file_imported_twice_at_once_counts_once() {
    let Some(cli) = server_cli("same_source") else { return };
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let file = fixtures().join("huvudbok_2018.xlsx");
    let runs: Vec<Child> = (0..2).map(|_| spawn(&cli, &["import", "ledger", file.to_str().unwrap()])).collect();
    for o in runs.into_iter().map(finished) {
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    }
    // serialised: the second to commit replaced the first's periods (or found
    // the file already there); the outcome is counted once, 42 800 000 in all
    let r = cli.investments(2018);
    assert_reference_2018(&r);
    assert_eq!(area(&r, "Totalt")["outcome_total"], "42800000.00");
    let mut c = sql(&cli);
    assert_eq!(count(&mut c, "SELECT COALESCE(SUM(n), 0)::bigint FROM ledger_agg WHERE active = 1"), 615);
}

#[test]
fn a_comment_changed_by_someone_else_since_is_not_overwritten() {
    let Some(cli) = server_cli("comment") else { return };
    let key = "investments/2018/IT/Nät";
    cli.ok(&["comment", key, "Nätbytet i Hus 3 tidigarelagt", "--over", ""]);
    // a second writer who also began from no comment
    let o = cli.run(&["comment", key, "Nätet: leverantören fakturerade i förtid", "--over", ""]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("«Nätbytet i Hus 3 tidigarelagt»"), "{}", o.stderr);
    assert!(o.stderr.contains("«Nätet: leverantören fakturerade i förtid»"), "{}", o.stderr);
    // from the text now there, the change goes through
    cli.ok(&["comment", key, "Nätbytet tidigarelagt; fakturerat i förtid", "--over", "Nätbytet i Hus 3 tidigarelagt"]);
    let h = cli.ok(&["--json", "comment", "history", key]).json();
    let texts: Vec<&str> = h["versions"].as_array().unwrap().iter().map(|v| v["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Nätbytet i Hus 3 tidigarelagt", "Nätbytet tidigarelagt; fakturerat i förtid"]);
}

#[test]
fn a_forecast_changed_by_someone_else_since_is_not_overwritten() {
    let Some(cli) = server_cli("forecast") else { return };
    let set = |amount: &str, over: &str| {
        let args = ["forecast", "set", "--round", "201810", "--area", "IT", "--category", "Nät", "--amount", amount];
        cli.run(&[&args[..], &["--over", over]].concat())
    };
    assert_eq!(set("13 000 000", "").code, 0);
    // a second controller who also saw no forecast for IT Nät
    let o = set("12 500 000", "");
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("Nu: 13 000 000,00 kr. Ditt: 12 500 000,00 kr. Du utgick från: ingen"), "{}", o.stderr);
    // from the amount now there, it goes through
    assert_eq!(set("12 500 000", "13 000 000").code, 0);
    let list = cli.ok(&["--json", "forecast", "list", "--year", "2018"]).json();
    let amounts: Vec<&str> =
        list["entries"].as_array().unwrap().iter().map(|e| e["amount"].as_str().unwrap()).collect();
    assert_eq!(amounts, ["12500000.00"]);
}

#[test]
fn a_reader_during_an_import_sees_the_state_before_it() {
    let Some(cli) = server_cli("reader") else { return };
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let big = large_ledger(cli.dir.path(), 150_000);
    let import = spawn(&cli, &["import", "ledger", big.to_str().unwrap(), "--source", "stor"]);
    let mut c = sql(&cli);
    wait_for_copy(&mut c);
    // while the lines are being copied: the report as it was, at once
    assert_reference_2018(&cli.investments(2018));
    let o = finished(import);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(count(&mut c, "SELECT COUNT(*) FROM ledger_line"), 615 + 150_000);
}

#[test]
fn a_killed_import_leaves_nothing() {
    let Some(cli) = server_cli("killed") else { return };
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let big = large_ledger(cli.dir.path(), 150_000);
    let mut import = spawn(&cli, &["import", "ledger", big.to_str().unwrap()]);
    let mut c = sql(&cli);
    wait_for_copy(&mut c);
    import.kill().expect("SIGKILL the import");
    let _ = import.wait();
    // the server rolls back the dead connection's transaction
    let start = Instant::now();
    while count(
        &mut c,
        "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'ramkoll' AND pid <> pg_backend_pid()",
    ) > 0
    {
        assert!(start.elapsed() < Duration::from_secs(30), "the killed connection stays");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(count(&mut c, "SELECT COUNT(*) FROM ledger_line"), 0);
    assert_eq!(count(&mut c, "SELECT COUNT(*) FROM import_batch WHERE kind = 'ledger'"), 0);
    assert_eq!(count(&mut c, "SELECT COUNT(*) FROM audit_log WHERE operation = 'import'"), 1, "the frames' entry only");
    // and the next import goes through (no lock left behind)
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    assert_reference_2018(&cli.investments(2018));
}

#[test]
fn a_reader_role_opens_every_report_and_changes_nothing() {
    let Some(cli) = server_cli("roles") else { return };
    cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
    let init =
        cli.ok(&["--json", "db", "init", "--reader", "ramkoll_test_las", "--writer", "ramkoll_test_skriv"]).json();
    assert_eq!(init["reader"], "ramkoll_test_las");
    assert_eq!(init["owner"], "postgres");
    // on a file there are no roles to make
    let o = Cli::new_file().run(&["db", "init"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    ramkoll_testkit::pg::create_role("anna_las", None).expect("a login role");
    ramkoll_testkit::pg::create_role("bo_skriv", None).expect("a login role");
    let mut c = sql(&cli);
    c.batch_execute("GRANT ramkoll_test_las TO anna_las; GRANT ramkoll_test_skriv TO bo_skriv").unwrap();
    let reader = Cli {
        dir: tempfile::tempdir().unwrap(),
        db: PathBuf::from(ramkoll_testkit::pg::with_user(cli.db.to_str().unwrap(), "anna_las", None)),
    };
    assert_reference_2018(&reader.investments(2018));
    reader.ok(&["--json", "report", "variance", "--year", "2018"]);
    reader.ok(&[
        "export",
        "variance",
        "--year",
        "2018",
        "--out",
        reader.dir.path().join("avvikelser.xlsx").to_str().unwrap(),
    ]);
    // every change refused by the server itself
    for args in [
        vec!["comment", "investments/2018/IT/Nät", "läsaren skriver"],
        vec!["import", "orders", fixtures().join("bestallningar_2018.xlsx").to_str().unwrap()],
        vec!["setting", "control/variance_kr", "1"],
    ] {
        let o = reader.run(&args);
        assert_ne!(o.code, 0, "{args:?} went through for a reader");
        assert!(o.stderr.contains("permission denied") || o.stderr.contains("behörighet"), "{args:?}: {}", o.stderr);
    }
    // a writer comments, and is the comment's author
    let writer = Cli {
        dir: tempfile::tempdir().unwrap(),
        db: PathBuf::from(ramkoll_testkit::pg::with_user(cli.db.to_str().unwrap(), "bo_skriv", None)),
    };
    writer.ok(&["comment", "investments/2018/IT/Nät", "Nätbytet tidigarelagt"]);
    let h = writer.ok(&["--json", "comment", "history", "investments/2018/IT/Nät"]).json();
    assert_eq!(h["versions"][0]["author"], "bo_skriv");
}

#[test]
fn tls_as_the_connection_string_asks() {
    let (Ok(cert), Ok(port)) = (std::env::var("RAMKOLL_TEST_PG_CERT"), std::env::var("RAMKOLL_TEST_PG_PORT")) else {
        eprintln!("ingen testserver med TLS (RAMKOLL_TEST_PG_CERT): hoppar över");
        return;
    };
    let Some(conn) = ramkoll_testkit::pg::fresh_database("tls") else { return };
    let config: postgres::Config = conn.parse().unwrap();
    let db = config.get_dbname().unwrap();
    let tcp = |extra: &str| format!("host=localhost port={port} user=postgres dbname={db} {extra}");
    let batches = |conn: String| {
        let cli = Cli { dir: tempfile::tempdir().unwrap(), db: PathBuf::from(conn) };
        cli.run(&["--json", "batches"])
    };
    // encrypted, the certificate not checked (libpq's require)
    let o = batches(tcp("sslmode=require"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    // encrypted to the server the given authority vouches for
    let o = batches(tcp(&format!("sslmode=verify-full sslrootcert={cert}")));
    assert_eq!(o.code, 0, "{}", o.stderr);
    // a certificate no trusted authority signed is refused
    let o = batches(tcp("sslmode=verify-full"));
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("kan inte ansluta till databasservern") && o.stderr.contains("TLS"), "{}", o.stderr);
    // and the password never shows in what is said
    let o = batches(tcp("sslmode=verify-full password=hemligt123"));
    assert!(!o.stderr.contains("hemligt123"), "{}", o.stderr);
}

/// The same files into a file and into a server database: every report the
/// same, to the öre and the label (the backends agree by construction — one
/// definition of each query — and this shows it on the reference data).
#[test]
fn every_report_is_identical_on_both_backends() {
    let Some(server) = server_cli("identical") else { return };
    let file = Cli::new_file();
    for cli in [&file, &server] {
        cli.ok(&["demo", "--fixtures", fixtures().to_str().unwrap()]);
        cli.import("orders", &fixtures().join("bestallningar_2018.xlsx"));
        cli.import("assets", &fixtures().join("anlaggningsregister_2018.xlsx"));
        cli.ok(&["forecast", "import", fixtures().join("prognos_2018_10.xlsx").to_str().unwrap(), "--round", "201810"]);
        cli.ok(&["comment", "investments/2018/IT/Nät", "Nätbytet tidigarelagt"]);
    }
    let mut reports: Vec<Vec<&str>> = Vec::new();
    for y in ["2014", "2015", "2016", "2017", "2018"] {
        reports.push(vec!["report", "investments", "--year", y]);
    }
    reports.push(vec!["report", "investments", "--year", "2018", "--period", "201806"]);
    reports.push(vec!["report", "variance", "--year", "2018"]);
    reports.push(vec!["report", "variance", "--year", "2018", "--period", "201810", "--by-vo"]);
    reports.push(vec!["report", "staffing", "--year", "2018"]);
    reports.push(vec!["report", "categories", "--area", "IT", "--years", "2014..2018"]);
    reports.push(vec!["report", "categories", "--area", "MT", "--years", "2014..2018"]);
    reports.push(vec!["report", "capital", "--years", "2018..2020", "--assets"]);
    reports.push(vec!["orders", "list"]);
    reports.push(vec!["lines", "--year", "2018", "--area", "IT", "--category", "Nät"]);
    for args in reports {
        let json = |cli: &Cli| cli.ok(&[&["--json"][..], &args].concat()).json();
        assert_eq!(json(&file), json(&server), "{args:?} differs between SQLite and PostgreSQL");
    }
}

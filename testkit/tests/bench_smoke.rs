//! The benchmark's smoke run: a small ledger and report database with every
//! figure checked (`--check`), never a time asserted; also on the PostgreSQL
//! test server when there is one (`RAMKOLL_TEST_PG`; scripts/test.sh starts
//! one and sets `RAMKOLL_REQUIRE_PG`, so CI cannot skip it). A test rather than
//! a `cargo run` step so the bench binary is the one `cargo test --workspace`
//! builds: another package selection unifies features differently and would
//! build the library and half its dependencies a second time.

use std::process::Command;

#[test]
fn the_bench_smoke_run_checks_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ramkoll-testkit"));
    cmd.args(["bench", "--rows", "20000", "--db-lines", "200000", "--check", "--dir"]).arg(dir.path());
    let pg = ramkoll_testkit::pg::admin().is_some();
    if pg {
        cmd.arg("--pg");
    }
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // the table, for the log (`cargo test -- --nocapture`) and for a failure
    println!("{stdout}");
    assert!(out.status.success(), "bench --check failed ({}):\n{stdout}\n{stderr}", out.status);
    assert!(stdout.contains("import ledger"), "no import figure in the bench's table:\n{stdout}");
    if pg {
        assert!(stdout.contains("× SQLite"), "--pg measured nothing on the server:\n{stdout}");
    }
}

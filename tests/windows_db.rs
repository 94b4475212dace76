//! The database while another process holds it, and a database on a network
//! share, through the real CLI (on Linux, and under Wine by
//! `scripts/windows.sh`, where `common::hold_open` holds the file the way
//! another Ramkoll — "rw", SQLite's sharing — or a backup program — "", no
//! sharing — does). On Linux nothing locks a file: there the same tests
//! check that the unlocked database restores.

mod common;
use common::*;
use sha2::{Digest, Sha256};
use std::path::Path;

fn sha(p: &Path) -> String {
    Sha256::digest(std::fs::read(p).unwrap()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Frames, then the 2018 ledger: two batches, and the backup taken before the
/// second import (one batch).
fn two_imports() -> Cli {
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    assert_eq!(cli.batches().len(), 2);
    cli
}

fn backups(cli: &Cli) -> Vec<String> {
    let list = cli.ok(&["--json", "restore", "--list"]).json();
    list["backups"].as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn restore_while_another_ramkoll_has_the_database_open() {
    let cli = two_imports();
    let _app = hold_open(&cli.db, "rw");
    let o = cli.ok(&["--json", "restore"]).json();
    assert_eq!(o["batches"], 1);
    assert_eq!(o["previous_was_damaged"], false);
    // the path comes back in JSON as the user's (backslashes escaped under Wine)
    assert_eq!(o["database"], shown(&cli.db));
    assert_eq!(cli.batches().len(), 1);
    assert_eq!(backups(&cli).len(), 2, "the import backup and the one taken before the restore");
    // the -inuse marker went with the restore's own connections; the holder keeps the file
    assert!(!Path::new(&format!("{}-inuse", cli.db.display())).exists());
}

#[test]
fn a_database_held_without_sharing_is_named_and_left_as_it_was() {
    let cli = two_imports();
    let before = sha(&cli.db);
    // no sharing at all (a backup program), or reading only (a copy in progress)
    for share in ["", "r"] {
        let Some(held) = hold_open(&cli.db, share) else { continue };
        let want = format!("{}: databasen är öppen i ett annat program", shown(&cli.db));
        for args in [&["restore"][..], &["batches"][..]] {
            let o = cli.run(args);
            assert_eq!(o.code, 2, "{args:?}: {}{}", o.stdout, o.stderr);
            assert!(o.stderr.contains(&want), "{args:?}: {want} not in {}", o.stderr);
            assert!(o.stderr.contains("stäng det och försök igen (Windows-fel 32)"), "{}", o.stderr);
            assert!(!o.stderr.contains("unable to open"), "{}", o.stderr);
        }
        drop(held);
        assert_eq!(backups(&cli).len(), 1, "{share:?}: nothing saved or moved aside");
    }
    assert_eq!(sha(&cli.db), before, "the database is untouched");
    // let go of: the restore goes through
    assert_eq!(cli.ok(&["--json", "restore"]).json()["batches"], 1);
}

#[test]
fn a_damaged_database_another_process_holds_is_not_moved_aside() {
    let cli = two_imports();
    let mut bytes = std::fs::read(&cli.db).unwrap();
    let n = bytes.len();
    bytes[n / 3..2 * n / 3].fill(0x5A);
    std::fs::write(&cli.db, &bytes).unwrap();
    if let Some(_app) = hold_open(&cli.db, "rw") {
        let o = cli.run(&["restore"]);
        assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
        let want = format!("{}: databasen är öppen i ett annat program", shown(&cli.db));
        assert!(o.stderr.contains(&want), "{want} not in {}", o.stderr);
        assert_eq!(std::fs::read(&cli.db).unwrap(), bytes, "still there, as it was");
        assert_eq!(backups(&cli).len(), 1);
    }
    let r = cli.ok(&["--json", "restore"]).json();
    assert_eq!(r["previous_was_damaged"], true);
    assert_eq!(r["batches"], 1);
    assert_eq!(cli.batches().len(), 1);
}

/// The session's own connection is closed around a restore and opened again
/// on what came back (in the library: the app's door).
#[test]
fn a_session_restores_its_own_database_and_goes_on_with_it() {
    let cli = two_imports();
    let s = ramkoll::app::Session::open(&cli.db).unwrap();
    assert_eq!(ramkoll::app::batches(&s).unwrap().len(), 2);
    let (s, o) = s.restore(None).unwrap();
    assert_eq!(o.batches, 1);
    assert_eq!(ramkoll::app::batches(&s).unwrap().len(), 1);
    assert_eq!(s.path(), cli.db);
    drop(s);
    assert_eq!(cli.batches().len(), 1);
    // an in-memory database has no backups to restore
    let mem = ramkoll::app::Session::from_store(ramkoll::store::Store::open_in_memory().unwrap());
    assert!(mem.restore(None).is_err());
}

#[test]
fn a_database_on_a_network_share_is_warned_about_before_it_is_opened() {
    let warning = "ligger på en nätverksresurs (en nätverkssökväg (UNC)): där kan SQLite inte lita på fillåsningen";
    // scripts/windows.sh maps \\filserver\ekonomi (Wine's dosdevices/unc) to a directory here
    let (db, dir) = match (std::env::var("RAMKOLL_TEST_UNC_DB"), std::env::var("RAMKOLL_TEST_UNC_DIR")) {
        (Ok(db), Ok(dir)) if windows_run() => (db, Some(dir)),
        // on Linux only the warning is checked: `restore --list` opens nothing
        _ => ("//filserver/ekonomi/ramkoll.db".to_string(), None),
    };
    let run = |args: &[&str]| {
        let o = command(["--db", db.as_str()].iter().chain(args)).env_remove("RAMKOLL_DB").output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&["restore", "--list"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.starts_with(&format!("varning: databasen {db} {warning}")), "{err}");
    assert!(err.contains("PostgreSQL"), "{err}");
    if let Some(dir) = dir {
        // under Wine the share is real: the warning, then the work, exit unchanged
        let frames = fixtures().join("ramar.xlsx");
        let (code, out, err) = run(&["import", "frames", &shown(&frames)]);
        assert_eq!(code, Some(0), "{out}{err}");
        assert!(err.starts_with("varning: databasen"), "{err}");
        assert!(Path::new(&dir).join("ramkoll.db").is_file());
        let (code, out, _) = run(&["--json", "batches"]);
        assert_eq!(code, Some(0));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["batches"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn a_database_on_a_mapped_network_drive_is_warned_about() {
    // scripts/windows.sh makes N: a Wine drive of type "network" over a directory here
    let Ok(drive) = std::env::var("RAMKOLL_TEST_NET_DRIVE") else { return };
    if !windows_run() {
        return;
    }
    let db = format!(r"{drive}\ramkoll åäö.db");
    let o = command(["--db", db.as_str(), "batches"]).env_remove("RAMKOLL_DB").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let letter = drive.trim_end_matches(':').to_uppercase();
    assert!(
        err.starts_with(&format!(
            "varning: databasen {db} ligger på en nätverksresurs (enheten {letter}: är en nätverksenhet)"
        )),
        "{err}"
    );
}

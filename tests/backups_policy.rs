//! The backup policy (issue 16): a database above `backup/every_import_mb`
//! is copied before the first import of a day, not before the next ones;
//! every import stays undoable by batch; the copies are bounded by
//! `backup/keep` and `backup/max_mb` but the newest is always kept, and
//! `ramkoll restore` brings it back. The test makes every database "big" by
//! setting the threshold to 0.

mod common;
use common::*;
use ramkoll::safety::list_backups;
use std::path::{Path, PathBuf};

fn today() -> String {
    chrono::Local::now().format("%Y%m%d").to_string()
}

/// Active batches as (id, kind), and the number of backups.
fn batches_and_backups(cli: &Cli) -> (Vec<(i64, String)>, usize) {
    let b = cli
        .batches()
        .iter()
        .filter(|b| b["state"] != "ångrad")
        .map(|b| (b["id"].as_i64().unwrap(), b["kind"].as_str().unwrap().to_string()))
        .collect();
    (b, list_backups(&cli.db).unwrap().len())
}

/// Make a backup look as if it was taken a day earlier (its time is in its
/// name); returns its new path.
fn age_by_a_day(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap().to_str().unwrap();
    let rest = name.strip_prefix("test-").unwrap();
    let day = chrono::NaiveDate::parse_from_str(&rest[..8], "%Y%m%d").unwrap();
    let earlier = (day - chrono::Duration::days(1)).format("%Y%m%d");
    let to = path.with_file_name(format!("test-{earlier}{}", &rest[8..]));
    std::fs::rename(path, &to).unwrap();
    to
}

#[test]
fn a_big_database_is_copied_before_the_first_import_of_a_day_only() {
    let cli = Cli::new();
    let f = fixtures();
    let day = today();
    cli.import("ledger", &f.join("huvudbok_2016.xlsx"));
    cli.ok(&["setting", "backup/every_import_mb", "0"]);
    assert_eq!(list_backups(&cli.db).unwrap().len(), 0, "the first import into an empty database has nothing to copy");

    // the first import of the day into a "big" database is copied first
    cli.import("ledger", &f.join("huvudbok_2017.ods"));
    let (after_2017, n) = batches_and_backups(&cli);
    assert_eq!((after_2017.len(), n), (2, 1));
    let copy = list_backups(&cli.db).unwrap().remove(0);
    assert_eq!(copy.reason, "import");

    // the second and third are not
    cli.import("frames", &f.join("ramar.xlsx"));
    cli.import("ledger", &f.join("huvudbok_2018.xlsx"));
    let (after_2018, n) = batches_and_backups(&cli);
    assert_eq!(after_2018.len(), 4);
    if today() == day {
        assert_eq!(n, 1, "no copy before the second import of the day");
    }

    // each of them is still undone by its batch
    let frames = after_2018.iter().find(|b| b.1 == "frames").unwrap().0;
    cli.ok(&["undo", &frames.to_string()]);
    let (after_undo, _) = batches_and_backups(&cli);
    assert_eq!(after_undo.len(), 3);
    assert!(after_undo.iter().all(|b| b.1 == "ledger"));

    // a new day: the next import is copied again
    let aged = age_by_a_day(&copy.path);
    cli.import("budget", &f.join("budget_2018.xlsx"));
    let list = list_backups(&cli.db).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].name.contains(&format!("-{}-", today())), "{}", list[0].name);
    assert_eq!(list[1].path, aged);

    // and that copy is what `restore` brings back: the three ledgers, no budget
    let o = cli.ok(&["--json", "restore"]).json();
    assert_eq!(o["batches"], 4, "{o}");
    let (restored, _) = batches_and_backups(&cli);
    assert_eq!(restored, after_undo);
}

#[test]
fn a_small_database_is_copied_before_every_import() {
    let cli = Cli::new();
    let f = fixtures();
    cli.import("ledger", &f.join("huvudbok_2016.xlsx"));
    cli.import("ledger", &f.join("huvudbok_2017.ods"));
    cli.import("frames", &f.join("ramar.xlsx"));
    assert_eq!(list_backups(&cli.db).unwrap().len(), 2, "the default threshold counts these as small");
}

#[test]
fn the_copies_are_bounded_by_count_and_disk_but_the_newest_stays() {
    let cli = Cli::new();
    let f = fixtures();
    cli.import("ledger", &f.join("huvudbok_2014.xlsx"));
    cli.ok(&["setting", "backup/keep", "2"]);
    for file in ["huvudbok_2015.csv", "huvudbok_2016.xlsx", "huvudbok_2017.ods"] {
        cli.import("ledger", &f.join(file));
    }
    let list = list_backups(&cli.db).unwrap();
    assert_eq!(list.len(), 2, "backup/keep 2");
    // the newest holds the three ledgers before the 2017 import
    let newest = rusqlite::Connection::open(&list[0].path).unwrap();
    let n: i64 = newest.query_row("SELECT COUNT(*) FROM import_batch", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 3);

    // 1 MiB is less than one copy: only the newest is kept
    cli.ok(&["setting", "backup/max_mb", "1"]);
    assert!(list[0].bytes > 1 << 20 || list[0].bytes + list[1].bytes > 1 << 20, "{list:?}");
    cli.import("ledger", &f.join("huvudbok_2018.xlsx"));
    let after = list_backups(&cli.db).unwrap();
    assert_eq!(after.len(), 1);
    assert_ne!(after[0].name, list[0].name, "the copy taken before this import");

    // a bad value is refused and changes nothing
    let bad = cli.run(&["setting", "backup/keep", "0"]);
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("backup/keep: '0' är inget antal kopior 1–1000"), "{}", bad.stderr);
}

#[test]
fn a_restore_keeps_the_copy_it_restores_from() {
    let cli = Cli::new();
    let f = fixtures();
    cli.import("ledger", &f.join("huvudbok_2016.xlsx"));
    cli.ok(&["setting", "backup/keep", "2"]);
    cli.import("ledger", &f.join("huvudbok_2017.ods"));
    cli.import("frames", &f.join("ramar.xlsx"));
    let list = list_backups(&cli.db).unwrap();
    assert_eq!(list.len(), 2);
    let oldest = list[1].clone();

    // restoring the oldest of two kept copies adds a before-restore copy;
    // pruning back to two must not delete the copy being restored
    let o = cli.ok(&["--json", "restore", "2"]).json();
    assert_eq!(o["batches"], 1, "the copy before the 2017 import holds the 2016 ledger: {o}");
    assert!(oldest.path.exists(), "the restored copy is still there");
    let after = list_backups(&cli.db).unwrap();
    assert_eq!(after[0].reason, "before-restore");
    assert!(after.iter().any(|b| b.path == oldest.path), "{after:?}");
}

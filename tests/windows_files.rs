//! What Windows does differently with files, through the real CLI: paths
//! with å, ä, ö and spaces, long paths, backslashes in messages, a CRLF
//! Windows-1252 CSV, and files Excel has open (Windows locks them).
//!
//! These run on Linux with every `cargo test`, and a second time against
//! `ramkoll.exe` under Wine (`scripts/windows.sh`), where paths are
//! `Z:\tmp\…` and `common::hold_open` holds a file the way Excel does. The
//! locking parts need Wine: on Linux nothing locks a file, so there the same
//! test checks what the unlocked file gives.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// A directory as a Swedish controller names one, with a fixture copied in
/// under the name `name`.
fn copied(cli: &Cli, dir: &str, fixture: &str, name: &str) -> PathBuf {
    let d = cli.dir.path().join(dir);
    std::fs::create_dir_all(&d).unwrap();
    let to = d.join(name);
    std::fs::copy(fixtures().join(fixture), &to).unwrap();
    to
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ramkoll-tmp"))
        .collect()
}

#[test]
fn swedish_letters_spaces_and_a_crlf_windows_1252_csv() {
    let base = Cli::new();
    // the database, too, in a directory with spaces and å, ä, ö
    let cli = Cli { db: base.dir.path().join("Länsteknik ekonomi").join("uppföljning år 2015.db"), dir: base.dir };
    let csv = copied(&cli, "Ekonomi Länsteknik/år 2015", "huvudbok_2015.csv", "huvudbok 2015 åäö.csv");
    assert!(std::fs::read(&csv).unwrap().windows(2).any(|w| w == b"\r\n"), "the fixture is CRLF");
    let o = cli.import("ledger", &csv);
    assert_eq!(o["imports"][0]["file"], "huvudbok 2015 åäö.csv", "{o}");
    let r = cli.ok(&["--json", "report", "categories", "--area", "IT", "--years", "2015..2015"]).json();
    assert_eq!(category_cells(&r, "Nät"), ["4100000.00"]);
    assert_eq!(category_cells(&r, "Server"), ["2300000.00"]);
    assert_eq!(category_cells(&r, "Totalt"), ["9800000.00"]);
    assert!(cli.db.is_file());
}

#[test]
fn messages_name_the_file_as_the_user_sees_it_with_our_sentence_and_the_os_code() {
    let cli = Cli::new();
    let dir = cli.dir.path().join("Mina dokument").join("Årsredovisning 2018");
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("huvudbok åäö.xlsx");
    let o = cli.run(&["import", "ledger", arg(&missing)]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    // under Wine: Z:\tmp\…\Mina dokument\Årsredovisning 2018\huvudbok åäö.xlsx
    assert!(o.stderr.contains(&shown(&missing)), "{} not in {}", shown(&missing), o.stderr);
    if windows_run() {
        assert!(o.stderr.contains(r"Mina dokument\Årsredovisning 2018\huvudbok åäö.xlsx"), "{}", o.stderr);
    }
    let code = if windows_run() { "Windows-fel 2" } else { "OS-fel 2" };
    assert!(
        o.stderr.contains(&format!("kan inte öppna filen: filen eller katalogen finns inte ({code})")),
        "{}",
        o.stderr
    );
    // Ramkoll's sentence, not only the OS's (which Windows gives in its own language)
    assert!(!o.stderr.contains("os error"), "{}", o.stderr);
}

#[test]
fn import_of_a_workbook_another_program_locks_says_close_it_in_excel() {
    let cli = Cli::new();
    let frames = copied(&cli, "Ekonomi Länsteknik", "ramar.xlsx", "ramar 2018 åäö.xlsx");
    if let Some(_held) = hold_open(&frames, "") {
        let o = cli.run(&["import", "frames", arg(&frames)]);
        assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains(&shown(&frames)), "{}", o.stderr);
        assert!(
            o.stderr.contains(
                "filen är öppen i ett annat program (Excel?): stäng filen i Excel och försök igen (Windows-fel 32)"
            ),
            "{}",
            o.stderr
        );
        assert!(cli.batches().is_empty(), "nothing imported");
    }
    // Excel itself lets others read a workbook it has open: that imports
    let _excel = hold_open(&frames, "r");
    let o = cli.import("frames", &frames);
    assert_eq!(o["imports"][0]["rows"].as_u64().map(|n| n > 0), Some(true), "{o}");
    assert_eq!(cli.batches().len(), 1);
}

#[test]
fn export_onto_a_workbook_open_in_excel_is_refused_by_name_and_leaves_it_as_it_was() {
    let cli = Cli::new();
    let dir = cli.dir.path().join("Rapporter åäö");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("regler 2018.xlsx");
    cli.ok(&["rules", "export", arg(&out)]);
    let before = std::fs::read(&out).unwrap();
    assert!(before.starts_with(b"PK"), "an xlsx");
    if let Some(_excel) = hold_open(&out, "r") {
        let o = cli.run(&["rules", "export", arg(&out)]);
        assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
        let want = format!(
            "{}: filen är öppen i ett annat program (Excel?): stäng den och försök igen (Windows-fel",
            shown(&out)
        );
        assert!(o.stderr.contains(&want), "{want} not in {}", o.stderr);
        assert_eq!(std::fs::read(&out).unwrap(), before, "the open workbook is untouched");
        assert_eq!(leftovers(&dir), Vec::<String>::new(), "no half-written file");
    }
    // closed again (or never locked, on Linux): the export replaces it whole
    std::thread::sleep(std::time::Duration::from_millis(1100));
    cli.ok(&["rules", "export", arg(&out)]);
    let after = std::fs::read(&out).unwrap();
    assert!(after.starts_with(b"PK"));
    assert_eq!(leftovers(&dir), Vec::<String>::new());
}

#[test]
fn long_paths_import_and_export() {
    // well past Windows' old MAX_PATH of 260 characters, the database too
    let mut rel = PathBuf::new();
    for i in 0..6 {
        rel.push(format!("Länsteknik ekonomi uppföljning och årsredovisning del {i}"));
    }
    let base = Cli::new();
    let cli = Cli { db: base.dir.path().join(&rel).join("databasen för uppföljningen 2018.db"), dir: base.dir };
    let frames = copied(&cli, rel.to_str().unwrap(), "ramar.xlsx", "ramar för investeringar 2018.xlsx");
    assert!(shown(&frames).chars().count() > 300, "{}", shown(&frames).chars().count());
    assert!(shown(&cli.db).chars().count() > 300);
    cli.import("frames", &frames);
    let r = cli.investments(2018);
    assert_eq!(six(area(&r, "IT"))[..3], ["8200000.00", "6400000.00", "14600000.00"].map(s));
    let out = frames.with_file_name("regler för klassificering 2018.xlsx");
    cli.ok(&["rules", "export", arg(&out)]);
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    assert!(cli.db.is_file());
    // a long path that does not exist is named whole, with our sentence
    let missing = frames.with_file_name("saknas.xlsx");
    let o = cli.run(&["import", "frames", arg(&missing)]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains(&shown(&missing)) && o.stderr.contains("finns inte"), "{}", o.stderr);
}

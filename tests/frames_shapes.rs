//! Frames in the shapes controllers keep them: the year in the column
//! header instead of an År column, Tilläggsanslag/Tilläggsram as the
//! extended frame, a Total ram column checked against beslutad + utökad, one
//! row per kategori with område subtotal rows that are checked and not
//! imported, and a Kommentar column kept.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn erp(name: &str) -> PathBuf {
    fixtures().join("erp").join(name)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn per_category_sheet_gives_the_reference_table() {
    let cli = Cli::new();
    let o = cli.import("frames", &erp("ramar_per_kategori.xlsx"));
    let o = &o["imports"][0];
    assert_eq!(o["sheet"], "Ramar 2018");
    assert_eq!(o["header_row"], 4);
    // ten kategori rows; Summa IT, Summa MT and Totalt checked, not imported
    assert_eq!(o["rows"], 10);
    assert_eq!(o["total_rows_checked"], 3);
    assert_eq!(o["control_sum"], "77600000.00");
    assert_eq!(o["source_total"], "77600000.00");
    assert_eq!((o["scope_from"].as_i64(), o["scope_to"].as_i64()), (Some(2018), Some(2018)));
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    let r = cli.investments(2018);
    assert_reference_2018(&r);
    assert_eq!(area(&r, "IT")["remaining"], "-5000000.00");
    assert_eq!(area(&r, "Totalt")["utilisation"], "55.2");
    assert_eq!(
        six(category(&r, "IT", "Nät")),
        ["4000000.00", "3000000.00", "7000000.00", "8000000.00", "4900000.00", "12900000.00"].map(s)
    );
    assert_eq!(
        six(category(&r, "MT", "Röntgen")),
        ["35000000.00", "0.00", "35000000.00", "1200000.00", "11000000.00", "12200000.00"].map(s)
    );
    // rows that named their område only on the group's first row
    assert_eq!(six(category(&r, "MT", "MT-övrigt"))[..3], ["3000000.00", "0.00", "3000000.00"].map(s));
    assert_eq!(six(category(&r, "IT", "Klient"))[..3], ["500000.00", "0.00", "500000.00"].map(s));

    // the Kommentar column is kept with each frame
    let db = rusqlite::Connection::open(&cli.db).unwrap();
    let comment: Option<String> = db
        .query_row("SELECT comment FROM frame WHERE area = 'IT' AND category = 'Nät' AND active = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(comment.as_deref(), Some("Utökad RS 2018-04-24 § 52"));
}

#[test]
fn per_category_sheet_replaces_the_years_frames_silently() {
    // the same kind of export as ramar.xlsx (frames for IT and MT): its 2018
    // replaces ramar.xlsx's 2018, the earlier years stay
    let cli = Cli::new();
    cli.import("frames", &fixtures().join("ramar.xlsx"));
    let o = cli.import("frames", &erp("ramar_per_kategori.xlsx"));
    let replaced = &o["imports"][0]["replaced"][0];
    assert_eq!(replaced["file_name"], "ramar.xlsx");
    assert_eq!(replaced["scopes"], serde_json::json!([2018]));
    assert_eq!(replaced["rows"], 10);
    assert_eq!(replaced["looks_different"], false);
    cli.import("ledger", &fixtures().join("huvudbok_2018.xlsx"));
    assert_reference_2018(&cli.investments(2018));
    assert_eq!(area(&cli.investments(2017), "Totalt")["total_frame"], "41000000.00");
}

/// A two-row frames CSV for IT 2018 under `header`, as the user's Excel saves it.
fn frames_csv(dir: &Path, name: &str, header: &str, rows: &[&str]) -> PathBuf {
    let f = dir.join(name);
    std::fs::write(&f, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    f
}

#[test]
fn the_year_in_the_header_and_other_names_for_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    for (header, rows) in [
        (
            "Område;Kategori;Investeringsram 2018;Tilläggsram;Kommentar",
            ["IT;Nät;4 000 000;3 000 000;Utökad", "IT;Server;2 000 000;2 000 000;"],
        ),
        ("Område;Kategori;Ram 2018;Tilläggsanslag", ["IT;Nät;4 000 000;3 000 000", "IT;Server;2 000 000;2 000 000"]),
        (
            "Område;Kategori;Beslutad ram 2018;Tilläggsanslag 2018;Total ram 2018",
            ["IT;Nät;4 000 000;3 000 000;7 000 000", ";Server;2 000 000;2 000 000;4 000 000"],
        ),
    ] {
        let cli = Cli::new();
        let f = frames_csv(dir.path(), "ramar.csv", header, &rows);
        let o = cli.import("frames", &f);
        assert_eq!(o["imports"][0]["rows"], 2, "{header}");
        let it = area(&cli.investments(2018), "IT").clone();
        assert_eq!(six(&it)[..3], ["6000000.00", "5000000.00", "11000000.00"].map(s), "{header}");
    }
}

#[test]
fn a_year_column_is_needed_when_the_header_names_none() {
    let dir = tempfile::tempdir().unwrap();
    let f = frames_csv(dir.path(), "ramar.csv", "Område;Kategori;Beslutad ram", &["IT;Nät;4 000 000"]);
    let e = Cli::new().run(&["import", "frames", path(&f)]);
    assert_eq!(e.code, 2);
    assert!(e.stderr.contains("hittade ingen rubrikrad för ramar"), "{}", e.stderr);
    assert!(e.stderr.contains("År, Område, Beslutad ram"), "{}", e.stderr);
}

#[test]
fn total_ram_that_is_not_beslutad_plus_utokad_is_refused() {
    let cli = Cli::new();
    let e = cli.run(&["import", "frames", path(&erp("bad/ramar_total_fel.xlsx"))]);
    assert_eq!(e.code, 2);
    assert_eq!(
        e.stderr.trim(),
        "fel: ramar_total_fel.xlsx, blad \"Ramar 2018\", cell E6 (rad 6, kolumn E): Total ram är 4 001 000,00 kr \
         men Beslutad ram (kolumn C) 2 000 000,00 kr + Utökad ram (kolumn D) 2 000 000,00 kr = 4 000 000,00 kr \
         (skillnad 1 000,00 kr)"
    );
    assert!(cli.batches().is_empty());
}

#[test]
fn subtotal_row_that_does_not_match_its_rows_is_refused() {
    let cli = Cli::new();
    let e = cli.run(&["import", "frames", path(&erp("bad/ramar_summa_fel.xlsx"))]);
    assert_eq!(e.code, 2);
    assert_eq!(
        e.stderr.trim(),
        "fel: ramar_summa_fel.xlsx, blad \"Ramar 2018\", cell C10 (rad 10, kolumn C): summaraden anger Beslutad ram \
         8 201 000,00 kr men raderna den summerar ger 8 200 000,00 kr (skillnad 1 000,00 kr)"
    );
    assert!(cli.batches().is_empty());

    // a CSV total row: Totalt must be all the rows above it
    let dir = tempfile::tempdir().unwrap();
    let f = frames_csv(
        dir.path(),
        "ramar.csv",
        "Område;Kategori;Ram 2018;Tilläggsram;Total ram",
        &[
            "IT;Nät;4 000 000;3 000 000;7 000 000",
            "IT;Server;2 000 000;2 000 000;4 000 000",
            "Totalt;;6 000 000;5 000 000;11 000 500",
        ],
    );
    let e = cli.run(&["import", "frames", path(&f)]);
    assert_eq!(e.code, 2);
    assert_eq!(
        e.stderr.trim(),
        "fel: ramar.csv, blad \"ramar\", cell E4 (rad 4, kolumn E): summaraden anger Total ram 11 000 500,00 kr men \
         raderna den summerar ger 11 000 000,00 kr (skillnad 500,00 kr)"
    );
}

#[test]
fn after_a_subtotal_row_the_next_group_names_its_omrade() {
    let dir = tempfile::tempdir().unwrap();
    let f = frames_csv(
        dir.path(),
        "ramar.csv",
        "Område;Kategori;Ram 2018",
        &["IT;Nät;4 000 000", ";Server;2 000 000", "Summa IT;;6 000 000", ";Röntgen;35 000 000"],
    );
    let e = Cli::new().run(&["import", "frames", path(&f)]);
    assert_eq!(e.code, 2);
    assert_eq!(
        e.stderr.trim(),
        "fel: ramar.csv, blad \"ramar\", cell A5 (rad 5, kolumn A): Område saknas; förväntade IT eller MT"
    );
}

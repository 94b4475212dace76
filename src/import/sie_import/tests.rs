//! SIE files through the import on an in-memory store: what is stored, what
//! is counted, what is refused and how.

use crate::import::{import_file, preview, ImportOptions, Kind};
use crate::store::{LineQuery, Store};
use std::path::{Path, PathBuf};

/// A small export: one voucher of two investment rows balanced on 2440,
/// an added row (#RTRANS + its mirror) and a struck-out one (#BTRANS), an
/// Anställd object (dimension 7, no ledger field) and a period budget.
const SMALL: &str = "#FLAGGA 0\r\n#SIETYP 4\r\n#RAR 0 20180101 20181231\r\n#KONTO 1221 \"Nätverk\"\r\n\
#DIM 1 \"Ansvar\"\r\n#DIM 6 \"Projekt\"\r\n#DIM 7 \"Anställd\"\r\n\
#VER A 17 20180314 \"Switchar Piteå\"\r\n{\r\n\
#TRANS 1221 {1 \"51200\" 6 \"IT-NAT-2018-03\" 7 \"4711\"} 1000.00\r\n\
#RTRANS 1221 {1 \"51200\" 6 \"IT-NAT-2018-03\"} 250.50 20180320 \"Kabel\"\r\n\
#TRANS 1221 {1 \"51200\" 6 \"IT-NAT-2018-03\"} 250.50 20180320 \"Kabel\"\r\n\
#BTRANS 1221 {} 99.00\r\n\
#TRANS 2440 {} -1250.50\r\n}\r\n\
#PBUDGET 0 201803 4011 {1 \"51200\"} 5000.00\r\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    let mut b = Vec::new();
    crate::import::sie::encode_cp437_into(text, &mut b);
    std::fs::write(&p, b).unwrap();
    p
}

fn import(store: &mut Store, kind: Kind, p: &Path) -> crate::Result<crate::import::ImportOutcome> {
    import_file(store, kind, p, &ImportOptions::default(), &mut |_| {})
}

#[test]
fn rows_are_stored_once_with_their_objects() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "small.se", SMALL);
    let mut store = Store::open_in_memory().unwrap();
    let mut last = None;
    let o = import_file(&mut store, Kind::Ledger, &p, &ImportOptions::default(), &mut |pr| last = pr.fraction).unwrap();
    assert_eq!(last, Some(1.0));
    // #RTRANS counts once, #BTRANS not at all; the 2440 row is kept
    assert_eq!((o.rows, o.control_sum.0, o.source_total), (3, 0, None));
    assert_eq!((o.unclassified, o.scope_from, o.scope_to), (0, Some(201803), Some(201803)));
    assert!(o.message.contains("1 rader (-1 250,50 kr) på balanskonton"), "{}", o.message);
    let lines = store.lines(&LineQuery { batch_id: o.batch_id, ..Default::default() }).unwrap().lines;
    let got: Vec<(&str, &str, &str, i64, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l.konto.as_str(),
                l.projekt.as_str(),
                l.verifikation.as_str(),
                l.amount.0,
                l.text.as_str(),
                l.date.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1221", "IT-NAT-2018-03", "A 17", 100_000, "Switchar Piteå", "2018-03-14"),
            ("1221", "IT-NAT-2018-03", "A 17", 25_050, "Kabel", "2018-03-20"),
            ("2440", "", "A 17", -125_050, "Switchar Piteå", "2018-03-14"),
        ]
    );
    assert_eq!(lines[0].row_no, 10, "the file's line");
    assert_eq!((lines[0].area.as_deref(), lines[0].category.as_deref()), (Some("IT"), Some("Nät")));
    assert_eq!(lines[2].cost_type.as_deref(), Some(crate::classify::BALANCE));
}

#[test]
fn pbudget_needs_a_kostnadsslag_for_every_account() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let p = write(dir.path(), "small.se", SMALL);
    let o = import(&mut store, Kind::Budget, &p).unwrap();
    assert_eq!((o.rows, o.control_sum.0, o.scope_from), (1, 500_000, Some(2018)));
    // investment and balance-sheet accounts are outside the operating budget; 8999 has no rule
    let text = "#FLAGGA 0\r\n#PBUDGET 0 201801 1221 {} 100\r\n#PBUDGET 0 201801 2440 {} 100\r\n\
                #PBUDGET 0 201801 8999 {} 100\r\n#PBUDGET 0 201802 8999 {} 100\r\n#PBUDGET 0 201801 3011 {} -100\r\n";
    let p = write(dir.path(), "budget.se", text);
    let e = import(&mut store, Kind::Budget, &p).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(
        e.to_string(),
        "budget.se, rad 4: #PBUDGET: konto 8999 har inget kostnadsslag; lägg till en kontoregel (t.ex. 8999-8999 → kostnadsslag) och importera igen"
    );
    let p = write(dir.path(), "budget2.se", &text.replace("8999", "4011"));
    let o = import(&mut store, Kind::Budget, &p).unwrap();
    // revenue (3011, credit in SIE) is a positive budget
    assert_eq!((o.rows, o.control_sum.0), (2, 30_000));
    assert!(o.message.contains("2 belopp (200,00 kr) på investerings- och balanskonton"), "{}", o.message);
}

#[test]
fn what_is_not_sie_or_not_this_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    // named .se but a CSV: the SIE reader says what it found on line 1
    let p = write(dir.path(), "bok.se", "Konto;Belopp\r\n1221;5\r\n");
    let e = import(&mut store, Kind::Ledger, &p).unwrap_err();
    assert_eq!(
        e.to_string(),
        "bok.se, rad 1: förväntade en post som börjar med # (t.ex. #TRANS), fick \"Konto;Belopp\""
    );
    // an empty file is refused as such, whatever its name
    let p = write(dir.path(), "tom.se", "");
    assert_eq!(import(&mut store, Kind::Ledger, &p).unwrap_err().to_string(), "tom.se: filen är tom (0 byte)");
    // period balances only (SIE 2/3): said, not imported
    let p = write(dir.path(), "saldon.se", "#FLAGGA 0\r\n#SIETYP 3\r\n#PSALDO 0 201803 1221 {} 100\r\n");
    assert_eq!(
        import(&mut store, Kind::Ledger, &p).unwrap_err().to_string(),
        "saldon.se: SIE-filen har inga verifikationer (#VER med #TRANS-rader) att importera som huvudbok; \
         periodsaldon (#PSALDO) importeras inte, exportera SIE typ 4 med verifikationer"
    );
    let p = write(dir.path(), "small.se", SMALL);
    let e = import(&mut store, Kind::Staff, &p).unwrap_err();
    assert_eq!((e.code(), e.exit_code()), ("input", 2));
    assert!(e.to_string().contains("inga personaltimmar"), "{e}");
    assert!(preview(None, Kind::Frames, &p, &ImportOptions::default()).is_err());
    assert!(store.batches().unwrap().is_empty());
}

#[test]
fn preview_lays_the_rows_out_as_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "small.se", SMALL);
    let pv = preview(None, Kind::Ledger, &p, &ImportOptions::default()).unwrap();
    let headers: Vec<&str> = pv.columns.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(
        headers,
        [
            "Period",
            "Datum",
            "Konto",
            "#DIM 1 Ansvar",
            "#DIM 6 Projekt",
            "#DIM 7 Anställd",
            "Verifikation",
            "Text",
            "Belopp"
        ]
    );
    assert_eq!(pv.columns[5].field, None, "Anställd has no ledger field: an attribute");
    assert_eq!(
        pv.rows[0],
        ["201803", "2018-03-14", "1221", "51200", "IT-NAT-2018-03", "4711", "A 17", "Switchar Piteå", "1000.00"]
    );
    let s = pv.sie.unwrap();
    assert_eq!((s.vouchers, s.transactions, s.budget_amounts, s.periods), (1, 3, 1, vec![201803]));
    let b = preview(None, Kind::Budget, &p, &ImportOptions::default()).unwrap();
    assert_eq!(b.rows, [["201803", "4011", "51200", "", "5000.00"]]);
    assert!(b.missing.is_empty());
    assert_eq!(crate::import::sie_kind(&p), Some(Kind::Ledger));
}

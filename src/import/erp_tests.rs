//! The ledger shapes ERPs export, through the whole pipeline on small files:
//! Debet/Kredit, code and name in one cell, År + Månad, "P03" with the year
//! in the report header, and subtotals that name a code.

use super::{import_file, ImportOptions, Kind};
use crate::error::Error;
use crate::money::Amount;
use crate::store::{LineQuery, Store};
use std::path::PathBuf;

fn csv(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn import(text: &str) -> (Store, Result<super::ImportOutcome, Error>) {
    import_named("export.csv", text, &ImportOptions::default())
}

fn import_named(name: &str, text: &str, opts: &ImportOptions) -> (Store, Result<super::ImportOutcome, Error>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let r = import_file(&mut store, Kind::Ledger, &csv(&dir, name, text), opts, &mut |_| {});
    (store, r)
}

/// (period, konto, ansvar, projekt, amount in öre) of every stored line.
fn lines(store: &Store) -> Vec<(u32, String, String, String, i64)> {
    let l = store.lines(&LineQuery { limit: Some(100), ..Default::default() }).unwrap();
    let mut v: Vec<_> = l.lines.into_iter().map(|l| (l.period, l.konto, l.ansvar, l.projekt, l.amount.0)).collect();
    v.sort();
    v
}

fn errors(r: Result<super::ImportOutcome, Error>) -> Vec<String> {
    match r {
        Err(Error::Input(cells)) => cells.iter().map(ToString::to_string).collect(),
        other => panic!("expected input errors, got {other:?}"),
    }
}

#[test]
fn debet_minus_kredit() {
    let (store, r) = import(
        "Period;Konto;Projekt;Debet SEK;Kredit SEK\n\
         201803;1221;IT-NAT-2018-01;1 000,00;\n\
         201803;1221;IT-NAT-2018-01;;250,50\n\
         201804;1221;IT-NAT-2018-01;100,00;40,00\n\
         Summa;;;1 100,00;290,50\n",
    );
    let o = r.unwrap();
    assert_eq!((o.rows, o.control_sum, o.total_rows_checked), (3, Amount(80950), 1));
    let amounts: Vec<i64> = lines(&store).iter().map(|l| l.4).collect();
    assert_eq!(amounts, [-25050, 100000, 6000]);
}

#[test]
fn debet_without_kredit_is_refused() {
    let (_, r) = import("Period;Konto;Debet\n201803;1221;100\n");
    let e = r.unwrap_err().to_string();
    assert!(e.contains("kolumnen Kredit saknas: rubrikraden har Debet men inte Kredit"), "{e}");
    let (_, r) = import("Period;Konto;Credit\n201803;1221;100\n");
    assert!(r.unwrap_err().to_string().contains("kolumnen Debet saknas"));
}

#[test]
fn garbage_in_debet_and_kredit_names_both_cells() {
    let (_, r) = import("Period;Konto;Debet;Kredit\n201803;1221;100;\n201803;1221;tio;elva\n201803;1221;;\n");
    let e = errors(r);
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(e[0].contains("cell C3 (rad 3, kolumn C): Debet: förväntade ett belopp"), "{e:?}");
    assert!(e[1].contains("cell D3 (rad 3, kolumn D): Kredit: förväntade ett belopp"), "{e:?}");
    assert!(e[2].contains("cell C4 (rad 4, kolumn C): Debet och Kredit saknas"), "{e:?}");
}

#[test]
fn code_and_name_in_one_cell_or_a_name_column() {
    let (store, r) = import(
        "Period;Konto;Ansvar;Ansvar text;Projekt;Belopp\n\
         201803;1225 Inventarier IT;52400;Medicinsk teknik länet;IT-NAT-2018-03 Nätverk Piteå;100\n\
         201803;1225;52400 MT;;IT-NAT-2018-03;50\n",
    );
    r.unwrap();
    let l = lines(&store);
    assert!(
        l.iter().all(|l| (l.1.as_str(), l.2.as_str(), l.3.as_str()) == ("1225", "52400", "IT-NAT-2018-03")),
        "{l:?}"
    );
    let names = |dim| store.code_names(dim).unwrap().into_iter().collect::<Vec<_>>();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(names("konto"), [pair("1225", "Inventarier IT")]);
    // the second line's "52400 MT" is the later name
    assert_eq!(names("ansvar"), [pair("52400", "MT")]);
    assert_eq!(names("projekt"), [pair("IT-NAT-2018-03", "Nätverk Piteå")]);
    let first = &store.lines(&LineQuery::default()).unwrap().lines[0];
    assert_eq!(
        (first.konto_name.as_deref(), first.ansvar_name.as_deref(), first.projekt_name.as_deref()),
        (Some("Inventarier IT"), Some("MT"), Some("Nätverk Piteå"))
    );
    // the project code classifies the line as before: IT Nät 2018
    let it = store.lines(&LineQuery { area: Some("IT".into()), category: Some("Nät".into()), ..Default::default() });
    assert_eq!(it.unwrap().total, Amount(15000));
}

#[test]
fn year_and_month_columns() {
    let (store, r) = import(
        "År;Månad;Konto;Belopp\n2018;3;1221;1\n2018;03;1221;2\n2018;mars;1221;4\n2018;P12;1221;8\n2017;1;1221;16\n",
    );
    r.unwrap();
    let periods: Vec<(u32, i64)> = lines(&store).iter().map(|l| (l.0, l.4)).collect();
    assert_eq!(periods, [(201701, 1600), (201803, 100), (201803, 200), (201803, 400), (201812, 800)]);
}

#[test]
fn month_only_periods_take_the_year_of_the_report_header() {
    let text = "Rapport: Huvudbok investeringar\nUrval: Konto 1221-1225\nPeriod: 201801 - 201812\n\
                Användare: ANNA\nUtskriftsdatum: 2019-01-15\n\n\
                Period;Konto;Belopp\nP03;1221;1\nP11;1221;2\n";
    let (store, r) = import(text);
    let o = r.unwrap();
    assert_eq!(o.header_row, 7);
    assert_eq!(lines(&store).iter().map(|l| l.0).collect::<Vec<_>>(), [201803, 201811]);
    // … or of the file name, or of the import's options
    let (store, r) = import_named("huvudbok_2017_unit4.csv", "Period;Konto;Belopp\n03;1221;1\n", &Default::default());
    r.unwrap();
    assert_eq!(lines(&store)[0].0, 201703);
    let opts = ImportOptions { year: Some(2016), ..Default::default() };
    let (store, r) = import_named("huvudbok_2017_unit4.csv", "Period;Konto;Belopp\n03;1221;1\n", &opts);
    r.unwrap();
    assert_eq!(lines(&store)[0].0, 201603);
    // a period date and a full period need no year
    let (store, r) = import("Period;Konto;Belopp\n2018-03-01;1221;1\n201804;1221;1\n");
    r.unwrap();
    assert_eq!(lines(&store).iter().map(|l| l.0).collect::<Vec<_>>(), [201803, 201804]);
}

#[test]
fn month_only_periods_without_a_year_are_refused_once() {
    let (store, r) = import("Rapport: Huvudbok\nPeriod;Konto;Belopp\nP03;1221;1\nP04;1221;1\n");
    let e = errors(r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("export.csv, blad \"export\", cell A3 (rad 3, kolumn A): Period: \"P03\" anger bara månaden")
    );
    assert!(e[0]
        .contains("kolumnen År, rapporthuvudet ovanför rubrikraden, bladnamnet \"export\", filnamnet \"export.csv\""));
    assert!(store.batches().unwrap().is_empty());
}

#[test]
fn subtotals_that_name_a_code() {
    let ok = "Konto;Ansvar;Projekt;Period;Belopp\n\
              1221 Inventarier nät;51200;IT-NAT-2018-01;201803;100,00\n\
              1221 Inventarier nät;51200;IT-NAT-2018-01;201804;23,45\n\
              Summa 1221;;;;123,45\n\
              1222;51200;IT-SRV-2018-01;201803;10,00\n\
              Summa konto 1222;;;;10,00\n\
              Summa 51200;;;;133,45\n\
              Summa IT;;;;133,45\n\
              1225;52300;MT-RTG-2018-01;201803;1 000,00\n\
              Summa 1225 Inventarier MT;;;;1 000,00\n\
              Totalt;;;;1 133,45\n";
    let (_, r) = import(ok);
    let o = r.unwrap();
    assert_eq!((o.rows, o.total_rows_checked, o.source_total), (4, 6, Some(Amount(113345))));

    let bad = ok.replace("Summa 1221;;;;123,45", "Summa 1221;;;;12 345,00");
    let e = errors(import(&bad).1);
    assert_eq!(e, ["export.csv, blad \"export\", cell E4 (rad 4, kolumn E): Summa 1221: 12 345,00 kr i filen, raderna ovan ger 123,45 kr"]);
}

#[test]
fn report_header_lines_are_not_the_header() {
    let (_, r) = import(
        "Rapport:;Huvudbok\nUrval:;Konto;1221-1225\nPeriod:;201801;-;201812\nAnvändare:;ANNA\nUtskriftsdatum:;2019-01-15\n\
         Period;Konto;Belopp\n3;1221;1\n",
    );
    let o = r.unwrap();
    assert_eq!((o.header_row, o.rows), (6, 1));
}

#[test]
fn preview_says_where_the_year_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let p = csv(&dir, "export.csv", "Rapport: Huvudbok\nPeriod: 201801 - 201812\nPeriod;Konto;Belopp\nP03;1221;1\n");
    let pv = super::preview(None, Kind::Ledger, &p, &ImportOptions::default()).unwrap();
    assert_eq!((pv.header_row, pv.year_from.as_deref()), (3, Some("rapporthuvudet (rad 2)")));
    let opts = ImportOptions { year: Some(2017), ..Default::default() };
    let pv = super::preview(None, Kind::Ledger, &p, &opts).unwrap();
    assert_eq!(pv.year_from.as_deref(), Some("året angivet vid importen"));
}

#[test]
fn a_confirmed_debet_kredit_mapping_is_used_and_remembered() {
    use super::header::Field;
    let dir = tempfile::tempdir().unwrap();
    // headers no synonym knows: the user maps them
    let text = "Per;Kto;Soll;Haben\n201803;1221;100;\n201803;1221;;30\n";
    let mapping = [(Field::Period, 0), (Field::Konto, 1), (Field::Debet, 2), (Field::Kredit, 3)].into_iter().collect();
    let opts = ImportOptions { header_row: Some(1), mapping: Some(mapping), ..Default::default() };
    let mut store = Store::open_in_memory().unwrap();
    let o = import_file(&mut store, Kind::Ledger, &csv(&dir, "a.csv", text), &opts, &mut |_| {}).unwrap();
    assert_eq!(o.control_sum, Amount(7000));
    let again = "Per;Kto;Soll;Haben\n201804;1221;5;1\n";
    let o = import_file(&mut store, Kind::Ledger, &csv(&dir, "b.csv", again), &ImportOptions::default(), &mut |_| {});
    assert_eq!(o.unwrap().control_sum, Amount(400));
}

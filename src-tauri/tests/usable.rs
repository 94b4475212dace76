//! The app stays usable while an import runs (issue 16): a report on another
//! thread answers with the state before the import while the import is
//! stopped half-way (its progress callback waits for the report), and so do
//! the drill-down and an export; a change
//! is refused with a clear message, and once the import commits the reports
//! show the new state.

use ramkoll::app::{self, ImportItem, OnError};
use ramkoll::import::{ImportOptions, Kind};
use ramkoll::store::LineQuery;
use ramkoll::Amount;
use ramkoll_app::state::{AppState, IMPORT_RUNNING};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// A ledger CSV of `rows` lines of 1,00 kr on an IT investment project of
/// `year`. `text`: a long Text column, so that the import's pages outgrow
/// SQLite's page cache (32 MiB) well before its end.
fn ledger_csv(path: &Path, year: i32, rows: usize, text: bool) {
    let filler = if text { "x".repeat(250) } else { String::new() };
    let mut s = String::from("Period;Konto;Ansvar;Projekt;Text;Belopp\n");
    for i in 0..rows {
        s.push_str(&format!("{year}-{:02};1225;52320;IT-NAT-{year}-01;{i} {filler};1,00\n", i % 12 + 1));
    }
    std::fs::write(path, s).unwrap();
}

fn item(path: &Path) -> ImportItem {
    ImportItem::new(Kind::Ledger, path, ImportOptions::default())
}

/// (years, batches, investments outcome of 2017, of 2018) as a reader sees them.
fn state(st: &AppState) -> (Vec<i32>, usize, Amount, Amount) {
    st.with_reader(|s| {
        let info = app::db_info(s)?;
        let y17 = app::investments(s, 2017, None)?.total.outcome_total;
        let y18 = app::investments(s, 2018, None)?.total.outcome_total;
        Ok((info.years, info.batches, y17, y18))
    })
    .unwrap()
}

#[test]
fn a_report_during_an_import_shows_the_state_before_it_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ramkoll.db");
    let (small, big) = (dir.path().join("hb_2017.csv"), dir.path().join("hb_2018.csv"));
    ledger_csv(&small, 2017, 1000, false);
    const BIG: usize = 160_000;
    // ≈ 300 bytes a line: ≈ 40 MB of pages by the pause, more than the page cache
    const PAUSE_AT: u64 = 130_000;
    ledger_csv(&big, 2018, BIG, true);

    let st = AppState::open(db);
    let done = st.with_import(|s| Ok(app::import_files(s, &[item(&small)], OnError::Stop, &mut |_| {}))).unwrap();
    assert_eq!(done[0].result.as_ref().map(|o| o.rows).ok(), Some(1000));
    let before = (vec![2017], 1, Amount::from_kr(1000), Amount::ZERO);
    assert_eq!(state(&st), before);

    let workbook = dir.path().join("avvikelser_2017.xlsx");
    let (paused_tx, paused_rx) = mpsc::channel::<()>();
    let (read_tx, read_rx) = mpsc::channel::<()>();
    let mut read_while_paused = None;
    std::thread::scope(|scope| {
        let st = &st;
        let workbook = &workbook;
        let reader = scope.spawn(move || {
            paused_rx.recv().expect("the import reaches its pause");
            let seen = state(st);
            // the drill-down and an export read the same state
            let q = LineQuery { year: Some(2017), ..Default::default() };
            let drill = st.with_reader(|s| app::lines(s, &q)).unwrap();
            st.with_reader(|s| app::export_variance(s, 2017, None, workbook)).unwrap();
            let refused = st.with_session(|s| app::set_setting(s, "annual_hours", "1700")).unwrap_err();
            let _ = read_tx.send(());
            (seen, (drill.total_rows, drill.total), refused)
        });
        let mut paused = false;
        let done = st
            .with_import(|s| {
                Ok(app::import_files(s, &[item(&big)], OnError::Stop, &mut |p| {
                    if !paused && p.rows >= PAUSE_AT {
                        paused = true;
                        paused_tx.send(()).unwrap();
                        // not a time limit on the report: only that a blocked reader cannot hang the test
                        read_while_paused = Some(read_rx.recv_timeout(Duration::from_secs(120)).is_ok());
                    }
                }))
            })
            .unwrap();
        assert_eq!(done[0].result.as_ref().map(|o| o.rows).ok(), Some(BIG as u64));
        let (seen, drill, refused) = reader.join().unwrap();
        assert_eq!(read_while_paused, Some(true), "the report answered while the import stood still");
        assert_eq!(seen, before, "the report during the import: the state before it");
        assert_eq!(drill, (1000, Amount::from_kr(1000)), "the lines behind 2017 during the import");
        assert!(std::fs::metadata(workbook).map(|m| m.len() > 0).unwrap_or(false), "the export during the import");
        assert_eq!((refused.code.as_str(), refused.message.as_str()), ("conflict", IMPORT_RUNNING));
    });
    assert!(!st.importing());
    assert_eq!(state(&st), (vec![2017, 2018], 2, Amount::from_kr(1000), Amount::from_kr(BIG as i64)));
    // and changes are taken again
    st.with_session(|s| app::set_setting(s, "annual_hours", "1700")).unwrap();
}

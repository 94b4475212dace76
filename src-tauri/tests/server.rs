//! The app on a shared database on a PostgreSQL server (issue 15): connect
//! from the dialog's fields in place of the current database, import the
//! fixtures, read the investments report — also from the second connection
//! the app reads from while an import runs — and never show the password.
//!
//! On the server of `RAMKOLL_TEST_PG` (scripts/test.sh starts a throwaway
//! one); without it each test prints a note and passes.

use ramkoll::app::{self, ImportItem, OnError};
use ramkoll::import::{ImportOptions, Kind};
use ramkoll::store::ServerConfig;
use ramkoll::Amount;
use ramkoll_app::server::{connection_string, DbServer, ServerLogin};
use ramkoll_app::state::AppState;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

mod common;
use common::{app, invoke};

/// Typed in the dialog: it must not come back in anything the app shows.
const PASSWORD: &str = "Ett hemligt 'lösen' \\ 42";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// A fresh database on the test server: its connection string, and the
/// dialog's four fields for it.
struct Fresh {
    conn: String,
    host: String,
    port: u16,
    dbname: String,
    user: String,
}

fn fresh(tag: &str) -> Option<Fresh> {
    let Some(conn) = ramkoll_testkit::pg::fresh_database(tag) else {
        eprintln!("RAMKOLL_TEST_PG is not set: the app's server tests are skipped");
        return None;
    };
    let c = ServerConfig::parse(&conn).unwrap();
    Some(Fresh { host: c.host(), port: c.port(), dbname: c.dbname(), user: c.user(), conn })
}

impl Fresh {
    fn server(&self) -> DbServer {
        DbServer { host: self.host.clone(), port: self.port, dbname: self.dbname.clone(), user: self.user.clone() }
    }
}

fn login(srv: &Fresh) -> ServerLogin {
    let conn = connection_string(&srv.host, &srv.port.to_string(), &srv.dbname, &srv.user).unwrap();
    ServerLogin::new(&conn, Some(PASSWORD)).unwrap()
}

fn ledgers(years: &[(&str, &str)]) -> Vec<ImportItem> {
    years
        .iter()
        .map(|(y, ext)| {
            ImportItem::new(Kind::Ledger, fixtures().join(format!("huvudbok_{y}.{ext}")), ImportOptions::default())
        })
        .collect()
}

/// The 2018 investment outcome as a reader sees it.
fn outcome_2018(st: &AppState) -> Amount {
    st.with_reader(|s| Ok(app::investments(s, 2018, None)?.total.outcome_total)).unwrap()
}

#[test]
fn the_app_connects_imports_and_reads_the_investments_also_during_an_import() {
    let Some(srv) = fresh("app") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let st = AppState::open(tmp.path().join("egen.db"));
    assert!(st.server().is_none());

    st.connect(login(&srv)).unwrap();
    let label = format!("postgres://{}@{}:{}/{}", srv.user, srv.host, srv.port, srv.dbname);
    assert_eq!(st.db_label(), label);
    assert_eq!(st.server(), Some(srv.server()));
    assert_eq!(st.open_error(), None);

    let mut first = vec![ImportItem::new(Kind::Frames, fixtures().join("ramar.xlsx"), ImportOptions::default())];
    first.extend(ledgers(&[("2014", "xlsx"), ("2015", "csv"), ("2016", "xlsx"), ("2017", "ods")]));
    let done = st.with_import(|s| Ok(app::import_files(s, &first, OnError::Stop, &mut |_| {}))).unwrap();
    for d in &done {
        assert!(d.result.is_ok(), "{:?}", d.result.as_ref().err());
    }
    assert_eq!(outcome_2018(&st), Amount::ZERO);

    // 2018's ledger, with a read from another thread while the import holds
    // the session: the reader's second connection sees the state before it
    let last = ledgers(&[("2018", "xlsx")]);
    let (paused_tx, paused_rx) = mpsc::channel::<()>();
    let (read_tx, read_rx) = mpsc::channel::<Amount>();
    let mut seen = None;
    std::thread::scope(|scope| {
        let st = &st;
        scope.spawn(move || {
            paused_rx.recv().expect("the import reports progress");
            let _ = read_tx.send(outcome_2018(st));
        });
        let done = st
            .with_import(|s| {
                Ok(app::import_files(s, &last, OnError::Stop, &mut |_| {
                    if seen.is_none() {
                        paused_tx.send(()).unwrap();
                        seen =
                            Some(read_rx.recv_timeout(Duration::from_secs(120)).expect("the read during the import"));
                    }
                }))
            })
            .unwrap();
        assert!(done[0].result.is_ok(), "{:?}", done[0].result.as_ref().err());
    });
    assert_eq!(seen, Some(Amount::ZERO), "the read during the import: the state before it");
    assert!(!st.importing());

    let inv = st.with_reader(|s| app::investments(s, 2018, None)).unwrap();
    assert_eq!(inv.total.outcome_total, Amount::from_kr(42_800_000));
    assert_eq!(inv.total.total_frame, Amount::from_kr(77_600_000));
    let it = &inv.areas[0];
    assert_eq!((it.row.area.as_str(), it.row.total_frame), ("IT", Amount::from_kr(14_600_000)));

    // the database user is who imported: the audit log as the server has it
    let mut client = postgres::Client::connect(&srv.conn, postgres::NoTls).unwrap();
    let who: Vec<(String, i64)> = client
        .query("SELECT \"user\", count(*) FROM audit_log WHERE operation = 'import' GROUP BY 1", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(who, vec![(srv.user.clone(), 6)]);

    // a second app on the same database sees the same figures
    let other = AppState::open(tmp.path().join("annan.db"));
    other.connect(login(&srv)).unwrap();
    assert_eq!(outcome_2018(&other), Amount::from_kr(42_800_000));
}

fn fields(srv: &Fresh, port: &str) -> Value {
    json!({ "host": srv.host, "port": port, "dbname": srv.dbname, "user": srv.user, "password": PASSWORD })
}

#[test]
fn connect_server_through_the_command_shows_the_address_and_never_the_password() {
    let Some(srv) = fresh("appcmd") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("egen.db");
    let (_app, w) = app(&file);
    let before = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(before["db_path"], file.display().to_string());
    assert_eq!(before.get("db_server"), None);

    // a bad field is named, and nothing changes
    let bad = invoke(&w, "connect_server", fields(&srv, "femtio")).unwrap_err();
    assert_eq!((bad["code"].as_str(), bad["field"].as_str()), (Some("invalid"), Some("port")));
    // no server there: refused in words, the password nowhere, the file still open
    let none = json!({ "host": "127.0.0.1", "port": "1", "dbname": "ramkoll", "user": "anna", "password": PASSWORD });
    let refused = invoke(&w, "connect_server", none).unwrap_err();
    assert_eq!(refused["code"], "file");
    let text = refused.to_string();
    assert!(text.contains("kan inte ansluta till databasservern"), "{text}");
    assert!(text.contains("postgres://anna@127.0.0.1:1/ramkoll"), "{text}");
    assert!(!text.contains("hemligt"), "{text}");
    assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["db_path"], file.display().to_string());

    let info = invoke(&w, "connect_server", fields(&srv, &srv.port.to_string())).unwrap();
    let label = format!("postgres://{}@{}:{}/{}", srv.user, srv.host, srv.port, srv.dbname);
    assert_eq!(info["db_path"], label);
    assert_eq!(info["db_is_default"], false);
    assert_eq!(info["db_error"], Value::Null);
    assert_eq!(
        info["db_server"],
        json!({ "host": srv.host, "port": srv.port, "dbname": srv.dbname, "user": srv.user })
    );
    assert_eq!((info["years"].clone(), info["batches"].clone()), (json!([]), json!(0)));
    assert!(!info.to_string().contains("hemligt"), "{info}");

    // the report commands answer from the server
    let inv = invoke(&w, "investments", json!({ "year": 2018, "period": null })).unwrap();
    assert_eq!(inv["total"]["outcome_total"], "0.00");
    assert_eq!(invoke(&w, "app_info", json!({})).unwrap(), info);
}

#[test]
fn a_connection_string_as_the_database_is_named_without_its_password() {
    // RAMKOLL_DB may be a connection string with its password: the app names
    // it by its label, also when it does not parse
    let st = AppState::open(PathBuf::from("host=db.region.se port=femtio dbname=ekonomi password=hemligt"));
    let e = st.open_error().expect("a port that is no number is refused");
    assert_eq!(e.code, "usage");
    assert!(!e.message.contains("hemligt"), "{}", e.message);
    assert_eq!(st.db_label(), "postgres://…");
    assert_eq!(st.server(), None);

    let Some(srv) = fresh("appenv") else { return };
    let st = AppState::open(PathBuf::from(format!("{} password=hemligt", srv.conn)));
    assert_eq!(st.open_error(), None);
    assert_eq!(st.db_label(), format!("postgres://{}@{}:{}/{}", srv.user, srv.host, srv.port, srv.dbname));
    assert_eq!(st.server(), Some(srv.server()));
    // the reader during an import connects the same way
    let n = st.with_import(|_| Ok(st.with_reader(|s| Ok(app::db_info(s)?.batches)))).unwrap().unwrap();
    assert_eq!(n, 0);
}

//! "Öppna annan databas…" on a file from someone else: a view named `frame`
//! over the real table is refused with the library's message (code `file`),
//! the file is left byte for byte as it was, and the app keeps answering.

use serde_json::json;

mod common;
use common::{app, invoke};

#[test]
#[cfg_attr(not(feature = "e2e"), ignore = "needs the dialog stand-ins: --features e2e")]
fn a_hostile_database_chosen_in_the_dialog_is_refused_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("annan.db");
    drop(ramkoll::store::Store::open(&other).unwrap());
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch(
            "ALTER TABLE frame RENAME TO frame_data;
             CREATE VIEW frame AS SELECT id, batch_id, row_no, year, area, category, decided * 10 AS decided,
                    extended * 10 AS extended, decision_year, comment, superseded_by, active FROM frame_data;",
        )
        .unwrap();
    let before = std::fs::read(&other).unwrap();

    let (_app, w) = app(&tmp.path().join("t.db"));
    std::env::set_var(ramkoll_app::dialog::E2E_DATABASE, &other);
    let err = invoke(&w, "choose_database", json!({ "create": false })).unwrap_err();
    std::env::remove_var(ramkoll_app::dialog::E2E_DATABASE);

    assert_eq!(err["code"], "file", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("databasen innehåller en vy \"frame\" som Ramkoll inte skapar: filen öppnas inte"),
        "{err}"
    );
    assert!(std::fs::read(&other).unwrap() == before, "the chosen file is unchanged");
    assert!(!tmp.path().join("annan.db-inuse").exists() && !tmp.path().join("backups").exists());
    // the app still answers, and says why the database is not open
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["db_error"]["code"], "file", "{info}");
}

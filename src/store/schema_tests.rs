//! Each migration on a database the migrations before it left.

use super::schema::MIGRATIONS;
use crate::store::Store;
use rusqlite::Connection;

#[test]
fn migration_5_records_the_line_range_of_existing_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    {
        let c = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..4] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 4).unwrap();
        c.execute_batch(
            "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row,
                                       mapping, row_count, control_sum, imported_at)
             VALUES ('ledger', 'huvudbok', 'a.xlsx', '', 'a', 'xlsx', 'Blad1', 1, '{}', 3, 600, ''),
                    ('frames', 'ramar', 'r.xlsx', '', 'r', 'xlsx', 'Blad1', 1, '{}', 0, 0, ''),
                    ('ledger', 'huvudbok', 'b.xlsx', '', 'b', 'xlsx', 'Blad1', 1, '{}', 2, 300, '');
             INSERT INTO ledger_line (batch_id, row_no, period, year, amount)
             VALUES (1, 2, 201801, 2018, 100), (1, 3, 201802, 2018, 200), (1, 4, 201803, 2018, 300),
                    (3, 2, 201804, 2018, 100), (3, 3, 201805, 2018, 200);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let ranges: Vec<(i64, Option<i64>, Option<i64>)> = store
        .conn()
        .prepare("SELECT id, first_line, last_line FROM import_batch ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(ranges, [(1, Some(1), Some(3)), (2, None, None), (3, Some(4), Some(5))]);
    let batch_index: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ledger_line_batch'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batch_index, 0);
}

#[test]
fn migration_7_keeps_existing_comments_as_their_first_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    {
        let c = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..6] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 6).unwrap();
        c.execute_batch(
            "INSERT INTO comment (key, text, author, updated_at) VALUES ('ram/2018/IT', 'Nätet', 'anna', '2018-07-01 10:00:00');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let v = store.comment_history("ram/2018/IT").unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].text.as_str(), v[0].author.as_str(), v[0].current), ("Nätet", "anna", true));
    store.set_user("bo");
    store.set_comment("ram/2018/IT", "Nätet byggdes ut").unwrap();
    let v = store.comment_history("ram/2018/IT").unwrap();
    assert_eq!(v.iter().map(|v| (v.version, v.current)).collect::<Vec<_>>(), [(1, false), (2, true)]);
    assert_eq!(v[1].author, "bo");
    // the history and the log refuse edits
    let c = store.conn();
    assert!(c.execute("UPDATE comment_version SET text = 'x'", []).is_err());
    assert!(c.execute("DELETE FROM audit_log", []).is_err());
    assert!(c.execute("UPDATE audit_log SET user = 'x'", []).is_err());
}

#[test]
fn migration_8_fingerprints_existing_batches_from_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    {
        let c = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..7] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 7).unwrap();
        c.execute_batch(
            "INSERT INTO import_batch (kind, source, file_name, file_path, sha256, format, sheet, header_row,
                                       mapping, row_count, control_sum, imported_at, first_line, last_line)
             VALUES ('ledger', 'huvudbok', 'a.xlsx', '', 'a', 'xlsx', 'Blad1', 1, '{}', 3, 600, '', 1, 3),
                    ('frames', 'ramar', 'r.xlsx', '', 'r', 'xlsx', 'Blad1', 1, '{}', 2, 0, '', NULL, NULL);
             INSERT INTO ledger_line (batch_id, row_no, period, year, konto, amount)
             VALUES (1, 2, 201801, 2018, '1221', 100), (1, 3, 201802, 2018, '4111', 200),
                    (1, 4, 201803, 2018, '1225', 300);
             INSERT INTO frame (batch_id, row_no, year, area, decided, extended)
             VALUES (2, 2, 2018, 'IT', 1, 0), (2, 3, 2018, 'MT', 1, 0);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let fps: Vec<Option<String>> = store
        .conn()
        .prepare("SELECT fingerprint FROM import_batch ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(fps, [Some(r#"{"1":2,"4":1}"#.to_string()), Some(r#"{"IT":1,"MT":1}"#.to_string())]);
}

#[test]
fn migration_9_keeps_plans_and_gives_them_no_costing_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v8.db");
    {
        let c = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..8] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 8).unwrap();
        c.execute_batch(
            "INSERT INTO planned_purchase (year, area, category, text, quantity, unit_price, amount, created_at)
             VALUES (2018, 'IT', 'Klient', 'Telefoner', 2500, 387600, 969000000, '');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let p = store.plan(1).unwrap().unwrap();
    assert_eq!((p.life_years, p.start, p.counted_together), (None, None, false));
    assert_eq!(p.amount.0, 969_000_000);
    assert!(p.yearly_saving.is_zero());
    assert!(store.assets().unwrap().is_empty());
}

#[test]
fn migration_10_adds_empty_forecast_rounds_to_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.db");
    {
        let c = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..9] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 9).unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert!(store.forecast_rounds(2018).unwrap().is_empty());
    let e = crate::store::ForecastEntry {
        round: 201810,
        kind: crate::store::ForecastKind::Operating,
        cost_type: Some("Lön".into()),
        vo: None,
        area: None,
        category: None,
        amount: crate::money::Amount(3_500_000_000),
        comment: None,
    };
    store.write_forecasts(201810, std::slice::from_ref(&e), false, "set").unwrap();
    store
        .write_forecasts(201810, &[crate::store::ForecastEntry { amount: crate::money::Amount(1), ..e }], false, "set")
        .unwrap();
    let rounds = store.forecast_rounds(2018).unwrap();
    assert_eq!((rounds[0].round, rounds[0].year, rounds[0].operating_rows), (201810, 2018, 1));
    assert_eq!(store.forecast_entries(2018).unwrap()[0].amount.0, 1);
}

#[test]
fn migration_11_adds_an_empty_orders_table_to_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.db");
    {
        let c = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..10] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 10).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert!(store.orders(&crate::store::OrderQuery::default()).unwrap().is_empty());
    assert!(store.order_sums(&crate::store::OrderQuery::default()).unwrap().is_empty());
    let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 11);
}

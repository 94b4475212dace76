//! The shell's commands end to end without a window: tauri's mock runtime,
//! real IPC requests, the real core and a temporary database. The dialog is
//! stood in for by the same environment variables the E2E test uses, which
//! the app reads only when built with `--features e2e` (scripts/test.sh).

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod common;
use common::{app, invoke, Window};

/// The dialog seam is process-wide (environment): run these tests one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn ok(w: &Window, cmd: &str, args: Value) -> Value {
    invoke(w, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

fn pick(w: &Window, files: &[PathBuf]) -> Value {
    std::env::set_var(ramkoll_app::dialog::E2E_OPEN_FILES, std::env::join_paths(files).unwrap());
    let picked = ok(w, "pick_import_files", json!({}));
    std::env::remove_var(ramkoll_app::dialog::E2E_OPEN_FILES);
    picked
}

#[test]
#[cfg_attr(not(feature = "e2e"), ignore = "needs the dialog stand-ins: --features e2e")]
fn import_report_comment_export() {
    let _g = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let (_app, w) = app(&tmp.path().join("t.db"));

    let info = ok(&w, "app_info", json!({}));
    assert_eq!(info["years"], json!([]));
    assert_eq!(info["db_error"], Value::Null);

    let mut files = vec![fixtures().join("ramar.xlsx")];
    for y in [("2014", "xlsx"), ("2015", "csv"), ("2016", "xlsx"), ("2017", "ods"), ("2018", "xlsx")] {
        files.push(fixtures().join(format!("huvudbok_{}.{}", y.0, y.1)));
    }
    let picked = pick(&w, &files);
    assert_eq!(picked.as_array().unwrap().len(), 6);

    // The kind is detected from the columns.
    let pv = ok(&w, "preview_file", json!({ "path": files[0], "kind": null, "options": null }));
    assert_eq!(pv["kind"], "frames");
    let pv = ok(&w, "preview_file", json!({ "path": files[3], "kind": null, "options": null }));
    assert_eq!(pv["kind"], "ledger");

    let items: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(i, f)| json!({ "path": f, "kind": if i == 0 { "frames" } else { "ledger" } }))
        .collect();
    let results = ok(&w, "import_files", json!({ "items": items }));
    for r in results.as_array().unwrap() {
        assert_eq!(r["error"], Value::Null, "{r}");
        assert!(r["outcome"]["batch_id"].is_i64(), "{r}");
    }

    let inv = ok(&w, "investments", json!({ "year": 2018, "period": null }));
    let it = &inv["areas"][0];
    assert_eq!(it["area"], "IT");
    assert_eq!(it["total_frame"], "14600000.00");
    assert_eq!(it["outcome_before"], "12400000.00");
    assert_eq!(it["outcome_year"], "7200000.00");
    assert_eq!(inv["total"]["outcome_total"], "42800000.00");
    assert_eq!(inv["total"]["total_frame"], "77600000.00");

    // Drill-down: the lines behind IT's outcome add up to it.
    let lines = ok(&w, "lines", json!({ "query": it["drill"] }));
    assert_eq!(lines["total"], "19600000.00");

    let key = it["key"].as_str().unwrap().to_string();
    ok(&w, "set_comment", json!({ "key": key, "text": "Tidigarelagt" }));
    let inv = ok(&w, "investments", json!({ "year": 2018, "period": null }));
    assert_eq!(inv["areas"][0]["comment"], "Tidigarelagt");

    let out = tmp.path().join("ut.xlsx");
    std::env::set_var(ramkoll_app::dialog::E2E_SAVE_FILE, &out);
    let exp = ok(&w, "export_variance", json!({ "year": 2018, "period": null }));
    std::env::remove_var(ramkoll_app::dialog::E2E_SAVE_FILE);
    assert!(out.is_file());
    assert_eq!(exp["total_outcome"], "42800000.00");
    // Only files the app wrote can be revealed.
    let err = invoke(&w, "reveal_path", json!({ "path": "/etc/passwd" })).unwrap_err();
    assert_eq!(err["code"], "not-allowed");

    // Importing the very same file again changes nothing.
    let again = ok(&w, "import_files", json!({ "items": [items[1].clone()] }));
    assert_eq!(again[0]["outcome"]["batch_id"], Value::Null);

    // Undo and restore a batch.
    let batches = ok(&w, "batches", json!({}));
    assert_eq!(batches.as_array().unwrap().len(), 6);
    let undone = ok(&w, "undo_batch", json!({ "id": 6 }));
    assert_eq!(undone["batch_id"], 6);
    let inv = ok(&w, "investments", json!({ "year": 2018, "period": null }));
    assert_eq!(inv["total"]["outcome_total"], "0.00");
    ok(&w, "redo_batch", json!({ "id": 6 }));
    let inv = ok(&w, "investments", json!({ "year": 2018, "period": null }));
    assert_eq!(inv["total"]["outcome_total"], "42800000.00");
}

#[test]
#[cfg_attr(not(feature = "e2e"), ignore = "needs the dialog stand-ins: --features e2e")]
fn a_different_export_is_refused_as_a_conflict_until_confirmed() {
    let _g = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let (_app, w) = app(&tmp.path().join("t.db"));
    let (invest, drift) = (fixtures().join("huvudbok_2018.xlsx"), fixtures().join("drift_huvudbok_2018.xlsx"));
    pick(&w, &[invest.clone(), drift.clone()]);
    ok(&w, "import_files", json!({ "items": [{ "path": invest, "kind": "ledger" }] }));

    // the preview says what it would replace and that it asks
    let pv = ok(&w, "preview_file", json!({ "path": drift, "kind": "ledger", "options": null }));
    assert_eq!(pv["replaces"]["needs_confirmation"], true);
    assert_eq!(pv["replaces"]["replaces"][0]["file_name"], "huvudbok_2018.xlsx");
    assert_eq!(pv["replaces"]["replaces"][0]["looks_different"], true);

    // the import is refused, naming both files; nothing changed
    let refused = ok(&w, "import_files", json!({ "items": [{ "path": drift, "kind": "ledger" }] }));
    assert_eq!(refused[0]["error"]["code"], "conflict", "{refused}");
    let msg = refused[0]["error"]["message"].as_str().unwrap();
    assert!(msg.contains("drift_huvudbok_2018.xlsx") && msg.contains("huvudbok_2018.xlsx (batch 1"), "{msg}");
    assert!(msg.contains("perioderna 201801–201812"), "{msg}");
    assert_eq!(ok(&w, "batches", json!({})).as_array().unwrap().len(), 1);

    // "Importera som egen källa": both kept
    let own = json!({ "sheet": null, "source": "drift", "header_row": null, "mapping": null, "year": null, "replace": false });
    let res = ok(&w, "import_files", json!({ "items": [{ "path": drift, "kind": "ledger", "options": own }] }));
    assert_eq!(res[0]["error"], Value::Null, "{res}");
    assert_eq!(res[0]["outcome"]["replaced"], json!([]));
    let inv = ok(&w, "investments", json!({ "year": 2018, "period": null }));
    assert_eq!(inv["total"]["outcome_total"], "42800000.00");
}

#[test]
#[cfg_attr(not(feature = "e2e"), ignore = "needs the dialog stand-ins: --features e2e")]
fn errors_reach_the_ui_as_code_and_message() {
    let _g = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let (_app, w) = app(&tmp.path().join("t.db"));

    // A path the user never chose is refused before anything is read.
    let err =
        invoke(&w, "preview_file", json!({ "path": "/etc/passwd", "kind": "ledger", "options": null })).unwrap_err();
    assert_eq!(err["code"], "not-allowed");
    // So is an import naming it: the whole call, nothing read.
    let items = json!({ "items": [{ "path": "/etc/passwd", "kind": "ledger" }] });
    assert_eq!(invoke(&w, "import_files", items).unwrap_err()["code"], "not-allowed");

    // A ledger with a bad amount: an input error per cell, nothing stored.
    let bad = tmp.path().join("trasig.csv");
    std::fs::write(&bad, "Period;Konto;Projekt;Text;Belopp\n201803;1221;IT-NAT-2018-01;Switchar;12 000,00\n201803;1221;IT-NAT-2018-01;Kablar;tolv\n").unwrap();
    pick(&w, std::slice::from_ref(&bad));
    let res = ok(&w, "import_files", json!({ "items": [{ "path": bad, "kind": "ledger" }] }));
    let e = &res[0]["error"];
    assert_eq!(e["code"], "input", "{res}");
    let details = e["details"].as_array().unwrap();
    assert!(!details.is_empty());
    assert!(details[0].as_str().unwrap().contains("trasig.csv"), "{details:?}");
    assert_eq!(res[0]["outcome"], Value::Null);
    assert_eq!(ok(&w, "batches", json!({})), json!([]));

    // A period that is none (month 13) is an invalid value, in Swedish.
    let err = invoke(&w, "investments", json!({ "year": 2018, "period": 201713 })).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("2018"));
}

#[test]
#[cfg_attr(not(feature = "e2e"), ignore = "needs the dialog stand-ins: --features e2e")]
fn budget_staff_and_operating_ledgers_then_staffing_report_settings_and_export() {
    let _g = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let (_app, w) = app(&tmp.path().join("t.db"));

    let names = [
        "budget_2017.xlsx",
        "budget_2018.xlsx",
        "personal_2017.csv",
        "personal_2018.xlsx",
        "drift_huvudbok_2017.xlsx",
        "drift_huvudbok_2018.xlsx",
    ];
    let files: Vec<PathBuf> = names.iter().map(|n| fixtures().join(n)).collect();
    pick(&w, &files);
    // The kind is detected from the columns: budget, HR export, ledger.
    let kinds: Vec<Value> = files
        .iter()
        .map(|f| ok(&w, "preview_file", json!({ "path": f, "kind": null, "options": null }))["kind"].clone())
        .collect();
    assert_eq!(kinds, json!(["budget", "budget", "staff", "staff", "ledger", "ledger"]).as_array().unwrap().clone());

    // The operating ledgers under their own source.
    let items: Vec<Value> = files
        .iter()
        .zip(&kinds)
        .map(|(f, k)| {
            let drift = f.file_name().unwrap().to_string_lossy().starts_with("drift_");
            let source = drift.then_some("drift");
            json!({ "path": f, "kind": k, "options": { "sheet": null, "source": source, "header_row": null, "mapping": null } })
        })
        .collect();
    for r in ok(&w, "import_files", json!({ "items": items })).as_array().unwrap() {
        assert_eq!(r["error"], Value::Null, "{r}");
    }

    let rep = ok(&w, "staffing_report", json!({ "year": 2018, "period": null }));
    let consultants = rep["by_cost_type"].as_array().unwrap().iter().find(|c| c["name"] == "Konsulter").unwrap();
    assert_eq!(consultants["change"], "-1300000.00");
    assert_eq!(consultants["change_pct"], "-41.0");
    assert_eq!(rep["total"]["hours"]["extra"], "26000.00");
    assert_eq!(rep["extra_hours_last_year"]["extra"], "25000.00");
    assert_eq!(rep["extra_hours_change_pct"], "4.0");
    assert_eq!(rep["annual_hours"], 1700);
    // The lines behind a cost type add up to it.
    let lines = ok(&w, "lines", json!({ "query": consultants["drill"] }));
    assert_eq!(lines["total"], consultants["outcome"]);

    // Settings: defaults, a change, and a value that is refused.
    let s = ok(&w, "get_settings", json!({}));
    assert_eq!(s["annual_hours"], 1700);
    assert_eq!(
        s["po_rates"],
        json!([{ "year": 2017, "rate": "46.45", "stored": false }, { "year": 2018, "rate": "46.45", "stored": false }])
    );
    let s = ok(&w, "set_setting", json!({ "key": "po_rate/2018", "value": "38,5 %" }));
    assert_eq!(s["po_rates"][1], json!({ "year": 2018, "rate": "38.5", "stored": true }));
    let s = ok(&w, "set_setting", json!({ "key": "annual_hours", "value": "1 650" }));
    assert_eq!(s["annual_hours"], 1650);
    let rep = ok(&w, "staffing_report", json!({ "year": 2018, "period": null }));
    assert_eq!(rep["po_rate"], "38.5");
    assert_eq!(rep["annual_hours"], 1650);
    for (key, value) in [
        ("annual_hours", "många"),
        ("annual_hours", "0"),
        ("po_rate/2018", "120"),
        ("po_rate/18", "40"),
        ("annat", "1"),
    ] {
        let err = invoke(&w, "set_setting", json!({ "key": key, "value": value })).unwrap_err();
        assert_eq!(err["code"], "invalid", "{key}={value}");
    }

    let out = tmp.path().join("personal.xlsx");
    std::env::set_var(ramkoll_app::dialog::E2E_SAVE_FILE, &out);
    let exp = ok(&w, "export_staffing", json!({ "year": 2018, "period": 201806 }));
    std::env::remove_var(ramkoll_app::dialog::E2E_SAVE_FILE);
    assert!(out.is_file());
    assert_eq!(exp["path"], out.display().to_string());
    assert!(exp["sheets"].as_array().unwrap().iter().any(|s| s == "Per VO"), "{exp}");
}

#[test]
fn planned_purchases_add_check_and_remove() {
    let _g = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let (_app, w) = app(&tmp.path().join("t.db"));

    // The unit price as typed, parsed in the shell; no frame yet, so it does not fit.
    let args = json!({ "year": 2018, "area": "IT", "category": null, "text": "Tjänstetelefoner", "quantity": 2500, "unitPrice": "3 876,00" });
    let fit = ok(&w, "add_plan", args);
    assert_eq!(fit["amount"], "9690000.00", "{fit}");
    assert_eq!(fit["unit_price"], "3876.00");
    assert_eq!(fit["fits"], false);
    let id = fit["id"].as_i64().unwrap();
    let report = ok(&w, "plans", json!({ "year": 2018 }));
    assert_eq!(report["plans"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["plans"][0]["text"], "Tjänstetelefoner");

    // A price that is no amount: an invalid value, in Swedish; nothing stored.
    let bad =
        json!({ "year": 2018, "area": "IT", "category": null, "text": "Skärmar", "quantity": 10, "unitPrice": "tolv" });
    let err = invoke(&w, "add_plan", bad).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("styckpris"), "{err}");
    // The core's own checks come through as they are.
    let zero =
        json!({ "year": 2018, "area": "IT", "category": null, "text": "Skärmar", "quantity": 0, "unitPrice": "100" });
    assert_eq!(invoke(&w, "add_plan", zero).unwrap_err()["code"], "invalid");

    ok(&w, "remove_plan", json!({ "id": id }));
    assert_eq!(ok(&w, "plans", json!({ "year": 2018 }))["plans"], json!([]));
    assert_eq!(invoke(&w, "remove_plan", json!({ "id": id })).unwrap_err()["code"], "not-found");
}

#[test]
fn capital_report_and_a_plans_costing_and_its_export() {
    let _g = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let (_app, w) = app(&tmp.path().join("t.db"));

    // Nothing imported: an empty report that says what to import.
    let r = ok(&w, "capital_report", json!({ "from": 2018, "to": 2020 }));
    assert_eq!(r["total"]["years"].as_array().unwrap().len(), 3, "{r}");
    assert!(r["warnings"][0].as_str().unwrap().contains("import assets"), "{r}");
    assert_eq!(invoke(&w, "capital_report", json!({ "from": 2020, "to": 2018 })).unwrap_err()["code"], "invalid");

    // 2 500 phones counted together, three years from 201901: 3 230 000 a year.
    let costing = json!({ "life_years": 3, "start": 201901, "monthly_cost_per_unit": null,
        "yearly_running_cost": null, "yearly_saving": null, "counted_together": true });
    let args = json!({ "year": 2019, "area": "IT", "category": "Klient", "text": "Tjänstetelefoner",
        "quantity": 2500, "unitPrice": "3 876,00", "costing": costing });
    let fit = ok(&w, "add_plan", args);
    assert_eq!(fit["classification"]["treatment"], "investment", "{fit}");
    let id = fit["id"].as_i64().unwrap();
    let c = ok(&w, "plan_cost", json!({ "id": id, "from": null, "to": null }));
    let dep: Vec<&Value> = c["years"].as_array().unwrap().iter().map(|y| &y["depreciation"]).collect();
    assert_eq!(dep, [&json!("3230000.00"), &json!("3230000.00"), &json!("3230000.00")], "{c}");

    let out = tmp.path().join("kalkyl.xlsx");
    std::env::set_var(ramkoll_app::dialog::E2E_SAVE_FILE, &out);
    let o = ok(&w, "export_plan", json!({ "id": id, "from": 2019, "to": 2021 }));
    std::env::remove_var(ramkoll_app::dialog::E2E_SAVE_FILE);
    assert_eq!(o["sheets"], json!(["Kalkyl"]));
    assert!(out.is_file());
    assert_eq!(
        invoke(&w, "plan_cost", json!({ "id": 99, "from": null, "to": null })).unwrap_err()["code"],
        "not-found"
    );
}

/// A ledger CSV of `rows` lines of 1,00 kr in `year`'s months.
fn ledger_csv(path: &Path, year: i32, rows: usize) {
    let mut s = String::from("Period;Konto;Ansvar;Projekt;Belopp\n");
    for i in 0..rows {
        s.push_str(&format!("{year}-{:02};1225;52320;IT-NAT-{year}-01;1,00\n", i % 12 + 1));
    }
    std::fs::write(path, s).unwrap();
}

#[test]
#[cfg_attr(not(feature = "e2e"), ignore = "needs the dialog stand-ins: --features e2e")]
fn a_running_import_is_cancelled_and_leaves_nothing() {
    use tauri::Listener;
    let _g = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let (app, w) = app(&tmp.path().join("t.db"));
    let (frames, ledger) = (fixtures().join("ramar.xlsx"), fixtures().join("huvudbok_2018.xlsx"));
    // 150 000 lines: the import passes dozens of progress points, each one a cancel can land at
    let (big, small) = (tmp.path().join("stor_2017.csv"), tmp.path().join("liten_2016.csv"));
    ledger_csv(&big, 2017, 150_000);
    ledger_csv(&small, 2016, 12);
    pick(&w, &[frames.clone(), ledger.clone(), big.clone(), small.clone()]);
    let items = json!({ "items": [{ "path": frames, "kind": "frames" }, { "path": ledger, "kind": "ledger" }] });
    ok(&w, "import_files", items);
    let batches = ok(&w, "batches", json!({}));
    let report = |y: i32| ok(&w, "investments", json!({ "year": y, "period": null }));
    let (r2017, r2018) = (report(2017), report(2018));
    assert_eq!(r2018["total"]["outcome_total"], "42800000.00");

    let (tx, rx) = std::sync::mpsc::channel::<Value>();
    app.listen_any("import-progress", move |e| {
        let _ = tx.send(serde_json::from_str(e.payload()).unwrap());
    });
    let running = {
        let (w, big) = (w.clone(), big.clone());
        std::thread::spawn(move || ok(&w, "import_files", json!({ "items": [{ "path": big, "kind": "ledger" }] })))
    };
    // cancel once rows are being written (past the backup)
    let seen = loop {
        let p = rx.recv_timeout(std::time::Duration::from_secs(120)).expect("progress");
        if p["rows"].as_u64().unwrap() > 0 && p["done"] == false {
            break p["rows"].as_u64().unwrap();
        }
        assert_ne!(p["done"], true, "the import finished before it could be cancelled: {p}");
    };
    ok(&w, "cancel_import", json!({}));
    let res = running.join().unwrap();
    assert_eq!(res[0]["error"]["code"], "cancelled", "{res}");
    assert_eq!(res[0]["outcome"], Value::Null);
    assert!(seen < 150_000, "cancelled after {seen} rows");

    // nothing of it stayed: the batches and the reports are as before
    assert_eq!(ok(&w, "batches", json!({})), batches);
    assert_eq!(report(2017), r2017);
    assert_eq!(report(2018), r2018);

    // the cancel was for the imports under way: the next one goes through
    let res = ok(&w, "import_files", json!({ "items": [{ "path": small, "kind": "ledger" }] }));
    assert_eq!(res[0]["outcome"]["rows"], 12, "{res}");
}

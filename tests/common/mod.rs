#![allow(dead_code)]
//! Helpers for the end-to-end tests: run the real CLI on a temporary
//! database over the committed fixture files.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub struct Cli {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> Value {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Cli {
    pub fn new() -> Cli {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("test.db");
        Cli { dir, db }
    }

    pub fn run(&self, args: &[&str]) -> Out {
        let out = Command::new(env!("CARGO_BIN_EXE_ramkoll"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("RAMKOLL_DB")
            .output()
            .expect("run ramkoll");
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn ok(&self, args: &[&str]) -> Out {
        let o = self.run(args);
        assert_eq!(o.code, 0, "ramkoll {args:?} failed: {}{}", o.stdout, o.stderr);
        o
    }

    pub fn import(&self, kind: &str, file: &Path) -> Value {
        self.ok(&["--json", "import", kind, file.to_str().unwrap()]).json()
    }

    pub fn investments(&self, year: i32) -> Value {
        self.ok(&["--json", "report", "investments", "--year", &year.to_string()]).json()
    }

    pub fn batches(&self) -> Vec<Value> {
        self.ok(&["--json", "batches"]).json()["batches"].as_array().cloned().unwrap_or_default()
    }
}

/// The area row of a frame report (`IT`, `MT`) or the total.
pub fn area<'a>(report: &'a Value, name: &str) -> &'a Value {
    if name == "Totalt" {
        return &report["total"];
    }
    report["areas"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["area"] == name))
        .unwrap_or_else(|| panic!("no area {name} in {report}"))
}

pub fn category<'a>(report: &'a Value, area_name: &str, cat: &str) -> &'a Value {
    area(report, area_name)["categories"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["category"] == cat))
        .unwrap_or_else(|| panic!("no category {area_name}/{cat}"))
}

/// The six figures of the reference table, in its column order.
pub fn six(row: &Value) -> [String; 6] {
    ["decided", "extended", "total_frame", "outcome_before", "outcome_year", "outcome_total"]
        .map(|k| row[k].as_str().unwrap_or_else(|| panic!("{k} not a string in {row}")).to_string())
}

pub fn s(v: &str) -> String {
    v.to_string()
}

/// Assert the reference investment table 2018 of DOMAIN.md, to the öre.
pub fn assert_reference_2018(r: &Value) {
    assert_eq!(
        six(area(r, "IT")),
        ["8200000.00", "6400000.00", "14600000.00", "12400000.00", "7200000.00", "19600000.00"].map(s)
    );
    assert_eq!(
        six(area(r, "MT")),
        ["63000000.00", "0.00", "63000000.00", "2400000.00", "20800000.00", "23200000.00"].map(s)
    );
    assert_eq!(
        six(area(r, "Totalt")),
        ["71200000.00", "6400000.00", "77600000.00", "14800000.00", "28000000.00", "42800000.00"].map(s)
    );
}

/// The amounts of one row ("Nät", …, or "Totalt") of `report categories --json`.
pub fn category_cells(r: &Value, cat: &str) -> Vec<String> {
    let row = if cat == "Totalt" {
        &r["total"]
    } else {
        r["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|x| x["category"] == cat))
            .unwrap_or_else(|| panic!("no category {cat} in {r}"))
    };
    row["cells"].as_array().unwrap().iter().map(|c| c["amount"].as_str().unwrap().to_string()).collect()
}

/// Assert the IT category table 2014–2018 of DOMAIN.md, to the öre.
pub fn assert_it_categories_2014_2018(cli: &Cli) {
    let r = cli.ok(&["--json", "report", "categories", "--area", "IT", "--years", "2014..2018"]).json();
    assert_eq!(r["years"], serde_json::json!([2018, 2017, 2016, 2015, 2014]));
    let row = |cat: &str| category_cells(&r, cat);
    assert_eq!(row("Nät"), ["12900000.00", "8100000.00", "6200000.00", "4100000.00", "5100000.00"]);
    assert_eq!(row("Server"), ["3800000.00", "2200000.00", "3700000.00", "2300000.00", "2600000.00"]);
    assert_eq!(row("Video"), ["1100000.00", "1600000.00", "1200000.00", "1600000.00", "200000.00"]);
    assert_eq!(row("Skrivare"), ["1800000.00", "2900000.00", "2100000.00", "1800000.00", "1000000.00"]);
    assert_eq!(row("Oförutsedda"), ["0.00", "900000.00", "0.00", "0.00", "0.00"]);
    assert_eq!(row("Totalt"), ["19600000.00", "15700000.00", "13200000.00", "9800000.00", "8900000.00"]);
}

//! `db copy`: a database copied into another, empty one — a controller's
//! SQLite file into the division's shared PostgreSQL database, or back —
//! and then checked: every report is rendered on both and must be the same.

use super::input::YearRange;
use super::Session;
use crate::error::{Error, Result};
use crate::store::{self, CopyOutcome};
use serde::Serialize;
use std::path::Path;

/// What a copy did and what it checked.
#[derive(Debug, Clone, Serialize)]
pub struct DbCopy {
    /// The source and the target as the user may see them (never a password).
    pub from: String,
    pub to: String,
    #[serde(flatten)]
    pub outcome: CopyOutcome,
    /// The reports rendered on both and found identical, by name.
    pub compared: Vec<String>,
}

/// Copy the database `from` (a file or a server's connection string) into
/// `to`, which must be empty, then compare every report on the two.
/// `progress(table, rows so far)` while it copies.
pub fn db_copy(from: &Path, to: &Path, progress: &mut dyn FnMut(&str, u64)) -> Result<DbCopy> {
    if same_database(from, to) {
        return Err(Error::conflict(format!("källan och målet är samma databas ({})", from.display())));
    }
    // opening a file that is not there would create it: a mistyped --from
    // would copy an empty database
    if super::server_address(from).is_none() && !from.exists() {
        return Err(Error::File { path: from.to_path_buf(), message: "databasen som ska kopieras finns inte".into() });
    }
    let source = Session::open(from)?;
    let mut target = Session::open(to)?;
    let outcome = store::copy_database(source.store(), target.store_mut(), progress)?;
    let (a, b) = (all_reports(&source)?, all_reports(&target)?);
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        if x != y {
            return Err(Error::internal(format!(
                "kopian skiljer sig från källan i {name}: {} har kopierats men bör inte användas",
                target.path().display()
            )));
        }
    }
    if a.len() != b.len() {
        return Err(Error::internal("källan och kopian har inte samma rapporter"));
    }
    Ok(DbCopy {
        from: source.path().display().to_string(),
        to: target.path().display().to_string(),
        outcome,
        compared: a.into_iter().map(|(name, _)| name).collect(),
    })
}

/// The same file named twice (a server's database is refused as not empty).
fn same_database(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Every report of a database as JSON, by name: for each year with outcome
/// the investment table, the variance analysis (also per VO) and staffing;
/// per område the categories over all the years; capital costs; and the
/// batch list, comments, plans, forecast rounds, sign-offs, the audit log
/// and its chain check.
pub fn all_reports(s: &Session) -> Result<Vec<(String, serde_json::Value)>> {
    let mut out = Vec::new();
    let mut put = |name: String, v: serde_json::Value| out.push((name, v));
    let years = s.store().years()?;
    let mut areas = Vec::new();
    for &y in &years {
        let inv = super::investments(s, y, None)?;
        for a in &inv.areas {
            if !areas.contains(&a.row.area) {
                areas.push(a.row.area.clone());
            }
        }
        put(format!("report investments --year {y}"), json(&inv)?);
        put(format!("report variance --year {y}"), json(&super::variance(s, y, None, false)?)?);
        put(format!("report variance --year {y} --by-vo"), json(&super::variance(s, y, None, true)?)?);
        put(format!("report staffing --year {y}"), json(&super::staffing(s, y, None)?)?);
        put(format!("plan list --year {y}"), json(&super::plans(s, y)?)?);
        put(format!("forecast list --year {y}"), json(&super::forecasts(s, y)?)?);
    }
    if let (Some(&first), Some(&last)) = (years.first(), years.last()) {
        // the capital report reaches at most 50 years
        let range = YearRange { from: first.max(last - 49), to: last };
        for a in &areas {
            let r = super::categories(s, a, YearRange { from: first, to: last })?;
            put(format!("report categories --area {a} --years {first}..{last}"), json(&r)?);
        }
        put(format!("report capital --years {}..{}", range.from, range.to), json(&super::capital_report(s, range)?)?);
    }
    put("batches".into(), json(&super::batches(s)?)?);
    put("comments".into(), json(&super::comments(s)?)?);
    put("settings".into(), json(&super::settings(s)?)?);
    put("rules list".into(), json(&super::rules(s)?)?);
    put("period list".into(), json(&super::periods(s, None)?)?);
    put("log".into(), json(&super::log(s, &Default::default())?)?);
    put("log verify".into(), json(&super::verify_log(s)?)?);
    Ok(out)
}

fn json<T: Serialize>(v: &T) -> Result<serde_json::Value> {
    Ok(serde_json::to_value(v)?)
}

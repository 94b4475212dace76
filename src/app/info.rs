//! What is in the database, for the app's start screen and period pickers;
//! and the demo.

use super::Session;
use crate::error::Result;
use crate::import::ImportOutcome;
use crate::variance::{self, CategoryReport, FrameReport};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DbInfo {
    /// Years with frames or ledger lines, ascending.
    pub years: Vec<i32>,
    /// The last period with ledger lines per year (YYYYMM), as (year, period).
    pub last_periods: Vec<(i32, u32)>,
    pub batches: usize,
}

pub fn db_info(s: &Session) -> Result<DbInfo> {
    let store = s.store();
    let years = store.years()?;
    let mut last_periods = Vec::new();
    for y in &years {
        if let Some(p) = store.last_period(*y)? {
            last_periods.push((*y, p));
        }
    }
    Ok(DbInfo { years, last_periods, batches: store.batches()?.len() })
}

/// The warning for a database on a network share (a UNC path, a mapped
/// network drive, an NFS/CIFS mount), said before it is opened: SQLite's
/// locking is unreliable there, so two people working in it at once can
/// damage it. None for a local database.
pub fn db_location_warning(db: &Path) -> Option<String> {
    if super::session::server_address(db).is_some() {
        return None;
    }
    let reason = crate::os::network_path(db)?;
    Some(format!(
        "databasen {} ligger på en nätverksresurs ({reason}): där kan SQLite inte lita på fillåsningen, så om \
         två arbetar i den samtidigt kan den skadas. Flytta den till den egna datorn, eller använd avdelningens \
         gemensamma PostgreSQL-databas när flera ska arbeta i samma data",
        db.display()
    ))
}

/// The demo: the fixtures imported, the reference table and the IT categories.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Demo {
    pub database: PathBuf,
    pub imports: Vec<ImportOutcome>,
    pub report: FrameReport,
    /// IT per kategori over the five years up to the report's (printed, not in JSON).
    #[serde(skip)]
    pub categories: CategoryReport,
}

/// Import the demo fixtures (already-imported files are left as they are).
pub fn load_demo(s: &mut Session, fixtures: Option<&Path>) -> Result<Vec<ImportOutcome>> {
    crate::demo::load_demo(s.store_mut(), fixtures)
}

/// Load the demo and report on `year`.
pub fn demo(s: &mut Session, fixtures: Option<&Path>, year: i32) -> Result<Demo> {
    let imports = load_demo(s, fixtures)?;
    let report = variance::frame_report(s.store(), year, None)?;
    let categories = variance::category_report(s.store(), "IT", year - 4, year)?;
    Ok(Demo { database: s.path().to_path_buf(), imports, report, categories })
}

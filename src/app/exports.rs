//! Excel exports: the app layer runs the reports, `export` writes them.

use super::input::{period_opt, PeriodInput};
use super::Session;
use crate::error::Result;
use crate::export::{self, ExportOutcome, StaffingExport};
use std::path::{Path, PathBuf};

/// The variance workbook for `year` (to `period`) written to `out`.
pub fn export_variance(s: &Session, year: i32, period: Option<&PeriodInput>, out: &Path) -> Result<ExportOutcome> {
    let period = period_opt(period, Some(year))?;
    export::variance_workbook(s.store(), year, period, out)
}

/// The staffing workbook for `year` (to `period`) written to `out`.
pub fn export_staffing(s: &Session, year: i32, period: Option<&PeriodInput>, out: &Path) -> Result<StaffingExport> {
    let period = period_opt(period, Some(year))?;
    export::staffing_workbook(s.store(), year, period, out)
}

/// The rules as an editable sheet (`rules import` reads it back).
pub fn export_rules(s: &Session, out: &Path) -> Result<PathBuf> {
    export::rules_workbook(&s.store().rules()?, out)?;
    Ok(out.to_path_buf())
}

/// The file name a save dialog suggests for the variance workbook.
pub fn variance_file_name(year: i32, period: Option<u32>) -> String {
    match period {
        Some(p) => format!("Avvikelser {year} t.o.m. {p}.xlsx"),
        None => format!("Avvikelser {year}.xlsx"),
    }
}

/// The file name a save dialog suggests for the staffing workbook.
pub fn staffing_file_name(year: i32, period: Option<u32>) -> String {
    match period {
        Some(p) => format!("Personalkostnader {year} t.o.m. {p}.xlsx"),
        None => format!("Personalkostnader {year}.xlsx"),
    }
}

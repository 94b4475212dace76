//! Excel exports: the app layer runs the reports, `export` writes them.

use super::input::{period_opt, PeriodInput};
use super::Session;
use crate::classify::STAFF_COLUMNS;
use crate::error::Result;
use crate::export::{self, ExportOutcome, StaffingExport, StaffingWorkbook, VarianceWorkbook};
use crate::store::LineQuery;
use crate::{staffing, variance};
use std::path::{Path, PathBuf};

/// The reports the variance workbook shows, for `year` (to `period`).
pub fn variance_workbook(s: &Session, year: i32, period: Option<&PeriodInput>) -> Result<VarianceWorkbook> {
    let period = period_opt(period, Some(year))?;
    let store = s.store();
    let frames = super::investment_report(store, year, period)?;
    let operating = variance::operating_report(store, year, period, false)?;
    // up to ten years back, from the first year with data
    let first_year = store.years()?.first().copied().unwrap_or(year).max(year - 9).min(year);
    let categories = variance::AREAS
        .iter()
        .map(|area| variance::category_report(store, area, first_year, year))
        .collect::<Result<Vec<_>>>()?;
    let all = LineQuery {
        year: Some(year),
        period_to: period,
        investments: true,
        limit: Some(u32::MAX),
        ..Default::default()
    };
    let detail = store.lines(&all)?;
    let created = chrono::Local::now().naive_local();
    let capital = super::capital::capital_sheet(store, year, &operating)?;
    let forecasts = Some(variance::forecast_rounds(store, &operating, &frames)?);
    Ok(VarianceWorkbook {
        year,
        period,
        created,
        frames,
        operating,
        categories,
        first_year,
        detail,
        capital,
        forecasts,
    })
}

/// The variance workbook for `year` (to `period`) written to `out`.
pub fn export_variance(s: &Session, year: i32, period: Option<&PeriodInput>, out: &Path) -> Result<ExportOutcome> {
    export::write_variance(&variance_workbook(s, year, period)?, out)
}

/// The reports the staffing workbook shows, for `year` (to `period`).
pub fn staffing_workbook(s: &Session, year: i32, period: Option<&PeriodInput>) -> Result<StaffingWorkbook> {
    let report = staffing::staffing_report(s.store(), year, period_opt(period, Some(year))?)?;
    let by_month = STAFF_COLUMNS
        .iter()
        .map(|c| Ok((c.to_string(), staffing::column_by_month(s.store(), year, report.period, c)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(StaffingWorkbook { report, by_month })
}

/// The staffing workbook for `year` (to `period`) written to `out`.
pub fn export_staffing(s: &Session, year: i32, period: Option<&PeriodInput>, out: &Path) -> Result<StaffingExport> {
    export::write_staffing(&staffing_workbook(s, year, period)?, out)
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

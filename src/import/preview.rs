//! Looking at a file without importing it: the sheet, header row and mapping
//! the import would use, and the first rows under the header.

use super::header::Field;
use super::locate::locate;
use super::source::{self, Cell, Workbook};
use super::{ImportOptions, Kind};
use crate::error::{Location, Result};
use crate::store::Store;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnInfo {
    pub index: u32,
    pub letter: String,
    pub header: String,
    pub field: Option<Field>,
}

/// What the import would do with a file, before it does it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    pub file: String,
    pub format: source::Format,
    pub sheets: Vec<String>,
    pub sheet: String,
    /// 1-based.
    pub header_row: u32,
    /// detected | saved | user
    pub mapping_from: String,
    pub columns: Vec<ColumnInfo>,
    /// Fields the kind needs that no column gives (each entry: any one of these).
    pub missing: Vec<Vec<Field>>,
    /// The first data rows as text.
    pub rows: Vec<Vec<String>>,
    /// Where periods that give only the month ("P03") take their year from:
    /// the import's year, the report header, the sheet or the file name.
    pub year_from: Option<String>,
}

/// Look at a file without importing it: sheet, header row, mapping, first rows.
pub fn preview(store: Option<&Store>, kind: Kind, path: &Path, opts: &ImportOptions) -> Result<Preview> {
    let mut wb = Workbook::open(path)?;
    let loc = locate(&mut wb, kind, opts, store)?;
    let width = loc.first_rows.iter().map(|(_, c)| c.len()).chain(std::iter::once(loc.header.len())).max().unwrap_or(0);
    let by_col: BTreeMap<u32, Field> = loc.mapping.fields.iter().map(|(f, c)| (*c, *f)).collect();
    let columns = (0..width as u32)
        .map(|i| ColumnInfo {
            index: i,
            letter: crate::error::col_letters(i),
            header: loc.header.get(i as usize).map(Cell::display).unwrap_or_default(),
            field: by_col.get(&i).copied(),
        })
        .collect();
    let rows = loc
        .first_rows
        .iter()
        .filter(|(r, _)| *r > loc.header_row)
        .take(20)
        .map(|(_, c)| (0..width).map(|i| c.get(i).map(Cell::display).unwrap_or_default()).collect())
        .collect();
    Ok(Preview {
        file: Location::file(path).file,
        format: wb.format,
        sheets: wb.sheet_names().to_vec(),
        sheet: loc.sheet,
        header_row: loc.header_row + 1,
        mapping_from: loc.mapping_from.into(),
        missing: loc.mapping.missing(kind).iter().map(|a| a.to_vec()).collect(),
        columns,
        rows,
        year_from: loc.year.from.clone(),
    })
}

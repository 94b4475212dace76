//! Choosing the sheet, the header row and the column mapping: the user's
//! choice, else a mapping remembered for this header, else detection — and
//! refusing a mapping the import cannot use.

use super::header::{self, Field, Mapping};
use super::source::{Cell, Workbook};
use super::year::YearHint;
use super::{ImportOptions, Kind};
use crate::error::{col_letters, Error, Location, Result};
use crate::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// Where the data is and how its columns map to fields.
pub(super) struct Located {
    pub(super) sheet: String,
    /// 0-based.
    pub(super) header_row: u32,
    pub(super) header: Vec<Cell>,
    pub(super) mapping: Mapping,
    /// detected | saved | user
    pub(super) mapping_from: &'static str,
    /// The non-empty rows at the top of the sheet, header included.
    pub(super) first_rows: Vec<(u32, Vec<Cell>)>,
    /// Where month-only periods ("P03") find their year.
    pub(super) year: YearHint,
}

/// The header texts that identify "the same kind of file" for remembered mappings.
pub(super) fn signature(cells: &[Cell]) -> String {
    cells.iter().map(|c| header::normalize(&c.display())).collect::<Vec<_>>().join("|")
}

/// Find sheet, header and mapping: the user's choice, else a remembered
/// mapping for this header, else detection.
pub(super) fn locate(wb: &mut Workbook, kind: Kind, opts: &ImportOptions, store: Option<&Store>) -> Result<Located> {
    let file_loc = Location::file(&wb.path);
    let sheets = sheets_to_try(wb, opts, &file_loc)?;
    let mut tried = Vec::new();
    for sheet in &sheets {
        let rows = first_rows(wb, sheet)?;
        if let Some(located) = locate_in(sheet, rows, kind, opts, store, &file_loc.file)? {
            return Ok(located);
        }
        tried.push(sheet.clone());
    }
    Err(no_header(kind, file_loc, &tried))
}

/// The sheet the user named (which must exist), else every sheet in order.
fn sheets_to_try(wb: &Workbook, opts: &ImportOptions, file_loc: &Location) -> Result<Vec<String>> {
    match &opts.sheet {
        Some(s) if !wb.sheet_names().iter().any(|n| n == s) => Err(Error::input(
            file_loc.clone(),
            format!("bladet \"{s}\" finns inte; bladen heter: {}", wb.sheet_names().join(", ")),
        )),
        Some(s) => Ok(vec![s.clone()]),
        None => Ok(wb.sheet_names().to_vec()),
    }
}

/// The non-empty rows among the first few of a sheet: where a header can be.
fn first_rows(wb: &mut Workbook, sheet: &str) -> Result<Vec<(u32, Vec<Cell>)>> {
    let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
    wb.for_each_row(sheet, &mut |r, cells| {
        rows.push((r, cells.to_vec()));
        Ok(rows.len() < header::HEADER_SCAN_ROWS + 20)
    })?;
    Ok(rows.into_iter().filter(|(_, c)| c.iter().any(|c| !c.is_empty())).collect())
}

/// Header and mapping in one sheet, or None when it has no usable header.
fn locate_in(
    sheet: &str,
    rows: Vec<(u32, Vec<Cell>)>,
    kind: Kind,
    opts: &ImportOptions,
    store: Option<&Store>,
    file_name: &str,
) -> Result<Option<Located>> {
    let found = if let (Some(hr), Some(m)) = (opts.header_row, &opts.mapping) {
        let r = hr.checked_sub(1).ok_or_else(|| Error::invalid("header_row", "rubrikraden räknas från 1, fick 0"))?;
        Some((r, user_mapping(kind, &row_at(&rows, r), m), "user"))
    } else if let Some((r, mapping)) = saved(store, kind, &rows)? {
        Some((r, mapping, "saved"))
    } else {
        header::detect(kind, &rows).map(|(r, mapping)| (r, mapping, "detected"))
    };
    Ok(found.map(|(header_row, mapping, mapping_from)| {
        let above: Vec<_> = rows.iter().filter(|(r, _)| *r < header_row).cloned().collect();
        Located {
            sheet: sheet.to_string(),
            header_row,
            header: row_at(&rows, header_row),
            mapping,
            mapping_from,
            year: YearHint::find(opts.year, &above, sheet, file_name),
            first_rows: rows,
        }
    }))
}

/// The cells of row `r` (0-based), empty when it is not among `rows`.
fn row_at(rows: &[(u32, Vec<Cell>)], r: u32) -> Vec<Cell> {
    rows.iter().find(|(x, _)| *x == r).map(|(_, c)| c.clone()).unwrap_or_default()
}

/// A remembered mapping applies to a header with exactly these texts, and
/// only while it still gives every field the kind needs.
fn saved(store: Option<&Store>, kind: Kind, rows: &[(u32, Vec<Cell>)]) -> Result<Option<(u32, Mapping)>> {
    let Some(store) = store else { return Ok(None) };
    for (r, cells) in rows.iter().take(header::HEADER_SCAN_ROWS) {
        if let Some((_, json)) = store.saved_mapping(kind, &signature(cells))? {
            if let Ok(m) = serde_json::from_str::<BTreeMap<Field, u32>>(&json) {
                let mapping = user_mapping(kind, cells, &m);
                if mapping.missing(kind).is_empty() {
                    return Ok(Some((*r, mapping)));
                }
            }
        }
    }
    Ok(None)
}

/// The user's (or a remembered) field → column choice; the monthly profile
/// is still found from the header, and the other columns are kept as attributes.
fn user_mapping(kind: Kind, header: &[Cell], m: &BTreeMap<Field, u32>) -> Mapping {
    let months = header::map_header(kind, header).months;
    let used: BTreeSet<u32> = m.values().chain(months.values()).copied().collect();
    let extra = header
        .iter()
        .enumerate()
        .filter(|(i, c)| !used.contains(&(*i as u32)) && !c.is_empty())
        .map(|(i, c)| (i as u32, c.display().trim().to_string()))
        .collect();
    Mapping { fields: m.clone(), extra, months, duplicates: vec![] }
}

fn no_header(kind: Kind, file_loc: Location, tried: &[String]) -> Error {
    let mut loc = file_loc;
    if tried.len() == 1 {
        loc = loc.sheet(&tried[0]);
    }
    Error::input(
        loc,
        format!(
            "hittade ingen rubrikrad för {} i de första {} raderna (bladen {}); rubrikraden behöver kolumnerna {}",
            kind.label_sv(),
            header::HEADER_SCAN_ROWS,
            tried.join(", "),
            alternatives(header::required(kind))
        ),
    )
}

/// "Period eller Bokföringsdatum, Belopp": fields each given by any one of its alternatives.
fn alternatives(fields: &[&[Field]]) -> String {
    let names: Vec<String> =
        fields.iter().map(|alts| alts.iter().map(|f| f.label()).collect::<Vec<_>>().join(" eller ")).collect();
    names.join(", ")
}

/// Refuse a mapping the import cannot use: a required column missing, a
/// money or period column named twice, a monthly profile that is not twelve
/// months, Debet without Kredit (or the reverse), month-only periods without a year.
pub(super) fn check(kind: Kind, located: &Located, file_loc: &Location) -> Result<()> {
    let at_header = || file_loc.clone().row(located.header_row);
    let missing = located.mapping.missing(kind);
    if !missing.is_empty() {
        return Err(Error::input(at_header(), format!("kolumn saknas i rubrikraden: {}", alternatives(&missing))));
    }
    if kind == Kind::Ledger {
        check_debet_kredit(&located.mapping).map_err(|msg| Error::input(at_header(), msg))?;
        check_year(located, file_loc)?;
    }
    // Two columns both called Belopp (or Period …): which one is meant is a
    // guess we must not make; the user picks one in the preview.
    if located.mapping_from != "user" {
        if let Some((f, a, b)) = located.mapping.duplicates.iter().find(|(f, _, _)| {
            matches!(
                f,
                Field::Belopp
                    | Field::BeslutadRam
                    | Field::UtokadRam
                    | Field::Period
                    | Field::Date
                    | Field::Budget
                    | Field::Debet
                    | Field::Kredit
                    | Field::Ar
            )
        }) {
            return Err(Error::input(
                at_header(),
                format!(
                    "kolumnen {} finns två gånger ({} och {}); byt namn på den ena eller välj kolumn i förhandsgranskningen",
                    f.label(),
                    col_letters(*a),
                    col_letters(*b)
                ),
            ));
        }
    }
    let months = located.mapping.months.len();
    if kind == Kind::Budget && months != 0 && months != 12 {
        return Err(Error::input(
            at_header(),
            format!("månadsprofilen behöver tolv kolumner (jan–dec), hittade {months}"),
        ));
    }
    Ok(())
}

/// Without Belopp a ledger's amount is Debet − Kredit: one of them alone is
/// half an amount.
fn check_debet_kredit(m: &Mapping) -> std::result::Result<(), String> {
    if m.col(Field::Belopp).is_some() {
        return Ok(());
    }
    let (has, lacks) = match (m.col(Field::Debet), m.col(Field::Kredit)) {
        (Some(_), None) => (Field::Debet, Field::Kredit),
        (None, Some(_)) => (Field::Kredit, Field::Debet),
        _ => return Ok(()),
    };
    Err(format!(
        "kolumnen {} saknas: rubrikraden har {} men inte {} (beloppet är Debet − Kredit), och ingen kolumn Belopp",
        lacks.label(),
        has.label(),
        lacks.label()
    ))
}

/// A sheet whose first period gives only the month ("P03") and that has no
/// År column needs its year from somewhere: refused once, up front, rather
/// than on every row.
fn check_year(located: &Located, file_loc: &Location) -> Result<()> {
    let (Some(col), None) = (located.mapping.col(Field::Period), located.mapping.col(Field::Ar)) else {
        return Ok(());
    };
    let first = located
        .first_rows
        .iter()
        .filter(|(r, _)| *r > located.header_row)
        .find_map(|(r, cells)| cells.get(col as usize).filter(|c| !c.is_empty()).map(|c| (*r, c)));
    let Some((r, cell)) = first else { return Ok(()) };
    let month = match cell {
        Cell::Text(s) if crate::period::parse_period(s).is_none() => crate::period::parse_month(s),
        Cell::Int(i) => u32::try_from(*i).ok().filter(|m| (1..=12).contains(m)),
        Cell::Float(x) if x.fract() == 0.0 && (1.0..=12.0).contains(x) => Some(*x as u32),
        _ => None,
    };
    if month.is_some_and(|m| located.year.period_of(m).is_none()) {
        let msg = located.year.missing(&cell.display());
        return Err(Error::input(file_loc.clone().cell(r, col), msg));
    }
    Ok(())
}

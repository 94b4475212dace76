//! A forecast round's workbook: columns Kostnadsslag [VO] Prognos
//! [Kommentar] (the operating budget) or Område [Kategori] Prognos
//! [Kommentar] (investments), the header row found among the first rows the
//! way every import finds it (the same column names and synonyms,
//! `import::header`). Summa/Totalt rows are skipped; amounts go through
//! `money`, so `1 234 567,89` and numbers both read exactly.

use crate::classify::normalize_area;
use crate::error::{Error, Location, Result};
use crate::import::header::{field_for_header, Field};
use crate::import::source::{Cell, Workbook};
use crate::money::{self, Amount};
use crate::store::{ForecastEntry, ForecastKind};
use std::collections::BTreeMap;
use std::path::Path;

/// How far down a header row is looked for.
const HEADER_ROWS: u32 = 30;

/// The header row: which column holds which field.
fn header_of(cells: &[Cell]) -> Option<(ForecastKind, BTreeMap<Field, u32>)> {
    let mut cols = BTreeMap::new();
    for (i, c) in cells.iter().enumerate() {
        if let Cell::Text(t) = c {
            if let Some(f) = field_for_header(t) {
                cols.entry(f).or_insert(i as u32);
            }
        }
    }
    if !cols.contains_key(&Field::Prognos) {
        return None;
    }
    if cols.contains_key(&Field::Kostnadsslag) {
        Some((ForecastKind::Operating, cols))
    } else if cols.contains_key(&Field::Omrade) {
        Some((ForecastKind::Investment, cols))
    } else {
        None
    }
}

fn text_at(cells: &[Cell], col: Option<&u32>) -> Option<String> {
    let c = cells.get(*col? as usize)?;
    Some(c.display().trim().to_string()).filter(|s| !s.is_empty())
}

fn amount_of(cell: &Cell) -> std::result::Result<Amount, money::AmountError> {
    match cell {
        Cell::Int(i) => i.checked_mul(100).map(Amount).ok_or(money::AmountError::TooLarge),
        Cell::Float(x) => money::amount_from_f64(*x),
        Cell::Text(s) => money::parse_amount(s),
        _ => Err(money::AmountError::NotANumber),
    }
}

/// The rows of every sheet with a forecast header (a workbook may hold the
/// operating and the investment forecast on a sheet each), for `round`.
/// `cost_types` are the known kostnadsslag (matched case-insensitively and
/// written as known); an unknown one, an unknown område or a bad amount is
/// refused naming its cell.
pub fn read_forecast_file(path: &Path, round: u32, cost_types: &[String]) -> Result<Vec<ForecastEntry>> {
    let mut wb = Workbook::open(path)?;
    let file = Location::file(path);
    let mut all = Vec::new();
    for sheet in wb.sheet_names().to_vec() {
        let mut header: Option<(u32, ForecastKind, BTreeMap<Field, u32>)> = None;
        let mut out = Vec::new();
        let mut err: Option<Error> = None;
        wb.for_each_row(&sheet, &mut |r, cells| {
            let Some((_, kind, cols)) = &header else {
                if let Some((kind, cols)) = header_of(cells) {
                    header = Some((r, kind, cols));
                }
                return Ok(r < HEADER_ROWS);
            };
            let loc = |col: u32| file.clone().sheet(&sheet).cell(r, col);
            let key_field = if *kind == ForecastKind::Operating { Field::Kostnadsslag } else { Field::Omrade };
            let Some(key) = text_at(cells, cols.get(&key_field)) else { return Ok(true) };
            let lower = key.to_lowercase();
            if lower.starts_with("summa") || lower.starts_with("totalt") || lower == "total" {
                return Ok(true);
            }
            let pcol = cols[&Field::Prognos];
            let amount = match cells.get(pcol as usize).filter(|c| !c.is_empty()) {
                None => {
                    err = Some(Error::input(loc(pcol), format!("Prognos saknas för {key}")));
                    return Ok(false);
                }
                Some(c) => match amount_of(c) {
                    Ok(a) => a,
                    Err(e) => {
                        err = Some(Error::input(loc(pcol), format!("Prognos: {e}, fick \"{}\"", c.display())));
                        return Ok(false);
                    }
                },
            };
            let comment = text_at(cells, cols.get(&Field::Kommentar));
            let mut e = ForecastEntry {
                round,
                kind: *kind,
                cost_type: None,
                vo: None,
                area: None,
                category: None,
                amount,
                comment,
            };
            let kcol = cols[&key_field];
            if *kind == ForecastKind::Operating {
                let Some(ct) = cost_types.iter().find(|c| c.to_lowercase() == lower) else {
                    let msg = format!("Kostnadsslag: okänt \"{key}\"; kända är {}", cost_types.join(", "));
                    err = Some(Error::input(loc(kcol), msg));
                    return Ok(false);
                };
                e.cost_type = Some(ct.clone());
                e.vo = text_at(cells, cols.get(&Field::Vo));
            } else {
                let Some(area) = normalize_area(&key) else {
                    err = Some(Error::input(loc(kcol), format!("Område: okänt \"{key}\"; förväntade IT eller MT")));
                    return Ok(false);
                };
                e.area = Some(area);
                e.category = text_at(cells, cols.get(&Field::Kategori));
            }
            out.push(e);
            Ok(true)
        })?;
        if let Some(e) = err {
            return Err(e);
        }
        if header.is_some() {
            if out.is_empty() {
                return Err(Error::input(file.sheet(&sheet), "prognosfilen har rubriker men inga rader"));
            }
            all.extend(out);
        }
    }
    if !all.is_empty() {
        return Ok(all);
    }
    Err(Error::input(file, "hittade ingen rubrikrad med Prognos och Kostnadsslag (drift) eller Område (investeringar)"))
}

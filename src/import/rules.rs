//! Reading classification rules from a sheet (the format `rules export` writes):
//! Ordning | Fält | Mönster | Område | Kategori | Kostnadsslag | VO | Kommentar.

use super::header::normalize;
use super::source::{Cell, Workbook};
use crate::classify::{Rule, RuleField};
use crate::error::{CellError, Error, Location, Result};
use std::path::Path;

const COLS: [(&str, &[&str]); 8] = [
    ("ordning", &["ordning", "#", "order", "nr"]),
    ("fält", &["fält", "falt", "field"]),
    ("mönster", &["mönster", "monster", "pattern"]),
    ("område", &["område", "omrade", "area"]),
    ("kategori", &["kategori", "category"]),
    ("kostnadsslag", &["kostnadsslag", "cost type"]),
    ("vo", &["vo", "verksamhetsområde"]),
    ("kommentar", &["kommentar", "note", "anmärkning"]),
];

pub fn read_rules(path: &Path) -> Result<Vec<Rule>> {
    let mut wb = Workbook::open(path)?;
    let sheet = wb
        .sheet_names()
        .iter()
        .find(|s| s.to_lowercase().contains("regler"))
        .or_else(|| wb.sheet_names().first())
        .cloned()
        .ok_or_else(|| Error::input(Location::file(path), "arbetsboken har inga blad"))?;
    let loc = Location::file(path).sheet(&sheet);
    let mut header: Option<Columns> = None;
    let mut rules: Vec<(i64, Rule)> = Vec::new();
    let mut errors = Vec::new();
    wb.for_each_row(&sheet, &mut |r, cells| {
        match &header {
            None => header = header_columns(cells),
            Some(_) if cells.iter().all(Cell::is_empty) => {}
            Some(h) => match rule_row(h, cells, &loc, r) {
                Ok(rule) => {
                    let ord = text(cells, h[0]).parse::<i64>().unwrap_or(rules.len() as i64 + 1);
                    rules.push((ord, rule));
                }
                Err(e) => errors.push(e),
            },
        }
        Ok(true)
    })?;
    if header.is_none() {
        return Err(Error::input(loc, "hittade ingen rubrikrad med kolumnerna Fält och Mönster"));
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    rules.sort_by_key(|(o, _)| *o);
    Ok(rules.into_iter().map(|(_, r)| r).collect())
}

/// The column of each of `COLS`, when present.
type Columns = [Option<usize>; 8];

/// The header row: the first with both Fält and Mönster.
fn header_columns(cells: &[Cell]) -> Option<Columns> {
    let mut h = [None; 8];
    for (i, c) in cells.iter().enumerate() {
        let n = normalize(&c.display());
        if let Some(k) = COLS.iter().position(|(_, syn)| syn.contains(&n.as_str())) {
            h[k].get_or_insert(i);
        }
    }
    (h[1].is_some() && h[2].is_some()).then_some(h)
}

fn text(cells: &[Cell], i: Option<usize>) -> String {
    i.and_then(|i| cells.get(i)).map(|c| c.display().trim().to_string()).unwrap_or_default()
}

/// One rule row, or the error that names its cell (Fält) or row.
fn rule_row(h: &Columns, cells: &[Cell], loc: &Location, r: u32) -> std::result::Result<Rule, CellError> {
    let Some(field) = RuleField::parse(&text(cells, h[1])) else {
        return Err(CellError {
            location: loc.clone().cell(r, h[1].unwrap_or(0) as u32),
            message: format!(
                "Fält: förväntade Konto, Projekt, Ansvar, Verksamhet eller Text, fick \"{}\"",
                text(cells, h[1])
            ),
        });
    };
    let opt = |i: Option<usize>| Some(text(cells, i)).filter(|s| !s.is_empty());
    let mut rule = Rule::new(field, &text(cells, h[2]));
    rule.area = opt(h[3]).map(|a| a.to_uppercase());
    rule.category = opt(h[4]);
    rule.cost_type = opt(h[5]);
    rule.vo = opt(h[6]);
    rule.note = opt(h[7]);
    rule.validate().map_err(|m| CellError { location: loc.clone().row(r), message: m })?;
    Ok(rule)
}

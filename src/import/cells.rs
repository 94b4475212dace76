//! Reading one cell of a row into a typed value — period, date, year,
//! amount, hours, code or text — with an error naming the cell when it is not
//! what the field expects. The row readers (`ledger`, `frames`, …) build on
//! these; the only other cells read as money are a budget's month columns
//! (`budget::monthly_profile`, through `money` and `Decimal`).

use super::codes::split_code_name;
use super::header::{Field, Mapping};
use super::source::Cell;
use super::year::YearHint;
use crate::error::{CellError, Location};
use crate::money::{self, Amount};
use crate::period;
use std::borrow::Cow;

/// Reading one row's cells by field, with errors that name the cell.
pub(super) struct RowCtx<'a> {
    pub(super) loc: &'a Location,
    pub(super) row: u32,
    pub(super) cells: &'a [Cell],
    pub(super) m: &'a Mapping,
    /// `m`'s columns by `Field as usize`: looked up several times per row
    pub(super) cols: &'a [Option<u32>; Field::ALL.len()],
    /// The year of month-only periods when the row has no År.
    pub(super) year: &'a YearHint,
    pub(super) errors: &'a mut Vec<CellError>,
}

impl<'a> RowCtx<'a> {
    #[inline]
    pub(super) fn cell(&self, f: Field) -> Option<(u32, &'a Cell)> {
        let c = self.cols[f as usize]?;
        Some((c, self.cells.get(c as usize).unwrap_or(&Cell::Empty)))
    }
    pub(super) fn err(&mut self, col: u32, msg: String) {
        self.errors.push(CellError { location: self.loc.clone().cell(self.row, col), message: msg });
    }
    /// The cell as trimmed text, borrowed when it is text already (a
    /// million-row import must not copy every string once more).
    #[inline]
    pub(super) fn text(&self, f: Field) -> Cow<'a, str> {
        match self.cell(f) {
            Some((_, Cell::Text(s))) => Cow::Borrowed(trim(s)),
            Some((_, c)) => Cow::Owned(c.display().trim().to_string()),
            None => Cow::Borrowed(""),
        }
    }
    #[inline]
    pub(super) fn opt_text(&self, f: Field) -> Option<Cow<'a, str>> {
        Some(self.text(f)).filter(|s| !s.is_empty())
    }
    /// A code field's code and its name: from the field's name column
    /// ("Kontonamn") when that is filled, else from the cell itself
    /// ("1225 Inventarier IT").
    pub(super) fn code_and_name(&self, f: Field) -> (Cow<'a, str>, Option<Cow<'a, str>>) {
        let (code, name) = match self.text(f) {
            Cow::Borrowed(s) => {
                let (c, n) = split_code_name(s);
                (Cow::Borrowed(c), n.map(Cow::Borrowed))
            }
            // a number cell: a plain code
            owned => (owned, None),
        };
        let column = f.name_field().and_then(|nf| self.opt_text(nf));
        (code, column.or(name))
    }
    /// A ledger row's amount: Belopp, or Debet − Kredit (either may be empty,
    /// not both when `required`). Both are read so that each bad cell is named.
    pub(super) fn ledger_amount(&mut self, required: bool) -> Option<Amount> {
        if !self.m.debet_kredit() {
            return self.amount(Field::Belopp, required);
        }
        let (debet, kredit) = (self.amount(Field::Debet, false), self.amount(Field::Kredit, false));
        let blank = |f| self.cell(f).is_none_or(|(_, c)| c.is_empty());
        if required && blank(Field::Debet) && blank(Field::Kredit) {
            let col = self.m.col(Field::Debet).unwrap_or(0);
            self.err(col, "Debet och Kredit saknas; förväntade ett belopp i den ena".into());
            return None;
        }
        Some(debet? - kredit?)
    }
    pub(super) fn amount(&mut self, f: Field, required: bool) -> Option<Amount> {
        let (col, cell) = self.cell(f)?;
        let res = match cell {
            Cell::Int(i) => i.checked_mul(100).map(Amount).ok_or(money::AmountError::TooLarge),
            Cell::Float(x) => money::amount_from_f64(*x),
            Cell::Text(s) if s.trim().is_empty() => return self.missing(col, f, required),
            Cell::Text(s) => money::parse_amount(s),
            Cell::Empty => return self.missing(col, f, required),
            Cell::Error(e) => {
                self.err(col, format!("{}: cellen innehåller felvärdet {e}; förväntade ett belopp", f.label()));
                return None;
            }
            Cell::Date(_) | Cell::Bool(_) => Err(money::AmountError::NotANumber),
        };
        match res {
            Ok(a) => Some(a),
            Err(e) => {
                let shown = cell.display();
                self.err(col, format!("{}: {e}, fick \"{}\"", f.label(), clip(&shown)));
                None
            }
        }
    }
    /// Hours (or a count) in hundredths: `1 234,5` → 123450.
    pub(super) fn hours(&mut self, f: Field, required: bool) -> Option<i64> {
        let (col, cell) = self.cell(f)?;
        let res = match cell {
            Cell::Empty => {
                if required {
                    self.err(col, format!("{} saknas; förväntade ett antal timmar", f.label()));
                    return None;
                }
                return Some(0);
            }
            Cell::Int(i) => i.checked_mul(100).map(Amount).ok_or(money::AmountError::TooLarge),
            Cell::Float(x) => money::amount_from_f64(*x),
            Cell::Text(s) => money::parse_amount(s),
            _ => Err(money::AmountError::NotANumber),
        };
        match res {
            Ok(a) if a.0 >= 0 => Some(a.0),
            _ => {
                let shown = cell.display();
                self.err(
                    col,
                    format!("{}: förväntade ett antal timmar som 1 234,5, fick \"{}\"", f.label(), clip(&shown)),
                );
                None
            }
        }
    }
    fn missing(&mut self, col: u32, f: Field, required: bool) -> Option<Amount> {
        if required {
            self.err(col, format!("{} saknas; förväntade ett belopp", f.label()));
            None
        } else {
            Some(Amount::ZERO)
        }
    }
    pub(super) fn period(&mut self) -> Option<u32> {
        if let Some((col, cell)) = self.cell(Field::Period).filter(|(_, c)| !c.is_empty()) {
            let full = match cell {
                Cell::Int(i) => period::from_number(*i),
                Cell::Float(x) if x.fract() == 0.0 => period::from_number(*x as i64),
                Cell::Date(d) => period::from_date(*d),
                Cell::Text(s) => period::parse_period(s),
                _ => None,
            };
            return full.or_else(|| self.month_period(col, cell));
        }
        if let Some((col, cell)) = self.cell(Field::Date).filter(|(_, c)| !c.is_empty()) {
            let p = self.date().and_then(period::from_date);
            if p.is_none() {
                let shown = cell.display();
                self.err(col, format!("Datum: förväntade ett datum som 2018-03-14, fick \"{}\"", clip(&shown)));
            }
            return p;
        }
        let col = self.m.col(Field::Period).or(self.m.col(Field::Date)).unwrap_or(0);
        self.err(col, "Period saknas (varken Period eller Bokföringsdatum är ifyllt)".into());
        None
    }
    /// A Period cell that gives only the month (3, "P03", "mars"): the year
    /// is the row's År, else the sheet's (`YearHint`).
    fn month_period(&mut self, col: u32, cell: &Cell) -> Option<u32> {
        let shown = cell.display();
        let month = match cell {
            Cell::Int(i) => u32::try_from(*i).ok().filter(|m| (1..=12).contains(m)),
            Cell::Float(x) if x.fract() == 0.0 && (1.0..=12.0).contains(x) => Some(*x as u32),
            Cell::Text(s) => period::parse_month(s),
            _ => None,
        };
        let Some(month) = month else {
            let msg =
                format!("Period: förväntade en period som 201803, 2018-03 eller mars 2018, fick \"{}\"", clip(&shown));
            self.err(col, msg);
            return None;
        };
        if self.cell(Field::Ar).is_some_and(|(_, c)| !c.is_empty()) {
            return self.year(Field::Ar, true).and_then(|y| period::make(y, month));
        }
        let p = self.year.period_of(month);
        if p.is_none() {
            let msg = self.year.missing(&clip(&shown));
            self.err(col, msg);
        }
        p
    }
    pub(super) fn date(&self) -> Option<chrono::NaiveDate> {
        self.date_of(Field::Date)
    }
    /// A date in column `f`: a date cell, an Excel serial date or text like
    /// 2018-03-14 (None when empty or not a date).
    pub(super) fn date_of(&self, f: Field) -> Option<chrono::NaiveDate> {
        match self.cell(f)?.1 {
            Cell::Date(d) => Some(*d),
            Cell::Text(s) => period::parse_date(s),
            Cell::Float(x) => period::from_excel_serial(*x),
            Cell::Int(i) => period::from_excel_serial(*i as f64),
            _ => None,
        }
    }
    pub(super) fn year(&mut self, f: Field, required: bool) -> Option<i32> {
        let (col, cell) = match self.cell(f) {
            Some(x) if !x.1.is_empty() => x,
            Some((col, _)) => {
                if required {
                    self.err(col, format!("{} saknas; förväntade ett årtal som 2018", f.label()));
                }
                return None;
            }
            None => return None,
        };
        let y = match cell {
            Cell::Int(i) => Some(*i),
            Cell::Float(x) if x.fract() == 0.0 => Some(*x as i64),
            Cell::Text(s) => s.trim().parse::<i64>().ok(),
            Cell::Date(d) => Some(chrono::Datelike::year(d) as i64),
            _ => None,
        }
        .filter(|y| (1900..=2200).contains(y))
        .map(|y| y as i32);
        if y.is_none() {
            let shown = cell.display();
            self.err(col, format!("{}: förväntade ett årtal som 2018, fick \"{}\"", f.label(), clip(&shown)));
        }
        y
    }
    pub(super) fn attrs(&self) -> Option<String> {
        let mut m = serde_json::Map::new();
        for (col, name) in &self.m.extra {
            if let Some(c) = self.cells.get(*col as usize).filter(|c| !c.is_empty()) {
                m.insert(name.clone(), serde_json::Value::String(c.display()));
            }
        }
        (!m.is_empty()).then(|| serde_json::Value::Object(m).to_string())
    }
}

/// `str::trim` with a fast path for the usual cell that starts and ends in a
/// visible ASCII character (the Unicode-aware trim showed up in the profile).
#[inline]
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

pub(super) fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

//! What an SIE file holds, before it is imported: identification, the
//! dimensions and the ledger fields they feed, vouchers, periods, and the
//! first lines laid out as the columns an import would fill.

use super::not_this_kind;
use crate::error::{col_letters, Location, Result};
use crate::import::header::Field;
use crate::import::sie::{self, LedgerField, SieFile, TextEncoding};
use crate::import::{ColumnInfo, Format, Kind, Preview};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An SIE file at a glance (`Preview::sie`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiePreview {
    /// `#SIETYP`: 1–4.
    pub sie_type: Option<String>,
    /// `#PROGRAM`: the exporting program and its version.
    pub program: Option<String>,
    /// `#FNAMN`.
    pub company: Option<String>,
    /// CP437 (the standard's), Windows-1252 or UTF-8: what the bytes are.
    pub encoding: String,
    /// The file had a `#KSUMMA` and it matched.
    pub checksum: bool,
    /// `#RAR`, the current year first: "2018-01-01–2018-12-31".
    pub years: Vec<String>,
    pub dimensions: Vec<SieDimension>,
    /// `#KONTO` accounts.
    pub accounts: u64,
    pub vouchers: u64,
    /// Counted `#TRANS`/`#RTRANS` rows: the ledger lines an import gives.
    pub transactions: u64,
    /// Vouchers whose rows do not sum to zero.
    pub unbalanced_vouchers: u64,
    /// `#PBUDGET` amounts, each counted once: what a budget import reads.
    pub budget_amounts: u64,
    /// The periods (YYYYMM) of what an import of this kind would store.
    pub periods: Vec<u32>,
}

/// A `#DIM` (or an undeclared reserved one the objects use) and its field.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SieDimension {
    pub number: u32,
    pub name: String,
    /// The ledger field its objects fill; none: kept as the line's attribute.
    pub field: Option<Field>,
    /// `#OBJEKT` declared in it.
    pub objects: u64,
}

fn field_of(f: LedgerField) -> Field {
    match f {
        LedgerField::Ansvar => Field::Ansvar,
        LedgerField::Verksamhet => Field::Verksamhet,
        LedgerField::Projekt => Field::Projekt,
        LedgerField::Motpart => Field::Motpart,
    }
}

fn encoding_label(e: TextEncoding) -> &'static str {
    match e {
        TextEncoding::Cp437 => "CP437",
        TextEncoding::Windows1252 => "Windows-1252",
        TextEncoding::Utf8 => "UTF-8",
    }
}

/// How many lines the preview shows.
const FIRST_ROWS: usize = 20;

/// Preview an SIE file for `kind` (ledger or budget).
pub(in crate::import) fn preview(kind: Kind, path: &Path) -> Result<Preview> {
    if matches!(kind, Kind::Frames | Kind::Staff) {
        return Err(not_this_kind(path, kind));
    }
    let f = sie::read(path)?;
    let fields = f.field_map();
    let mapped: Vec<(u32, LedgerField)> = LedgerField::ALL
        .iter()
        .filter_map(|lf| fields.iter().find(|(_, x)| *x == lf).map(|(d, _)| (*d, *lf)))
        .collect();
    let dim_name = |d: u32| f.dimensions.get(&d).map(|x| x.name.clone()).unwrap_or_else(|| "(odeklarerad)".into());
    let dim_header = |d: u32| format!("#DIM {d} {}", dim_name(d));
    let (headers, rows, periods, missing) = if kind == Kind::Budget {
        budget_table(&f, &mapped, &dim_header)
    } else {
        ledger_table(&f, &mapped, &dim_header)
    };
    let columns = headers
        .into_iter()
        .enumerate()
        .map(|(i, (header, field))| ColumnInfo { index: i as u32, letter: col_letters(i as u32), header, field })
        .collect();
    Ok(Preview {
        file: Location::file(path).file,
        format: Format::Sie,
        sheets: Vec::new(),
        sheet: String::new(),
        header_row: 0,
        mapping_from: "sie".into(),
        year_from: None,
        columns,
        missing,
        rows,
        sie: Some(summary(&f, &fields, periods, &dim_name)),
    })
}

type Table = (Vec<(String, Option<Field>)>, Vec<Vec<String>>, Vec<u32>, Vec<Vec<Field>>);

/// The ledger lines as columns: period, date, konto, the mapped
/// dimensions, the other dimensions used, verifikation, text, amount.
fn ledger_table(f: &SieFile, mapped: &[(u32, LedgerField)], dim_header: &dyn Fn(u32) -> String) -> Table {
    let lines = f.lines();
    let others: BTreeSet<u32> = lines.iter().flat_map(|l| l.other_objects.iter().map(|o| o.dim)).collect();
    let mut headers = vec![("Period".into(), Some(Field::Period)), ("Datum".into(), Some(Field::Date))];
    headers.push(("Konto".into(), Some(Field::Konto)));
    headers.extend(mapped.iter().map(|(d, lf)| (dim_header(*d), Some(field_of(*lf)))));
    headers.extend(others.iter().map(|d| (dim_header(*d), None)));
    headers.push(("Verifikation".into(), Some(Field::Verifikation)));
    headers.push(("Text".into(), Some(Field::Text)));
    headers.push(("Belopp".into(), Some(Field::Belopp)));
    let rows = lines
        .iter()
        .take(FIRST_ROWS)
        .map(|l| {
            let mut r = vec![l.period.to_string(), l.date.format("%Y-%m-%d").to_string(), l.konto.clone()];
            r.extend(mapped.iter().map(|(_, lf)| field_value(*lf, &l.ansvar, &l.verksamhet, &l.projekt, &l.motpart)));
            r.extend(
                others
                    .iter()
                    .map(|d| l.other_objects.iter().find(|o| o.dim == *d).map(|o| o.code.clone()).unwrap_or_default()),
            );
            r.extend([l.verifikation.clone(), l.text.clone(), l.amount.to_string()]);
            r
        })
        .collect();
    let periods = lines.iter().map(|l| l.period).collect::<BTreeSet<_>>().into_iter().collect();
    let missing = if lines.is_empty() { vec![vec![Field::Belopp]] } else { vec![] };
    (headers, rows, periods, missing)
}

/// The `#PBUDGET` amounts as columns: period, konto, the mapped dimensions, budget.
fn budget_table(f: &SieFile, mapped: &[(u32, LedgerField)], dim_header: &dyn Fn(u32) -> String) -> Table {
    let lines = f.budget_lines();
    let mut headers = vec![("Period".into(), Some(Field::Period)), ("Konto".into(), Some(Field::Konto))];
    headers.extend(mapped.iter().map(|(d, lf)| (dim_header(*d), Some(field_of(*lf)))));
    headers.push(("Budget".into(), Some(Field::Budget)));
    let rows = lines
        .iter()
        .take(FIRST_ROWS)
        .map(|l| {
            let mut r = vec![l.period.to_string(), l.konto.clone()];
            r.extend(mapped.iter().map(|(_, lf)| field_value(*lf, &l.ansvar, &l.verksamhet, &l.projekt, &l.motpart)));
            r.push(l.amount.to_string());
            r
        })
        .collect();
    let periods = lines.iter().map(|l| l.period).collect::<BTreeSet<_>>().into_iter().collect();
    let missing = if lines.is_empty() { vec![vec![Field::Budget]] } else { vec![] };
    (headers, rows, periods, missing)
}

fn field_value(lf: LedgerField, ansvar: &str, verksamhet: &str, projekt: &str, motpart: &str) -> String {
    match lf {
        LedgerField::Ansvar => ansvar,
        LedgerField::Verksamhet => verksamhet,
        LedgerField::Projekt => projekt,
        LedgerField::Motpart => motpart,
    }
    .to_string()
}

fn summary(
    f: &SieFile,
    fields: &BTreeMap<u32, LedgerField>,
    periods: Vec<u32>,
    dim_name: &dyn Fn(u32) -> String,
) -> SiePreview {
    let numbers: BTreeSet<u32> = f.dimensions.keys().chain(fields.keys()).copied().collect();
    let dimensions = numbers
        .into_iter()
        .map(|n| SieDimension {
            number: n,
            name: dim_name(n),
            field: fields.get(&n).map(|lf| field_of(*lf)),
            objects: f.objects.keys().filter(|(d, _)| *d == n).count() as u64,
        })
        .collect();
    let mut years: Vec<_> = f.years.iter().collect();
    years.sort_by_key(|y| -y.index);
    SiePreview {
        sie_type: f.sie_type.clone(),
        program: f.program.clone(),
        company: f.company.clone(),
        encoding: encoding_label(f.encoding).into(),
        checksum: f.checksum.is_some(),
        years: years.iter().map(|y| format!("{}–{}", y.start.format("%Y-%m-%d"), y.end.format("%Y-%m-%d"))).collect(),
        dimensions,
        accounts: f.accounts.len() as u64,
        vouchers: f.vouchers.len() as u64,
        transactions: f.transaction_count() as u64,
        unbalanced_vouchers: f.unbalanced_vouchers().len() as u64,
        budget_amounts: f.budget_lines().len() as u64,
        periods,
    }
}

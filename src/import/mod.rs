//! Importing ledgers and frames: open the file (any supported format), pick
//! the sheet, find the header, map the columns, read every row into öre and
//! classified lines, check total rows, and store it all as one batch in one
//! transaction. A file with any error imports nothing.

pub mod header;
mod rules;
pub mod sie;
pub mod source;

pub use rules::read_rules;

use crate::classify::{self, LineKeys};
use crate::error::{CellError, Error, Location, Result};
use crate::money::{self, Amount};
use crate::period;
pub use crate::store::Kind;
use crate::store::{FrameRow, LedgerRow, NewBatch, Replaced, Store};
use header::{Field, Mapping};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use source::{Cell, Workbook};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// How many cell errors we collect before giving up on a file.
const MAX_ERRORS: usize = 200;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportOptions {
    /// Sheet by name; default: the first sheet with a recognisable header.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Replacement scope; default "huvudbok" for ledgers, "ramar" for frames.
    #[serde(default)]
    pub source: Option<String>,
    /// 1-based header row chosen by the user (with `mapping`).
    #[serde(default)]
    pub header_row: Option<u32>,
    /// Column (0-based) per field, as corrected by the user. Remembered for
    /// files with the same header.
    #[serde(default)]
    pub mapping: Option<BTreeMap<Field, u32>>,
}

/// Progress of a running import, for progress bars.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub rows: u64,
    /// Fraction done when the total is known (0.0–1.0). Not money.
    pub fraction: Option<f32>,
}

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
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportOutcome {
    pub kind: Kind,
    pub file: String,
    /// None when the very same file was already imported.
    pub batch_id: Option<i64>,
    /// The earlier batch holding the same file, when nothing was done.
    pub unchanged_as: Option<i64>,
    pub sheet: String,
    pub header_row: u32,
    pub rows: u64,
    pub control_sum: Amount,
    /// The file's own total row, when it has one.
    pub source_total: Option<Amount>,
    /// Every total row matched the lines above it (true when there are none).
    pub reconciled: bool,
    pub total_rows_checked: u32,
    pub scope_from: Option<u32>,
    pub scope_to: Option<u32>,
    pub replaced: Vec<Replaced>,
    pub unclassified: u64,
    pub unclassified_sum: Amount,
    pub message: String,
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path)
        .map_err(|e| Error::File { path: path.to_path_buf(), message: format!("kan inte öppna filen: {e}") })?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The header texts that identify "the same kind of file" for remembered mappings.
fn signature(cells: &[Cell]) -> String {
    cells.iter().map(|c| header::normalize(&c.display())).collect::<Vec<_>>().join("|")
}

struct Located {
    sheet: String,
    header_row: u32,
    header: Vec<Cell>,
    mapping: Mapping,
    mapping_from: &'static str,
    first_rows: Vec<(u32, Vec<Cell>)>,
}

/// Find sheet, header and mapping: the user's choice, else a remembered
/// mapping for this header, else detection.
fn locate(wb: &mut Workbook, kind: Kind, opts: &ImportOptions, store: Option<&Store>) -> Result<Located> {
    let file_loc = Location::file(&wb.path);
    let sheets: Vec<String> = match &opts.sheet {
        Some(s) => {
            if !wb.sheet_names().iter().any(|n| n == s) {
                return Err(Error::input(
                    file_loc,
                    format!("bladet \"{s}\" finns inte; bladen heter: {}", wb.sheet_names().join(", ")),
                ));
            }
            vec![s.clone()]
        }
        None => wb.sheet_names().to_vec(),
    };
    let mut tried = Vec::new();
    for sheet in &sheets {
        let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
        wb.for_each_row(sheet, &mut |r, cells| {
            rows.push((r, cells.to_vec()));
            Ok(rows.len() < header::HEADER_SCAN_ROWS + 20)
        })?;
        let nonempty: Vec<(u32, Vec<Cell>)> =
            rows.into_iter().filter(|(_, c)| c.iter().any(|c| !c.is_empty())).collect();
        if let (Some(hr), Some(m)) = (opts.header_row, &opts.mapping) {
            let header = nonempty.iter().find(|(r, _)| *r + 1 == hr).map(|(_, c)| c.clone()).unwrap_or_default();
            let mapping = user_mapping(kind, &header, m);
            return Ok(Located {
                sheet: sheet.clone(),
                header_row: hr - 1,
                header,
                mapping,
                mapping_from: "user",
                first_rows: nonempty,
            });
        }
        let detected = header::detect(kind, &nonempty);
        // A remembered mapping applies to a header with exactly these texts.
        if let Some(store) = store {
            for (r, cells) in nonempty.iter().take(header::HEADER_SCAN_ROWS) {
                if let Some((_, json)) = store.saved_mapping(kind, &signature(cells))? {
                    if let Ok(m) = serde_json::from_str::<BTreeMap<Field, u32>>(&json) {
                        let mapping = user_mapping(kind, cells, &m);
                        if mapping.missing(kind).is_empty() {
                            return Ok(Located {
                                sheet: sheet.clone(),
                                header_row: *r,
                                header: cells.clone(),
                                mapping,
                                mapping_from: "saved",
                                first_rows: nonempty,
                            });
                        }
                    }
                }
            }
        }
        if let Some((r, mapping)) = detected {
            let header = nonempty.iter().find(|(x, _)| *x == r).map(|(_, c)| c.clone()).unwrap_or_default();
            return Ok(Located {
                sheet: sheet.clone(),
                header_row: r,
                header,
                mapping,
                mapping_from: "detected",
                first_rows: nonempty,
            });
        }
        tried.push(sheet.clone());
    }
    let need: Vec<String> = header::required(kind)
        .iter()
        .map(|alts| alts.iter().map(|f| f.label()).collect::<Vec<_>>().join(" eller "))
        .collect();
    let mut loc = file_loc;
    if tried.len() == 1 {
        loc = loc.sheet(&tried[0]);
    }
    Err(Error::input(
        loc,
        format!(
            "hittade ingen rubrikrad för {} i de första {} raderna (bladen {}); rubrikraden behöver kolumnerna {}",
            kind.label_sv(),
            header::HEADER_SCAN_ROWS,
            tried.join(", "),
            need.join(", ")
        ),
    ))
}

fn user_mapping(kind: Kind, header: &[Cell], m: &BTreeMap<Field, u32>) -> Mapping {
    let months = header::map_header(kind, header).months;
    let used: std::collections::BTreeSet<u32> = m.values().chain(months.values()).copied().collect();
    let extra = header
        .iter()
        .enumerate()
        .filter(|(i, c)| !used.contains(&(*i as u32)) && !c.is_empty())
        .map(|(i, c)| (i as u32, c.display().trim().to_string()))
        .collect();
    Mapping { fields: m.clone(), extra, months, duplicates: vec![] }
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
    })
}

/// Reading one row's cells by field, with errors that name the cell.
struct RowCtx<'a> {
    loc: &'a Location,
    row: u32,
    cells: &'a [Cell],
    m: &'a Mapping,
    /// `m`'s columns by `Field as usize`: looked up several times per row
    cols: &'a [Option<u32>; Field::ALL.len()],
    errors: &'a mut Vec<CellError>,
}

impl<'a> RowCtx<'a> {
    fn cell(&self, f: Field) -> Option<(u32, &'a Cell)> {
        let c = self.cols[f as usize]?;
        Some((c, self.cells.get(c as usize).unwrap_or(&Cell::Empty)))
    }
    fn err(&mut self, col: u32, msg: String) {
        self.errors.push(CellError { location: self.loc.clone().cell(self.row, col), message: msg });
    }
    /// The cell as trimmed text, borrowed when it is text already (a
    /// million-row import must not copy every string once more).
    fn text(&self, f: Field) -> Cow<'a, str> {
        match self.cell(f) {
            Some((_, Cell::Text(s))) => Cow::Borrowed(trim(s)),
            Some((_, c)) => Cow::Owned(c.display().trim().to_string()),
            None => Cow::Borrowed(""),
        }
    }
    fn opt_text(&self, f: Field) -> Option<Cow<'a, str>> {
        Some(self.text(f)).filter(|s| !s.is_empty())
    }
    fn amount(&mut self, f: Field, required: bool) -> Option<Amount> {
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
    fn hours(&mut self, f: Field, required: bool) -> Option<i64> {
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
    fn period(&mut self) -> Option<u32> {
        if let Some((col, cell)) = self.cell(Field::Period).filter(|(_, c)| !c.is_empty()) {
            let p = match cell {
                Cell::Int(i) => period::from_number(*i),
                Cell::Float(x) if x.fract() == 0.0 => period::from_number(*x as i64),
                Cell::Date(d) => period::from_date(*d),
                Cell::Text(s) => period::parse_period(s),
                _ => None,
            };
            if p.is_none() {
                let shown = cell.display();
                self.err(
                    col,
                    format!(
                        "Period: förväntade en period som 201803, 2018-03 eller mars 2018, fick \"{}\"",
                        clip(&shown)
                    ),
                );
            }
            return p;
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
    fn date(&self) -> Option<chrono::NaiveDate> {
        match self.cell(Field::Date)?.1 {
            Cell::Date(d) => Some(*d),
            Cell::Text(s) => period::parse_date(s),
            Cell::Float(x) => period::from_excel_serial(*x),
            Cell::Int(i) => period::from_excel_serial(*i as f64),
            _ => None,
        }
    }
    fn year(&mut self, f: Field, required: bool) -> Option<i32> {
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
    fn attrs(&self) -> Option<String> {
        let mut m = serde_json::Map::new();
        for (col, name) in &self.m.extra {
            if let Some(c) = self.cells.get(*col as usize).filter(|c| !c.is_empty()) {
                m.insert(name.clone(), serde_json::Value::String(c.display()));
            }
        }
        (!m.is_empty()).then(|| serde_json::Value::Object(m).to_string())
    }
    /// "Summa", "Totalt", "Total", "Delsumma" in a text cell of a row that
    /// has no period/year of its own.
    fn is_total_row(&self, kind: Kind) -> bool {
        let key_fields: &[Field] = match kind {
            Kind::Ledger | Kind::Staff => &[Field::Period, Field::Date],
            Kind::Frames => &[Field::Ar],
            Kind::Budget => &[Field::Kostnadsslag],
        };
        // the key columns first: on an ordinary line they settle it at once
        key_fields.iter().all(|f| match self.cell(*f) {
            Some((_, c)) => c.is_empty() || matches!(c, Cell::Text(s) if is_total_word(s)),
            None => true,
        }) && self.cells.iter().any(|c| match c {
            Cell::Text(s) => is_total_word(s),
            _ => false,
        })
    }
}

/// `str::trim` with a fast path for the usual cell that starts and ends in a
/// visible ASCII character (the Unicode-aware trim showed up in the profile).
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

fn is_total_word(s: &str) -> bool {
    // cheapest rejection first: this runs for every text cell of every row
    match s.as_bytes().first() {
        None => return false,
        Some(b) if b.is_ascii_alphanumeric() && !matches!(b, b's' | b'S' | b't' | b'T' | b'd' | b'D') => return false,
        _ => {}
    }
    let first = s.trim_start().split(|c: char| c.is_whitespace() || c == ':').next().unwrap_or("");
    if !(5..=10).contains(&first.len()) || !matches!(first.as_bytes()[0], b's' | b'S' | b't' | b'T' | b'd' | b'D') {
        return false;
    }
    matches!(first.to_lowercase().as_str(), "summa" | "totalt" | "total" | "delsumma" | "totalsumma" | "slutsumma")
}

fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Tracks total rows: each is checked against the lines since the previous
/// total row, or else against all lines above it.
#[derive(Default)]
struct Totals {
    all: Amount,
    since_last: Amount,
    checked: u32,
    last_total: Option<Amount>,
}

impl Totals {
    fn line(&mut self, a: Amount) {
        self.all += a;
        self.since_last += a;
    }
    fn total_row(&mut self, stated: Amount, unit: &str) -> std::result::Result<(), String> {
        self.checked += 1;
        let ok = stated == self.since_last || stated == self.all;
        self.since_last = Amount::ZERO;
        if stated == self.all {
            self.last_total = Some(stated);
        }
        if ok {
            Ok(())
        } else {
            Err(format!(
                "summaraden anger {} {unit} men raderna ovanför summerar till {} {unit} (skillnad {} {unit})",
                money::format_sv(stated, money::Unit::Kr),
                money::format_sv(self.all, money::Unit::Kr),
                money::format_sv(stated - self.all, money::Unit::Kr),
            ))
        }
    }
}

/// The part of an import's progress bar that the backup before it takes.
const BACKUP_SHARE: f32 = 0.1;

/// Rows per chunk handed from the reader thread to the importing one.
const CHUNK: usize = 2048;

/// Read the sheet on a second thread while this one validates and inserts:
/// on two cores, parsing the XML and writing SQLite overlap. Chunks travel
/// through a small bounded channel, so memory stays flat however long the
/// sheet is, and go back to the reader once used: their rows and strings are
/// overwritten in place, so the steady state allocates nothing and no memory
/// is freed on a thread other than the one that allocated it (glibc's arenas
/// made that cross-thread traffic a third of the reader's time). When `f`
/// stops (or fails) the reader stops at its next chunk.
fn rows_in_background(wb: Workbook, sheet: &str, f: &mut dyn FnMut(u32, &[Cell]) -> Result<bool>) -> Result<()> {
    let file = Location::file(&wb.path);
    // (rows filled, rows of (row index, width, cells)): `rows` may hold more,
    // stale, rows, kept for their buffers
    type Chunk = (usize, Vec<(u32, usize, Vec<Cell>)>);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
        let (back_tx, back_rx) = std::sync::mpsc::channel::<Chunk>();
        let reader = scope.spawn(move || -> Result<()> {
            let mut wb = wb;
            let mut chunk: Chunk = (0, Vec::with_capacity(CHUNK));
            wb.for_each_row_buf(sheet, &mut |r, row, width| {
                let (n, rows) = &mut chunk;
                // the row moves into the chunk; the slot's old buffer becomes
                // the reader's next row buffer
                match rows.get_mut(*n) {
                    Some(slot) => {
                        (slot.0, slot.1) = (r, width);
                        std::mem::swap(&mut slot.2, row);
                    }
                    None => rows.push((r, width, std::mem::take(row))),
                }
                *n += 1;
                if *n == CHUNK {
                    let next = back_rx.try_recv().unwrap_or_else(|_| (0, Vec::with_capacity(CHUNK)));
                    let full = std::mem::replace(&mut chunk, next);
                    // a closed channel means the importer has stopped
                    return Ok(tx.send(full).is_ok());
                }
                Ok(true)
            })?;
            if chunk.0 > 0 {
                let _ = tx.send(chunk);
            }
            Ok(())
        });
        let mut result = Ok(());
        'chunks: while let Ok(mut chunk) = rx.recv() {
            for (r, width, cells) in &chunk.1[..chunk.0] {
                match f(*r, &cells[..*width]) {
                    Ok(true) => {}
                    Ok(false) => break 'chunks,
                    Err(e) => {
                        result = Err(e);
                        break 'chunks;
                    }
                }
            }
            chunk.0 = 0;
            let _ = back_tx.send(chunk);
        }
        drop(rx);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(Error::input(file, "filen kunde inte läsas: läsartråden avbröts oväntat")));
        result.and(read)
    })
}

/// Import one file as a batch. `progress` is called every few thousand rows.
pub fn import_file(
    store: &mut Store,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportOutcome> {
    // hashing (to spot a file imported before) overlaps opening the workbook
    let (sha, opened) = std::thread::scope(|scope| {
        let sha = scope.spawn(|| sha256_file(path));
        let wb = Workbook::open(path);
        (sha.join().unwrap_or_else(|_| Err(Error::usage("kontrollsumman av filen kunde inte beräknas"))), wb)
    });
    let sha = sha?;
    let file_name = Location::file(path).file;
    if let Some((id, state)) = store.find_same_file(kind, &sha)? {
        if state == "active" {
            let b = store.batches()?.into_iter().find(|b| b.id == id);
            return Ok(ImportOutcome {
                kind,
                file: file_name.clone(),
                batch_id: None,
                unchanged_as: Some(id),
                sheet: b.as_ref().map(|b| b.sheet.clone()).unwrap_or_default(),
                header_row: b.as_ref().map(|b| b.header_row).unwrap_or(0),
                rows: b.as_ref().map(|b| b.row_count).unwrap_or(0),
                control_sum: b.as_ref().map(|b| b.control_sum).unwrap_or_default(),
                source_total: b.as_ref().and_then(|b| b.source_total),
                reconciled: true,
                total_rows_checked: 0,
                scope_from: b.as_ref().and_then(|b| b.scope_from),
                scope_to: b.as_ref().and_then(|b| b.scope_to),
                replaced: vec![],
                unclassified: 0,
                unclassified_sum: Amount::ZERO,
                message: format!("{file_name} är redan importerad (batch {id}); inget ändrades"),
            });
        }
    }
    let mut wb = opened?;
    let located = locate(&mut wb, kind, opts, Some(store))?;
    let missing = located.mapping.missing(kind);
    let file_loc = Location::file(path).sheet(&located.sheet);
    if !missing.is_empty() {
        let names: Vec<String> =
            missing.iter().map(|alts| alts.iter().map(|f| f.label()).collect::<Vec<_>>().join(" eller ")).collect();
        return Err(Error::input(
            file_loc.row(located.header_row),
            format!("kolumn saknas i rubrikraden: {}", names.join(", ")),
        ));
    }
    // Two columns both called Belopp (or Period …): which one is meant is a
    // guess we must not make; the user picks one in the preview.
    if located.mapping_from != "user" {
        if let Some((f, a, b)) = located.mapping.duplicates.iter().find(|(f, _, _)| {
            matches!(
                f,
                Field::Belopp | Field::BeslutadRam | Field::UtokadRam | Field::Period | Field::Date | Field::Budget
            )
        }) {
            return Err(Error::input(
                file_loc.clone().row(located.header_row),
                format!(
                    "kolumnen {} finns två gånger ({} och {}); byt namn på den ena eller välj kolumn i förhandsgranskningen",
                    f.label(),
                    crate::error::col_letters(*a),
                    crate::error::col_letters(*b)
                ),
            ));
        }
    }
    if located.mapping_from == "user" {
        let json = serde_json::to_string(&located.mapping.fields)?;
        store.save_mapping(kind, &signature(&located.header), located.header_row + 1, &json)?;
    }
    let rules = store.rules()?;
    let mut classifier = classify::Classifier::new(&rules);
    // (period, classification) → (lines, sum): the aggregates reports read
    let mut agg: HashMap<(u32, usize), (u64, Amount)> = HashMap::new();
    let cost_types: Vec<String> = store.cost_types()?.into_iter().map(|c| c.name).collect();
    if kind == Kind::Budget && !located.mapping.months.is_empty() && located.mapping.months.len() != 12 {
        return Err(Error::input(
            file_loc.row(located.header_row),
            format!("månadsprofilen behöver tolv kolumner (jan–dec), hittade {}", located.mapping.months.len()),
        ));
    }
    let source = opts.source.clone().unwrap_or_else(|| kind.label_sv().to_string());
    let mapping_json = serde_json::to_string(&located.mapping)?;
    let path_str = path.display().to_string();
    let format = format!("{:?}", wb.format).to_lowercase();
    // The progress bar: the backup is its first BACKUP_SHARE, the rows the rest.
    let mut backed_up = false;
    crate::safety::backup_before_import(store, &mut |f| {
        backed_up = true;
        progress(Progress { rows: 0, fraction: Some(f * BACKUP_SHARE) })
    })?;
    let start = if backed_up { BACKUP_SHARE } else { 0.0 };
    let mut writer = store.begin_batch(&NewBatch {
        kind,
        source: &source,
        file_name: &file_name,
        file_path: &path_str,
        sha256: &sha,
        format: &format,
        sheet: &located.sheet,
        header_row: located.header_row + 1,
        mapping_json: &mapping_json,
    })?;

    let mut errors: Vec<CellError> = Vec::new();
    let mut totals = Totals::default();
    let mut rows: u64 = 0;
    let mut unclassified: u64 = 0;
    let mut unclassified_sum = Amount::ZERO;
    let mut db_error: Option<Error> = None;
    let header_row = located.header_row;
    let mapping = located.mapping.clone();
    let cols = Field::ALL.map(|f| mapping.col(f));
    // how far through the sheet a row is, for the progress bar
    let rows_hint = wb.rows_hint(&located.sheet).filter(|&n| n > header_row + 1);
    let fraction = |r: u32| {
        rows_hint.map(|n| start + (1.0 - start) * ((r - header_row) as f32 / (n - header_row) as f32).min(0.99))
    };
    rows_in_background(wb, &located.sheet, &mut |r, cells| {
        if r <= header_row || cells.iter().all(Cell::is_empty) {
            return Ok(true);
        }
        let mut ctx = RowCtx { loc: &file_loc, row: r, cells, m: &mapping, cols: &cols, errors: &mut errors };
        // the column a total row states, and what the lines add up in it
        let (amount_field, unit) = match kind {
            Kind::Ledger => (Some(Field::Belopp), "kr"),
            Kind::Budget => (Some(Field::Budget), "kr"),
            Kind::Staff => (Some(Field::Arbetade), "timmar"),
            Kind::Frames => (None, "kr"),
        };
        if ctx.is_total_row(kind) {
            if let Some(f) = amount_field {
                if let Some(stated) = ctx.amount(f, false) {
                    if let Err(msg) = totals.total_row(stated, unit) {
                        let col = mapping.col(f).unwrap_or(0);
                        ctx.err(col, msg);
                    }
                }
            }
            return Ok(errors.len() < MAX_ERRORS);
        }
        let res = match kind {
            Kind::Ledger => ledger_row(&mut ctx, &mut classifier, &mut agg, &mut writer),
            Kind::Frames => frame_row(&mut ctx, &mut writer),
            Kind::Budget => budget_row(&mut ctx, &cost_types, &mut writer),
            Kind::Staff => staff_row(&mut ctx, &rules, &mut writer),
        };
        match res {
            Ok(Some((a, classified))) => {
                rows += 1;
                totals.line(a);
                if !classified {
                    unclassified += 1;
                    unclassified_sum += a;
                }
                if rows.is_multiple_of(4096) {
                    progress(Progress { rows, fraction: fraction(r) });
                }
            }
            Ok(None) => {}
            Err(e) => {
                db_error = Some(e);
                return Ok(false);
            }
        }
        Ok(errors.len() < MAX_ERRORS)
    })?;
    if let Some(e) = db_error {
        return Err(e);
    }
    if !errors.is_empty() {
        // dropping `writer` rolls the transaction back
        return Err(Error::Input(errors));
    }
    if rows == 0 {
        return Err(Error::input(
            file_loc.row(header_row),
            format!("inga rader under rubrikraden (rad {}); filen importerades inte", header_row + 1),
        ));
    }
    let control_sum = totals.all;
    let batch_id = writer.batch_id;
    for ((period, id), (n, sum)) in &agg {
        writer.insert_aggregate(*period, classifier.get(*id), *n, *sum)?;
    }
    let replaced = writer.finish(rows, control_sum, totals.last_total)?;
    progress(Progress { rows, fraction: Some(1.0) });
    let b = store.batches()?.into_iter().find(|b| b.id == batch_id);
    let (scope_from, scope_to) = b.map(|b| (b.scope_from, b.scope_to)).unwrap_or((None, None));
    let mut message = format!(
        "{file_name}: {rows} rader, kontrollsumma {} {} importerade som batch {batch_id}",
        money::format_sv(control_sum, money::Unit::Kr),
        // HR files are reconciled on worked hours, everything else in kronor
        if kind == Kind::Staff { "timmar" } else { "kr" }
    );
    if totals.checked > 0 {
        message.push_str(&format!("; {} summarad(er) stämmer", totals.checked));
    }
    for r in &replaced {
        message.push_str(&format!("; ersatte {} rader från batch {} ({})", r.rows, r.batch_id, r.file_name));
    }
    if unclassified > 0 {
        message.push_str(&format!(
            "; {unclassified} rader ({} kr) är {}",
            money::format_sv(unclassified_sum, money::Unit::Kr),
            classify::UNCLASSIFIED.to_lowercase()
        ));
    }
    Ok(ImportOutcome {
        kind,
        file: file_name,
        batch_id: Some(batch_id),
        unchanged_as: None,
        sheet: located.sheet,
        header_row: header_row + 1,
        rows,
        control_sum,
        source_total: totals.last_total,
        reconciled: true,
        total_rows_checked: totals.checked,
        scope_from,
        scope_to,
        replaced,
        unclassified,
        unclassified_sum,
        message,
    })
}

/// One ledger row → stored line. Ok(None) when the row had errors.
fn ledger_row(
    ctx: &mut RowCtx<'_>,
    classifier: &mut classify::Classifier<'_>,
    agg: &mut HashMap<(u32, usize), (u64, Amount)>,
    w: &mut crate::store::BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let period = ctx.period();
    let amount = ctx.amount(Field::Belopp, true);
    let x_year = ctx.year(Field::Beslutsar, false);
    let x_area = ctx.opt_text(Field::Omrade);
    if let Some(a) = &x_area {
        if normalize_area(a).is_none() {
            let col = ctx.m.col(Field::Omrade).unwrap_or(0);
            ctx.err(col, format!("Område: förväntade IT eller MT, fick \"{}\"", clip(a)));
        }
    }
    let (Some(period), Some(amount)) = (period, amount) else { return Ok(None) };
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let x_area = x_area.and_then(|a| normalize_area(&a));
    let (konto, ansvar, verksamhet, projekt) =
        (ctx.text(Field::Konto), ctx.text(Field::Ansvar), ctx.text(Field::Verksamhet), ctx.text(Field::Projekt));
    let (motpart, verifikation, text) =
        (ctx.text(Field::Motpart), ctx.text(Field::Verifikation), ctx.text(Field::Text));
    let (x_category, x_cost_type, x_vo) =
        (ctx.opt_text(Field::Kategori), ctx.opt_text(Field::Kostnadsslag), ctx.opt_text(Field::Vo));
    let keys = LineKeys {
        konto: &konto,
        projekt: &projekt,
        ansvar: &ansvar,
        verksamhet: &verksamhet,
        text: &text,
        area: x_area.as_deref(),
        category: x_category.as_deref(),
        decision_year: x_year,
        cost_type: x_cost_type.as_deref(),
        vo: x_vo.as_deref(),
    };
    let (class_id, c) = classifier.classify(&keys);
    let attrs = ctx.attrs();
    w.insert_line(
        &LedgerRow {
            row_no: ctx.row + 1,
            period,
            date: ctx.date().map(|d| {
                use chrono::Datelike;
                format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            }),
            konto: &konto,
            ansvar: &ansvar,
            verksamhet: &verksamhet,
            projekt: &projekt,
            motpart: &motpart,
            verifikation: &verifikation,
            text: &text,
            amount,
            x_area: x_area.as_deref(),
            x_category: x_category.as_deref(),
            x_decision_year: x_year,
            x_cost_type: x_cost_type.as_deref(),
            x_vo: x_vo.as_deref(),
            attrs: attrs.as_deref(),
        },
        c,
    )?;
    let e = agg.entry((period, class_id)).or_insert((0, Amount::ZERO));
    e.0 += 1;
    e.1 += amount;
    Ok(Some((amount, c.is_classified())))
}

/// "IT", "it", "Informationsteknik" → IT; "MT", "Medicinsk teknik" → MT.
pub fn normalize_area(s: &str) -> Option<String> {
    let n = s.trim().to_lowercase();
    if n == "it" || n.starts_with("informationstek") || n == "it-investeringar" {
        Some("IT".into())
    } else if n == "mt" || n.starts_with("medicinsk tek") || n.starts_with("medicinteknik") || n == "mt-investeringar" {
        Some("MT".into())
    } else {
        None
    }
}

fn frame_row(ctx: &mut RowCtx<'_>, w: &mut crate::store::BatchWriter<'_>) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let year = ctx.year(Field::Ar, true);
    let area_text = ctx.text(Field::Omrade);
    let area = normalize_area(&area_text);
    if area.is_none() {
        let col = ctx.m.col(Field::Omrade).unwrap_or(0);
        let msg = if area_text.is_empty() {
            "Område saknas; förväntade IT eller MT".to_string()
        } else {
            format!("Område: förväntade IT eller MT, fick \"{}\"", clip(&area_text))
        };
        ctx.err(col, msg);
    }
    let decided = ctx.amount(Field::BeslutadRam, false);
    let extended = ctx.amount(Field::UtokadRam, false).or(Some(Amount::ZERO));
    let decision_year = ctx.year(Field::Beslutsar, false);
    let category = ctx.opt_text(Field::Kategori);
    let comment = ctx.opt_text(Field::Kommentar);
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(year), Some(area), Some(decided), Some(extended)) = (year, area, decided, extended) else {
        return Ok(None);
    };
    w.insert_frame(&FrameRow {
        row_no: ctx.row + 1,
        year,
        area: &area,
        category: category.as_deref(),
        decided,
        extended,
        decision_year,
        comment: comment.as_deref(),
    })?;
    Ok(Some((decided + extended, true)))
}

fn budget_row(
    ctx: &mut RowCtx<'_>,
    cost_types: &[String],
    w: &mut crate::store::BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let year = ctx.year(Field::Ar, true);
    let ct_text = ctx.text(Field::Kostnadsslag);
    let cost_type = cost_types.iter().find(|c| c.to_lowercase() == ct_text.to_lowercase()).cloned();
    if cost_type.is_none() {
        let col = ctx.m.col(Field::Kostnadsslag).unwrap_or(0);
        let msg = if ct_text.is_empty() {
            "Kostnadsslag saknas".to_string()
        } else {
            format!("Kostnadsslag: okänt \"{}\"; kända är {}", clip(&ct_text), cost_types.join(", "))
        };
        ctx.err(col, msg);
    }
    let amount = ctx.amount(Field::Budget, true);
    let forecast = match ctx.cell(Field::Prognos) {
        Some((_, c)) if !c.is_empty() => ctx.amount(Field::Prognos, false),
        _ => None,
    };
    let months = amount.and_then(|a| monthly_profile(ctx, a));
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(year), Some(cost_type), Some(amount), Some(months)) = (year, cost_type, amount, months) else {
        return Ok(None);
    };
    let (vo, ansvar) = (ctx.opt_text(Field::Vo), ctx.opt_text(Field::Ansvar));
    w.insert_budget(&crate::store::BudgetRow {
        row_no: ctx.row + 1,
        year,
        cost_type: &cost_type,
        vo: vo.as_deref(),
        ansvar: ansvar.as_deref(),
        amount,
        months,
        forecast,
    })?;
    Ok(Some((amount, true)))
}

/// Twelve monthly amounts that add up exactly to `amount`: from twelve
/// amounts, twelve percentages/weights, or an even spread when none given.
fn monthly_profile(ctx: &mut RowCtx<'_>, amount: Amount) -> Option<[Amount; 12]> {
    use rust_decimal::prelude::*;
    if ctx.m.months.is_empty()
        || ctx.m.months.keys().all(|m| ctx.cells.get(ctx.m.months[m] as usize).is_none_or(Cell::is_empty))
    {
        return Some(spread(amount, &[Decimal::ONE; 12]));
    }
    let mut weights = [Decimal::ZERO; 12];
    let mut percent = false;
    for m in 1..=12u8 {
        let col = ctx.m.months[&m];
        let cell = ctx.cells.get(col as usize).cloned().unwrap_or(Cell::Empty);
        let w = match &cell {
            Cell::Empty => Some(Decimal::ZERO),
            Cell::Int(i) => Some(Decimal::from(*i)),
            // a weight, not money: the money is computed from it in Decimal
            Cell::Float(f) => Decimal::from_f64(*f).map(|d| d.round_dp(10)),
            Cell::Text(t) => {
                let t = t.trim();
                let (num, pct) = match t.strip_suffix('%') {
                    Some(n) => (n.trim(), true),
                    None => (t, false),
                };
                percent |= pct;
                crate::money::parse_amount(num).ok().map(|a| a.to_decimal())
            }
            _ => None,
        };
        match w {
            Some(w) => weights[m as usize - 1] = w,
            None => {
                let shown = cell.display();
                ctx.err(
                    col,
                    format!("månad {m}: förväntade ett belopp eller en procentsats, fick \"{}\"", clip(&shown)),
                );
                return None;
            }
        }
    }
    let sum: Decimal = weights.iter().sum();
    let is_weights = percent
        || (sum - Decimal::ONE_HUNDRED).abs() <= Decimal::new(1, 2)
        || (sum - Decimal::ONE).abs() <= Decimal::new(1, 4);
    if is_weights {
        if sum.is_zero() {
            return Some(spread(amount, &[Decimal::ONE; 12]));
        }
        return Some(spread(amount, &weights));
    }
    // twelve amounts: they must add up to the yearly budget, to the öre
    let mut out = [Amount::ZERO; 12];
    for (i, w) in weights.iter().enumerate() {
        match Amount::from_decimal(*w) {
            Some(a) => out[i] = a,
            None => {
                let col = ctx.m.months[&(i as u8 + 1)];
                ctx.err(col, "månadsbeloppet har fler än två decimaler".into());
                return None;
            }
        }
    }
    let total: Amount = out.iter().copied().sum();
    if total != amount {
        let col = ctx.m.col(Field::Budget).unwrap_or(0);
        ctx.err(
            col,
            format!(
                "månadsbeloppen summerar till {} kr men årsbudgeten är {} kr",
                crate::money::format_sv(total, crate::Unit::Kr),
                crate::money::format_sv(amount, crate::Unit::Kr)
            ),
        );
        return None;
    }
    Some(out)
}

/// Split `amount` by `weights` in whole öre; rounding differences go to the
/// last month with a weight, so the months always add up exactly.
pub fn spread(amount: Amount, weights: &[rust_decimal::Decimal; 12]) -> [Amount; 12] {
    use rust_decimal::prelude::*;
    let total: Decimal = weights.iter().sum();
    let mut out = [Amount::ZERO; 12];
    if total.is_zero() {
        out[11] = amount;
        return out;
    }
    let last = weights.iter().rposition(|w| !w.is_zero()).unwrap_or(11);
    let mut used = Amount::ZERO;
    for i in 0..12 {
        if i == last {
            continue;
        }
        let v = (Decimal::from(amount.0) * weights[i] / total)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        out[i] = Amount(v.to_i64().unwrap_or(0));
        used += out[i];
    }
    out[last] = amount - used;
    out
}

fn staff_row(
    ctx: &mut RowCtx<'_>,
    rules: &[classify::Rule],
    w: &mut crate::store::BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let period = ctx.period();
    let worked = ctx.hours(Field::Arbetade, true);
    let overtime = ctx.hours(Field::Overtid, false).unwrap_or(0);
    let mertid = ctx.hours(Field::Mertid, false).unwrap_or(0);
    let fyllnadstid = ctx.hours(Field::Fyllnadstid, false).unwrap_or(0);
    let sick = match ctx.cell(Field::Sjuk) {
        Some((_, c)) if !c.is_empty() => ctx.hours(Field::Sjuk, false),
        _ => None,
    };
    let headcount = match ctx.cell(Field::Anstallda) {
        Some((_, c)) if !c.is_empty() => ctx.hours(Field::Anstallda, false).map(|h| h / 100),
        _ => None,
    };
    let ansvar = ctx.opt_text(Field::Ansvar);
    let vo = ctx.opt_text(Field::Vo).or_else(|| {
        let keys = LineKeys { ansvar: ansvar.as_deref().unwrap_or(""), ..Default::default() };
        classify::classify(rules, &keys).vo.map(Cow::Owned)
    });
    if vo.is_none() {
        let col = ctx.m.col(Field::Vo).or(ctx.m.col(Field::Ansvar)).unwrap_or(0);
        ctx.err(col, "VO saknas och ingen regel ger ett VO för ansvaret".into());
    }
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(period), Some(worked), Some(vo)) = (period, worked, vo) else { return Ok(None) };
    w.insert_staff(&crate::store::StaffRow {
        row_no: ctx.row + 1,
        period,
        vo: &vo,
        ansvar: ansvar.as_deref(),
        worked,
        overtime,
        mertid,
        fyllnadstid,
        sick,
        headcount,
    })?;
    Ok(Some((Amount(worked), true)))
}

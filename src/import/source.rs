//! Reading spreadsheet files row by row, whatever their format: .xlsx/.xlsm
//! (streamed through calamine's cell reader), .xls (a calamine range), .ods
//! (streamed by [`ods`]) and .csv ([`csv`]). The format is sniffed from the
//! file's bytes, not trusted from its name. Every reader refuses what no real
//! export contains before allocating for it ([`limits`]), and zip parts are
//! checked as their bytes inflate ([`zipguard`]): a 1,6 KB file must not
//! take the process down.

mod csv;
pub mod limits;
mod ods;
#[cfg(test)]
mod testfiles;
mod xlsguard;
pub mod zipguard;

pub use self::csv::{decode_text, read_csv};
pub use zipguard::{MAX_SHARED_STRINGS_BYTES, MAX_UNZIPPED_BYTES};

use self::csv::CsvSheet;
use crate::error::{Error, Location, Result};
use calamine::{Data, DataRef, Reader};
use chrono::NaiveDate;
use limits::{Limits, SheetBudget, MAX_COLS, MAX_ROWS};
use ods::OdsBook;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zipguard::{Guard, Reframed};

/// One cell, detached from calamine's types.
#[derive(Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(String),
}

impl Clone for Cell {
    fn clone(&self) -> Cell {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(s) => Cell::Text(s.clone()),
            Cell::Int(i) => Cell::Int(*i),
            Cell::Float(f) => Cell::Float(*f),
            Cell::Date(d) => Cell::Date(*d),
            Cell::Bool(b) => Cell::Bool(*b),
            Cell::Error(e) => Cell::Error(e.clone()),
        }
    }
    /// Reuses this cell's string buffer: a million-row import then copies
    /// text without a heap allocation per cell (see `import::rows_in_background`).
    fn clone_from(&mut self, source: &Cell) {
        match (self, source) {
            (Cell::Text(t), Cell::Text(s)) => t.clone_from(s),
            (this, s) => *this = s.clone(),
        }
    }
}

impl Cell {
    /// Set this cell to text, reusing its buffer when it already holds text.
    fn set_text(&mut self, s: &str) {
        match self {
            Cell::Text(t) => {
                t.clear();
                t.push_str(s);
            }
            this => *this = Cell::Text(s.to_string()),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
    /// The cell as the user would read it, for previews and text fields.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    format!("{f}")
                }
            }
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => if *b { "SANT" } else { "FALSKT" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
    /// SIE 4, read by `import::sie_import` (never opened as a workbook).
    Sie,
}

/// Files larger than this are refused before any parsing (a year's ledger at
/// Excel's row limit is < 100 MB). `RAMKOLL_MAX_FILE_BYTES` lowers or raises it.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The effective size cap: `RAMKOLL_MAX_FILE_BYTES` when set, else [`MAX_FILE_BYTES`].
pub fn max_file_bytes() -> u64 {
    std::env::var("RAMKOLL_MAX_FILE_BYTES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(MAX_FILE_BYTES)
}

/// Decide the real format from magic bytes. A `.xlsx` that is really CSV is
/// read as CSV, and vice versa.
pub fn sniff(path: &Path) -> Result<Format> {
    let loc = || Location::file(path);
    let meta = std::fs::metadata(path).map_err(|e| Error::open_input(path, &e))?;
    if meta.len() == 0 {
        return Err(Error::input(loc(), "filen är tom (0 byte)"));
    }
    let cap = max_file_bytes();
    if meta.len() > cap {
        return Err(Error::input(
            loc(),
            format!("filen är för stor ({} byte, högst {} byte = {} MB)", meta.len(), cap, cap >> 20),
        ));
    }
    let mut head = Vec::with_capacity(4096);
    File::open(path).map_err(|e| Error::open_input(path, &e))?.take(4096).read_to_end(&mut head)?;
    let head = &head[..];
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        // Both OOXML and ODF are zips: look inside.
        return zipguard::sniff_zip(path);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // OLE compound file: .xls, or an encrypted/password-protected xlsx.
        let f = File::open(path)?;
        let mut buf = Vec::new();
        f.take(1 << 20).read_to_end(&mut buf)?;
        let utf16 = |s: &str| s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>();
        if contains(&buf, &utf16("EncryptedPackage")) {
            return Err(Error::input(
                loc(),
                "arbetsboken är lösenordsskyddad/krypterad: spara en kopia utan lösenord och importera den",
            ));
        }
        return Ok(Format::Xls);
    }
    if let Some(what) = not_text(head) {
        return Err(Error::input(loc(), what));
    }
    Ok(Format::Csv)
}

/// Some files are not spreadsheets nor CSV although they may be named so:
/// say what they are instead of reading them as garbled text.
fn not_text(head: &[u8]) -> Option<String> {
    let magic: &[(&[u8], &str)] = &[
        (b"%PDF", "en PDF-fil"),
        (b"\x89PNG", "en PNG-bild"),
        (b"\xFF\xD8\xFF", "en JPEG-bild"),
        (b"\x1F\x8B", "en gzip-komprimerad fil"),
        (b"Rar!", "ett RAR-arkiv"),
        (b"7z\xBC\xAF\x27\x1C", "ett 7z-arkiv"),
        (b"{\\rtf", "ett RTF-dokument"),
    ];
    for (m, what) in magic {
        if head.starts_with(m) {
            return Some(format!("filen är {what}, inte ett kalkylark eller en CSV-fil"));
        }
    }
    // UTF-16 text (Excel's "Unicode text") is decoded; other NUL bytes mean binary.
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return None;
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start: String =
        String::from_utf8_lossy(&text[..text.len().min(512)]).trim_start().chars().take(200).collect::<String>();
    let lower = start.to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.starts_with("<table") {
        return Some(
            "filen är en webbsida (HTML) med kalkylarksändelse, som vissa system exporterar: \
             öppna den i Excel och spara som Excel-arbetsbok (.xlsx)"
                .into(),
        );
    }
    if lower.starts_with("<?xml") {
        return Some(
            "filen är XML (t.ex. XML-kalkylblad 2003), inte xlsx/ods/csv: \
             öppna den i Excel och spara som Excel-arbetsbok (.xlsx)"
                .into(),
        );
    }
    if head.contains(&0) {
        return Some(
            "filen innehåller binära data och är varken ett kalkylark (xlsx, xls, ods) eller en CSV-fil".into(),
        );
    }
    None
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

enum Inner {
    /// calamine's reader over the zip re-framed by [`Reframed`]
    Xlsx(Box<calamine::Xlsx<Reframed>>),
    Xls(Box<calamine::Xls<BufReader<File>>>),
    Ods(Box<OdsBook>),
    Csv(CsvSheet),
}

/// An open workbook (or CSV file, seen as a workbook with one sheet).
pub struct Workbook {
    pub path: PathBuf,
    pub format: Format,
    sheets: Vec<String>,
    inner: Inner,
    /// A reader panicked: the workbook is not read any further.
    poisoned: bool,
    /// Watches the bytes the zip parts inflate to (xlsx, ods).
    guard: Arc<Guard>,
    limits: Limits,
}

/// Run reader work so that a panic inside it (calamine has known ones on odd
/// files) becomes an input error naming the file instead of taking the
/// program down. Needs `panic = "unwind"` (the default profile setting).
fn guarded<T>(loc: &Location, work: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "okänt fel".into());
            Err(Error::input(
                loc.clone(),
                format!(
                    "filen kunde inte läsas: läsaren stötte på ett internt fel ({}); filen är troligen trasig \
                     eller i ett format som inte stöds. Öppna den i Excel, spara som .xlsx och försök igen",
                    clip_msg(&what)
                ),
            ))
        }
    }
}

fn clip_msg(s: &str) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.chars().count() > 120 {
        format!("{}…", one_line.chars().take(120).collect::<String>())
    } else {
        one_line
    }
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook> {
        guarded(&Location::file(path), || Self::open_unguarded(path))
    }

    fn open_unguarded(path: &Path) -> Result<Workbook> {
        let format = sniff(path)?;
        let guard = Arc::new(Guard::default());
        let loc = Location::file(path);
        let bad = |e: &dyn std::fmt::Display| refused(&guard, &loc, "kan inte läsa arbetsboken", e);
        let (sheets, inner) = match format {
            Format::Sie => return Err(Error::internal("en SIE-fil öppnas inte som arbetsbok")),
            Format::Xlsx => {
                let wb = calamine::Xlsx::new(Reframed::open(path, Arc::clone(&guard))?).map_err(|e| bad(&e))?;
                let names = visible_sheets(wb.sheets_metadata());
                (names, Inner::Xlsx(Box::new(wb)))
            }
            Format::Xls => {
                // calamine builds every sheet at open, trusting the file's sizes
                xlsguard::check(path)?;
                let wb: calamine::Xls<_> = calamine::open_workbook(path).map_err(|e| bad(&e))?;
                let names = visible_sheets(wb.sheets_metadata());
                (names, Inner::Xls(Box::new(wb)))
            }
            Format::Ods => {
                let book = OdsBook::open(path, Arc::clone(&guard))?;
                (book.sheet_names().to_vec(), Inner::Ods(Box::new(book)))
            }
            Format::Csv => {
                let bytes = std::fs::read(path)?;
                let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "csv".into());
                let sheet = CsvSheet::parse(&bytes, &Location::file(path).sheet(&name))?;
                (vec![name], Inner::Csv(sheet))
            }
        };
        Ok(Workbook {
            path: path.to_path_buf(),
            format,
            sheets,
            inner,
            poisoned: false,
            guard,
            limits: Limits::default(),
        })
    }

    /// Read with lower caps than the real ones (tests).
    #[cfg(test)]
    fn with_limits(mut self, limits: Limits) -> Workbook {
        self.guard.set_junk_grace(limits.junk_grace);
        self.limits = limits;
        self
    }

    /// Visible sheets in workbook order (hidden sheets are not offered).
    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// Calls `f(row_index, cells)` for every row of `sheet` in order (0-based
    /// absolute row numbers; `cells[i]` is column i). Stops when `f` returns
    /// `Ok(false)`. Rows that are entirely absent are skipped.
    pub fn for_each_row(&mut self, sheet: &str, f: &mut dyn FnMut(u32, &[Cell]) -> Result<bool>) -> Result<()> {
        self.for_each_row_buf(sheet, &mut |r, row, width| f(r, &row[..width]))
    }

    /// The number of rows `sheet` says it has (its declared dimension, for
    /// progress), without reading it. None when unknown or nonsensical.
    pub fn rows_hint(&mut self, sheet: &str) -> Option<u32> {
        let loc = Location::file(&self.path).sheet(sheet);
        match &mut self.inner {
            Inner::Xlsx(wb) => {
                // the reader parses the sheet up to its data: count that too
                let _pass = self.guard.sheet_pass();
                let dims = guarded(&loc, || {
                    wb.worksheet_cells_reader(sheet)
                        .map(|r| r.dimensions())
                        .map_err(|e| Error::input(loc.clone(), e.to_string()))
                })
                .ok()?;
                // Excel writes "A1" for an empty sheet; 1 048 576 is its limit
                (dims.end.0 > 0 && dims.end.0 < 1 << 20).then_some(dims.end.0 + 1)
            }
            Inner::Xls(_) | Inner::Ods(_) => None,
            Inner::Csv(sheet) => Some(sheet.rows()),
        }
    }

    /// Like `for_each_row`, but `f(row_index, buffer, width)` gets the
    /// reader's own row buffer: the row is `buffer[..width]`, cells past it
    /// are empty. `f` may swap the buffer for another `Vec` (a used one is
    /// best: its strings' allocations are reused), so a row can be kept
    /// without copying it.
    pub fn for_each_row_buf(&mut self, sheet: &str, f: &mut RowBufFn<'_>) -> Result<()> {
        let loc = Location::file(&self.path).sheet(sheet);
        if self.poisoned {
            return Err(Error::input(loc, "filen kunde inte läsas (läsaren har redan stött på ett internt fel)"));
        }
        let res = guarded(&loc, || self.rows_unguarded(sheet, f));
        if let Err(Error::Input(errs)) = &res {
            if errs.iter().any(|e| e.message.contains("läsaren stötte på ett internt fel")) {
                self.poisoned = true;
            }
        }
        res
    }

    fn rows_unguarded(&mut self, sheet: &str, f: &mut RowBufFn<'_>) -> Result<()> {
        let loc = Location::file(&self.path).sheet(sheet);
        let guard = Arc::clone(&self.guard);
        let bad = |e: &dyn std::fmt::Display| refused(&guard, &loc, "kan inte läsa bladet", e);
        match &mut self.inner {
            Inner::Xlsx(wb) => {
                let pass = guard.sheet_pass();
                let mut reader = wb.worksheet_cells_reader(sheet).map_err(|e| bad(&e))?;
                // `row` keeps its cells (and their string buffers) from row to
                // row; `seen` marks the ones this row wrote, the rest are emptied.
                let mut row: Vec<Cell> = Vec::new();
                let mut seen: Vec<bool> = Vec::new();
                let mut cur: Option<u32> = None;
                let mut budget = SheetBudget::new(self.limits.cells);
                // `<c>` elements of this row, and of the rows before it
                let (mut elements, mut before) = (0u64, 0u64);
                while let Some(c) = reader.next_cell().map_err(|e| bad(&e))? {
                    let (r, col) = c.get_position();
                    if cur != Some(r) {
                        if let Some(prev) = cur {
                            before += elements;
                            if !emit_row(&loc, prev, &mut row, &mut seen, elements, &mut budget, f)? {
                                return Ok(());
                            }
                            elements = 0;
                        }
                        cur = Some(r);
                    }
                    elements += 1;
                    pass.cells(before + elements);
                    // before the row grows to whatever column the cell names
                    if u64::from(col) >= MAX_COLS || u64::from(r) >= MAX_ROWS {
                        limits::check_cell(&loc, r.into(), col.into())?;
                    }
                    let v = c.get_value();
                    if matches!(v, DataRef::Empty) {
                        continue;
                    }
                    let col = col as usize;
                    if row.len() <= col {
                        row.resize(col + 1, Cell::Empty);
                    }
                    if seen.len() <= col {
                        seen.resize(col + 1, false);
                    }
                    match v {
                        DataRef::SharedString(s) => row[col].set_text(s),
                        DataRef::String(s) => row[col].set_text(s),
                        v => row[col] = from_data_ref(v),
                    }
                    seen[col] = true;
                }
                if let Some(prev) = cur {
                    emit_row(&loc, prev, &mut row, &mut seen, elements, &mut budget, f)?;
                }
                Ok(())
            }
            Inner::Xls(wb) => {
                let range = wb.worksheet_range(sheet).map_err(|e| bad(&e))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let mut cells = Vec::new();
                for (i, r) in range.rows().enumerate() {
                    cells.clear();
                    cells.resize(c0 as usize, Cell::Empty);
                    cells.extend(r.iter().map(from_data));
                    let width = cells.len();
                    if !f(r0 + i as u32, &mut cells, width)? {
                        break;
                    }
                }
                Ok(())
            }
            Inner::Ods(book) => book.for_each_row(sheet, self.limits.cells, f),
            Inner::Csv(csv) => csv.for_each_row(f),
        }
    }
}

/// The error for a failed read: the guard's reason when it refused the
/// bytes (calamine wraps it in its own words), else `what` and the error.
fn refused(guard: &Guard, loc: &Location, what: &str, e: &dyn std::fmt::Display) -> Error {
    match guard.refusal() {
        Some(why) => Error::input(loc.clone(), why),
        None => Error::input(loc.clone(), format!("{what}: {e}")),
    }
}

/// `f(row_index, buffer, width)` of `Workbook::for_each_row_buf`.
pub type RowBufFn<'f> = dyn FnMut(u32, &mut Vec<Cell>, usize) -> Result<bool> + 'f;

/// Hand one streamed row to `f`: cells the row did not write are emptied,
/// and `f` is told how far the row reaches. `f` may swap `row` for another
/// buffer, whatever that holds: the next row overwrites or empties it. The
/// row's `<c>` elements (`elements`, empty ones too) or its width, whichever
/// is more, are counted against the sheet's budget first.
fn emit_row(
    loc: &Location,
    r: u32,
    row: &mut Vec<Cell>,
    seen: &mut Vec<bool>,
    elements: u64,
    budget: &mut SheetBudget,
    f: &mut RowBufFn<'_>,
) -> Result<bool> {
    if seen.len() < row.len() {
        seen.resize(row.len(), false);
    }
    let mut width = 0;
    for (i, (c, s)) in row.iter_mut().zip(seen.iter_mut()).enumerate() {
        if *s {
            width = i + 1;
            *s = false;
        } else if !matches!(c, Cell::Empty) {
            *c = Cell::Empty;
        }
    }
    budget.cells(loc, r.into(), elements.max(width as u64))?;
    budget.wide(loc, r.into(), width as u64, 1)?;
    f(r, row, width)
}

fn visible_sheets(meta: &[calamine::Sheet]) -> Vec<String> {
    visible(
        meta.iter()
            .map(|s| {
                let shown = s.visible == calamine::SheetVisible::Visible && s.typ == calamine::SheetType::WorkSheet;
                (s.name.clone(), shown)
            })
            .collect(),
    )
}

/// The sheets shown, in order; all of them when none is.
fn visible(sheets: Vec<(String, bool)>) -> Vec<String> {
    if sheets.iter().any(|(_, shown)| *shown) {
        sheets.into_iter().filter(|(_, shown)| *shown).map(|(n, _)| n).collect()
    } else {
        sheets.into_iter().map(|(n, _)| n).collect()
    }
}

fn from_datetime(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_datetime() {
        if let Some(d) = dt.as_datetime() {
            return Cell::Date(d.date());
        }
    }
    Cell::Float(dt.as_f64())
}

fn from_iso(s: &str) -> Cell {
    match crate::period::parse_date(s) {
        Some(d) => Cell::Date(d),
        None => Cell::Text(s.to_string()),
    }
}

fn from_data_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Int(i) => Cell::Int(*i),
        DataRef::Float(f) => Cell::Float(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => from_datetime(dt),
        DataRef::DateTimeIso(s) => from_iso(s),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(format!("{e}")),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => from_datetime(dt),
        Data::DateTimeIso(s) => from_iso(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
        Data::Empty => Cell::Empty,
    }
}

#[cfg(test)]
mod tests;

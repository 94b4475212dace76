//! Reading spreadsheet files row by row, whatever their format: .xlsx/.xlsm
//! (streamed through calamine's cell reader), .xls/.ods (calamine ranges) and
//! .csv (`;`, `,` or tab; UTF-8 with or without BOM, or Windows-1252).
//! The format is sniffed from the file's bytes, not trusted from its name.

use crate::error::{Error, Location, Result};
use calamine::{Data, DataRef, Reader};
use chrono::NaiveDate;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

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

/// Zip containers (xlsx/ods) whose entries declare more than this many bytes
/// uncompressed are refused: a zip bomb must not exhaust memory.
pub const MAX_UNZIPPED_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The shared-string table is held in memory whole; cap it separately.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 1024 * 1024 * 1024;

/// The effective size cap: `RAMKOLL_MAX_FILE_BYTES` when set, else [`MAX_FILE_BYTES`].
pub fn max_file_bytes() -> u64 {
    std::env::var("RAMKOLL_MAX_FILE_BYTES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(MAX_FILE_BYTES)
}

/// Decide the real format from magic bytes. A `.xlsx` that is really CSV is
/// read as CSV, and vice versa.
pub fn sniff(path: &Path) -> Result<Format> {
    let loc = || Location::file(path);
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::File { path: path.to_path_buf(), message: format!("kan inte öppna filen: {e}") })?;
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
    File::open(path)
        .map_err(|e| Error::File { path: path.to_path_buf(), message: format!("kan inte öppna filen: {e}") })?
        .take(4096)
        .read_to_end(&mut head)?;
    let head = &head[..];
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        // Both OOXML and ODF are zips: look inside.
        let f = File::open(path)?;
        let mut zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| {
            Error::input(
                loc(),
                format!("filen ser ut som en zip (xlsx/ods) men går inte att läsa, den är trasig eller avkortad: {e}"),
            )
        })?;
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let Ok(entry) = zip.by_index_raw(i) else {
                return Err(Error::input(loc(), "zip-filen är trasig (en post går inte att läsa)"));
            };
            total = total.saturating_add(entry.size());
            if entry.name().ends_with("sharedStrings.xml") && entry.size() > MAX_SHARED_STRINGS_BYTES {
                return Err(Error::input(
                    loc(),
                    format!(
                        "arbetsbokens tabell med delade texter är för stor ({} MB uppackad, högst {} MB)",
                        entry.size() >> 20,
                        MAX_SHARED_STRINGS_BYTES >> 20
                    ),
                ));
            }
        }
        if total > MAX_UNZIPPED_BYTES {
            return Err(Error::input(
                loc(),
                format!("arbetsboken är för stor uppackad ({} MB, högst {} MB)", total >> 20, MAX_UNZIPPED_BYTES >> 20),
            ));
        }
        if names.iter().any(|n| n == "content.xml") {
            return Ok(Format::Ods);
        }
        if names.iter().any(|n| n == "xl/workbook.bin") {
            return Err(Error::input(
                loc(),
                "binär Excel-arbetsbok (xlsb) stöds inte: spara som Excel-arbetsbok (.xlsx) och importera igen",
            ));
        }
        if names.iter().any(|n| n == "xl/workbook.xml") {
            for n in names.iter().filter(|n| n.ends_with("sharedStrings.xml")) {
                check_shared_strings_head(&mut zip, n).map_err(|m| Error::input(loc(), m))?;
            }
            return Ok(Format::Xlsx);
        }
        if names.iter().any(|n| n.starts_with("xl/")) {
            return Err(Error::input(loc(), "Excel-filen saknar xl/workbook.xml; den är trasig eller ofullständig"));
        }
        return Err(Error::input(loc(), "zip-filen är varken en Excel- (xlsx) eller OpenDocument-fil (ods)"));
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

/// calamine reserves room for the `uniqueCount` the shared-string table
/// declares before reading it: a forged count (`uniqueCount="583079215080"`)
/// makes the allocation fail and aborts the process, which no panic guard
/// can catch. Each `<si>` takes at least 12 bytes, so a count above a twelfth
/// of the part's size is a lie; refuse the file before calamine sees it.
fn check_shared_strings_head<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> std::result::Result<(), String> {
    let broken = || "arbetsbokens tabell med delade texter (sharedStrings.xml) är trasig".to_string();
    let entry = zip.by_name(name).map_err(|_| broken())?;
    let size = entry.size();
    let mut head = Vec::with_capacity(4096);
    entry.take(64 * 1024).read_to_end(&mut head).map_err(|_| broken())?;
    let text = String::from_utf8_lossy(&head);
    let Some(start) = text.find("<sst") else {
        return Err(broken());
    };
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    for attr in ["uniqueCount=", "count="] {
        let Some(i) = tag.find(attr) else { continue };
        let rest = &tag[i + attr.len()..];
        let value: String = rest.chars().skip(1).take_while(|c| *c != '"' && *c != '\'').collect();
        if let Ok(n) = value.trim().parse::<u64>() {
            if attr == "uniqueCount=" && n > size / 12 + 16 {
                return Err(format!(
                    "arbetsbokens tabell med delade texter anger {n} texter men rymmer högst {}; filen är trasig",
                    size / 12 + 16
                ));
            }
        }
    }
    Ok(())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

enum Inner {
    Xlsx(Box<calamine::Xlsx<BufReader<File>>>),
    Other(Box<calamine::Sheets<BufReader<File>>>),
    Csv(Vec<Vec<Cell>>),
}

/// An open workbook (or CSV file, seen as a workbook with one sheet).
pub struct Workbook {
    pub path: PathBuf,
    pub format: Format,
    sheets: Vec<String>,
    inner: Inner,
    /// A reader panicked: the workbook is not read any further.
    poisoned: bool,
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
        let bad =
            |e: &dyn std::fmt::Display| Error::input(Location::file(path), format!("kan inte läsa arbetsboken: {e}"));
        let (sheets, inner) = match format {
            Format::Sie => return Err(Error::internal("en SIE-fil öppnas inte som arbetsbok")),
            Format::Xlsx => {
                let wb: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| bad(&e))?;
                let names = visible_sheets(wb.sheets_metadata());
                (names, Inner::Xlsx(Box::new(wb)))
            }
            Format::Xls => {
                let wb: calamine::Xls<_> = calamine::open_workbook(path).map_err(|e| bad(&e))?;
                let names = visible_sheets(wb.sheets_metadata());
                (names, Inner::Other(Box::new(calamine::Sheets::Xls(wb))))
            }
            Format::Ods => {
                let wb: calamine::Ods<_> = calamine::open_workbook(path).map_err(|e| bad(&e))?;
                let names = visible_sheets(wb.sheets_metadata());
                (names, Inner::Other(Box::new(calamine::Sheets::Ods(wb))))
            }
            Format::Csv => {
                let bytes = std::fs::read(path)?;
                let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "csv".into());
                let rows = read_csv_rows(&bytes)
                    .map_err(|(row, m)| Error::input(Location::file(path).sheet(&name).row(row), m))?;
                (vec![name], Inner::Csv(rows))
            }
        };
        Ok(Workbook { path: path.to_path_buf(), format, sheets, inner, poisoned: false })
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
                let dims = guarded(&loc, || {
                    wb.worksheet_cells_reader(sheet)
                        .map(|r| r.dimensions())
                        .map_err(|e| Error::input(loc.clone(), e.to_string()))
                })
                .ok()?;
                // Excel writes "A1" for an empty sheet; 1 048 576 is its limit
                (dims.end.0 > 0 && dims.end.0 < 1 << 20).then_some(dims.end.0 + 1)
            }
            Inner::Other(_) => None,
            Inner::Csv(rows) => u32::try_from(rows.len()).ok(),
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
        let bad = |e: &dyn std::fmt::Display| Error::input(loc.clone(), format!("kan inte läsa bladet: {e}"));
        match &mut self.inner {
            Inner::Xlsx(wb) => {
                let mut reader = wb.worksheet_cells_reader(sheet).map_err(|e| bad(&e))?;
                // `row` keeps its cells (and their string buffers) from row to
                // row; `seen` marks the ones this row wrote, the rest are emptied.
                let mut row: Vec<Cell> = Vec::new();
                let mut seen: Vec<bool> = Vec::new();
                let mut cur: Option<u32> = None;
                while let Some(c) = reader.next_cell().map_err(|e| bad(&e))? {
                    let (r, col) = c.get_position();
                    if cur != Some(r) {
                        if let Some(prev) = cur {
                            if !emit_row(prev, &mut row, &mut seen, f)? {
                                return Ok(());
                            }
                        }
                        cur = Some(r);
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
                    emit_row(prev, &mut row, &mut seen, f)?;
                }
                Ok(())
            }
            Inner::Other(wb) => {
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
            Inner::Csv(rows) => {
                let mut cells = Vec::new();
                for (i, r) in rows.iter().enumerate() {
                    cells.clone_from(r);
                    if !f(i as u32, &mut cells, r.len())? {
                        break;
                    }
                }
                Ok(())
            }
        }
    }
}

/// `f(row_index, buffer, width)` of `Workbook::for_each_row_buf`.
pub type RowBufFn<'f> = dyn FnMut(u32, &mut Vec<Cell>, usize) -> Result<bool> + 'f;

/// Hand one streamed row to `f`: cells the row did not write are emptied,
/// and `f` is told how far the row reaches. `f` may swap `row` for another
/// buffer, whatever that holds: the next row overwrites or empties it.
fn emit_row(r: u32, row: &mut Vec<Cell>, seen: &mut Vec<bool>, f: &mut RowBufFn<'_>) -> Result<bool> {
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
    f(r, row, width)
}

fn visible_sheets(meta: &[calamine::Sheet]) -> Vec<String> {
    let visible: Vec<String> = meta
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible && s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    if visible.is_empty() {
        meta.iter().map(|s| s.name.clone()).collect()
    } else {
        visible
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

/// Decode CSV bytes: UTF-8 (BOM optional) when valid, else Windows-1252.
/// UTF-16 with a byte-order mark (Excel's "Unicode text") is decoded too.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(b) = bytes.strip_prefix(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE.decode_without_bom_handling(b).0.into_owned();
    }
    if let Some(b) = bytes.strip_prefix(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE.decode_without_bom_handling(b).0.into_owned();
    }
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(b).0.into_owned(),
    }
}

/// The delimiter is the one of `;`, tab and `,` that splits the first lines
/// into the most consistent, widest rows (quotes respected).
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (b';', 0usize);
    for d in [b';', b'\t', b','] {
        let counts: Vec<usize> = lines.iter().map(|l| split_line(l, d).len()).collect();
        let max = counts.iter().copied().max().unwrap_or(1);
        // how many lines reach the widest count
        let score = if max > 1 { counts.iter().filter(|&&c| c == max).count() * max } else { 0 };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn split_line(line: &str, delim: u8) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_q = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_q {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cur.push('"');
                    chars.next();
                } else {
                    in_q = false;
                }
            } else {
                cur.push(c);
            }
        } else if c == '"' && cur.trim().is_empty() {
            cur.clear();
            in_q = true;
        } else if c as u32 == delim as u32 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

/// Parse CSV into text cells. Quoted fields may contain delimiters, doubled
/// quotes and newlines.
pub fn read_csv(bytes: &[u8]) -> std::result::Result<Vec<Vec<Cell>>, String> {
    read_csv_rows(bytes).map_err(|(row, m)| format!("rad {}: {m}", row + 1))
}

/// As [`read_csv`]; an error carries the 0-based line where it starts.
fn read_csv_rows(bytes: &[u8]) -> std::result::Result<Vec<Vec<Cell>>, (u32, String)> {
    let mut text = decode_text(bytes);
    // Old Mac line ends (CR only)
    if !text.contains('\n') && text.contains('\r') {
        text = text.replace('\r', "\n");
    }
    let delim = detect_delimiter(&text);
    let mut rows = Vec::new();
    let mut pending = String::new();
    let mut pending_from: (u32, u32) = (0, 0); // (record, text line)
    for (no, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if pending.is_empty() {
            pending_from = (rows.len() as u32, no as u32);
        } else {
            pending.push('\n');
        }
        pending.push_str(line);
        // an odd number of quotes means a quoted field continues on the next line
        if pending.matches('"').count() % 2 == 1 {
            continue;
        }
        let fields = split_line(&pending, delim);
        rows.push(fields.into_iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s) }).collect());
        pending.clear();
    }
    if !pending.is_empty() {
        return Err((
            pending_from.0,
            format!(
                "CSV-filen slutar mitt i ett citerat fält som börjar på textrad {} (ett \" saknas)",
                pending_from.1 + 1
            ),
        ));
    }
    while rows.last().is_some_and(|r: &Vec<Cell>| r.iter().all(Cell::is_empty)) {
        rows.pop();
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of uneven width, with gaps, read through reused and swapped
    /// buffers, come out exactly as written: no cell of an earlier row leaks.
    #[test]
    fn streamed_rows_reuse_buffers_without_leaking_cells() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gles.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Period").unwrap();
        ws.write_string(0, 1, "Text").unwrap();
        ws.write_string(0, 4, "Belopp").unwrap();
        ws.write_number(1, 0, 201801.0).unwrap();
        ws.write_string(1, 1, "lång text som återanvänds").unwrap();
        ws.write_string(1, 2, "C").unwrap();
        ws.write_number(1, 4, 12.5).unwrap();
        ws.write_string(2, 1, "x").unwrap(); // short row: only column B
        ws.write_number(4, 3, 7.0).unwrap(); // row 4 missing, row 5 only column D
        ws.write_string(5, 0, "2018-02").unwrap();
        ws.write_string(5, 4, "1 000,00").unwrap();
        wb.save(&path).unwrap();
        let t = |s: &str| Cell::Text(s.into());
        let expected: Vec<(u32, Vec<Cell>)> = vec![
            (0, vec![t("Period"), t("Text"), Cell::Empty, Cell::Empty, t("Belopp")]),
            (1, vec![Cell::Float(201801.0), t("lång text som återanvänds"), t("C"), Cell::Empty, Cell::Float(12.5)]),
            (2, vec![Cell::Empty, t("x")]),
            (4, vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Float(7.0)]),
            (5, vec![t("2018-02"), Cell::Empty, Cell::Empty, Cell::Empty, t("1 000,00")]),
        ];
        let mut plain = Vec::new();
        Workbook::open(&path)
            .unwrap()
            .for_each_row("Sheet1", &mut |r, cells| {
                plain.push((r, cells.to_vec()));
                Ok(true)
            })
            .unwrap();
        assert_eq!(plain, expected);
        // keep every row by swapping in a used buffer, as the import's reader does
        let mut kept: Vec<(u32, usize, Vec<Cell>)> = Vec::new();
        let mut spare = vec![t("stale"), t("stale"), t("stale"), t("stale"), t("stale"), t("stale")];
        Workbook::open(&path)
            .unwrap()
            .for_each_row_buf("Sheet1", &mut |r, row, width| {
                let mut used = std::mem::take(&mut spare);
                std::mem::swap(row, &mut used);
                kept.push((r, width, used));
                spare = vec![t("stale"); 7];
                Ok(true)
            })
            .unwrap();
        let kept: Vec<(u32, Vec<Cell>)> = kept.into_iter().map(|(r, w, c)| (r, c[..w].to_vec())).collect();
        assert_eq!(kept, expected);
    }

    #[test]
    fn csv_semicolon_and_quotes() {
        let rows = read_csv("a;b;c\n1;\"x;y\";\"he said \"\"hi\"\"\"\r\n".as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][1], Cell::Text("x;y".into()));
        assert_eq!(rows[1][2], Cell::Text("he said \"hi\"".into()));
    }

    #[test]
    fn csv_comma_with_decimal_commas_in_quotes() {
        let rows = read_csv(b"\xEF\xBB\xBFKonto,Belopp\n1221,\"1 234,50\"\n").unwrap();
        assert_eq!(rows[0][0], Cell::Text("Konto".into()));
        assert_eq!(rows[1][1], Cell::Text("1 234,50".into()));
    }

    #[test]
    fn csv_windows_1252() {
        let rows = read_csv(b"Text;Belopp\nF\xf6rr\xe5d;1\n").unwrap();
        assert_eq!(rows[1][0], Cell::Text("Förråd".into()));
    }

    #[test]
    fn csv_unterminated_quote() {
        assert!(read_csv(b"a;b\n\"x;1\n").is_err());
    }
}

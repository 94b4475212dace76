//! OpenDocument spreadsheets, streamed from the zip's content.xml with a
//! pull parser: a row is built, handed over and forgotten, and repeat counts
//! (`table:number-rows-repeated`, `table:number-columns-repeated`) are
//! checked against the limits before a single repeated cell exists. calamine
//! builds the whole sheet as a range first: an 854-byte file that repeats one
//! cell 16 M times took 1,6 GB. Values follow calamine's reading of ODF.

use super::limits::{self, fmt_int, SheetBudget, MAX_COLS, MAX_ROWS};
use super::zipguard::{Guard, SheetPass, Watched};
use super::{from_iso, visible, Cell, RowBufFn};
use crate::error::{Error, Location, Result};
use quick_xml::escape::{resolve_xml_entity, unescape};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// A cell's text past this is refused: Excel holds 32 767 characters, and
/// `<text:s text:c="1000000000"/>` would otherwise expand to a gigabyte.
pub const MAX_CELL_TEXT: usize = 1 << 20;

type Zip = zip::ZipArchive<BufReader<File>>;
type Xml<'z> = quick_xml::Reader<BufReader<Watched<zip::read::ZipFile<'z, BufReader<File>>>>>;

/// An open .ods: its zip and the names of its sheets.
pub struct OdsBook {
    path: PathBuf,
    zip: Zip,
    guard: Arc<Guard>,
    sheets: Vec<String>,
}

fn xml_err(loc: &Location, e: impl std::fmt::Display) -> Error {
    Error::input(loc.clone(), format!("kan inte läsa bladet: {e}"))
}

impl OdsBook {
    /// Check the container (mimetype, encryption) and list the sheets; no
    /// cell is read yet.
    pub fn open(path: &Path, guard: Arc<Guard>) -> Result<OdsBook> {
        let loc = Location::file(path);
        let bad = |m: String| Error::input(loc.clone(), format!("kan inte läsa arbetsboken: {m}"));
        let mut zip = zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(|e| bad(e.to_string()))?;
        let mut mime = Vec::new();
        match zip.by_name("mimetype") {
            Ok(f) => f.take(MIMETYPE.len() as u64).read_to_end(&mut mime).map_err(|e| bad(e.to_string()))?,
            Err(_) => return Err(bad("OpenDocument-filen saknar mimetype; den är trasig".into())),
        };
        if mime != MIMETYPE {
            return Err(bad(format!(
                "filen är ett OpenDocument-dokument men inget kalkylark (mimetype \"{}\")",
                String::from_utf8_lossy(&mime)
            )));
        }
        let mut book = OdsBook { path: path.to_path_buf(), zip, guard, sheets: Vec::new() };
        if book.encrypted()? {
            return Err(Error::input(
                loc,
                "arbetsboken är lösenordsskyddad/krypterad: spara en kopia utan lösenord och importera den",
            ));
        }
        book.sheets = book.scan_sheets()?;
        Ok(book)
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    fn part<'z>(zip: &'z mut Zip, guard: &Arc<Guard>, name: &str) -> Option<Xml<'z>> {
        let f = zip.by_name(name).ok()?;
        let size = f.size();
        let mut r = quick_xml::Reader::from_reader(BufReader::new(Watched::new(f, name, size, Arc::clone(guard))));
        let config = r.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        Some(r)
    }

    /// The manifest marks encrypted parts with `manifest:encryption-data`.
    fn encrypted(&mut self) -> Result<bool> {
        let loc = Location::file(&self.path);
        let Some(mut xml) = Self::part(&mut self.zip, &self.guard, "META-INF/manifest.xml") else {
            return Ok(false);
        };
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|e| xml_err(&loc, e))? {
                Event::Start(e) if e.name() == QName("manifest:encryption-data") => return Ok(true),
                Event::Eof => return Ok(false),
                _ => {}
            }
        }
    }

    /// Sheet names and visibility (a table style with `table:display="false"`
    /// hides it), skipping the tables' contents.
    fn scan_sheets(&mut self) -> Result<Vec<String>> {
        let loc = Location::file(&self.path);
        let bad = |e: &dyn std::fmt::Display| Error::input(loc.clone(), format!("kan inte läsa arbetsboken: {e}"));
        let guard = Arc::clone(&self.guard);
        let Some(mut xml) = Self::part(&mut self.zip, &guard, "content.xml") else {
            return Err(bad(&"content.xml saknas"));
        };
        let pass = guard.sheet_pass();
        let mut hidden_styles: Vec<String> = Vec::new();
        let mut style: Option<String> = None;
        let mut tables: Vec<(String, bool)> = Vec::new();
        let (mut buf, mut skip, mut cells) = (Vec::new(), Vec::new(), 0u64);
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|e| bad(&e))? {
                Event::Start(e) if e.name() == QName("style:style") => style = attr(&e, "style:name").map_err(|e| bad(&e))?,
                Event::Start(e) if e.name() == QName("style:table-properties") => {
                    if let (Some(s), Some(d)) = (&style, attr(&e, "table:display").map_err(|e| bad(&e))?) {
                        if d == "false" {
                            hidden_styles.push(s.clone());
                        }
                    }
                }
                Event::Start(e) if e.name() == QName("table:table") => {
                    let name = attr(&e, "table:name").map_err(|e| bad(&e))?;
                    let style = attr(&e, "table:style-name").map_err(|e| bad(&e))?;
                    skip_counting_cells(&mut xml, &mut skip, &pass, &mut cells).map_err(|e| bad(&e))?;
                    if let Some(name) = name {
                        let shown = style.is_none_or(|s| !hidden_styles.contains(&s));
                        tables.push((name, shown));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(visible(tables))
    }

    /// Hand every row of `sheet` to `f`, as `Workbook::for_each_row_buf`.
    pub fn for_each_row(&mut self, sheet: &str, f: &mut RowBufFn<'_>) -> Result<()> {
        let loc = Location::file(&self.path).sheet(sheet);
        let guard = Arc::clone(&self.guard);
        let Some(mut xml) = Self::part(&mut self.zip, &guard, "content.xml") else {
            return Err(xml_err(&loc, "content.xml saknas"));
        };
        let (mut buf, mut skip) = (Vec::new(), Vec::new());
        // find the table
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|e| xml_err(&loc, e))? {
                Event::Start(e) if e.name() == QName("table:table") => {
                    if attr(&e, "table:name").map_err(|e| xml_err(&loc, e))?.as_deref() == Some(sheet) {
                        break;
                    }
                    xml.read_to_end_into(e.name(), &mut skip).map_err(|e| xml_err(&loc, e))?;
                }
                Event::Eof => return Err(Error::input(loc, "bladet finns inte i content.xml")),
                _ => {}
            }
        }
        let pass = guard.sheet_pass();
        let mut rows = RowReader { loc, row: 0, cells: 0, budget: SheetBudget::default(), template: Vec::new() };
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|e| xml_err(&rows.loc, e))? {
                Event::Start(e) if e.name() == QName("table:table-row") => {
                    let repeat = count_attr(&e, "table:number-rows-repeated").map_err(|m| xml_err(&rows.loc, m))?;
                    if !rows.row(&mut xml, repeat, f)? {
                        return Ok(());
                    }
                    pass.cells(rows.cells);
                }
                // a table inside the table is not part of the sheet
                Event::Start(e) if e.name() == QName("table:table") => {
                    xml.read_to_end_into(e.name(), &mut skip).map_err(|e| xml_err(&rows.loc, e))?;
                }
                Event::End(e) if e.name() == QName("table:table") => return Ok(()),
                Event::Eof => return Err(xml_err(&rows.loc, "content.xml slutar mitt i bladet")),
                _ => {}
            }
        }
    }
}

/// Skip a table's content, counting its cells: the work the guard allows
/// bytes for.
fn skip_counting_cells(xml: &mut Xml<'_>, buf: &mut Vec<u8>, pass: &SheetPass<'_>, cells: &mut u64) -> quick_xml::Result<()> {
    let mut depth = 0u64;
    loop {
        buf.clear();
        match xml.read_event_into(buf)? {
            Event::Start(e) => {
                if is_cell(&e) {
                    *cells += 1;
                    if *cells % 1024 == 0 {
                        pass.cells(*cells);
                    }
                }
                depth += 1;
            }
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    pass.cells(*cells);
    Ok(())
}

fn is_cell(e: &BytesStart<'_>) -> bool {
    e.name() == QName("table:table-cell") || e.name() == QName("table:covered-table-cell")
}

/// An attribute's unescaped value.
fn attr(e: &BytesStart<'_>, name: &str) -> quick_xml::Result<Option<String>> {
    for a in e.attributes().with_checks(false) {
        let a = a?;
        if a.key.as_ref() == name {
            return Ok(Some(unescape(&a.value).map_err(quick_xml::Error::from)?.into_owned()));
        }
    }
    Ok(None)
}

/// A repeat count (default 1).
fn count_attr(e: &BytesStart<'_>, name: &str) -> std::result::Result<u64, String> {
    match attr(e, name).map_err(|e| e.to_string())? {
        None => Ok(1),
        Some(v) => v.trim().parse().map_err(|_| format!("{name}=\"{v}\" är inget antal")),
    }
}

/// The rows of one sheet, read one `<table:table-row>` at a time.
struct RowReader {
    loc: Location,
    /// 0-based index of the next row (repeats included)
    row: u64,
    /// cell elements read so far, for the guard
    cells: u64,
    budget: SheetBudget,
    template: Vec<Cell>,
}

impl RowReader {
    /// Read one row element (repeated `repeat` times) and hand it to `f`;
    /// false when `f` asked to stop.
    fn row(&mut self, xml: &mut Xml<'_>, repeat: u64, f: &mut RowBufFn<'_>) -> Result<bool> {
        let mut cells = std::mem::take(&mut self.template);
        cells.clear();
        let (mut col, mut buf, mut skip) = (0u64, Vec::new(), Vec::new());
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|e| xml_err(&self.loc, e))? {
                Event::Start(e) if is_cell(&e) => {
                    self.cells += 1;
                    let span = count_attr(&e, "table:number-columns-repeated").map_err(|m| self.at(col, m))?;
                    let (value, closed) = self.value(xml, &e, col, &mut skip)?;
                    if !closed {
                        xml.read_to_end_into(e.name(), &mut skip).map_err(|e| xml_err(&self.loc, e))?;
                    }
                    if let Some(v) = value {
                        self.place(&mut cells, col, span, v)?;
                    }
                    col = col.saturating_add(span);
                }
                Event::Start(e) => {
                    xml.read_to_end_into(e.name(), &mut skip).map_err(|e| xml_err(&self.loc, e))?;
                }
                Event::End(e) if e.name() == QName("table:table-row") => break,
                Event::Eof => return Err(xml_err(&self.loc, "content.xml slutar mitt i en rad")),
                _ => {}
            }
        }
        let first = self.row;
        self.row = self.row.saturating_add(repeat);
        let width = cells.len() as u64;
        if width == 0 || repeat == 0 {
            self.template = cells;
            return Ok(true);
        }
        // a row with data past the grid, or repeated past it, is refused
        // before it is handed over
        if self.row > MAX_ROWS {
            let mut m = limits::row_message(first.max(MAX_ROWS));
            if repeat > 1 {
                m.push_str(&format!(" (raden upprepas {} gånger med table:number-rows-repeated)", fmt_int(repeat)));
            }
            return Err(Error::input(limits::cell_location(&self.loc, first, 0), m));
        }
        self.budget.rows(&self.loc, first, width, repeat)?;
        let mut row = if repeat > 1 { cells.clone() } else { std::mem::take(&mut cells) };
        for r in first..self.row {
            if r > first {
                row.clone_from(&cells);
            }
            // the loop is bounded by MAX_ROWS
            if !f(r as u32, &mut row, width as usize)? {
                return Ok(false);
            }
        }
        self.template = row;
        Ok(true)
    }

    fn at(&self, col: u64, m: impl Into<String>) -> Error {
        Error::input(limits::cell_location(&self.loc, self.row, col), m)
    }

    /// Put `v` in columns `col..col + span`, refusing columns past XFD.
    fn place(&mut self, cells: &mut Vec<Cell>, col: u64, span: u64, v: Cell) -> Result<()> {
        if span == 0 {
            return Ok(());
        }
        let last = col.saturating_add(span - 1);
        if last >= MAX_COLS {
            let mut m = limits::column_message(last);
            if span > 1 {
                m.push_str(&format!(" (cellen upprepas {} gånger med table:number-columns-repeated)", fmt_int(span)));
            }
            return Err(self.at(col.min(last), m));
        }
        cells.resize(col as usize, Cell::Empty);
        cells.extend(std::iter::repeat_n(v, span as usize));
        Ok(())
    }

    /// The value of a `<table:table-cell>` (None when it has none) and
    /// whether its end tag was read.
    fn value(&self, xml: &mut Xml<'_>, e: &BytesStart<'_>, col: u64, buf: &mut Vec<u8>) -> Result<(Option<Cell>, bool)> {
        let bad = |m: String| self.at(col, format!("kan inte läsa cellen: {m}"));
        let (mut value, mut is_string, mut is_error) = (None, false, false);
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|e| bad(e.to_string()))?;
            let set = value.is_some();
            let text = || unescape(&a.value).map(|v| v.into_owned()).map_err(|e| bad(e.to_string()));
            match a.key.as_ref() {
                "office:value" if !set => {
                    let v = a.value.trim();
                    let x: f64 = v.parse().map_err(|_| bad(format!("office:value=\"{v}\" är inget tal")))?;
                    value = Some(Cell::Float(x));
                }
                "office:string-value" if !set => value = Some(Cell::Text(text()?)),
                "office:date-value" if !set => value = Some(from_iso(&text()?)),
                "office:time-value" if !set => value = Some(Cell::Text(text()?)),
                "office:boolean-value" if !set => value = Some(Cell::Bool(a.value == "TRUE" || a.value == "true")),
                "office:value-type" if !set => is_string = a.value == "string",
                "calcext:value-type" => is_error = a.value == "error",
                _ => {}
            }
        }
        let empty_text = matches!(&value, Some(Cell::Text(s)) if s.is_empty());
        if (value.is_none() && is_string) || (is_error && empty_text) {
            return Ok((Some(Cell::Text(self.text(xml, col, buf)?)), true));
        }
        Ok((value, false))
    }

    /// A string cell's text from its paragraphs, up to its end tag.
    fn text(&self, xml: &mut Xml<'_>, col: u64, buf: &mut Vec<u8>) -> Result<String> {
        let bad = |m: String| self.at(col, format!("kan inte läsa cellen: {m}"));
        let too_long = || self.at(col, format!("cellens text är längre än {} tecken", fmt_int(MAX_CELL_TEXT as u64)));
        let (mut s, mut first) = (String::new(), true);
        let mut skip = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(buf).map_err(|e| bad(e.to_string()))? {
                Event::Text(t) => s.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => match resolve_xml_entity(&r) {
                    Some(x) => s.push_str(x),
                    None => match r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
                        Some(c) => s.push(c),
                        None => return Err(bad(format!("okänd entitet &{};", &*r))),
                    },
                },
                Event::End(e) if e.name() == QName("table:table-cell") || e.name() == QName("table:covered-table-cell") => {
                    return Ok(s);
                }
                Event::Start(e) if e.name() == QName("office:annotation") => {
                    xml.read_to_end_into(e.name(), &mut skip).map_err(|e| bad(e.to_string()))?;
                }
                Event::Start(e) if e.name() == QName("text:p") => {
                    if !first {
                        s.push('\n');
                    }
                    first = false;
                }
                Event::Start(e) if e.name() == QName("text:s") => {
                    let n = count_attr(&e, "text:c").map_err(bad)?;
                    if n > (MAX_CELL_TEXT - s.len().min(MAX_CELL_TEXT)) as u64 {
                        return Err(too_long());
                    }
                    s.extend(std::iter::repeat_n(' ', n as usize));
                }
                Event::Start(e) if e.name() == QName("text:tab") => s.push('\t'),
                Event::Start(e) if e.name() == QName("text:line-break") => s.push('\n'),
                Event::Eof => return Err(bad("content.xml slutar mitt i cellen".into())),
                _ => {}
            }
            if s.len() > MAX_CELL_TEXT {
                return Err(too_long());
            }
        }
    }
}

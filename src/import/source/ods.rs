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

/// When the guard cut the stream, its reason is the error (the XML reader
/// only saw an I/O error).
fn watched(guard: &Guard, loc: &Location, e: Error) -> Error {
    match guard.refusal() {
        Some(why) => Error::input(loc.clone(), why),
        None => e,
    }
}

fn xml_err(loc: &Location, e: impl std::fmt::Display) -> Error {
    Error::input(loc.clone(), format!("kan inte läsa bladet: {e}"))
}

impl OdsBook {
    /// Check the container (mimetype, encryption) and list the sheets; no
    /// cell is read yet.
    pub fn open(path: &Path, guard: Arc<Guard>) -> Result<OdsBook> {
        let loc = Location::file(path);
        Self::open_unwatched(path, Arc::clone(&guard)).map_err(|e| watched(&guard, &loc, e))
    }

    fn open_unwatched(path: &Path, guard: Arc<Guard>) -> Result<OdsBook> {
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
                Event::Start(e) if e.name() == QName("style:style") => {
                    style = attr(&e, "style:name").map_err(|e| bad(&e))?
                }
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
    /// `cells` caps the sheet's cells (`limits::MAX_CELLS` but in tests).
    pub fn for_each_row(&mut self, sheet: &str, cells: u64, f: &mut RowBufFn<'_>) -> Result<()> {
        let loc = Location::file(&self.path).sheet(sheet);
        let guard = Arc::clone(&self.guard);
        self.rows_unwatched(sheet, cells, f).map_err(|e| watched(&guard, &loc, e))
    }

    fn rows_unwatched(&mut self, sheet: &str, cells: u64, f: &mut RowBufFn<'_>) -> Result<()> {
        let loc = Location::file(&self.path).sheet(sheet);
        let guard = Arc::clone(&self.guard);
        let Some(mut xml) = Self::part(&mut self.zip, &guard, "content.xml") else {
            return Err(xml_err(&loc, "content.xml saknas"));
        };
        let (mut buf, mut skip, mut before) = (Vec::new(), Vec::new(), 0u64);
        let pass = guard.sheet_pass();
        // find the table; the ones before it are work too
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|e| xml_err(&loc, e))? {
                Event::Start(e) if e.name() == QName("table:table") => {
                    if attr(&e, "table:name").map_err(|e| xml_err(&loc, e))?.as_deref() == Some(sheet) {
                        break;
                    }
                    skip_counting_cells(&mut xml, &mut skip, &pass, &mut before).map_err(|e| xml_err(&loc, e))?;
                }
                Event::Eof => return Err(Error::input(loc, "bladet finns inte i content.xml")),
                _ => {}
            }
        }
        let mut rows = RowReader { loc, row: 0, cells: before, budget: SheetBudget::new(cells), template: Vec::new() };
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
fn skip_counting_cells(
    xml: &mut Xml<'_>,
    buf: &mut Vec<u8>,
    pass: &SheetPass<'_>,
    cells: &mut u64,
) -> quick_xml::Result<()> {
    let mut depth = 0u64;
    loop {
        buf.clear();
        match xml.read_event_into(buf)? {
            Event::Start(e) => {
                if is_cell(&e) {
                    *cells += 1;
                    if cells.is_multiple_of(1024) {
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
    fn value(
        &self,
        xml: &mut Xml<'_>,
        e: &BytesStart<'_>,
        col: u64,
        buf: &mut Vec<u8>,
    ) -> Result<(Option<Cell>, bool)> {
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
                Event::End(e)
                    if e.name() == QName("table:table-cell") || e.name() == QName("table:covered-table-cell") =>
                {
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

#[cfg(test)]
mod tests {
    use super::super::testfiles::{ods, read, read_with, refusal, table};
    use super::super::{from_data, Workbook};
    use super::*;
    use calamine::Reader;

    fn cell(attrs: &str) -> String {
        format!("<table:table-cell {attrs}/>")
    }
    fn text(t: &str) -> String {
        format!(r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#)
    }
    const HEADER: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Period</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Belopp</text:p></table:table-cell></table:table-row>"#;

    /// A row of `cells` repeated `rows` times.
    fn repeated(rows: u64, cells: &str) -> String {
        format!(r#"<table:table-row table:number-rows-repeated="{rows}">{cells}</table:table-row>"#)
    }

    /// The streamed reader gives what calamine's range gave for the
    /// committed .ods files: every non-empty row, cell by cell.
    #[test]
    fn reads_the_fixtures_as_calamine_did() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        {
            let file = root.join("huvudbok_2017.ods");
            let mut cal: calamine::Ods<_> = calamine::open_workbook(&file).unwrap();
            let mut wb = Workbook::open(&file).unwrap();
            assert_eq!(wb.sheet_names(), cal.sheet_names().as_slice());
            for sheet in wb.sheet_names().to_vec() {
                let range = cal.worksheet_range(&sheet).unwrap();
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let mut want: Vec<(u32, Vec<Cell>)> = Vec::new();
                for (i, r) in range.rows().enumerate() {
                    let mut cells: Vec<Cell> = std::iter::repeat_n(Cell::Empty, c0 as usize).collect();
                    cells.extend(r.iter().map(from_data));
                    while cells.last() == Some(&Cell::Empty) {
                        cells.pop();
                    }
                    if !cells.is_empty() {
                        want.push((r0 + i as u32, cells));
                    }
                }
                let mut got = Vec::new();
                wb.for_each_row(&sheet, &mut |r, c| {
                    got.push((r, c.to_vec()));
                    Ok(true)
                })
                .unwrap();
                assert!(want.len() > 2, "{}", file.display());
                assert_eq!(got, want, "{} / {sheet}", file.display());
            }
        }
    }

    /// The issue's 854-byte file: one value repeated 16 384 columns wide
    /// and 1 000 rows down (16 M cells, 1,6 GB through calamine). Refused at
    /// the repeat, before one repeated cell is built.
    #[test]
    fn repeat_bomb_small_is_refused_at_the_repeat() {
        let dir = tempfile::tempdir().unwrap();
        let bomb = repeated(
            1000,
            &cell(r#"table:number-columns-repeated="16384" office:value-type="float" office:value="1""#),
        );
        let path = ods(dir.path(), "bomb.ods", &table(&format!("{HEADER}{bomb}")));
        assert!(std::fs::metadata(&path).unwrap().len() < 1200);
        assert_eq!(
            refusal(read(&path)),
            "bomb.ods, blad \"Blad1\", rad 2: bladet har fler än 1 048 576 celler i rader bredare än 128 kolumner \
             (den här raden når kolumn XFD); så breda blad är inga exporter och läses inte"
        );
    }

    /// 98 M cells (6 000 rows of 16 384; under calamine's 100 M cap, and its
    /// allocation aborted the process), and 30 M in narrow rows.
    #[test]
    fn repeat_bomb_large_is_refused_by_the_cell_budget() {
        let dir = tempfile::tempdir().unwrap();
        let refused = "bladet har fler än 25 165 824 celler, gränsen för ett blad (en huvudbok har högst omkring 20 \
                       miljoner); filen är ingen export från ett ekonomisystem";
        let wide = repeated(
            6000,
            &cell(r#"table:number-columns-repeated="16384" office:value-type="float" office:value="1""#),
        );
        let path = ods(dir.path(), "stor.ods", &table(&format!("{HEADER}{wide}")));
        assert_eq!(refusal(read(&path)), format!("stor.ods, blad \"Blad1\", rad 2: {refused}"));
        let narrow = repeated(
            1_000_000,
            &cell(r#"table:number-columns-repeated="30" office:value-type="float" office:value="1""#),
        );
        let path = ods(dir.path(), "lang.ods", &table(&format!("{HEADER}{narrow}")));
        assert_eq!(refusal(read(&path)), format!("lang.ods, blad \"Blad1\", rad 2: {refused}"));
        // the same budget, a thousand times lower
        let rows =
            repeated(100, &cell(r#"table:number-columns-repeated="20" office:value-type="float" office:value="1""#));
        let path = ods(dir.path(), "liten.ods", &table(&rows));
        let wb = Workbook::open(&path).unwrap().with_limits(limits::Limits { cells: 1000, ..Default::default() });
        assert!(refusal(read_with(wb)).starts_with("liten.ods, blad \"Blad1\", rad 1: bladet har fler än 1 000 celler"));
    }

    /// Repeats that carry data past the grid are refused; empty ones (which
    /// LibreOffice writes to the sheet's end) are skipped in no time.
    #[test]
    fn repeats_past_the_grid() {
        let dir = tempfile::tempdir().unwrap();
        let value = cell(r#"office:value-type="float" office:value="1""#);
        let path = ods(dir.path(), "rader.ods", &table(&format!("{HEADER}{}", repeated(2_000_000, &value))));
        assert_eq!(
            refusal(read(&path)),
            "rader.ods, blad \"Blad1\", cell A2 (rad 2, kolumn A): rad 1 048 577 ligger utanför Excels gräns \
             (1 048 576 rader) (raden upprepas 2 000 000 gånger med table:number-rows-repeated)"
        );
        let wide = cell(r#"table:number-columns-repeated="20000" office:value-type="float" office:value="1""#);
        let path =
            ods(dir.path(), "kolumner.ods", &table(&format!("{HEADER}<table:table-row>{wide}</table:table-row>")));
        assert_eq!(
            refusal(read(&path)),
            "kolumner.ods, blad \"Blad1\", cell A2 (rad 2, kolumn A): kolumn ACOF ligger utanför Excels gräns \
             (XFD, 16 384 kolumner) (cellen upprepas 20 000 gånger med table:number-columns-repeated)"
        );
        // LibreOffice's own padding: data, then empty cells and rows to the end
        let pad = cell(r#"table:number-columns-repeated="16382""#);
        let data = format!("<table:table-row>{value}{value}{pad}</table:table-row>");
        let tail = repeated(1_048_574, &cell(r#"table:number-columns-repeated="1000000""#));
        let path =
            ods(dir.path(), "luft.ods", &table(&format!("{HEADER}{data}{tail}{}", repeated(5_000_000, &cell("")))));
        assert_eq!(read(&path).unwrap(), vec![(0, 2), (1, 2)]);
    }

    /// A row repeated with data is handed over row by row through one
    /// reused buffer: 200 000 rows from a few hundred bytes, memory flat.
    #[test]
    fn repeated_rows_stream() {
        let dir = tempfile::tempdir().unwrap();
        let row = format!("{}{}", text("2018-03"), cell(r#"office:value-type="float" office:value="12.5""#));
        let path = ods(dir.path(), "upprepad.ods", &table(&format!("{HEADER}{}", repeated(200_000, &row))));
        let mut wb = Workbook::open(&path).unwrap();
        let (mut n, mut last) = (0u32, None);
        wb.for_each_row("Blad1", &mut |r, c| {
            n += 1;
            last = Some((r, c.to_vec()));
            Ok(true)
        })
        .unwrap();
        assert_eq!(n, 200_001);
        assert_eq!(last, Some((200_000, vec![Cell::Text("2018-03".into()), Cell::Float(12.5)])));
    }

    #[test]
    fn text_and_values_read_as_calamine_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let cells = [
            r#"<table:table-cell office:value-type="string"><text:p>a<text:s text:c="3"/>b &amp; c&#x41;</text:p><text:p>rad<text:tab/>två</text:p><office:annotation><text:p>kommentar</text:p></office:annotation></table:table-cell>"#.to_string(),
            cell(r#"office:value-type="date" office:date-value="2018-03-14""#),
            cell(r#"office:value-type="boolean" office:boolean-value="true""#),
            cell(r#"office:value-type="string" office:string-value="attr &lt;x&gt;""#),
            r#"<table:table-cell office:value-type="float" office:value="7"><text:p>7,00 kr</text:p></table:table-cell>"#.to_string(),
            r#"<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>"#.to_string(),
        ];
        let path =
            ods(dir.path(), "varden.ods", &table(&format!("<table:table-row>{}</table:table-row>", cells.concat())));
        let mut wb = Workbook::open(&path).unwrap();
        let mut got = Vec::new();
        wb.for_each_row("Blad1", &mut |_, c| {
            got = c.to_vec();
            Ok(true)
        })
        .unwrap();
        let d = chrono::NaiveDate::from_ymd_opt(2018, 3, 14).unwrap();
        assert_eq!(
            got,
            vec![
                Cell::Text("a   b & cA\nrad\ttvå".into()),
                Cell::Date(d),
                Cell::Bool(true),
                Cell::Text("attr <x>".into()),
                Cell::Float(7.0),
                Cell::Text("#DIV/0!".into()),
            ]
        );
    }

    /// `<text:s text:c="1000000000"/>` would be a gigabyte of spaces.
    #[test]
    fn space_bomb_in_a_cell_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let bomb = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>x<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>"#;
        let path = ods(dir.path(), "mellanslag.ods", &table(bomb));
        assert_eq!(
            refusal(read(&path)),
            "mellanslag.ods, blad \"Blad1\", cell A1 (rad 1, kolumn A): cellens text är längre än 1 048 576 tecken"
        );
    }

    /// Hidden sheets are not offered; content.xml may not inflate past what
    /// the zip declares.
    #[test]
    fn hidden_sheets_and_a_lying_zip() {
        let dir = tempfile::tempdir().unwrap();
        let styles = r#"<office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>"#;
        let body = format!(
            r#"{styles}<office:body><office:spreadsheet><table:table table:name="Dold" table:style-name="ta2">{HEADER}</table:table><table:table table:name="Synlig">{HEADER}</table:table></office:spreadsheet></office:body>"#
        );
        let path = ods(dir.path(), "dold.ods", &body);
        assert_eq!(Workbook::open(&path).unwrap().sheet_names(), ["Synlig"]);
        super::super::testfiles::declare_size(&path, "content.xml", 100);
        assert_eq!(
            Workbook::open(&path).err().map(|e| e.to_string()),
            Some(
                "dold.ods: content.xml packas upp till mer än de 100 byte zip-filen anger; filen är trasig eller \
                  manipulerad"
                    .into()
            )
        );
    }
}

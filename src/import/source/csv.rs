//! CSV: `;`, `,` or tab; UTF-8 with or without BOM, Windows-1252, or UTF-16
//! with a byte-order mark. The text is checked once when the file is opened
//! (field counts, the cell budget, an unterminated quote) without building a
//! cell, and rows are split again as they are read, into one reused buffer:
//! a 20 MB line of 10⁷ fields is refused at its 16 385th field instead of
//! becoming ten million strings.

use super::limits::{fmt_int, SheetBudget, MAX_CSV_FIELDS};
use super::{Cell, RowBufFn};
use crate::error::{Error, Location, Result};

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

/// One CSV file, decoded, seen as a sheet.
pub struct CsvSheet {
    text: String,
    delim: u8,
    /// records up to the last one with any text (trailing blank ones dropped)
    rows: u32,
}

/// Walk the records of `text`: a record is a line, or several when a quoted
/// field holds line breaks (an odd number of quotes so far). `f(index,
/// record)` may stop the walk; an error carries the 0-based record where it
/// is.
fn records(text: &str, f: &mut dyn FnMut(u32, &str) -> Result<bool>) -> std::result::Result<(), (u32, String)> {
    let mut pending = String::new();
    let mut quotes = 0usize;
    let mut index: u32 = 0;
    let mut from_line = 0usize;
    for (no, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if pending.is_empty() && quotes == 0 {
            from_line = no;
        } else {
            pending.push('\n');
        }
        pending.push_str(line);
        quotes += line.bytes().filter(|&b| b == b'"').count();
        if quotes % 2 == 1 {
            continue;
        }
        match f(index, &pending) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err((index, e.to_string())),
        }
        pending.clear();
        quotes = 0;
        index = index.saturating_add(1);
    }
    if quotes % 2 == 1 {
        return Err((
            index,
            format!("CSV-filen slutar mitt i ett citerat fält som börjar på textrad {} (ett \" saknas)", from_line + 1),
        ));
    }
    Ok(())
}

/// Split one record into fields, calling `field(text)` for each; stops (and
/// says how many it saw) once there are more than `max`. A quote opens a
/// quoted field only at its start (after blanks); `""` inside is one quote.
fn split(record: &str, delim: u8, max: u64, cur: &mut String, field: &mut dyn FnMut(&str)) -> u64 {
    cur.clear();
    let mut n = 0u64;
    let mut in_q = false;
    let mut blank = true; // `cur` is empty or blanks only
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        if in_q {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cur.push('"');
                    blank = false;
                    chars.next();
                } else {
                    in_q = false;
                }
            } else {
                cur.push(c);
                blank &= c.is_whitespace();
            }
        } else if c == '"' && blank {
            cur.clear();
            in_q = true;
        } else if c as u32 == delim as u32 {
            n += 1;
            if n > max {
                return n;
            }
            field(cur);
            cur.clear();
            blank = true;
        } else {
            cur.push(c);
            blank &= c.is_whitespace();
        }
    }
    field(cur);
    n + 1
}

/// Fields of one record, counting no further than `max + 1`.
fn count_fields(record: &str, delim: u8, max: u64, cur: &mut String) -> (u64, bool) {
    let mut text = false;
    let n = split(record, delim, max, cur, &mut |s| text |= !s.trim().is_empty());
    (n, text)
}

/// The delimiter is the one of `;`, tab and `,` that splits the first lines
/// into the most consistent, widest rows (quotes respected).
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (b';', 0u64);
    let mut cur = String::new();
    for d in [b';', b'\t', b','] {
        let counts: Vec<u64> = lines.iter().map(|l| count_fields(l, d, MAX_CSV_FIELDS, &mut cur).0).collect();
        let max = counts.iter().copied().max().unwrap_or(1);
        // how many lines reach the widest count
        let score = if max > 1 { counts.iter().filter(|&&c| c == max).count() as u64 * max } else { 0 };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

impl CsvSheet {
    /// Decode and check `bytes` (the file `sheet` names). Errors are input
    /// errors naming the record.
    pub fn parse(bytes: &[u8], sheet: &Location) -> Result<CsvSheet> {
        let mut text = decode_text(bytes);
        // Old Mac line ends (CR only)
        if !text.contains('\n') && text.contains('\r') {
            text = text.replace('\r', "\n");
        }
        let delim = detect_delimiter(&text);
        let (mut budget, mut cur, mut rows) = (SheetBudget::default(), String::new(), 0u32);
        let mut failure = None;
        let walked = records(&text, &mut |i, rec| {
            let (n, has_text) = count_fields(rec, delim, MAX_CSV_FIELDS, &mut cur);
            if n > MAX_CSV_FIELDS {
                failure = Some(Error::input(
                    sheet.clone().row(i),
                    format!(
                        "raden har fler än {} fält (Excels gräns är {} kolumner); fel avgränsare, eller ingen CSV-export",
                        fmt_int(MAX_CSV_FIELDS),
                        fmt_int(MAX_CSV_FIELDS)
                    ),
                ));
                return Ok(false);
            }
            if let Err(e) = budget.rows(sheet, i.into(), n, 1) {
                failure = Some(e);
                return Ok(false);
            }
            if has_text {
                rows = i + 1;
            }
            Ok(true)
        });
        if let Some(e) = failure {
            return Err(e);
        }
        walked.map_err(|(row, m)| Error::input(sheet.clone().row(row), m))?;
        Ok(CsvSheet { text, delim, rows })
    }

    /// Records that will be handed over (trailing blank ones are not).
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Hand each record to `f` as `Workbook::for_each_row_buf` does; empty
    /// fields are `Cell::Empty`, the rest text.
    pub fn for_each_row(&self, f: &mut RowBufFn<'_>) -> Result<()> {
        let (mut row, mut cur) = (Vec::<Cell>::new(), String::new());
        let mut failure = None;
        let rows = self.rows;
        let _ = records(&self.text, &mut |i, rec| {
            if i >= rows {
                return Ok(false);
            }
            let mut n = 0usize;
            split(rec, self.delim, MAX_CSV_FIELDS, &mut cur, &mut |s| {
                match (row.get_mut(n), s.is_empty()) {
                    (Some(c), true) => *c = Cell::Empty,
                    (Some(c), false) => c.set_text(s),
                    (None, true) => row.push(Cell::Empty),
                    (None, false) => row.push(Cell::Text(s.to_string())),
                }
                n += 1;
            });
            row.truncate(n);
            match f(i, &mut row, n) {
                Ok(go) => Ok(go),
                Err(e) => {
                    failure = Some(e);
                    Ok(false)
                }
            }
        });
        failure.map_or(Ok(()), Err)
    }
}

/// Parse CSV into text cells. Quoted fields may contain delimiters, doubled
/// quotes and newlines.
pub fn read_csv(bytes: &[u8]) -> std::result::Result<Vec<Vec<Cell>>, String> {
    let loc = Location::file(std::path::Path::new("csv")).sheet("csv");
    let sheet = CsvSheet::parse(bytes, &loc).map_err(|e| match e {
        Error::Input(errs) => {
            errs.first().map(|c| format!("rad {}: {}", c.location.row.unwrap_or(0) + 1, c.message)).unwrap_or_default()
        }
        e => e.to_string(),
    })?;
    let mut rows = Vec::new();
    sheet
        .for_each_row(&mut |_, row, width| {
            rows.push(row[..width].to_vec());
            Ok(true)
        })
        .map_err(|e| e.to_string())?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            read_csv(b"a;b\n\"x;1\n").unwrap_err(),
            "rad 2: CSV-filen slutar mitt i ett citerat fält som börjar på textrad 2 (ett \" saknas)"
        );
    }

    /// Records keep their shape: blank lines inside, quoted line breaks,
    /// trailing blank records dropped, blanks before a quote.
    #[test]
    fn records_blank_lines_and_quoted_breaks() {
        let rows = read_csv(b"a;b\n\n1; \"x\ny\";\n\"\";  \n;\n\n").unwrap();
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(rows, vec![vec![t("a"), t("b")], vec![Cell::Empty], vec![t("1"), t("x\ny"), Cell::Empty]]);
    }

    /// 10⁶ fields on one line: refused at the 16 385th, with the record named.
    #[test]
    fn wide_line_is_refused_at_the_field_limit() {
        let mut text = String::from("Period;Konto;Belopp\n201801;1;2\n");
        text.push_str(&";".repeat(1_000_000));
        text.push('\n');
        let loc = Location::file(std::path::Path::new("bred.csv")).sheet("bred");
        let t = std::time::Instant::now();
        let err = CsvSheet::parse(text.as_bytes(), &loc).err().unwrap().to_string();
        assert_eq!(
            err,
            "bred.csv, blad \"bred\", rad 3: raden har fler än 16 384 fält (Excels gräns är 16 384 kolumner); \
             fel avgränsare, eller ingen CSV-export"
        );
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        // 16 384 fields is Excel's width and still a row
        let ok = format!("a;b\n{}x\n", ";".repeat(16_383));
        let sheet = CsvSheet::parse(ok.as_bytes(), &loc).unwrap();
        let mut widths = Vec::new();
        sheet
            .for_each_row(&mut |_, _, w| {
                widths.push(w);
                Ok(true)
            })
            .unwrap();
        assert_eq!(widths, vec![2, 16_384]);
    }

    /// Many records of many fields: the cell budget ends it before the end
    /// of the file, at the record that crosses it.
    #[test]
    fn many_wide_records_hit_the_wide_row_budget() {
        let line = format!("1{}\n", ";1".repeat(199)); // 200 fields
        let text = line.repeat(6000); // 1,2 M cells in rows wider than 128
        let loc = Location::file(std::path::Path::new("bred.csv")).sheet("bred");
        let err = CsvSheet::parse(text.as_bytes(), &loc).err().unwrap().to_string();
        assert_eq!(
            err,
            "bred.csv, blad \"bred\", rad 5243: bladet har fler än 1 048 576 celler i rader bredare än 128 kolumner \
             (den här raden når kolumn GR); så breda blad är inga exporter och läses inte"
        );
    }
}

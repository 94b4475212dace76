//! Unit tests of the readers (kept beside `source.rs`).

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

use testfiles::{declare_size, read, read_with, refusal, xlsx, HEADER};

fn row(r: u32, cells: &str) -> String {
    format!("<row r=\"{r}\">{cells}</row>")
}

/// The issue's file: 1,6 KB, one cell at column ZZZZZZ, and calamine's
/// position for it made the row vector 10 GB. Refused before it grows.
#[test]
fn far_column_is_refused_before_the_row_grows() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("{HEADER}{}", row(2, r#"<c r="ZZZZZZ2"><v>1</v></c>"#));
    let path = xlsx(dir.path(), "langt_bort.xlsx", data.as_bytes());
    assert!(std::fs::metadata(&path).unwrap().len() < 2000);
    assert_eq!(
        refusal(read(&path)),
        "langt_bort.xlsx, blad \"Huvudbok\", cell ZZZZZZ2 (rad 2, kolumn ZZZZZZ): \
         kolumn ZZZZZZ ligger utanför Excels gräns (XFD, 16 384 kolumner)"
    );
    // XFD1048576 is the grid's last cell and is read
    let data = format!("{HEADER}{}", row(1048576, r#"<c r="XFD1048576"><v>1</v></c>"#));
    let path = xlsx(dir.path(), "sista.xlsx", data.as_bytes());
    assert_eq!(read(&path).unwrap(), vec![(0, 2), (1_048_575, 16_384)]);
}

#[test]
fn far_row_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("{HEADER}{}", row(2000000, r#"<c r="A2000000"><v>1</v></c>"#));
    let path = xlsx(dir.path(), "langt_ner.xlsx", data.as_bytes());
    assert_eq!(
        refusal(read(&path)),
        "langt_ner.xlsx, blad \"Huvudbok\", cell A2000000 (rad 2000000, kolumn A): \
         rad 2 000 000 ligger utanför Excels gräns (1 048 576 rader)"
    );
}

/// Rows within the grid but 16 384 wide: 64 are read, the 65th refused
/// (the import holds thousands of rows in flight).
#[test]
fn wide_rows_are_read_up_to_their_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = HEADER.to_string();
    for r in 2..2000 {
        data.push_str(&row(r, &format!(r#"<c r="A{r}"><v>201801</v></c><c r="XFD{r}"><v>1</v></c>"#)));
    }
    let path = xlsx(dir.path(), "breda.xlsx", data.as_bytes());
    assert_eq!(
        refusal(read(&path)),
        "breda.xlsx, blad \"Huvudbok\", rad 66: bladet har fler än 1 048 576 celler i rader bredare än 128 \
         kolumner (den här raden når kolumn XFD); så breda blad är inga exporter och läses inte"
    );
}

/// The cell budget counts every `<c>`, empty ones too (they cost the
/// reader as much); here with a budget of 1 000 instead of 25 M.
#[test]
fn cell_budget_counts_every_cell_element() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits { cells: 1000, ..Limits::default() };
    let refused = "bladet har fler än 1 000 celler, gränsen för ett blad (en huvudbok har högst omkring 20 \
                   miljoner); filen är ingen export från ett ekonomisystem";
    let mut data = String::new();
    for r in 1..=100 {
        data.push_str(&format!("<row>{}</row>", "<c><v>1</v></c>".repeat(20)));
        let _ = r;
    }
    let path = xlsx(dir.path(), "manga.xlsx", data.as_bytes());
    let wb = Workbook::open(&path).unwrap().with_limits(limits);
    assert_eq!(refusal(read_with(wb)), format!("manga.xlsx, blad \"Huvudbok\", rad 51: {refused}"));
    let data = format!("{HEADER}<row r=\"2\">{}</row>", "<c s=\"1\"/>".repeat(2000));
    let path = xlsx(dir.path(), "tomma.xlsx", data.as_bytes());
    let wb = Workbook::open(&path).unwrap().with_limits(limits);
    assert_eq!(refusal(read_with(wb)), format!("tomma.xlsx, blad \"Huvudbok\", rad 2: {refused}"));
}

/// Sheet XML that makes no cells is refused after the grace (1 MiB here,
/// 128 MiB for real): `<x/>` by the million kept the reader busy for
/// minutes.
#[test]
fn xml_without_cells_is_refused_after_the_grace() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("{HEADER}{}", "<x/>".repeat(1_000_000));
    let path = xlsx(dir.path(), "skrap.xlsx", data.as_bytes());
    let wb = Workbook::open(&path).unwrap().with_limits(Limits { junk_grace: 1 << 20, ..Limits::default() });
    assert_eq!(
        refusal(read_with(wb)),
        "skrap.xlsx, blad \"Huvudbok\": bladet (xl/worksheets/sheet1.xml) har 1 MB XML men bara 2 celler; \
         en export har en cell per några tiotal byte, så filen är trasig eller gjord för att ta lång tid att läsa"
    );
    // and a sheet of tags without cells after two million of them (counted
    // once the bytes run ahead of the cells)
    let data = format!("{HEADER}{}", "<x/>".repeat(2_500_000));
    let path = xlsx(dir.path(), "taggar.xlsx", data.as_bytes());
    assert_eq!(
        refusal(read(&path)),
        "taggar.xlsx, blad \"Huvudbok\": bladet (xl/worksheets/sheet1.xml) har fler än 2 000 128 XML-taggar men \
         bara 2 celler; en export har några taggar per cell, så filen är trasig eller gjord för att ta lång tid \
         att läsa"
    );
    // the same bytes in cells are read
    let data = format!("{HEADER}{}", "<row><c><v>1</v></c></row>".repeat(100_000));
    let path = xlsx(dir.path(), "celler.xlsx", data.as_bytes());
    let wb = Workbook::open(&path).unwrap().with_limits(Limits { junk_grace: 1 << 20, ..Limits::default() });
    assert_eq!(read_with(wb).unwrap().len(), 100_001);
}

/// One text of 17 MiB (the XML reader would buffer it whole, and a
/// gigabyte one took the process down) is refused as it arrives.
#[test]
fn huge_text_is_refused_as_it_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("{HEADER}<row r=\"2\"><c r=\"A2\"><v>{}</v></c></row>", " ".repeat(17 << 20));
    let path = xlsx(dir.path(), "lang_text.xlsx", data.as_bytes());
    assert_eq!(
        refusal(read(&path)),
        "lang_text.xlsx, blad \"Huvudbok\": xl/worksheets/sheet1.xml har en enskild text eller tagg på mer än \
         16 MB (en cell i Excel rymmer högst 32 767 tecken); filen är trasig eller gjord för att fylla minnet"
    );
}

/// A part may not inflate past what the zip declares, and what it
/// declares is capped: checked as the bytes arrive, not trusted. (A part
/// shorter than declared is refused too, when it is read to its end.)
#[test]
fn inflation_is_checked_as_it_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("{HEADER}{}", "<row><c><v>1</v></c></row>".repeat(10_000));
    let sheet = "xl/worksheets/sheet1.xml";
    let path = xlsx(dir.path(), "ljuger.xlsx", data.as_bytes());
    declare_size(&path, sheet, 2000);
    assert_eq!(
        refusal(read(&path)),
        "ljuger.xlsx, blad \"Huvudbok\": xl/worksheets/sheet1.xml packas upp till mer än de 2 000 byte \
         zip-filen anger; filen är trasig eller manipulerad"
    );
    let path = xlsx(dir.path(), "stor.xlsx", data.as_bytes());
    declare_size(&path, sheet, 2 << 30);
    assert_eq!(refusal(read(&path)), "stor.xlsx: arbetsboken är för stor uppackad (2048 MB, högst 1536 MB)");
}

/// calamine reads our inflated bytes in its one pass: opening and reading
/// the sheet inflates each part at most once, a second pass the sheet once more.
#[test]
fn each_part_is_inflated_once_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("{HEADER}{}", "<row><c><v>1</v></c></row>".repeat(10_000));
    let path = xlsx(dir.path(), "en_gang.xlsx", data.as_bytes());
    let declared: u64 = {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        (0..z.len()).map(|i| z.by_index_raw(i).unwrap().size()).sum()
    };
    let sheet = (testfiles::SHEET_START.len() + data.len() + testfiles::SHEET_END.len()) as u64;
    let mut wb = Workbook::open(&path).unwrap();
    wb.for_each_row("Huvudbok", &mut |_, _| Ok(true)).unwrap();
    let once = wb.guard.inflated();
    assert!(once <= declared, "{once} > {declared}");
    wb.for_each_row("Huvudbok", &mut |_, _| Ok(true)).unwrap();
    assert_eq!(wb.guard.inflated() - once, sheet);
}

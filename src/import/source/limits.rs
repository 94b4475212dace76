//! What no real export contains, checked while a sheet is read and before
//! anything is allocated for it: cells beyond Excel's grid, more cells than a
//! ledger has, rows so wide that the import's rows in flight fill memory.
//! Every reader (xlsx, ods, csv) counts through one [`SheetBudget`] per pass.

use crate::error::{col_letters, Error, Location, Result};

/// Excel's last row (1 048 576); LibreOffice has the same limit.
pub const MAX_ROWS: u64 = 1 << 20;

/// Excel's last column, XFD (16 384); LibreOffice has the same limit.
pub const MAX_COLS: u64 = 1 << 14;

/// Cells one sheet may hand to the import: Excel's row limit × 24 columns. The
/// largest real ledger is ~20 M cells (a year at the row limit, ~20 columns);
/// a sheet past this is not an export, and reading it would only take time.
pub const MAX_CELLS: u64 = MAX_ROWS * 24;

/// Rows wider than this are not ledgers, frames, budgets or staff lists (their
/// exports have 10–60 columns) …
pub const WIDE_ROW: u64 = 128;

/// … and only this many cells of such rows are read per sheet: the import
/// keeps ~16 000 rows in flight (chunks of 2 048 between its two threads), so
/// 16 384-wide rows would hold gigabytes. One full-width row (a stray cell in
/// XFD) costs 16 384; 64 of them fit.
pub const MAX_WIDE_CELLS: u64 = 1 << 20;

/// CSV fields per record, the same as Excel's columns.
pub const MAX_CSV_FIELDS: u64 = MAX_COLS;

/// `16384` → `"16 384"`, as the messages show numbers.
pub fn fmt_int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// Column letters for any 0-based index, also past what `u32` holds.
fn letters(col: u64) -> String {
    u32::try_from(col).map(col_letters).unwrap_or_else(|_| format!("nr {}", fmt_int(col + 1)))
}

/// The refusal for a cell in column `col` (0-based).
pub fn column_message(col: u64) -> String {
    format!("kolumn {} ligger utanför Excels gräns (XFD, {} kolumner)", letters(col), fmt_int(MAX_COLS))
}

/// The refusal for a cell in row `row` (0-based).
pub fn row_message(row: u64) -> String {
    format!("rad {} ligger utanför Excels gräns ({} rader)", fmt_int(row + 1), fmt_int(MAX_ROWS))
}

/// Where a cell is, as far as `Location` can say it (it holds `u32`).
pub fn cell_location(sheet: &Location, row: u64, col: u64) -> Location {
    match (u32::try_from(row), u32::try_from(col)) {
        (Ok(r), Ok(c)) => sheet.clone().cell(r, c),
        (Ok(r), Err(_)) => sheet.clone().row(r),
        _ => sheet.clone(),
    }
}

/// Refuse a cell outside Excel's grid.
pub fn check_cell(sheet: &Location, row: u64, col: u64) -> Result<()> {
    if col >= MAX_COLS {
        return Err(Error::input(cell_location(sheet, row, col), column_message(col)));
    }
    if row >= MAX_ROWS {
        return Err(Error::input(cell_location(sheet, row, col), row_message(row)));
    }
    Ok(())
}

/// The caps a workbook is read with: the constants above, lowered by tests
/// that would otherwise have to write gigabytes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// [`MAX_CELLS`]
    pub cells: u64,
    /// [`super::zipguard::JUNK_GRACE`]
    pub junk_grace: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { cells: MAX_CELLS, junk_grace: super::zipguard::JUNK_GRACE }
    }
}

/// Cells handed over in one pass over one sheet.
#[derive(Debug)]
pub struct SheetBudget {
    cells: u64,
    wide: u64,
    cap: u64,
}

impl Default for SheetBudget {
    fn default() -> Self {
        SheetBudget::new(MAX_CELLS)
    }
}

impl SheetBudget {
    /// A budget of `cap` cells ([`MAX_CELLS`] but in tests).
    pub fn new(cap: u64) -> Self {
        SheetBudget { cells: 0, wide: 0, cap }
    }

    /// Count `rows` rows of `width` cells starting at 0-based row `row`
    /// (`rows` > 1 for a repeated .ods row), before they are built.
    pub fn rows(&mut self, sheet: &Location, row: u64, width: u64, rows: u64) -> Result<()> {
        self.cells(sheet, row, width.saturating_mul(rows))?;
        self.wide(sheet, row, width, rows)
    }

    /// Count `n` cells of work at row `row` against the cap.
    pub fn cells(&mut self, sheet: &Location, row: u64, n: u64) -> Result<()> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > self.cap {
            return Err(Error::input(
                row_location(sheet, row),
                format!(
                    "bladet har fler än {} celler, gränsen för ett blad (en huvudbok har högst omkring 20 miljoner); \
                     filen är ingen export från ett ekonomisystem",
                    fmt_int(self.cap)
                ),
            ));
        }
        Ok(())
    }

    /// Count `rows` rows `width` wide against [`MAX_WIDE_CELLS`] when they
    /// are wider than [`WIDE_ROW`].
    pub fn wide(&mut self, sheet: &Location, row: u64, width: u64, rows: u64) -> Result<()> {
        if width <= WIDE_ROW {
            return Ok(());
        }
        self.wide = self.wide.saturating_add(width.saturating_mul(rows));
        if self.wide > MAX_WIDE_CELLS {
            return Err(Error::input(
                row_location(sheet, row),
                format!(
                    "bladet har fler än {} celler i rader bredare än {} kolumner (den här raden når kolumn {}); \
                     så breda blad är inga exporter och läses inte",
                    fmt_int(MAX_WIDE_CELLS),
                    WIDE_ROW,
                    letters(width - 1)
                ),
            ));
        }
        Ok(())
    }
}

fn row_location(sheet: &Location, row: u64) -> Location {
    u32::try_from(row).map(|r| sheet.clone().row(r)).unwrap_or_else(|_| sheet.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Location {
        Location::file(std::path::Path::new("x.xlsx")).sheet("Blad1")
    }

    fn msg(r: Result<()>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(fmt_int(7), "7");
        assert_eq!(fmt_int(16_384), "16 384");
        assert_eq!(fmt_int(1_048_576), "1 048 576");
        assert_eq!(fmt_int(25_165_824), "25 165 824");
    }

    #[test]
    fn the_grid_ends_at_xfd1048576() {
        assert!(check_cell(&sheet(), MAX_ROWS - 1, MAX_COLS - 1).is_ok());
        assert_eq!(
            msg(check_cell(&sheet(), 1, 321_272_405)),
            "x.xlsx, blad \"Blad1\", cell ZZZZZZ2 (rad 2, kolumn ZZZZZZ): \
             kolumn ZZZZZZ ligger utanför Excels gräns (XFD, 16 384 kolumner)"
        );
        assert_eq!(
            msg(check_cell(&sheet(), 1_999_999, 0)),
            "x.xlsx, blad \"Blad1\", cell A2000000 (rad 2000000, kolumn A): \
             rad 2 000 000 ligger utanför Excels gräns (1 048 576 rader)"
        );
        assert_eq!(
            msg(check_cell(&sheet(), 0, 1 << 40)),
            "x.xlsx, blad \"Blad1\", rad 1: kolumn nr 1 099 511 627 777 ligger utanför Excels gräns (XFD, 16 384 kolumner)"
        );
    }

    #[test]
    fn budget_counts_cells_and_wide_rows() {
        let mut b = SheetBudget::default();
        // a ledger at the row limit with 24 columns fits exactly
        b.rows(&sheet(), 0, 24, MAX_ROWS).unwrap();
        assert_eq!(
            msg(b.rows(&sheet(), 5, 1, 1)),
            "x.xlsx, blad \"Blad1\", rad 6: bladet har fler än 25 165 824 celler, gränsen för ett blad \
             (en huvudbok har högst omkring 20 miljoner); filen är ingen export från ett ekonomisystem"
        );
        let mut b = SheetBudget::default();
        b.rows(&sheet(), 0, MAX_COLS, 64).unwrap();
        b.rows(&sheet(), 64, WIDE_ROW, 1000).unwrap(); // 128 wide is not wide
        assert_eq!(
            msg(b.rows(&sheet(), 1064, 129, 1)),
            "x.xlsx, blad \"Blad1\", rad 1065: bladet har fler än 1 048 576 celler i rader bredare än 128 kolumner \
             (den här raden når kolumn DY); så breda blad är inga exporter och läses inte"
        );
    }
}

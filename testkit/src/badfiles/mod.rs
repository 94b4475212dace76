//! The bad-input catalogue: malformed and awkward files that controllers
//! meet in practice (ERP exports, colleagues' workbooks, Excel itself), each
//! generated here byte for byte, deterministically ([`crate::rng`], fixed
//! zip timestamps). `tests/bad_input.rs` imports every one of them and
//! asserts the exact outcome: a clean import with the right figures, or an
//! input error naming file, sheet, row and column with the database unchanged.
//!
//! Regenerate the committed files with
//!
//! ```text
//! cargo run -p ramkoll-testkit -- fixtures --out fixtures
//! ```
//!
//! `fixtures/bad/fuzz/` is not generated: it keeps inputs that once made a
//! reader panic (found by `tests/prop_fuzz.rs`) as regression fixtures.
//!
//! The hostile shapes (`hostile.rs`) claim far more than they hold, and the
//! `.db` files are databases someone changed after Ramkoll made them: both
//! are refused (the databases when the CLI opens them with `--db`).
//!
//! Unless said otherwise a ledger has the columns `Period, Konto, Projekt,
//! Text, Belopp` and the three lines of [`GOOD_LINES`], which sum to
//! 1 200,25 kr (120 025 öre) over the periods 201803–201805.

mod cells;
mod csv;
mod files;
mod hostile;
mod sie;
mod workbook;
mod xls;

use crate::rng::Rng;
use ramkoll::Result;
use std::path::{Path, PathBuf};

/// The standard header of the catalogue's ledgers.
pub const HEADER: [&str; 5] = ["Period", "Konto", "Projekt", "Text", "Belopp"];

/// (period, konto, projekt, text, öre)
pub const GOOD_LINES: [(u32, &str, &str, &str, i64); 3] = [
    (201803, "1222", "IT-NAT-2018-01", "Switch Danderyd", 100_000),
    (201804, "1222", "IT-NAT-2018-01", "Router, Huddinge", 25_050),
    (201805, "1221", "IT-NAT-2018-01", "Kreditnota kabel", -5_025),
];

/// Sum of [`GOOD_LINES`] in öre.
pub const GOOD_SUM: i64 = 120_025;

/// One catalogue file: its name under `fixtures/bad/` and its bytes.
pub type Entry = (&'static str, Vec<u8>);

/// Every catalogue file, in the order of `tests/bad_input.rs`'s table.
pub fn catalogue() -> Result<Vec<Entry>> {
    let mut rng = Rng::new(0x0BAD_F11E_5EED_2018);
    let mut out: Vec<Entry> = Vec::new();
    files::wrong_format(&mut rng, &workbook::std_xlsx()?, &mut out)?;
    files::broken_internals(&mut out)?;
    cells::header_problems(&mut out)?;
    cells::amounts(&mut out)?;
    cells::periods_and_dates(&mut out)?;
    files::hidden_and_sizes(&mut out)?;
    csv::text_content(&mut out);
    csv::dialects(&mut out);
    csv::total_rows(&mut out);
    csv::frames(&mut out);
    sie::sie_files(&mut out)?;
    hostile::shapes(&mut out)?;
    xls::xls_files(&mut out)?;
    hostile::databases(&mut out)?;
    Ok(out)
}

/// Write the catalogue under `dir` (normally `fixtures/bad`).
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    for (name, bytes) in catalogue()? {
        let p = dir.join(name);
        std::fs::write(&p, bytes)?;
        paths.push(p);
    }
    Ok(paths)
}

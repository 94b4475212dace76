//! SIE 4 (`.se`, `.si`, `.sie`), the Swedish standard exchange file for
//! accounting data (SIE filformat, utgåva 4B, 2008-09-30), read into plain
//! data: no I/O beyond reading the bytes, no database.
//!
//! ```text
//! #FLAGGA 0
//! #KSUMMA
//! #FORMAT PC8
//! #RAR 0 20180101 20181231
//! #KONTO 1221 "Inventarier IT"
//! #DIM 1 "Ansvar"
//! #OBJEKT 1 "51200" "IT-avdelningen"
//! #VER A 17 20180314 "Switchar"
//! {
//! #TRANS 1221 {1 "51200" 6 "IT-NAT-2018-03"} 1234.50
//! #TRANS 2440 {} -1234.50
//! }
//! #PSALDO 0 201803 1221 {} 1234.50
//! #KSUMMA 1234567890
//! ```
//!
//! * [`read`] / [`parse`] give a [`SieFile`]: accounts, dimensions (with the
//!   ledger field each feeds, [`SieFile::field_map`]), objects, vouchers and
//!   their transactions, `#IB`/`#UB`/`#RES`, `#PSALDO`, `#PBUDGET`, `#RAR`.
//! * [`SieFile::lines`] flattens the vouchers to [`SieLine`]s shaped like a
//!   ledger row; [`SieFile::control_sum`] is their sum.
//! * [`SieFile::balance_lines`] / [`SieFile::budget_lines`] do the same for
//!   period balances and budgets without counting a total twice.
//!
//! Errors are [`Error::Input`] naming the file and line ("rad 14:
//! objektlistan saknar avslutande }"). A `#KSUMMA` is checked when present.

mod checksum;
mod encoding;
mod flatten;
mod lexer;
mod model;
mod parser;
mod records;
#[cfg(test)]
mod tests;

// For writers of SIE files (the fixture generator in `ramkoll-testkit`): `#KSUMMA`'s CRC and CP437.
pub use checksum::Crc32;
pub use encoding::{encode_cp437_into, TextEncoding};
pub use flatten::{flatten_period_rows, SieBalanceLine, SieLine};
pub use model::{
    BalanceKind, CodeName, Dimension, FinancialYear, LedgerField, ObjectRef, PeriodRow, SieFile, TransKind,
    Transaction, Voucher, YearBalance,
};

use crate::error::{Error, Result};
use std::path::Path;

/// File name extensions SIE files carry (compared without case).
pub const EXTENSIONS: [&str; 3] = ["se", "si", "sie"];

/// Whether the path's extension is one of [`EXTENSIONS`].
pub fn has_sie_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Whether the bytes look like SIE: after an optional UTF-8 BOM and blank
/// lines, the first line is a record label (normally `#FLAGGA`). For format
/// sniffing before a file is opened as a spreadsheet or CSV.
pub fn looks_like_sie(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let label: Vec<u8> = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'#').copied().collect();
    label.len() > 1
        && label[0] == b'#'
        && [&b"#FLAGGA"[..], b"#PROGRAM", b"#FORMAT", b"#SIETYP", b"#GEN", b"#KSUMMA"]
            .iter()
            .any(|l| label.eq_ignore_ascii_case(l))
}

/// Read and parse an SIE file.
pub fn read(path: &Path) -> Result<SieFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::open_input(path, &e))?;
    parse(&bytes, path)
}

/// Parse an SIE file's bytes; `path` names the file in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<SieFile> {
    let encoding = encoding::detect(bytes);
    let text = encoding::decode(bytes, encoding);
    parser::parse(&text, encoding, path)
}

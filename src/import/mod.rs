//! Importing ledgers and frames: open the file (any supported format), pick
//! the sheet, find the header, map the columns, read every row into öre and
//! classified lines, check total rows, and store it all as one batch in one
//! transaction. A file with any error imports nothing.
//!
//! By stage: `source` opens the file and yields cells, `locate` chooses the
//! sheet, header row and mapping, `cells` reads one cell into a typed value,
//! `ledger`/`frames`/`budget`/`staff`/`assets`/`orders` turn one row of their kind into a stored
//! row, `totals` checks the file's own total rows, `background` reads the
//! sheet on a second thread, and `pipeline` runs it all as one batch.
//! `preview` shows what `locate` chose without importing. `codes` splits
//! "1225 Inventarier IT" into code and name, `year` finds the year of
//! month-only periods, `subtotals` checks "Summa 1225" against its lines.

mod assets;
mod background;
mod budget;
mod cells;
mod codes;
#[cfg(test)]
mod erp_tests;
mod frames;
pub mod header;
mod ledger;
mod locate;
mod orders;
mod pipeline;
mod preview;
mod rules;
pub mod sie;
mod sie_import;
pub mod source;
mod staff;
mod subtotals;
mod totals;
mod year;

pub use crate::classify::normalize_area;
pub use crate::store::Kind;
pub use budget::spread;
pub use codes::DIMS as CODE_DIMS;
pub use pipeline::{import_file, plan_import, ImportOutcome};
pub use preview::{preview, ColumnInfo, Preview};
pub use rules::read_rules;
pub use sie_import::{sie_kind, SieDimension, SiePreview};
pub use source::Format;

use crate::error::{Error, Result};
use header::Field;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// How many cell errors we collect before giving up on a file.
const MAX_ERRORS: usize = 200;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportOptions {
    /// Sheet by name; default: the first sheet with a recognisable header.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Replacement scope: a newer export of the same source replaces its
    /// periods. Default: the source of the exports this file looks like,
    /// else "huvudbok" for ledgers, "ramar" for frames (see `store::batches`).
    #[serde(default)]
    pub source: Option<String>,
    /// Replace the periods even of an export that looks different (the user
    /// confirmed it); without it such an import is refused as a conflict.
    #[serde(default)]
    pub replace: bool,
    /// Run the import on trial (`plan_import`): no backup, nothing kept;
    /// the writer leaves what it would replace in the store. Not from the UI.
    #[serde(skip)]
    pub trial: bool,
    /// 1-based header row chosen by the user (with `mapping`).
    #[serde(default)]
    pub header_row: Option<u32>,
    /// Column (0-based) per field, as corrected by the user. Remembered for
    /// files with the same header.
    #[serde(default)]
    pub mapping: Option<BTreeMap<Field, u32>>,
    /// The year of periods that give only the month ("P03", "mars") when the
    /// file has no År column; default: from the report header, the sheet
    /// name or the file name.
    #[serde(default)]
    pub year: Option<i32>,
    /// Set from another thread to stop the import (or the preview's trial
    /// run) at its next progress point; its transaction then rolls back.
    #[serde(skip)]
    pub cancel: Option<Cancel>,
}

impl ImportOptions {
    /// `Err(Error::Cancelled)` once the user has cancelled.
    pub(crate) fn check_cancel(&self) -> Result<()> {
        match &self.cancel {
            Some(c) if c.is_cancelled() => Err(Error::Cancelled),
            _ => Ok(()),
        }
    }
}

/// A cancel flag shared between the import and whoever may stop it.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Progress of a running import, for progress bars.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub rows: u64,
    /// Fraction done when the total is known (0.0–1.0). Not money.
    pub fraction: Option<f32>,
    /// Every row is read: the batch's aggregates are written and the
    /// transaction commits (up to a second on a big file, with no fraction
    /// of its own; the app shows the phase instead of a bar that stops).
    pub saving: bool,
}

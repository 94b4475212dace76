//! SIE 4 files (`.se`, `.si`, `.sie`, or any name: the bytes decide) through
//! the import. The reader (`super::sie`) gives plain data; this module stores
//! it like any other file of its kind, in one transaction through the same
//! `BatchWriter`:
//!
//! * as a **ledger** (`ledger`): every counted `#TRANS`/`#RTRANS` is one
//!   ledger line — period from its date, konto, the objects mapped through
//!   `#DIM` to ansvar/verksamhet/projekt/motpart, verifikation "A 17", text —
//!   classified by the same `Classifier` as a spreadsheet ledger. The
//!   balancing rows (2440 leverantörsskulder …) are kept too: the default
//!   rules put balance-sheet accounts 1300–2999 outside the follow-up
//!   (`classify::BALANCE`). The control sum is the file's own sum of its
//!   rows; the source total is that sum when `#KSUMMA` vouched for the data;
//! * as a **budget** (`budget`): `#PBUDGET` per kostnadsslag (the konto rules
//!   give it), VO and ansvar, the months' amounts as the monthly profile;
//! * and `preview` shows the format, the dimensions and the fields they
//!   feed, the vouchers and the periods.
//!
//! The reader's errors name the file and line (exit code 2). Replacement is
//! the store's, as for every import: the same source's batches lose the
//! periods (budget: years) the new one covers; the very same file twice
//! changes nothing. The names of `#KONTO` and of the mapped dimensions
//! `#OBJEKT` go to the store's code → name table (the latest file wins).

mod budget;
mod ledger;
mod preview;

pub(super) use preview::preview;
pub use preview::{SieDimension, SiePreview};

use super::pipeline::{backup, unchanged};
use super::sie::{self, SieFile};
use super::{source, ImportOptions, ImportOutcome, Kind, Progress};
use crate::error::{Error, Location, Result};
use crate::store::{BatchWriter, NewBatch, Replaced, Store};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// Whether `path` is an SIE file. The first bytes decide (an SIE export
/// named `.txt` or `.csv` is still SIE); a `.se`/`.si`/`.sie` file that is no
/// zip or OLE workbook goes to the SIE reader too, which names the line that
/// is wrong. Empty and oversized files are left to the workbook path, which
/// refuses them with its own messages.
pub(super) fn is_sie(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if meta.len() == 0 || meta.len() > source::max_file_bytes() {
        return false;
    }
    let mut head = Vec::with_capacity(512);
    let Ok(f) = std::fs::File::open(path) else { return false };
    if f.take(512).read_to_end(&mut head).is_err() {
        return false;
    }
    let workbook = head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    sie::looks_like_sie(&head) || (sie::has_sie_extension(path) && !workbook)
}

/// The kind an SIE file imports as when none is asked for: its vouchers as
/// a ledger, a file of only `#PBUDGET` as a budget. None: not an SIE file.
pub fn sie_kind(path: &Path) -> Option<Kind> {
    if !is_sie(path) {
        return None;
    }
    Some(match sie::read(path) {
        Ok(f) if f.vouchers.is_empty() && !f.period_budgets.is_empty() => Kind::Budget,
        _ => Kind::Ledger,
    })
}

/// An SIE file being imported: where it is, what the user chose, its hash
/// and what it says.
struct Source<'a> {
    path: &'a Path,
    opts: &'a ImportOptions,
    sha: &'a str,
    file_name: String,
    sie: SieFile,
}

/// Import an SIE file as `kind`: ledger or budget.
pub(super) fn import_file(
    store: &mut Store,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportOutcome> {
    if matches!(kind, Kind::Frames | Kind::Staff) {
        return Err(not_this_kind(path, kind));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::open_input(path, &e))?;
    let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let file_name = Location::file(path).file;
    if let Some(same) = unchanged(store, kind, &sha, &file_name)? {
        return Ok(same);
    }
    let sie = sie::parse(&bytes, path)?;
    drop(bytes);
    let src = Source { path, opts, sha: &sha, file_name, sie };
    match kind {
        Kind::Budget => budget::import(store, &src, progress),
        _ => ledger::import(store, &src, progress),
    }
}

/// Frames and HR hours have no place in an SIE file.
fn not_this_kind(path: &Path, kind: Kind) -> Error {
    Error::input(
        Location::file(path),
        format!(
            "en SIE-fil har verifikationer och budget, inga {}; importera den som huvudbok (ledger) eller budget",
            match kind {
                Kind::Frames => "investeringsramar",
                _ => "personaltimmar",
            }
        ),
    )
}

/// Back the database up and open the batch's transaction, with the file's
/// code names in it. Returns where the rows' share of the progress bar
/// starts, and the writer.
fn begin<'s>(
    store: &'s mut Store,
    kind: Kind,
    src: &Source<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(f32, BatchWriter<'s>)> {
    let start = backup(store, src.opts, progress)?;
    let dims: serde_json::Map<String, serde_json::Value> =
        src.sie.field_map().into_iter().map(|(d, f)| (d.to_string(), f.as_str().into())).collect();
    let mapping = serde_json::json!({ "format": "SIE", "dimensions": dims });
    let mut writer = store.begin_batch(&NewBatch {
        kind,
        source: src.opts.source.as_deref(),
        replace: src.opts.replace,
        trial: src.opts.trial,
        file_name: &src.file_name,
        file_path: &src.path.display().to_string(),
        sha256: src.sha,
        format: "sie",
        sheet: "",
        header_row: 0,
        mapping_json: &mapping.to_string(),
    })?;
    let names: BTreeMap<(String, String), String> =
        src.sie.code_names().into_iter().map(|c| ((c.field.to_string(), c.code), c.name)).collect();
    writer.insert_code_names(&names)?;
    Ok((start, writer))
}

/// A committed SIE batch, for its outcome.
struct Committed {
    batch_id: i64,
    rows: u64,
    control_sum: crate::money::Amount,
    source_total: Option<crate::money::Amount>,
    replaced: Vec<Replaced>,
    unclassified: u64,
    unclassified_sum: crate::money::Amount,
    message: String,
}

fn outcome(store: &Store, kind: Kind, src: &Source<'_>, c: Committed) -> Result<ImportOutcome> {
    let b = store.batches()?.into_iter().find(|b| b.id == c.batch_id);
    let (scope_from, scope_to) = b.map(|b| (b.scope_from, b.scope_to)).unwrap_or((None, None));
    Ok(ImportOutcome {
        kind,
        file: src.file_name.clone(),
        batch_id: Some(c.batch_id),
        unchanged_as: None,
        sheet: String::new(),
        header_row: 0,
        rows: c.rows,
        control_sum: c.control_sum,
        source_total: c.source_total,
        reconciled: true,
        total_rows_checked: 0,
        scope_from,
        scope_to,
        replaced: c.replaced,
        unclassified: c.unclassified,
        unclassified_sum: c.unclassified_sum,
        message: c.message,
    })
}

/// What every SIE import's message ends with: the checksum and what was replaced.
fn message_tail(sie: &SieFile, replaced: &[Replaced]) -> String {
    let mut s = String::new();
    if sie.checksum.is_some() {
        s.push_str("; #KSUMMA stämmer");
    }
    for r in replaced {
        s.push_str(&format!("; ersatte {} rader från batch {} ({})", r.rows, r.batch_id, r.file_name));
    }
    s
}

#[cfg(test)]
mod tests;

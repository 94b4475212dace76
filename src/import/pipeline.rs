//! `import_file`, the pipeline: hash the file (the very same file again
//! changes nothing), locate the header, back the database up, open the batch,
//! read the rows on a second thread into the row reader of the kind, check
//! total rows, and commit — or roll back if any cell was wrong.

use super::background::rows_in_background;
use super::cells::RowCtx;
use super::header::{Field, Mapping};
use super::ledger::{self, Aggregates};
use super::locate::{self, locate, signature, Located};
use super::source::{Cell, Workbook};
use super::totals::Totals;
use super::year::YearHint;
use super::{assets, budget, frames, orders, sie_import, staff, ImportOptions, Kind, Progress, MAX_ERRORS};
use crate::classify::{self, Classifier, Rule};
use crate::error::{CellError, Error, Location, Result};
use crate::money::{self, Amount};
use crate::store::{BatchWriter, NewBatch, ReplacePlan, Replaced, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The part of an import's progress bar that the backup before it takes.
const BACKUP_SHARE: f32 = 0.1;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportOutcome {
    pub kind: Kind,
    pub file: String,
    /// None when the very same file was already imported.
    pub batch_id: Option<i64>,
    /// The earlier batch holding the same file, when nothing was done.
    pub unchanged_as: Option<i64>,
    pub sheet: String,
    pub header_row: u32,
    pub rows: u64,
    pub control_sum: Amount,
    /// The file's own total row, when it has one.
    pub source_total: Option<Amount>,
    /// Every total row matched the lines above it (true when there are none).
    pub reconciled: bool,
    pub total_rows_checked: u32,
    pub scope_from: Option<u32>,
    pub scope_to: Option<u32>,
    pub replaced: Vec<Replaced>,
    pub unclassified: u64,
    pub unclassified_sum: Amount,
    pub message: String,
}

/// Import one file as a batch. `progress` is called every few thousand rows.
pub fn import_file(
    store: &mut Store,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportOutcome> {
    // a run the user cancelled skips the files after the one it stopped
    opts.check_cancel()?;
    if sie_import::is_sie(path) {
        return sie_import::import_file(store, kind, path, opts, progress);
    }
    let (sha, opened) = hash_and_open(path);
    let sha = sha?;
    let file_name = Location::file(path).file;
    if let Some(same) = unchanged(store, kind, &sha, &file_name)? {
        return Ok(same);
    }
    let mut wb = opened?;
    let located = locate(&mut wb, kind, opts, Some(store))?;
    let file_loc = Location::file(path).sheet(&located.sheet);
    locate::check(kind, &located, &file_loc)?;
    let rules = store.rules()?;
    let cost_types: Vec<String> = store.cost_types()?.into_iter().map(|c| c.name).collect();
    let start = backup(store, opts, progress)?;
    let header_row = located.header_row;
    // how far through the sheet a row is, for the progress bar
    let fraction =
        Fraction { start, header_row, rows_hint: wb.rows_hint(&located.sheet).filter(|&n| n > header_row + 1) };
    let writer = begin(store, kind, path, opts, &sha, &wb, &located)?;
    let mut batch = Batch::new(kind, &file_loc, &located, writer, &rules, cost_types);
    rows_in_background(wb, &located.sheet, &mut |r, cells| batch.row(r, cells, &fraction, opts, progress))?;
    // the last point a cancel is heard: dropping the batch rolls it back
    opts.check_cancel()?;
    progress(Progress { rows: batch.rows, fraction: Some(1.0), saving: true });
    let done = batch.commit()?;
    progress(Progress { rows: done.rows, fraction: Some(1.0), saving: false });
    outcome(store, kind, file_name, located, done)
}

/// What importing the file would replace, and whether that needs the user's
/// confirmation. The import runs on trial (`ImportOptions::trial`): to its
/// last step, without a backup, then the writer rolls back and leaves its
/// plan in the store — so the answer is the import's own, for every format.
pub fn plan_import(store: &mut Store, kind: Kind, path: &Path, opts: &ImportOptions) -> Result<ReplacePlan> {
    let trial = ImportOptions { trial: true, ..opts.clone() };
    let o = import_file(store, kind, path, &trial, &mut |_| {})?;
    if let Some(id) = o.unchanged_as {
        let source = store.batches()?.into_iter().find(|b| b.id == id).map(|b| b.source).unwrap_or_default();
        return Ok(ReplacePlan::unchanged(id, source));
    }
    store.take_trial_plan().ok_or_else(|| Error::internal(format!("provkörningen av {} gav ingen plan", o.file)))
}

/// Hashing (to spot a file imported before) overlaps opening the workbook.
fn hash_and_open(path: &Path) -> (Result<String>, Result<Workbook>) {
    std::thread::scope(|scope| {
        let sha = scope.spawn(|| sha256_file(path));
        let wb = Workbook::open(path);
        (sha.join().unwrap_or_else(|_| Err(Error::internal("kontrollsumman av filen kunde inte beräknas"))), wb)
    })
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::open_input(path, &e))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The outcome when the very same file is already imported and active: nothing is done.
pub(super) fn unchanged(store: &Store, kind: Kind, sha: &str, file_name: &str) -> Result<Option<ImportOutcome>> {
    let Some((id, state)) = store.find_same_file(kind, sha)? else { return Ok(None) };
    if state != "active" {
        return Ok(None);
    }
    let b = store.batches()?.into_iter().find(|b| b.id == id);
    Ok(Some(ImportOutcome {
        kind,
        file: file_name.to_string(),
        batch_id: None,
        unchanged_as: Some(id),
        sheet: b.as_ref().map(|b| b.sheet.clone()).unwrap_or_default(),
        header_row: b.as_ref().map(|b| b.header_row).unwrap_or(0),
        rows: b.as_ref().map(|b| b.row_count).unwrap_or(0),
        control_sum: b.as_ref().map(|b| b.control_sum).unwrap_or_default(),
        source_total: b.as_ref().and_then(|b| b.source_total),
        reconciled: true,
        total_rows_checked: 0,
        scope_from: b.as_ref().and_then(|b| b.scope_from),
        scope_to: b.as_ref().and_then(|b| b.scope_to),
        replaced: vec![],
        unclassified: 0,
        unclassified_sum: Amount::ZERO,
        message: format!("{file_name} är redan importerad (batch {id}); inget ändrades"),
    }))
}

/// Back the database up (not for a trial run: nothing will change); the
/// backup is the first `BACKUP_SHARE` of the progress bar. Returns where the
/// rows' share of the bar starts.
pub(super) fn backup(store: &Store, opts: &ImportOptions, progress: &mut dyn FnMut(Progress)) -> Result<f32> {
    if opts.trial {
        return Ok(0.0);
    }
    let mut backed_up = false;
    crate::safety::backup_before_import(store, &mut |f| {
        backed_up = true;
        progress(Progress { rows: 0, fraction: Some(f * BACKUP_SHARE), saving: false })
    })?;
    // a cancel during the backup stops before the batch begins
    opts.check_cancel()?;
    Ok(if backed_up { BACKUP_SHARE } else { 0.0 })
}

/// Open the batch's transaction. A mapping the user chose is remembered in
/// it, so a file that fails to import leaves no remembered mapping behind.
fn begin<'s>(
    store: &'s mut Store,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
    sha: &str,
    wb: &Workbook,
    located: &Located,
) -> Result<BatchWriter<'s>> {
    let mut writer = store.begin_batch(&NewBatch {
        kind,
        source: opts.source.as_deref(),
        replace: opts.replace,
        trial: opts.trial,
        file_name: &Location::file(path).file,
        file_path: &path.display().to_string(),
        sha256: sha,
        format: &format!("{:?}", wb.format).to_lowercase(),
        sheet: &located.sheet,
        header_row: located.header_row + 1,
        mapping_json: &serde_json::to_string(&located.mapping)?,
    })?;
    if located.mapping_from == "user" {
        let json = serde_json::to_string(&located.mapping.fields)?;
        writer.save_mapping(&signature(&located.header), located.header_row + 1, &json)?;
    }
    Ok(writer)
}

/// How far through the sheet a row is: the rows share the bar after the backup.
struct Fraction {
    start: f32,
    header_row: u32,
    /// The sheet's declared last row, when it has one worth trusting.
    rows_hint: Option<u32>,
}

impl Fraction {
    fn at(&self, r: u32) -> Option<f32> {
        let (start, h) = (self.start, self.header_row);
        self.rows_hint.map(|n| start + (1.0 - start) * ((r - h) as f32 / (n - h) as f32).min(0.99))
    }
}

/// An import in progress: the open batch, what the row readers look things
/// up in, and what the rows so far add up to.
struct Batch<'a, 's> {
    kind: Kind,
    loc: &'a Location,
    mapping: &'a Mapping,
    /// `mapping`'s columns by `Field as usize`, for `RowCtx`.
    cols: [Option<u32>; Field::ALL.len()],
    header_row: u32,
    year: &'a YearHint,
    writer: BatchWriter<'s>,
    rules: &'a [Rule],
    ledger: ledger::State<'a>,
    cost_types: Vec<String>,
    errors: Vec<CellError>,
    totals: Totals,
    /// Frames: the sums per frame column that subtotal rows are checked against.
    frame_sums: frames::FrameSums,
    rows: u64,
    unclassified: u64,
    unclassified_sum: Amount,
}

/// A committed batch, for the outcome.
struct Done {
    batch_id: i64,
    rows: u64,
    totals: Totals,
    replaced: Vec<Replaced>,
    unclassified: u64,
    unclassified_sum: Amount,
}

impl<'a, 's> Batch<'a, 's> {
    fn new(
        kind: Kind,
        loc: &'a Location,
        located: &'a Located,
        writer: BatchWriter<'s>,
        rules: &'a [Rule],
        cost_types: Vec<String>,
    ) -> Self {
        let mapping = &located.mapping;
        Batch {
            kind,
            loc,
            mapping,
            cols: Field::ALL.map(|f| mapping.col(f)),
            header_row: located.header_row,
            year: &located.year,
            writer,
            rules,
            ledger: ledger::State {
                classifier: Classifier::new(rules),
                agg: Aggregates::new(),
                names: Default::default(),
            },
            cost_types,
            errors: Vec::new(),
            totals: Totals::default(),
            frame_sums: frames::FrameSums::default(),
            rows: 0,
            unclassified: 0,
            unclassified_sum: Amount::ZERO,
        }
    }

    /// One row of the sheet: skipped (header, blank), checked (total row) or
    /// read and written. Ok(false) stops the import after too many errors.
    fn row(
        &mut self,
        r: u32,
        cells: &[Cell],
        fraction: &Fraction,
        opts: &ImportOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<bool> {
        if r <= self.header_row || cells.iter().all(Cell::is_empty) {
            return Ok(true);
        }
        let mut ctx = RowCtx {
            loc: self.loc,
            row: r,
            cells,
            m: self.mapping,
            cols: &self.cols,
            year: self.year,
            errors: &mut self.errors,
        };
        if ctx.is_total_row(self.kind) {
            match self.kind {
                Kind::Frames => self.frame_sums.check_row(&mut ctx, &mut self.totals),
                _ => self.totals.check_row(&mut ctx, self.kind),
            }
            return Ok(self.errors.len() < MAX_ERRORS);
        }
        let res = match self.kind {
            Kind::Ledger => ledger::row(&mut ctx, &mut self.ledger, &mut self.totals.keyed, &mut self.writer),
            Kind::Frames => frames::row(&mut ctx, &mut self.frame_sums, &mut self.writer),
            Kind::Budget => budget::row(&mut ctx, &self.cost_types, &mut self.writer),
            Kind::Staff => staff::row(&mut ctx, self.rules, &mut self.writer),
            Kind::Assets => assets::row(&mut ctx, &mut self.writer),
            Kind::Orders => orders::row(&mut ctx, self.rules, &mut self.writer),
        };
        if let Some((a, classified)) = res? {
            self.rows += 1;
            self.totals.line(a);
            if !classified {
                self.unclassified += 1;
                self.unclassified_sum += a;
            }
            if self.rows.is_multiple_of(4096) {
                opts.check_cancel()?;
                progress(Progress { rows: self.rows, fraction: fraction.at(r), saving: false });
            }
        }
        Ok(self.errors.len() < MAX_ERRORS)
    }

    /// Write the aggregates and commit — unless a cell was wrong or there
    /// were no rows: then dropping the writer rolls everything back.
    fn commit(mut self) -> Result<Done> {
        self.write_aggregates()?;
        let batch_id = self.writer.batch_id;
        let replaced = self.writer.finish(self.rows, self.totals.all, self.totals.last_total)?;
        Ok(Done {
            batch_id,
            rows: self.rows,
            totals: self.totals,
            replaced,
            unclassified: self.unclassified,
            unclassified_sum: self.unclassified_sum,
        })
    }

    /// The (period, classification) aggregates — unless a cell was wrong or
    /// there were no rows.
    fn write_aggregates(&mut self) -> Result<()> {
        if !self.errors.is_empty() {
            return Err(Error::Input(std::mem::take(&mut self.errors)));
        }
        if self.rows == 0 {
            return Err(Error::input(
                self.loc.clone().row(self.header_row),
                format!("inga rader under rubrikraden (rad {}); filen importerades inte", self.header_row + 1),
            ));
        }
        for ((period, id), (n, sum)) in &self.ledger.agg {
            self.writer.insert_aggregate(*period, self.ledger.classifier.get(*id), *n, *sum)?;
        }
        let names = std::mem::take(&mut self.ledger.names);
        if !names.is_empty() {
            self.writer.insert_code_names(&names.into_map())?;
        }
        Ok(())
    }
}

fn outcome(store: &Store, kind: Kind, file_name: String, located: Located, done: Done) -> Result<ImportOutcome> {
    let b = store.batches()?.into_iter().find(|b| b.id == done.batch_id);
    let (scope_from, scope_to) = b.map(|b| (b.scope_from, b.scope_to)).unwrap_or((None, None));
    Ok(ImportOutcome {
        kind,
        message: message(kind, &file_name, &done),
        file: file_name,
        batch_id: Some(done.batch_id),
        unchanged_as: None,
        sheet: located.sheet,
        header_row: located.header_row + 1,
        rows: done.rows,
        control_sum: done.totals.all,
        source_total: done.totals.last_total,
        reconciled: true,
        total_rows_checked: done.totals.checked,
        scope_from,
        scope_to,
        replaced: done.replaced,
        unclassified: done.unclassified,
        unclassified_sum: done.unclassified_sum,
    })
}

/// "huvudbok.xlsx: 1200 rader, kontrollsumma … kr importerade som batch 3; …"
fn message(kind: Kind, file_name: &str, done: &Done) -> String {
    let (rows, batch_id) = (done.rows, done.batch_id);
    let mut message = format!(
        "{file_name}: {rows} rader, kontrollsumma {} {} importerade som batch {batch_id}",
        money::format_sv(done.totals.all, money::Unit::Kr),
        // HR files are reconciled on worked hours, everything else in kronor
        if kind == Kind::Staff { "timmar" } else { "kr" }
    );
    if done.totals.checked > 0 {
        message.push_str(&format!("; {} summarad(er) stämmer", done.totals.checked));
    }
    if kind == Kind::Orders && !done.replaced.is_empty() {
        // open orders are a snapshot: say that the older file is gone whole
        message.push_str("; öppna beställningar är en ögonblicksbild: den nya filen ersätter hela den förra");
    }
    for r in &done.replaced {
        message.push_str(&format!("; ersatte {} rader från batch {} ({})", r.rows, r.batch_id, r.file_name));
    }
    if done.unclassified > 0 {
        message.push_str(&format!(
            "; {} rader ({} kr) är {}",
            done.unclassified,
            money::format_sv(done.unclassified_sum, money::Unit::Kr),
            classify::UNCLASSIFIED.to_lowercase()
        ));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::preview;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn bad(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad").join(name)
    }

    /// Period;Konto;Projekt;Text;Belopp, as the user confirms it in the preview.
    fn user_choice() -> ImportOptions {
        let fields = [Field::Period, Field::Konto, Field::Projekt, Field::Text, Field::Belopp];
        let mapping: BTreeMap<Field, u32> = fields.iter().enumerate().map(|(i, f)| (*f, i as u32)).collect();
        ImportOptions { header_row: Some(1), mapping: Some(mapping), ..Default::default() }
    }

    #[test]
    fn a_failing_import_leaves_no_remembered_mapping() {
        let mut store = Store::open_in_memory().unwrap();
        // #N/A in E2: the import fails after the batch (and the mapping) was written
        let e =
            import_file(&mut store, Kind::Ledger, &bad("amount_text_na.csv"), &user_choice(), &mut |_| {}).unwrap_err();
        assert_eq!(e.code(), "input");
        assert!(e.to_string().starts_with("amount_text_na.csv, blad \"amount_text_na\", cell E2"), "{e}");
        assert!(store.batches().unwrap().is_empty());
        // the same header in another file: detected, not remembered
        let same_header = bad("total_row_ok.csv");
        let p = preview(Some(&store), Kind::Ledger, &same_header, &ImportOptions::default()).unwrap();
        assert_eq!(p.mapping_from, "detected");

        // a successful import remembers it, for every file with that header
        let o = import_file(&mut store, Kind::Ledger, &same_header, &user_choice(), &mut |_| {}).unwrap();
        assert_eq!((o.rows, o.control_sum, o.total_rows_checked), (3, Amount(120025), 1));
        let p = preview(Some(&store), Kind::Ledger, &bad("amount_text_na.csv"), &ImportOptions::default()).unwrap();
        assert_eq!((p.mapping_from.as_str(), p.header_row), ("saved", 1));
    }

    #[test]
    fn header_row_zero_is_an_invalid_choice() {
        let mut store = Store::open_in_memory().unwrap();
        let opts = ImportOptions { header_row: Some(0), ..user_choice() };
        let e = import_file(&mut store, Kind::Ledger, &bad("total_row_ok.csv"), &opts, &mut |_| {}).unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert!(store.batches().unwrap().is_empty());
    }
}

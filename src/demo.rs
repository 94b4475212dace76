//! The demo: import the fixture set (frames and the 2014–2018 ledgers) into
//! a database, so a first-time user sees the reference report at once.

use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, ImportOutcome, Kind};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Where the fixture files are: `dir` when given, else the committed
/// `fixtures/` in the current directory or next to the crate sources.
/// (The product does not generate them: that is the test tooling's job.)
pub fn fixture_dir(dir: Option<&Path>) -> Result<PathBuf> {
    if let Some(d) = dir {
        return Ok(d.to_path_buf());
    }
    let candidates = [PathBuf::from("fixtures"), Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    if let Some(found) = candidates.iter().find(|c| c.join("ramar.xlsx").is_file()) {
        return Ok(found.clone());
    }
    let looked: Vec<String> = candidates.iter().map(|c| c.display().to_string()).collect();
    Err(Error::not_found(format!("hittade inga demofiler: ingen ramar.xlsx i {}", looked.join(" eller "))))
}

/// The files the demo imports, in order: frames, investment ledgers by
/// year, then the operating ledgers (their own source, so they do not
/// replace the investment ledgers' periods), budgets and HR exports.
pub fn demo_files(dir: &Path) -> Result<Vec<(Kind, PathBuf, Option<&'static str>)>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::File { path: dir.to_path_buf(), message: format!("kan inte läsa katalogen: {e}") })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let starting = |prefix: &str| -> Vec<PathBuf> {
        names
            .iter()
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
            .cloned()
            .collect()
    };
    let mut files = vec![(Kind::Frames, dir.join("ramar.xlsx"), None)];
    files.extend(starting("huvudbok_").into_iter().map(|p| (Kind::Ledger, p, None)));
    files.extend(starting("drift_huvudbok_").into_iter().map(|p| (Kind::Ledger, p, Some("drift"))));
    files.extend(starting("budget_").into_iter().map(|p| (Kind::Budget, p, None)));
    files.extend(starting("personal_").into_iter().map(|p| (Kind::Staff, p, None)));
    Ok(files)
}

/// Import the demo fixtures. Already-imported files are left as they are.
pub fn load_demo(store: &mut Store, dir: Option<&Path>) -> Result<Vec<ImportOutcome>> {
    let dir = fixture_dir(dir)?;
    let mut out = Vec::new();
    for (kind, path, source) in demo_files(&dir)? {
        let opts = ImportOptions { source: source.map(str::to_string), ..Default::default() };
        out.push(import::import_file(store, kind, &path, &opts, &mut |_| {})?);
    }
    Ok(out)
}

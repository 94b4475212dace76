//! The demo: import the fixture set (frames, the 2014–2018 investment
//! ledgers, the operating ledgers, budgets and HR exports) into a database,
//! so a first-time user sees the reference report at once.

use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, ImportOutcome, Kind};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// The committed demo files, built into the program so the demo also runs
/// where there is no `fixtures/` directory (an installed app).
const EMBEDDED: &[(&str, &[u8])] = &[
    ("ramar.xlsx", include_bytes!("../fixtures/ramar.xlsx")),
    ("huvudbok_2014.xlsx", include_bytes!("../fixtures/huvudbok_2014.xlsx")),
    ("huvudbok_2015.csv", include_bytes!("../fixtures/huvudbok_2015.csv")),
    ("huvudbok_2016.xlsx", include_bytes!("../fixtures/huvudbok_2016.xlsx")),
    ("huvudbok_2017.ods", include_bytes!("../fixtures/huvudbok_2017.ods")),
    ("huvudbok_2018.xlsx", include_bytes!("../fixtures/huvudbok_2018.xlsx")),
    ("drift_huvudbok_2017.xlsx", include_bytes!("../fixtures/drift_huvudbok_2017.xlsx")),
    ("drift_huvudbok_2018.xlsx", include_bytes!("../fixtures/drift_huvudbok_2018.xlsx")),
    ("budget_2017.xlsx", include_bytes!("../fixtures/budget_2017.xlsx")),
    ("budget_2018.xlsx", include_bytes!("../fixtures/budget_2018.xlsx")),
    ("personal_2017.csv", include_bytes!("../fixtures/personal_2017.csv")),
    ("personal_2018.xlsx", include_bytes!("../fixtures/personal_2018.xlsx")),
];

/// Where the fixture files are: `dir` when given, else `fixtures/` in the
/// current directory or next to the crate sources; else the built-in copy,
/// written to a temporary directory.
pub fn fixture_dir(dir: Option<&Path>) -> Result<PathBuf> {
    if let Some(d) = dir {
        return Ok(d.to_path_buf());
    }
    for cand in [PathBuf::from("fixtures"), Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")] {
        if cand.join("ramar.xlsx").is_file() {
            return Ok(cand);
        }
    }
    let tmp = std::env::temp_dir().join(format!("ramkoll-demo-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    for (name, bytes) in EMBEDDED {
        std::fs::write(tmp.join(name), bytes)?;
    }
    Ok(tmp)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in copy is exactly the committed files the demo imports.
    #[test]
    fn embedded_files_are_the_committed_demo_files() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut committed: Vec<String> = demo_files(&dir)
            .unwrap()
            .into_iter()
            .map(|(_, p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        committed.sort();
        embedded.sort();
        assert_eq!(committed, embedded);
        for (name, bytes) in EMBEDDED {
            assert_eq!(std::fs::read(dir.join(name)).unwrap(), *bytes, "{name}");
        }
    }
}

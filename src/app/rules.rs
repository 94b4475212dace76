//! Classification rules: list, replace, import from a sheet, reclassify.

use super::Session;
use crate::classify::Rule;
use crate::error::Result;
use crate::import;
use crate::store::ReclassifyOutcome;
use serde::Serialize;
use std::path::Path;

/// A reclassification and how many rules did it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reclassified {
    pub rules: usize,
    pub outcome: ReclassifyOutcome,
}

pub fn rules(s: &Session) -> Result<Vec<Rule>> {
    s.store().rules()
}

/// Replace the rules (in this order) and reclassify every stored line.
pub fn replace_rules(s: &mut Session, rules: &[Rule]) -> Result<ReclassifyOutcome> {
    s.store_mut().replace_rules(rules)
}

/// Replace the rules with those in an .xlsx/.csv sheet and reclassify.
pub fn import_rules(s: &mut Session, file: &Path) -> Result<Reclassified> {
    let rules = import::read_rules(file)?;
    let outcome = s.store_mut().replace_rules(&rules)?;
    Ok(Reclassified { rules: rules.len(), outcome })
}

/// Re-run the rules over every stored line.
pub fn reclassify(s: &mut Session) -> Result<Reclassified> {
    let outcome = s.store_mut().reclassify()?;
    Ok(Reclassified { rules: s.store().rules()?.len(), outcome })
}

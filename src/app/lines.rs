//! The ledger lines behind a figure, and the controller's comments on rows.

use super::Session;
use crate::error::Result;
use crate::store::{Comment, LineQuery, Lines};
use std::collections::BTreeMap;

/// The lines behind a figure: a report row's `drill` query, or one built from a filter.
pub fn lines(s: &Session, q: &LineQuery) -> Result<Lines> {
    s.store().lines(q)
}

/// Write (or with empty text, remove) the explanation on a report row.
pub fn set_comment(s: &mut Session, key: &str, text: &str) -> Result<()> {
    s.store_mut().set_comment(key, text)
}

/// Every comment by its row key.
pub fn comments(s: &Session) -> Result<BTreeMap<String, Comment>> {
    s.store().comments()
}

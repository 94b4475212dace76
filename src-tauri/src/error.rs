//! The one error shape the UI sees: `{code, message, details, field}`. `code`
//! is ramkoll's stable machine code (`Error::code()`: input, file, invalid,
//! not-found, conflict, internal, usage, db, export, io, json) or one of the
//! shell's own (no-database, not-allowed); `message` is the core's Swedish
//! text naming file, sheet and cell; `details` lists each cell error of an
//! input error on its own line; `field` names what the user typed into, for
//! an invalid value.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CmdError {
    pub code: String,
    pub message: String,
    pub details: Vec<String>,
    /// Only on an invalid value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
}

impl CmdError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CmdError { code: code.to_string(), message: message.into(), details: Vec::new(), field: None }
    }
}

impl From<ramkoll::Error> for CmdError {
    fn from(e: ramkoll::Error) -> Self {
        let (details, field) = match &e {
            ramkoll::Error::Input(cells) => (cells.iter().map(|c| c.to_string()).collect(), None),
            ramkoll::Error::Invalid { field, .. } => (Vec::new(), Some(field.clone())),
            _ => (Vec::new(), None),
        };
        CmdError { code: e.code().to_string(), message: e.to_string(), details, field }
    }
}

impl From<tauri::Error> for CmdError {
    fn from(e: tauri::Error) -> Self {
        CmdError::new("internal", e.to_string())
    }
}

pub type CmdResult<T> = Result<T, CmdError>;

//! The one error shape the UI sees: `{code, message, details}`. `code` is
//! ramkoll's stable machine code (input, file, usage, db, export, io, json) or
//! one of the shell's own (no-database, not-allowed, internal); `message` is
//! the core's Swedish text naming file, sheet and cell; `details` lists each
//! cell error of an input error on its own line.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CmdError {
    pub code: String,
    pub message: String,
    pub details: Vec<String>,
}

impl CmdError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CmdError { code: code.to_string(), message: message.into(), details: Vec::new() }
    }
}

impl From<ramkoll::Error> for CmdError {
    fn from(e: ramkoll::Error) -> Self {
        let details = match &e {
            ramkoll::Error::Input(cells) => cells.iter().map(|c| c.to_string()).collect(),
            _ => Vec::new(),
        };
        CmdError { code: e.code().to_string(), message: e.to_string(), details }
    }
}

impl From<tauri::Error> for CmdError {
    fn from(e: tauri::Error) -> Self {
        CmdError::new("internal", e.to_string())
    }
}

pub type CmdResult<T> = Result<T, CmdError>;

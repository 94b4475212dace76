//! Typed errors. Input errors (exit code 2) carry the place they were found:
//! file, sheet, cell in A1 style, and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a source file something was found. Rows and columns are 0-based
/// internally and shown 1-based / A1-style to the user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub col: Option<u32>,
}

impl Location {
    pub fn file(path: &std::path::Path) -> Self {
        Location {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            sheet: None,
            row: None,
            col: None,
        }
    }
    pub fn sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }
    pub fn cell(mut self, row: u32, col: u32) -> Self {
        self.row = Some(row);
        self.col = Some(col);
        self
    }
    pub fn row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }
}

/// Column index (0-based) to letters: 0 → A, 26 → AA.
pub fn col_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", blad \"{s}\"")?;
        }
        match (self.row, self.col) {
            (Some(r), Some(c)) => {
                write!(f, ", cell {}{} (rad {}, kolumn {})", col_letters(c), r + 1, r + 1, col_letters(c))
            }
            (Some(r), None) => write!(f, ", rad {}", r + 1),
            _ => Ok(()),
        }
    }
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CellError {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input file is wrong; nothing was imported.
    #[error("{}", render_input(.0))]
    Input(Vec<CellError>),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    /// The command line was used wrongly (an argument the parser cannot check).
    #[error("{0}")]
    Usage(String),
    /// A value the user gave is not acceptable (a setting, a unit price, a
    /// period): `field` names what the user typed into, for the UI to mark.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// The thing asked for does not exist (a batch, a plan, a backup).
    #[error("{0}")]
    NotFound(String),
    /// A change that is refused as things stand: it would replace another
    /// export's lines, undo a batch that a newer one replaced, change a locked
    /// forecast or a closed period. The message says how to confirm or why.
    #[error("{0}")]
    Conflict(String),
    /// The user cancelled the operation (an import); nothing of it was kept.
    #[error("avbruten: inget från filen sparades")]
    Cancelled,
    /// A fault of ours, not the user's input.
    #[error("internt fel: {0}")]
    Internal(String),
    #[error("databasfel: {}", db_message(.0))]
    Db(#[from] rusqlite::Error),
    /// The database server's error (a shared database on PostgreSQL).
    #[error("databasfel: {}", crate::store::db_server_message(.0))]
    Server(#[from] postgres::Error),
    #[error("Excel-export: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("I/O-fel: {}", crate::os::describe(.0))]
    Io(#[from] std::io::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// SQLite's own text, except for a statement the store's watchdog stopped.
fn db_message(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::OperationInterrupted) => {
            "frågan avbröts: den arbetade i över en minut utan att bli klar".into()
        }
        _ => e.to_string(),
    }
}

fn render_input(errs: &[CellError]) -> String {
    let mut s = String::new();
    const MAX: usize = 50;
    for (i, e) in errs.iter().take(MAX).enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&e.to_string());
    }
    if errs.len() > MAX {
        s.push_str(&format!("\n… och {} fel till", errs.len() - MAX));
    }
    s
}

impl Error {
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input(vec![CellError { location, message: message.into() }])
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Error::NotFound(message.into())
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Error::Conflict(message.into())
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal(message.into())
    }
    /// An input file the OS would not open, naming it. Excel keeps a workbook
    /// it has open locked on Windows: the message says to close it there.
    pub fn open_input(path: &Path, e: &std::io::Error) -> Self {
        let message = if crate::os::is_sharing_violation(e) {
            format!("filen är öppen i ett annat program (Excel?): stäng filen i Excel och försök igen ({})", os_code(e))
        } else {
            format!("kan inte öppna filen: {}", crate::os::describe(e))
        };
        Error::File { path: path.to_path_buf(), message }
    }
    /// A file we write that the OS would not write or replace, naming it: on
    /// Windows a workbook open in Excel cannot be replaced.
    pub fn save_output(path: &Path, e: &std::io::Error) -> Self {
        let message = if crate::os::replace_refused(e) {
            format!("filen är öppen i ett annat program (Excel?): stäng den och försök igen ({})", os_code(e))
        } else {
            format!("kan inte spara filen: {}", crate::os::describe(e))
        };
        Error::File { path: path.to_path_buf(), message }
    }
    /// The database file is held by another process in a way that keeps
    /// SQLite (or a restore) from writing, moving or replacing it.
    pub fn database_held(path: &Path, e: &std::io::Error) -> Self {
        Error::File {
            path: path.to_path_buf(),
            message: format!(
                "databasen är öppen i ett annat program (en annan Ramkoll, en säkerhetskopiering eller ett \
                 antivirusprogram): stäng det och försök igen ({})",
                os_code(e)
            ),
        }
    }
    /// Exit code per the CLI contract: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_)
            | Error::File { .. }
            | Error::Usage(_)
            | Error::Invalid { .. }
            | Error::NotFound(_)
            | Error::Conflict(_) => 2,
            _ => 1,
        }
    }
    /// Stable machine-readable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Input(_) => "input",
            Error::File { .. } => "file",
            Error::Usage(_) => "usage",
            Error::Invalid { .. } => "invalid",
            Error::NotFound(_) => "not-found",
            Error::Conflict(_) => "conflict",
            Error::Cancelled => "cancelled",
            Error::Internal(_) => "internal",
            Error::Db(_) | Error::Server(_) => "db",
            Error::Xlsx(_) => "export",
            Error::Io(_) => "io",
            Error::Json(_) => "json",
        }
    }
}

/// `Windows-fel 32`: the OS's code, for the one who looks it up.
fn os_code(e: &std::io::Error) -> String {
    let label = if cfg!(windows) { "Windows-fel" } else { "OS-fel" };
    e.raw_os_error().map(|c| format!("{label} {c}")).unwrap_or_else(|| e.to_string())
}

pub type Result<T> = std::result::Result<T, Error>;

//! What the operating system does differently, in Ramkoll's words. Windows
//! locks a file another program has open (Excel a workbook, SQLite or a
//! backup tool a database) and gives its error texts in the OS language; a
//! database on a network share is where SQLite's locking is unreliable.
//!
//! `errors`: which I/O errors mean "another program has it open", the
//! Swedish sentence for an OS error with its code, and the probe for a
//! database held by another process. `network`: whether a path is on a
//! network share (UNC, a mapped network drive, an NFS/CIFS mount).
//! Each is pure where it can be, so Linux tests it; the `cfg(windows)` parts
//! are compiled by the Windows build and run under Wine (`scripts/windows.sh`).

mod errors;
mod network;

pub use errors::{describe, held_by_another_process, is_sharing_violation, replace_refused};
pub use network::{network_path, Reason};

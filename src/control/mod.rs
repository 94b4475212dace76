//! Internal control (intern kontroll): the audit trail's hash chain and its
//! verification, the frozen-period rule, the checks a month's sign-off
//! runs, and the values of the control report for the auditors. Pure
//! functions over plain data: the store keeps the entries, the application
//! layer decides when they are written.

pub mod audit;
pub mod frozen;
pub mod report;
pub mod signoff;

pub use audit::{verify, AuditEntry, Broken, ChainCheck, Draft, Operation};
pub use frozen::{check_open, Touches};
pub use report::{BatchRecord, ControlReport, UnclassifiedPeriod};
pub use signoff::{run_checks, Check, CheckInput, SignoffChecks, Thresholds};

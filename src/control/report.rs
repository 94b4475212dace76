//! The control report's values: what a controller hands the auditors for a
//! year. Assembled by the application layer from the store and the log;
//! `export::write_control` renders it.

use super::audit::{AuditEntry, ChainCheck, Operation};
use crate::money::Amount;
use crate::store::{BatchInfo, CommentVersion, PeriodEvent};
use serde::Serialize;

/// One import batch with who imported it and what happened to it since.
#[derive(Debug, Clone, Serialize)]
pub struct BatchRecord {
    pub batch: BatchInfo,
    /// The user of the batch's import entry (empty for batches imported
    /// before the audit log existed).
    pub imported_by: String,
    /// `stämmer`, `avviker med …` or `ingen källsumma`.
    pub reconciliation: String,
    /// Replaced, undone and redone, each with whom and when, oldest first.
    pub history: Vec<String>,
}

/// Unclassified outcome in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnclassifiedPeriod {
    pub period: u32,
    pub lines: u64,
    pub amount: Amount,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlReport {
    pub year: i32,
    /// When the report was taken, `YYYY-MM-DD HH:MM:SS`.
    pub created: String,
    pub batches: Vec<BatchRecord>,
    /// Rule edits and reclassifications from the log.
    pub rule_changes: Vec<AuditEntry>,
    pub unclassified: Vec<UnclassifiedPeriod>,
    /// Sign-offs and reopenings of the year's periods, oldest first.
    pub signoffs: Vec<PeriodEvent>,
    /// Every version of every comment, by key and then oldest first.
    pub comment_versions: Vec<CommentVersion>,
    /// The whole log (entries carry the time of the change, not of the accounts).
    pub log: Vec<AuditEntry>,
    /// The whole chain's check (not only the year's entries).
    pub chain: ChainCheck,
}

/// How a batch's control sum compares with its file's total row.
pub fn reconciliation(b: &BatchInfo) -> String {
    match b.source_total {
        Some(s) if s == b.control_sum => "stämmer".to_string(),
        Some(s) => format!("avviker med {} kr", crate::money::format_sv(b.control_sum - s, crate::money::Unit::Kr)),
        None => "ingen källsumma".to_string(),
    }
}

fn summary(e: &AuditEntry) -> serde_json::Value {
    serde_json::from_str(&e.summary).unwrap_or(serde_json::Value::Null)
}

/// Whether an entry's summary lists `batch` among those an import replaced
/// or an undo/redo brought back or replaced again.
fn replaced(e: &AuditEntry, batch: i64) -> bool {
    let s = summary(e);
    let listed = |k: &str| s[k].as_array().is_some_and(|a| a.iter().any(|r| r["batch_id"].as_i64() == Some(batch)));
    listed("replaced") || listed("restored")
}

/// A batch with its importer and its history, read from the log.
pub fn batch_record(batch: BatchInfo, log: &[AuditEntry]) -> BatchRecord {
    let subject = format!("batch {}", batch.id);
    let mut imported_by = String::new();
    let mut history = Vec::new();
    for e in log {
        let op = Operation::parse(&e.operation);
        let own = e.subject == subject;
        match op {
            Some(Operation::Import) if own => imported_by = e.user.clone(),
            Some(Operation::Import) if replaced(e, batch.id) => {
                history.push(format!("ersatt av {} av {} {}", e.subject.replace("batch", "import"), e.user, e.at))
            }
            Some(Operation::Undo) if own => history.push(format!("ångrad av {} {}", e.user, e.at)),
            Some(Operation::Redo) if own => history.push(format!("gjord om av {} {}", e.user, e.at)),
            Some(Operation::Undo | Operation::Redo) if replaced(e, batch.id) => {
                let what = if op == Some(Operation::Undo) { "återkom" } else { "ersatt igen" };
                history.push(format!("{what} när {} ångrades/gjordes om av {} {}", e.subject, e.user, e.at))
            }
            _ => {}
        }
    }
    BatchRecord { reconciliation: reconciliation(&batch), batch, imported_by, history }
}

/// The log entries that changed rules or reclassified lines.
pub fn rule_changes(log: &[AuditEntry]) -> Vec<AuditEntry> {
    let rules =
        |e: &&AuditEntry| matches!(Operation::parse(&e.operation), Some(Operation::Rules | Operation::Reclassify));
    log.iter().filter(rules).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::audit::{seal, Draft};
    use serde_json::json;

    fn batch(id: i64) -> BatchInfo {
        BatchInfo {
            id,
            kind: crate::store::Kind::Ledger,
            sum_unit: crate::store::SumUnit::Kr,
            source: "hb".into(),
            file_name: format!("hb{id}.xlsx"),
            file_path: String::new(),
            sha256: String::new(),
            format: "xlsx".into(),
            sheet: String::new(),
            header_row: 0,
            row_count: 1,
            control_sum: Amount(1000),
            source_total: Some(Amount(900)),
            scope_from: None,
            scope_to: None,
            imported_at: String::new(),
            state: "replaced".into(),
            active_rows: 0,
            active_sum: Amount(0),
        }
    }

    #[test]
    fn a_batch_history_names_who_and_when() {
        let mut log: Vec<AuditEntry> = Vec::new();
        let mut add = |user: &str, at: &str, d: Draft| {
            let prev = log.last().map(|e| (e.id, e.hash.clone()));
            let e = seal(prev.as_ref().map(|(i, h)| (*i, h.as_str())), at, user, &d);
            log.push(e);
        };
        add("anna", "2026-01-05 10:00:00", Draft::new(Operation::Import, "batch 1", json!({"replaced": []})));
        add(
            "bo",
            "2026-02-05 10:00:00",
            Draft::new(Operation::Import, "batch 2", json!({"replaced": [{"batch_id": 1}]})),
        );
        add(
            "cia",
            "2026-02-06 10:00:00",
            Draft::new(Operation::Undo, "batch 2", json!({"restored": [{"batch_id": 1}]})),
        );
        add("cia", "2026-02-07 10:00:00", Draft::new(Operation::Rules, "rules", json!({})));
        let r = batch_record(batch(1), &log);
        assert_eq!(r.imported_by, "anna");
        assert_eq!(r.reconciliation, "avviker med 1,00 kr");
        assert_eq!(
            r.history,
            [
                "ersatt av import 2 av bo 2026-02-05 10:00:00",
                "återkom när batch 2 ångrades/gjordes om av cia 2026-02-06 10:00:00"
            ]
        );
        assert_eq!(batch_record(batch(2), &log).history, ["ångrad av cia 2026-02-06 10:00:00"]);
        assert_eq!(rule_changes(&log).len(), 1);
    }
}

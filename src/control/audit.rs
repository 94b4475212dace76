//! The audit trail's entries and their hash chain. Each entry carries the
//! hash of the one before it; its own hash is SHA-256 over that and the
//! entry's canonical fields, so changing, removing or reordering a stored
//! entry breaks the chain at the first entry touched.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The previous hash of the very first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What was done. The names are the `--kind` filter's values; a filter also
/// matches by the part before the dash (`period` finds both sign-off kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Import,
    Undo,
    Redo,
    Restore,
    Rules,
    Reclassify,
    Setting,
    Comment,
    PlanAdd,
    PlanRemove,
    PeriodClose,
    PeriodReopen,
    /// A forecast round's rows imported from a file.
    ForecastImport,
    /// One forecast row set by hand.
    ForecastSet,
    /// A forecast round locked (fastställd).
    ForecastLock,
}

impl Operation {
    pub const ALL: [Operation; 15] = [
        Operation::Import,
        Operation::Undo,
        Operation::Redo,
        Operation::Restore,
        Operation::Rules,
        Operation::Reclassify,
        Operation::Setting,
        Operation::Comment,
        Operation::PlanAdd,
        Operation::PlanRemove,
        Operation::PeriodClose,
        Operation::PeriodReopen,
        Operation::ForecastImport,
        Operation::ForecastSet,
        Operation::ForecastLock,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Import => "import",
            Operation::Undo => "undo",
            Operation::Redo => "redo",
            Operation::Restore => "restore",
            Operation::Rules => "rules",
            Operation::Reclassify => "reclassify",
            Operation::Setting => "setting",
            Operation::Comment => "comment",
            Operation::PlanAdd => "plan-add",
            Operation::PlanRemove => "plan-remove",
            Operation::PeriodClose => "period-close",
            Operation::PeriodReopen => "period-reopen",
            Operation::ForecastImport => "forecast-import",
            Operation::ForecastSet => "forecast-set",
            Operation::ForecastLock => "forecast-lock",
        }
    }

    /// The Swedish label the log shows.
    pub fn label_sv(self) -> &'static str {
        match self {
            Operation::Import => "import",
            Operation::Undo => "ångra import",
            Operation::Redo => "gör om import",
            Operation::Restore => "återställning",
            Operation::Rules => "regler ändrade",
            Operation::Reclassify => "omklassificering",
            Operation::Setting => "inställning",
            Operation::Comment => "kommentar",
            Operation::PlanAdd => "planerad anskaffning",
            Operation::PlanRemove => "planerad anskaffning borttagen",
            Operation::PeriodClose => "klarmarkering",
            Operation::PeriodReopen => "period öppnad igen",
            Operation::ForecastImport => "prognos importerad",
            Operation::ForecastSet => "prognos ändrad",
            Operation::ForecastLock => "prognos fastställd",
        }
    }

    pub fn parse(s: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Whether a `--kind` filter value selects this operation.
    pub fn matches(self, kind: &str) -> bool {
        let name = self.as_str();
        name == kind || name.split('-').next() == Some(kind)
    }
}

/// A change about to be logged: what the operation knows; who, when and the
/// chain are added when it is sealed inside the change's transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub operation: Operation,
    /// What was changed: `batch 3`, `period 201806`, a comment's key, a setting's key.
    pub subject: String,
    /// Enough before/after to read the change without the database's history.
    pub summary: serde_json::Value,
}

impl Draft {
    pub fn new(operation: Operation, subject: impl Into<String>, summary: serde_json::Value) -> Draft {
        Draft { operation, subject: subject.into(), summary }
    }
}

/// One stored entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    pub id: i64,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub user: String,
    /// An [`Operation`] name (`import`, `period-close`, …).
    pub operation: String,
    pub subject: String,
    /// The before/after summary as JSON text, hashed exactly as stored.
    pub summary: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The entry that follows `prev` (the chain's head; `None` for the first).
pub fn seal(prev: Option<(i64, &str)>, at: &str, user: &str, draft: &Draft) -> AuditEntry {
    let (id, prev_hash) = match prev {
        Some((id, h)) => (id + 1, h.to_string()),
        None => (1, GENESIS.to_string()),
    };
    let mut e = AuditEntry {
        id,
        at: at.to_string(),
        user: user.to_string(),
        operation: draft.operation.as_str().to_string(),
        subject: draft.subject.clone(),
        summary: draft.summary.to_string(),
        prev_hash,
        hash: String::new(),
    };
    e.hash = entry_hash(&e);
    e
}

/// SHA-256 (hex) over the previous hash and the entry's fields. The fields
/// go in as one JSON array, so no choice of text can make two different
/// entries read the same.
pub fn entry_hash(e: &AuditEntry) -> String {
    let fields = serde_json::json!([e.id, e.at, e.user, e.operation, e.subject, e.summary]);
    let mut h = Sha256::new();
    h.update(e.prev_hash.as_bytes());
    h.update(b"\n");
    h.update(fields.to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The first entry where the chain does not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Broken {
    pub id: i64,
    pub at: String,
    pub operation: String,
    pub reason: String,
}

/// What `log verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainCheck {
    pub entries: usize,
    /// The hash of the last entry (the chain's head).
    pub head: Option<String>,
    pub broken: Option<Broken>,
}

/// Check the chain, entries in id order: each links to the one before, and
/// each hash is the hash of its entry. Stops at the first broken entry.
pub fn verify(entries: &[AuditEntry]) -> ChainCheck {
    let mut prev: Option<&AuditEntry> = None;
    for e in entries {
        if let Some(reason) = fault(prev, e) {
            let broken = Broken { id: e.id, at: e.at.clone(), operation: e.operation.clone(), reason };
            return ChainCheck { entries: entries.len(), head: None, broken: Some(broken) };
        }
        prev = Some(e);
    }
    ChainCheck { entries: entries.len(), head: prev.map(|e| e.hash.clone()), broken: None }
}

fn fault(prev: Option<&AuditEntry>, e: &AuditEntry) -> Option<String> {
    let (want_id, want_prev) = match prev {
        Some(p) => (p.id + 1, p.hash.as_str()),
        None => (e.id, GENESIS),
    };
    if e.id != want_id {
        return Some(format!("posten före saknas (väntade id {want_id})"));
    }
    if e.prev_hash != want_prev {
        return Some("länken till posten före stämmer inte (en post före har ändrats eller tagits bort)".into());
    }
    if entry_hash(e) != e.hash {
        return Some("postens innehåll stämmer inte med dess hash (posten har ändrats)".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: usize) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let prev = out.last().map(|e| (e.id, e.hash.as_str()));
            let d =
                Draft::new(Operation::Comment, format!("key{i}"), json!({"before": null, "after": format!("t{i}")}));
            let e = seal(prev, "2026-12-01 10:00:00", "anna", &d);
            out.push(e);
        }
        out
    }

    #[test]
    fn a_chain_verifies_and_names_its_head() {
        let c = chain(3);
        assert_eq!(c[0].id, 1);
        assert_eq!(c[0].prev_hash, GENESIS);
        assert_eq!(c[1].prev_hash, c[0].hash);
        assert_eq!(c[2].id, 3);
        assert_eq!(c[0].hash.len(), 64);
        let v = verify(&c);
        assert_eq!(v, ChainCheck { entries: 3, head: Some(c[2].hash.clone()), broken: None });
        assert_eq!(verify(&[]), ChainCheck { entries: 0, head: None, broken: None });
    }

    #[test]
    fn a_changed_summary_breaks_that_entry() {
        let mut c = chain(4);
        c[2].summary = r#"{"before":null,"after":"annan text"}"#.into();
        let b = verify(&c).broken.unwrap();
        assert_eq!(b.id, 3);
        assert_eq!(b.operation, "comment");
        assert!(b.reason.contains("har ändrats"), "{}", b.reason);
    }

    #[test]
    fn a_removed_or_rehashed_entry_breaks_the_next() {
        let mut c = chain(4);
        c.remove(1);
        assert_eq!(verify(&c).broken.unwrap().id, 3);

        // rewriting an entry and its own hash still breaks the link after it
        let mut c = chain(4);
        c[1].user = "mallory".into();
        c[1].hash = entry_hash(&c[1]);
        let b = verify(&c).broken.unwrap();
        assert_eq!(b.id, 3);
        assert!(b.reason.contains("länken"), "{}", b.reason);
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let d1 = Draft::new(Operation::Comment, "ab", json!(null));
        let d2 = Draft::new(Operation::Comment, "a", json!(null));
        let e1 = seal(None, "t", "u", &d1);
        let e2 = seal(None, "t", "ub", &d2);
        assert_ne!(e1.hash, e2.hash);
    }

    #[test]
    fn kinds_filter_by_name_or_family() {
        assert!(Operation::PeriodClose.matches("period"));
        assert!(Operation::PeriodReopen.matches("period-reopen"));
        assert!(!Operation::PeriodReopen.matches("period-close"));
        assert!(Operation::Import.matches("import"));
        assert_eq!(Operation::parse("plan-add"), Some(Operation::PlanAdd));
        assert_eq!(Operation::parse("x"), None);
    }
}

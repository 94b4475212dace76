//! Configuration: the ordered classification rules, the kostnadsslag
//! hierarchy, settings and remembered column mappings.

use super::audit;
use super::db::{params, Db};
use super::reclassify::{reclassify_in, Moves};
use super::{Kind, Store};
use crate::classify::{CostType, Rule, RuleField};
use crate::control::audit::{Draft, Operation};
use crate::control::Touches;
use crate::error::{Error, Result};
use crate::money::Amount;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReclassifyOutcome {
    pub lines: u64,
    pub changed: u64,
    pub unclassified: u64,
    pub unclassified_sum: Amount,
}

/// The rules in the order they apply.
pub(super) fn read_rules(conn: &Db) -> Result<Vec<Rule>> {
    let mut st =
        conn.prepare("SELECT id, field, pattern, area, category, cost_type, vo, note FROM rule ORDER BY ord, id")?;
    let rows = st.query_map(params![], |r| {
        Ok(Rule {
            id: r.get(0)?,
            field: RuleField::parse(&r.get::<String>(1)?).unwrap_or(RuleField::Konto),
            pattern: r.get(2)?,
            area: r.get(3)?,
            category: r.get(4)?,
            cost_type: r.get(5)?,
            vo: r.get(6)?,
            note: r.get(7)?,
        })
    })?;
    rows.collect::<std::result::Result<_, _>>()
}

pub(super) fn insert_rules(tx: &Db, rules: &[Rule]) -> Result<()> {
    append_rules(tx, rules, 0)
}

/// Add `rules` after the first `offset` (blank results stored as NULL).
pub(super) fn append_rules(tx: &Db, rules: &[Rule], offset: i64) -> Result<()> {
    let mut st = tx.prepare(
        "INSERT INTO rule (ord, field, pattern, area, category, cost_type, vo, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?;
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    for (i, r) in rules.iter().enumerate() {
        st.execute(params![
            offset + i as i64 + 1,
            r.field.label().to_lowercase(),
            r.pattern.trim(),
            blank(&r.area),
            blank(&r.category),
            blank(&r.cost_type),
            blank(&r.vo),
            blank(&r.note)
        ])?;
    }
    Ok(())
}

pub(super) fn insert_cost_types(tx: &Db, types: &[CostType]) -> Result<()> {
    tx.execute("DELETE FROM cost_type", params![])?;
    let mut st = tx.prepare("INSERT INTO cost_type (name, grp, revenue, staff, ord) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (i, c) in types.iter().enumerate() {
        st.execute(params![c.name, c.group, c.revenue, c.staff, i as i64 + 1])?;
    }
    Ok(())
}

impl Store {
    pub fn rules(&self) -> Result<Vec<Rule>> {
        read_rules(&self.db)
    }

    /// Replace the whole ordered rule list (ids are reassigned) and
    /// re-classify every stored line with it, in one transaction.
    pub fn replace_rules(&mut self, rules: &[Rule]) -> Result<ReclassifyOutcome> {
        for (i, r) in rules.iter().enumerate() {
            r.validate().map_err(|m| Error::invalid("rules", format!("regel {}: {m}", i + 1)))?;
        }
        let tx = self.db.begin()?;
        let before = read_rules(&tx)?;
        tx.execute("DELETE FROM rule", params![])?;
        insert_rules(&tx, rules)?;
        let after = read_rules(&tx)?;
        let (out, moves) = reclassify_in(&tx)?;
        let summary = json!({ "before": before, "after": after, "reclassified": reclassified(&out, &moves) });
        let touches = Touches::periods(moves.periods.iter().copied());
        audit::record(&tx, &self.user, "Regeländringen", &touches, &Draft::new(Operation::Rules, "rules", summary))?;
        tx.commit()?;
        Ok(out)
    }

    /// Re-run the rules over every stored line.
    pub fn reclassify(&mut self) -> Result<ReclassifyOutcome> {
        let tx = self.db.begin()?;
        let (out, moves) = reclassify_in(&tx)?;
        let draft = Draft::new(Operation::Reclassify, "rules", reclassified(&out, &moves));
        let touches = Touches::periods(moves.periods.iter().copied());
        audit::record(&tx, &self.user, "Omklassificeringen", &touches, &draft)?;
        tx.commit()?;
        Ok(out)
    }

    // ---- remembered column mappings ----

    pub fn saved_mapping(&self, kind: Kind, signature: &str) -> Result<Option<(u32, String)>> {
        self.db.query_opt(
            "SELECT header_row, mapping FROM saved_mapping WHERE kind = ?1 AND signature = ?2",
            params![kind.as_str(), signature],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    pub fn save_mapping(&mut self, kind: Kind, signature: &str, header_row: u32, mapping_json: &str) -> Result<()> {
        self.db.execute(
            "INSERT INTO saved_mapping (kind, signature, header_row, mapping) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(kind, signature) DO UPDATE SET header_row = excluded.header_row, mapping = excluded.mapping",
            params![kind.as_str(), signature, header_row, mapping_json],
        )?;
        Ok(())
    }

    // ---- kostnadsslag and settings ----

    /// The kostnadsslag hierarchy (configurable; seeded with a default).
    pub fn cost_types(&self) -> Result<Vec<CostType>> {
        read_cost_types(&self.db)
    }

    pub fn set_cost_types(&mut self, types: &[CostType]) -> Result<()> {
        let tx = self.db.begin()?;
        let before = read_cost_types(&tx)?;
        insert_cost_types(&tx, types)?;
        let summary = json!({ "before": before, "after": types });
        audit::append(&tx, &self.user, &Draft::new(Operation::Rules, "cost_types", summary))?;
        tx.commit()?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.db.query_opt("SELECT value FROM setting WHERE key = ?1", params![key], |r| r.get(0))
    }

    /// Every setting whose key starts with `prefix` (`internal_rate/`), by key.
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let mut st = self.db.prepare("SELECT key, value FROM setting WHERE substr(key, 1, ?2) = ?1 ORDER BY key")?;
        let rows = st.query_map(params![prefix, prefix.chars().count() as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()
    }

    /// Set a setting; a change is logged with the value before and after.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.db.begin()?;
        let before: Option<String> =
            tx.query_opt("SELECT value FROM setting WHERE key = ?1", params![key], |r| r.get(0))?;
        if before.as_deref() == Some(value) {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        let summary = json!({ "key": key, "before": before, "after": value });
        audit::append(&tx, &self.user, &Draft::new(Operation::Setting, key, summary))?;
        tx.commit()?;
        Ok(())
    }
}

/// What a reclassification did, for its audit entry.
fn reclassified(out: &ReclassifyOutcome, moves: &Moves) -> serde_json::Value {
    json!({
        "lines": out.lines,
        "changed": out.changed,
        "unclassified": out.unclassified,
        "unclassified_sum": out.unclassified_sum,
        "moved": moves.summary(),
    })
}

fn read_cost_types(conn: &Db) -> Result<Vec<CostType>> {
    let mut st = conn.prepare("SELECT name, grp, revenue, staff FROM cost_type ORDER BY ord")?;
    let rows = st.query_map(params![], |r| {
        Ok(CostType { name: r.get(0)?, group: r.get(1)?, revenue: r.get(2)?, staff: r.get(3)? })
    })?;
    rows.collect::<std::result::Result<_, _>>()
}

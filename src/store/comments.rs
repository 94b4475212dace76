//! The controller's comments on report cells, keyed by the cell's key, and
//! every earlier text of each (`comment_version`, append-only).

use super::audit::append;
use super::{now, Store};
use crate::control::audit::{Draft, Operation};
use crate::error::Result;
use super::db::{params, Db};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comment {
    pub key: String,
    pub text: String,
    pub author: String,
    pub updated_at: String,
}

/// One version of a comment: what it said, who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommentVersion {
    pub key: String,
    /// 1 for the first text written on the key.
    pub version: u32,
    /// Empty when the comment was removed.
    pub text: String,
    pub author: String,
    pub at: String,
    /// Whether this is the text the reports show now.
    pub current: bool,
}

fn versions(conn: &Db, key: Option<&str>) -> Result<Vec<CommentVersion>> {
    let mut st = conn.prepare(
        "SELECT key, text, author, at, id = (SELECT MAX(id) FROM comment_version w WHERE w.key = v.key)
         FROM comment_version v WHERE CAST(?1 AS TEXT) IS NULL OR key = ?1 ORDER BY key, id",
    )?;
    let rows = st.query_map(params![key], |r| {
        Ok(CommentVersion {
            key: r.get(0)?,
            version: 0,
            text: r.get(1)?,
            author: r.get(2)?,
            at: r.get(3)?,
            current: r.get(4)?,
        })
    })?;
    let mut out: Vec<CommentVersion> = rows.collect::<std::result::Result<_, _>>()?;
    let mut n = 0;
    for i in 0..out.len() {
        n = if i > 0 && out[i - 1].key == out[i].key { n + 1 } else { 1 };
        out[i].version = n;
        // a removed comment's last version is not shown as current text
        out[i].current &= !out[i].text.is_empty();
    }
    Ok(out)
}

impl Store {
    /// Set the comment of a cell; an empty text removes it. The earlier
    /// text stays as a version, and the change is logged, in one transaction.
    pub fn set_comment(&mut self, key: &str, text: &str) -> Result<()> {
        let text = text.trim();
        let tx = self.db.begin()?;
        let before: Option<String> =
            tx.query_opt("SELECT text FROM comment WHERE key = ?1", params![key], |r| r.get(0))?;
        if before.as_deref() == Some(text) || (before.is_none() && text.is_empty()) {
            return Ok(()); // nothing changes: no version, no entry
        }
        let at = now();
        if text.is_empty() {
            tx.execute("DELETE FROM comment WHERE key = ?1", params![key])?;
        } else {
            tx.execute(
                "INSERT INTO comment (key, text, author, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(key) DO UPDATE SET text = excluded.text, author = excluded.author, updated_at = excluded.updated_at",
                params![key, text, self.user, at],
            )?;
        }
        tx.execute(
            "INSERT INTO comment_version (key, text, author, at) VALUES (?1, ?2, ?3, ?4)",
            params![key, text, self.user, at],
        )?;
        let after = (!text.is_empty()).then_some(text);
        let summary = serde_json::json!({ "key": key, "before": before, "after": after });
        append(&tx, &self.user, &Draft::new(Operation::Comment, key, summary))?;
        tx.commit()?;
        Ok(())
    }

    /// Every version of the comment on `key`, oldest first.
    pub fn comment_history(&self, key: &str) -> Result<Vec<CommentVersion>> {
        versions(&self.db, Some(key))
    }

    /// Every version of every comment, by key, oldest first.
    pub fn comment_versions(&self) -> Result<Vec<CommentVersion>> {
        versions(&self.db, None)
    }

    pub fn comments(&self) -> Result<BTreeMap<String, Comment>> {
        let mut st = self.db.prepare("SELECT key, text, author, updated_at FROM comment")?;
        let rows = st.query_map(params![], |r| {
            Ok(Comment { key: r.get(0)?, text: r.get(1)?, author: r.get(2)?, updated_at: r.get(3)? })
        })?;
        let mut m = BTreeMap::new();
        for c in rows {
            let c = c?;
            m.insert(c.key.clone(), c);
        }
        Ok(m)
    }
}

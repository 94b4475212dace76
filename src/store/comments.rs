//! The controller's comments on report cells, keyed by the cell's key.

use super::{now, Store};
use crate::error::Result;
use rusqlite::params;
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

impl Store {
    /// Set the comment of a cell; an empty text removes it.
    pub fn set_comment(&mut self, key: &str, text: &str) -> Result<()> {
        if text.trim().is_empty() {
            self.conn.execute("DELETE FROM comment WHERE key = ?1", [key])?;
        } else {
            let author = std::env::var("USERNAME").or_else(|_| std::env::var("USER")).unwrap_or_default();
            self.conn.execute(
                "INSERT INTO comment (key, text, author, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(key) DO UPDATE SET text = excluded.text, author = excluded.author, updated_at = excluded.updated_at",
                params![key, text.trim(), author, now()],
            )?;
        }
        Ok(())
    }

    pub fn comments(&self) -> Result<BTreeMap<String, Comment>> {
        let mut st = self.conn.prepare("SELECT key, text, author, updated_at FROM comment")?;
        let rows = st.query_map([], |r| {
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

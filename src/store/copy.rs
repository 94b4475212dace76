//! Ledger lines for PostgreSQL's `COPY … FROM STDIN`, in its text format: a
//! buffer of lines sent a few megabytes at a time inside the import's
//! transaction, so a million-line import is a handful of round trips, not a
//! million, and a failed import still leaves nothing.

use super::db::Db;
use super::writer::{LedgerRow, LINE_COLUMNS};
use crate::classify::Classification;
use crate::error::{Error, Result};
use std::fmt::Write;

/// Sent when the buffer holds this much.
const FLUSH_BYTES: usize = 4 << 20;

#[derive(Default)]
pub(super) struct CopyBuffer {
    buf: String,
}

impl CopyBuffer {
    pub(super) fn line(&mut self, batch: i64, r: &LedgerRow<'_>, c: &Classification) {
        let b = &mut self.buf;
        num(b, batch);
        num(b, r.row_no);
        num(b, r.period);
        num(b, r.period / 100);
        opt_text(b, r.date.as_deref());
        for t in [r.konto, r.ansvar, r.verksamhet, r.projekt, r.motpart, r.verifikation, r.text] {
            text(b, t);
        }
        num(b, r.amount.0);
        opt_text(b, r.x_area);
        opt_text(b, r.x_category);
        opt_num(b, r.x_decision_year);
        opt_text(b, r.x_cost_type);
        opt_text(b, r.x_vo);
        opt_text(b, c.area.as_deref());
        opt_text(b, c.category.as_deref());
        opt_text(b, c.cost_type.as_deref());
        opt_text(b, c.vo.as_deref());
        opt_num(b, c.decision_year);
        opt_num(b, c.rule_id);
        opt_text(b, r.attrs);
        // the last field's tab becomes the line's end
        b.pop();
        b.push('\n');
    }

    pub(super) fn is_full(&self) -> bool {
        self.buf.len() >= FLUSH_BYTES
    }

    pub(super) fn flush(&mut self, db: &Db) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let Db::Postgres(pg) = db else {
            return Err(Error::internal("COPY är PostgreSQL:s"));
        };
        pg.copy_in(&format!("COPY ledger_line ({LINE_COLUMNS}) FROM STDIN"), self.buf.as_bytes())?;
        self.buf.clear();
        Ok(())
    }
}

fn num(b: &mut String, v: impl std::fmt::Display) {
    let _ = write!(b, "{v}\t");
}

fn opt_num<T: std::fmt::Display>(b: &mut String, v: Option<T>) {
    match v {
        Some(v) => num(b, v),
        None => b.push_str("\\N\t"),
    }
}

fn opt_text(b: &mut String, v: Option<&str>) {
    match v {
        Some(t) => text(b, t),
        None => b.push_str("\\N\t"),
    }
}

/// A text field: backslash, tab, newline and carriage return escaped.
pub(super) fn text(b: &mut String, t: &str) {
    for ch in t.chars() {
        match ch {
            '\\' => b.push_str("\\\\"),
            '\t' => b.push_str("\\t"),
            '\n' => b.push_str("\\n"),
            '\r' => b.push_str("\\r"),
            c => b.push(c),
        }
    }
    b.push('\t');
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn a_text_with_tabs_newlines_and_backslashes_is_escaped() {
        let mut b = String::new();
        text(&mut b, "a\tb\nc\\d\re");
        assert_eq!(b, "a\\tb\\nc\\\\d\\re\t");
    }
}

//! Where the two SQL dialects differ, in one place. A query is written in
//! the SQL both accept and asks here for the few fragments that are not.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// A read that locks its rows until the commit: on a server another
    /// connection may change them meanwhile; SQLite has one writer at a time.
    pub(crate) fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// A statement that makes this transaction wait for any other holding
    /// `key` (a transaction-level advisory lock, released at its end); none
    /// on SQLite, where a writer already excludes every other.
    pub(crate) fn serialise(self, key: i64) -> Option<String> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(format!("SELECT pg_advisory_xact_lock({key})")),
        }
    }
}

/// SQLite's numbered placeholders `?N` as PostgreSQL's `$N`, leaving string
/// literals and quoted names alone.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    out.push(c);
                }
                '?' if chars.peek().is_some_and(|n| n.is_ascii_digit()) => out.push('$'),
                _ => out.push(c),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn numbered_placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            placeholders("SELECT a FROM t WHERE b = ?1 AND c = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = $12"
        );
        assert_eq!(placeholders("SELECT '?1', \"?2\" WHERE x = ?3"), "SELECT '?1', \"?2\" WHERE x = $3");
        assert_eq!(placeholders("SELECT 'it''s ?1' WHERE x = ?2"), "SELECT 'it''s ?1' WHERE x = $2");
    }
}

//! Where the two SQL dialects differ, in one place. A query is written in
//! the SQL both accept and asks here for the few fragments that are not.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub(crate) fn begin(self) -> &'static str {
        "BEGIN"
    }

    /// An aggregate of `key`/`value` pairs into a JSON object, as text.
    pub(crate) fn json_object_agg(self, key: &str, value: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_group_object({key}, {value})"),
            Dialect::Postgres => format!("json_object_agg({key}, {value})::text"),
        }
    }

    /// An aggregate of values into a JSON array, as text.
    pub(crate) fn json_array_agg(self, value: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_group_array({value})"),
            Dialect::Postgres => format!("COALESCE(json_agg({value})::text, '[]')"),
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
        assert_eq!(placeholders("SELECT a FROM t WHERE b = ?1 AND c = ?12"), "SELECT a FROM t WHERE b = $1 AND c = $12");
        assert_eq!(placeholders("SELECT '?1', \"?2\" WHERE x = ?3"), "SELECT '?1', \"?2\" WHERE x = $3");
        assert_eq!(placeholders("SELECT 'it''s ?1' WHERE x = ?2"), "SELECT 'it''s ?1' WHERE x = $2");
    }
}

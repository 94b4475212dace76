//! One physical line of an SIE file into a record: a label (`#TRANS`) and its
//! fields, which are bare words, quoted strings (`"Porto \"extra\""`) or
//! object lists (`{1 "4711" 6 "IT-NAT-2018-03"}`). Fields are separated by
//! spaces or tabs (SIE 4B §5.7). A `{` or `}` alone on a line opens or closes
//! the sub-records of a `#VER`.

/// One field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A bare word or the content of a quoted string, escapes resolved.
    Text(String),
    /// The items of an object list, in order: dimension, object, dimension, …
    List(Vec<String>),
}

/// A record: its label as written (`#TRANS`) and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub label: String,
    pub fields: Vec<Field>,
    /// The line ended with a lone `{`: some programs open a `#VER` block on
    /// the `#VER` line itself instead of the next.
    pub opens_block: bool,
}

impl Record {
    /// The label in capitals, for matching.
    pub fn kind(&self) -> String {
        self.label.to_ascii_uppercase()
    }
}

/// What one line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lexed {
    Blank,
    Open,
    Close,
    Record(Record),
}

/// Why a line could not be read; `Display` is the message shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    UnterminatedString,
    UnclosedList,
    NotARecord(String),
}

impl std::fmt::Display for LexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LexError::UnterminatedString => write!(f, "texten saknar avslutande citattecken (\")"),
            LexError::UnclosedList => write!(f, "objektlistan saknar avslutande }}"),
            LexError::NotARecord(start) => {
                write!(f, "förväntade en post som börjar med # (t.ex. #TRANS), fick \"{start}\"")
            }
        }
    }
}

/// Read one line (without its line break).
pub fn lex(line: &str) -> Result<Lexed, LexError> {
    let trimmed = line.trim_matches([' ', '\t', '\r', '\u{1a}']);
    match trimmed {
        "" => return Ok(Lexed::Blank),
        "{" => return Ok(Lexed::Open),
        "}" => return Ok(Lexed::Close),
        _ => {}
    }
    if !trimmed.starts_with('#') {
        let start: String = trimmed.chars().take(20).collect();
        return Err(LexError::NotARecord(start));
    }
    let mut cur = Cursor { s: trimmed, pos: 0 };
    let label = cur.bare(false).to_string();
    let mut fields = Vec::new();
    let mut opens_block = false;
    loop {
        cur.skip_space();
        match cur.peek() {
            None => break,
            Some(b'{') => {
                cur.pos += 1;
                cur.skip_space();
                if cur.peek().is_none() {
                    opens_block = true;
                    break;
                }
                fields.push(Field::List(cur.list()?));
            }
            Some(b'"') => {
                cur.pos += 1;
                fields.push(Field::Text(cur.quoted()?));
            }
            Some(_) => fields.push(Field::Text(cur.bare(false).to_string())),
        }
    }
    Ok(Lexed::Record(Record { label, fields, opens_block }))
}

/// A position in the line. Every delimiter is ASCII, so scanning bytes never
/// splits a multi-byte character and slices stay on character boundaries.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// A bare word: up to a space (and, inside an object list, a `}` or `"`).
    fn bare(&mut self, in_list: bool) -> &'a str {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b == b' ' || b == b'\t' || (in_list && (b == b'}' || b == b'"')) {
                break;
            }
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }

    /// The rest of a quoted string, the opening quote already read. `\"` is
    /// a quote and `\\` a backslash; any other backslash is kept as written.
    fn quoted(&mut self) -> Result<String, LexError> {
        let bytes = self.s.as_bytes();
        let mut out = String::new();
        let mut run = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'"' => {
                    out.push_str(&self.s[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' if matches!(bytes.get(self.pos + 1), Some(b'"' | b'\\')) => {
                    out.push_str(&self.s[run..self.pos]);
                    run = self.pos + 1; // the escaped character starts the next run
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        Err(LexError::UnterminatedString)
    }

    /// The items of an object list, the `{` already read.
    fn list(&mut self) -> Result<Vec<String>, LexError> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(LexError::UnclosedList),
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(b'"') => {
                    self.pos += 1;
                    items.push(self.quoted()?);
                }
                Some(_) => items.push(self.bare(true).to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(line: &str) -> Record {
        match lex(line) {
            Ok(Lexed::Record(r)) => r,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn text(s: &str) -> Field {
        Field::Text(s.to_string())
    }

    fn list(items: &[&str]) -> Field {
        Field::List(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn bare_and_quoted_fields() {
        let r = record("#KONTO 1221 \"Inventarier IT, nät\"");
        assert_eq!(r.label, "#KONTO");
        assert_eq!(r.fields, vec![text("1221"), text("Inventarier IT, nät")]);
        assert!(!r.opens_block);
    }

    #[test]
    fn tabs_and_runs_of_spaces_separate_fields() {
        let r = record("#RAR\t0   20180101\t\t20181231  \r");
        assert_eq!(r.fields, vec![text("0"), text("20180101"), text("20181231")]);
    }

    #[test]
    fn escaped_quotes_and_backslashes() {
        let r = record(r#"#KONTO 1915 "Kassa \"special\" C:\\temp\x""#);
        assert_eq!(r.fields[1], text(r#"Kassa "special" C:\temp\x"#));
    }

    #[test]
    fn empty_quoted_fields_are_kept() {
        let r = record("#VER \"\" \"\" 20080101 \"Porto\"");
        assert_eq!(r.fields, vec![text(""), text(""), text("20080101"), text("Porto")]);
    }

    #[test]
    fn object_lists_quoted_bare_and_empty() {
        let r = record("#TRANS 1221 {1 \"51200\" 6 \"IT-NAT-2018-03\"} 1234.50 20180314 \"Switchar\"");
        assert_eq!(r.fields[1], list(&["1", "51200", "6", "IT-NAT-2018-03"]));
        assert_eq!(r.fields[2], text("1234.50"));
        assert_eq!(record("#TRANS 1910 {} -100").fields[1], list(&[]));
        assert_eq!(record("#TRANS 1910 { } -100").fields[1], list(&[]));
        assert_eq!(
            record("#TRANS 7010 {\"1\" \"456\" \"7\" \"47\"} 13200.00").fields[1],
            list(&["1", "456", "7", "47"])
        );
        assert_eq!(record("#TRANS 7010 {1 456} 1").fields[1], list(&["1", "456"]));
        assert_eq!(record("#TRANS 7010 {1 \"a}b\"} 1").fields[1], list(&["1", "a}b"]));
    }

    #[test]
    fn braces_alone_blank_lines_and_dos_eof() {
        assert_eq!(lex("{"), Ok(Lexed::Open));
        assert_eq!(lex("  }\r"), Ok(Lexed::Close));
        assert_eq!(lex("   \t\r"), Ok(Lexed::Blank));
        assert_eq!(lex("\u{1a}"), Ok(Lexed::Blank));
    }

    #[test]
    fn a_ver_line_may_open_its_block() {
        let r = record("#VER A 1 20180101 \"Porto\" {");
        assert!(r.opens_block);
        assert_eq!(r.fields.len(), 4);
    }

    #[test]
    fn errors() {
        assert_eq!(lex("#TRANS 1910 {1 \"51200\" -100"), Err(LexError::UnclosedList));
        assert_eq!(lex("#KONTO 1910 \"Kassa"), Err(LexError::UnterminatedString));
        assert_eq!(lex("#TRANS 1910 {1 \"51200} -100"), Err(LexError::UnterminatedString));
        assert_eq!(lex("KONTO 1910 Kassa"), Err(LexError::NotARecord("KONTO 1910 Kassa".into())));
        assert_eq!(LexError::UnclosedList.to_string(), "objektlistan saknar avslutande }");
        assert_eq!(LexError::UnterminatedString.to_string(), "texten saknar avslutande citattecken (\")");
    }
}

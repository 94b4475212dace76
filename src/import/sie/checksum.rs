//! `#KSUMMA`, the optional checksum of SIE 4B chapter 10.
//!
//! A checksummed file has a bare `#KSUMMA` right after `#FLAGGA` and a
//! `#KSUMMA <sum>` at the end. The sum is CRC-32 (generator EDB88320H,
//! preset FFFFFFFFH, result bit-inverted: the common IEEE CRC-32) over, for
//! every record between the two, its label (`#TRANS`) and then its fields'
//! contents, all as CP437 bytes (§10.14): no blanks or tabs between fields,
//! no quotes around them, no braces around object lists or `#VER` blocks,
//! and of an escaped `\"` only the quote. Blank lines and the `{`/`}` lines
//! contribute nothing. The spec does not say whether the label's `#` counts;
//! like the other published readers we include it, as part of the label.

use super::encoding::{encode_into, TextEncoding};
use super::lexer::{Field, Record};

const POLYNOMIAL: u32 = 0xEDB8_8320;

const fn table() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ POLYNOMIAL } else { crc >> 1 };
            bit += 1;
        }
        t[i] = crc;
        i += 1;
    }
    t
}

static TABLE: [u32; 256] = table();

/// A running CRC-32 as SIE defines it.
#[derive(Debug, Clone)]
pub struct Crc32(u32);

impl Default for Crc32 {
    fn default() -> Self {
        Crc32::new()
    }
}

impl Crc32 {
    pub fn new() -> Self {
        Crc32(0xFFFF_FFFF)
    }
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 >> 8) ^ TABLE[((self.0 ^ u32::from(b)) & 0xFF) as usize];
        }
    }
    pub fn value(&self) -> u32 {
        !self.0
    }
}

/// The bytes one record adds to the checksum, in `encoding`.
pub fn record_bytes(record: &Record, encoding: TextEncoding, out: &mut Vec<u8>) {
    out.clear();
    let mut add = |s: &str| encode_into(s, encoding, out);
    add(&record.label);
    for field in &record.fields {
        match field {
            Field::Text(s) => add(s),
            Field::List(items) => items.iter().for_each(|s| add(s)),
        }
    }
}

/// The checksum of a file being read. The standard says CP437; a file whose
/// bytes are something else was most likely summed over its own bytes by the
/// program that wrote it, so that sum is kept beside and accepted too.
#[derive(Debug, Clone)]
pub struct Running {
    cp437: Crc32,
    source: Option<(TextEncoding, Crc32)>,
    buf: Vec<u8>,
}

impl Running {
    pub fn new(encoding: TextEncoding) -> Self {
        let source = (encoding != TextEncoding::Cp437).then(|| (encoding, Crc32::new()));
        Running { cp437: Crc32::new(), source, buf: Vec::new() }
    }

    pub fn add(&mut self, record: &Record) {
        record_bytes(record, TextEncoding::Cp437, &mut self.buf);
        self.cp437.update(&self.buf);
        if let Some((enc, crc)) = &mut self.source {
            record_bytes(record, *enc, &mut self.buf);
            crc.update(&self.buf);
        }
    }

    /// The CP437 sum, the one the standard defines.
    pub fn value(&self) -> u32 {
        self.cp437.value()
    }

    pub fn matches(&self, stated: u32) -> bool {
        self.cp437.value() == stated || self.source.as_ref().is_some_and(|(_, c)| c.value() == stated)
    }
}

/// The number written after the closing `#KSUMMA`. The spec's C code keeps
/// it in an `unsigned long`; a program that printed it as a signed 32-bit
/// integer writes a negative number for the same bits.
pub fn parse_stated(s: &str) -> Option<u32> {
    let n: i64 = s.trim().parse().ok()?;
    if (0..=i64::from(u32::MAX)).contains(&n) {
        Some(n as u32)
    } else if (i64::from(i32::MIN)..0).contains(&n) {
        Some(n as i32 as u32)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::{lex, Lexed};
    use super::*;

    fn crc(bytes: &[u8]) -> u32 {
        let mut c = Crc32::new();
        c.update(bytes);
        c.value()
    }

    fn record(line: &str) -> Record {
        match lex(line) {
            Ok(Lexed::Record(r)) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn is_the_standard_crc32() {
        // The check value every CRC-32/IEEE implementation documents.
        assert_eq!(crc(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc(b""), 0);
    }

    #[test]
    fn record_contributes_label_and_field_contents_only() {
        let mut out = Vec::new();
        record_bytes(&record(r#"#KONTO 1915 "Kassa \"special\"""#), TextEncoding::Cp437, &mut out);
        assert_eq!(out, br#"#KONTO1915Kassa "special""#);
        record_bytes(
            &record("#TRANS\t7010  {1 \"456\" 7 \"47\"} 13200.00 20081216 \"Lön\""),
            TextEncoding::Cp437,
            &mut out,
        );
        assert_eq!(out, b"#TRANS7010145674713200.0020081216L\x94n");
    }

    #[test]
    fn running_sum_over_records() {
        let mut r = Running::new(TextEncoding::Cp437);
        r.add(&record("#KONTO 1910 \"Kassa\""));
        r.add(&record("#KONTO 1930 \"Företagskonto\""));
        assert_eq!(r.value(), crc(b"#KONTO1910Kassa#KONTO1930F\x94retagskonto"));
        assert!(r.matches(r.value()));
        assert!(!r.matches(r.value() ^ 1));
    }

    #[test]
    fn a_utf8_file_summed_over_its_own_bytes_is_accepted() {
        let mut r = Running::new(TextEncoding::Utf8);
        r.add(&record("#KONTO 1930 \"Företagskonto\""));
        assert!(r.matches(crc("#KONTO1930Företagskonto".as_bytes())));
        assert!(r.matches(crc(b"#KONTO1930F\x94retagskonto")));
    }

    #[test]
    fn stated_sums_signed_or_unsigned() {
        assert_eq!(parse_stated("1234567890"), Some(1_234_567_890));
        assert_eq!(parse_stated("4294967295"), Some(u32::MAX));
        assert_eq!(parse_stated("-1"), Some(u32::MAX));
        assert_eq!(parse_stated("abc"), None);
        assert_eq!(parse_stated("4294967296"), None);
    }
}

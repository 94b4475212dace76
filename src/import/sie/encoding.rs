//! The character set of an SIE file. The standard allows only CP437 ("PC8",
//! `#FORMAT PC8`), but some programs write Windows-1252 or UTF-8 and still
//! claim PC8, so the bytes decide, not the `#FORMAT` record.

use oem_cp::code_table::{DECODING_TABLE_CP437, ENCODING_TABLE_CP437};

/// How the file's text was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TextEncoding {
    /// IBM PC 8-bit, code page 437: what the standard prescribes.
    Cp437,
    Windows1252,
    Utf8,
}

/// Swedish letters as CP437 writes them: å ä ö Å Ä Ö é É ü Ü.
const CP437_LETTERS: [u8; 10] = [0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82, 0x90, 0x81, 0x9A];
/// The same letters in Windows-1252 (and Latin-1).
const W1252_LETTERS: [u8; 10] = [0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xC9, 0xFC, 0xDC];

/// Decide the encoding. A BOM or valid UTF-8 with non-ASCII bytes means
/// UTF-8 (CP437's å, 0x86, can never start a UTF-8 sequence). Otherwise the
/// Swedish letters vote: in Windows-1252 they sit at 0xC4–0xFC, where CP437
/// has box drawing and Greek that no ledger text uses; ties go to CP437,
/// the standard's choice.
pub fn detect(bytes: &[u8]) -> TextEncoding {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return TextEncoding::Utf8;
    }
    if bytes.is_ascii() {
        return TextEncoding::Cp437;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return TextEncoding::Utf8;
    }
    // One pass over the bytes (a file may be hundreds of MB), then the vote.
    let mut seen = [0usize; 256];
    for &b in bytes {
        seen[usize::from(b)] += 1;
    }
    let count = |set: &[u8]| set.iter().map(|&b| seen[usize::from(b)]).sum::<usize>();
    if count(&W1252_LETTERS) > count(&CP437_LETTERS) {
        TextEncoding::Windows1252
    } else {
        TextEncoding::Cp437
    }
}

/// The file as text. A UTF-8 BOM is dropped; bytes that are not valid in the
/// encoding become U+FFFD rather than an error (the lexer then reports the
/// line if it matters).
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    match encoding {
        TextEncoding::Utf8 => {
            let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            String::from_utf8_lossy(b).into_owned()
        }
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
        TextEncoding::Cp437 => decode_cp437(bytes),
    }
}

/// CP437 to text, copying the ASCII runs between the high bytes whole.
fn decode_cp437(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 16);
    let mut rest = bytes;
    while let Some(i) = rest.iter().position(|b| *b >= 0x80) {
        push_ascii(&mut out, &rest[..i]);
        out.push(DECODING_TABLE_CP437[usize::from(rest[i] & 0x7F)]);
        rest = &rest[i + 1..];
    }
    push_ascii(&mut out, rest);
    out
}

fn push_ascii(out: &mut String, ascii: &[u8]) {
    // Bytes below 0x80 are always valid UTF-8.
    if let Ok(s) = std::str::from_utf8(ascii) {
        out.push_str(s);
    }
}

/// Append `s` as CP437 bytes; a character CP437 lacks becomes `?`.
pub fn encode_cp437_into(s: &str, out: &mut Vec<u8>) {
    if s.is_ascii() {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            out.push(ENCODING_TABLE_CP437.get(&c).copied().unwrap_or(b'?'));
        }
    }
}

/// Append `s` in `encoding`: what the writing program most likely fed its
/// checksum when it did not write CP437.
pub fn encode_into(s: &str, encoding: TextEncoding, out: &mut Vec<u8>) {
    match encoding {
        TextEncoding::Cp437 => encode_cp437_into(s, out),
        TextEncoding::Utf8 => out.extend_from_slice(s.as_bytes()),
        TextEncoding::Windows1252 => {
            out.extend_from_slice(&encoding_rs::WINDOWS_1252.encode(s).0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp437_swedish_letters_decode() {
        let bytes = [0x86, 0x84, 0x94, b' ', 0x8F, 0x8E, 0x99];
        assert_eq!(detect(&bytes), TextEncoding::Cp437);
        assert_eq!(decode(&bytes, TextEncoding::Cp437), "åäö ÅÄÖ");
    }

    #[test]
    fn cp437_round_trips_through_encode() {
        let mut out = Vec::new();
        encode_cp437_into("Kassa åäö ÅÄÖ é", &mut out);
        assert_eq!(out, b"Kassa \x86\x84\x94 \x8F\x8E\x99 \x82");
        let mut unknown = Vec::new();
        encode_cp437_into("€–", &mut unknown);
        assert_eq!(unknown, b"??");
    }

    #[test]
    fn windows_1252_is_recognised_by_its_letters() {
        let bytes = b"#KONTO 1930 \"F\xF6retagskonto \xE5\xE4\"";
        assert_eq!(detect(bytes), TextEncoding::Windows1252);
        assert_eq!(decode(bytes, TextEncoding::Windows1252), "#KONTO 1930 \"Företagskonto åä\"");
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let text = "#FNAMN \"Region Norrbotten – Luleå\"";
        assert_eq!(detect(text.as_bytes()), TextEncoding::Utf8);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(detect(&bom), TextEncoding::Utf8);
        assert_eq!(decode(&bom, TextEncoding::Utf8), text);
    }

    #[test]
    fn plain_ascii_counts_as_cp437() {
        assert_eq!(detect(b"#FLAGGA 0\r\n#FORMAT PC8\r\n"), TextEncoding::Cp437);
    }
}

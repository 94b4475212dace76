//! Code fields that carry their name too ("1225 Inventarier IT",
//! "IT-NAT-2018-03 Nätverk Piteå"), and the code → name table an import
//! collects from them and from name columns ("Kontonamn", "Account(T)").

use super::header::CODE_FIELDS;
use std::collections::{BTreeMap, HashMap};

/// "1225 Inventarier IT" → ("1225", Some("Inventarier IT")). Split only when
/// the leading token looks like a code (digits, or letters and digits with
/// dashes) and a name follows; anything else is a plain code.
pub(super) fn split_code_name(s: &str) -> (&str, Option<&str>) {
    // the usual cell is a plain code without a space: settle it at once
    let Some(sp) = s.find(char::is_whitespace) else { return (s, None) };
    let (code, rest) = s.split_at(sp);
    if !looks_like_code(code) {
        return (s, None);
    }
    let name = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | ':')).trim_end();
    if name.chars().next().is_some_and(char::is_alphabetic) {
        (code, Some(name))
    } else {
        (s, None)
    }
}

/// "1225", "00", "IT-NAT-2018-03" — but not "Atea", "3M" or "GE".
fn looks_like_code(t: &str) -> bool {
    let b = t.as_bytes();
    let digits = b.iter().any(u8::is_ascii_digit);
    let chars_ok = b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
    digits && chars_ok && (b.iter().all(u8::is_ascii_digit) || b.contains(&b'-'))
}

/// The dimension names the store keys code names by, in `CODE_FIELDS` order.
pub const DIMS: [&str; 5] = ["konto", "ansvar", "verksamhet", "projekt", "motpart"];

/// Code → name per dimension, as a file gives them; a later line wins.
#[derive(Default)]
pub(super) struct CodeNames {
    /// One map per `CODE_FIELDS` entry: looked up by `&str` on every line.
    by_dim: [HashMap<String, String>; CODE_FIELDS.len()],
}

impl CodeNames {
    pub(super) fn note(&mut self, dim: usize, code: &str, name: &str) {
        if code.is_empty() {
            return;
        }
        let map = &mut self.by_dim[dim];
        match map.get_mut(code) {
            Some(n) if n == name => {}
            Some(n) => name.clone_into(n),
            None => {
                map.insert(code.to_string(), name.to_string());
            }
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.by_dim.iter().all(HashMap::is_empty)
    }

    /// (dimension, code) → name, for `BatchWriter::insert_code_names`.
    pub(super) fn into_map(self) -> BTreeMap<(String, String), String> {
        let mut out = BTreeMap::new();
        for (dim, map) in DIMS.iter().zip(self.by_dim) {
            for (code, name) in map {
                out.insert((dim.to_string(), code), name);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_code_from_name() {
        for (s, code, name) in [
            ("1225 Inventarier IT", "1225", Some("Inventarier IT")),
            ("52400 Medicinsk teknik länet", "52400", Some("Medicinsk teknik länet")),
            ("IT-NAT-2018-03 Nätverk Piteå", "IT-NAT-2018-03", Some("Nätverk Piteå")),
            ("00 Externa motparter", "00", Some("Externa motparter")),
            ("1225 - Inventarier", "1225", Some("Inventarier")),
            ("1225", "1225", None),
            ("IT-NAT-2018-03", "IT-NAT-2018-03", None),
            ("Atea Sverige AB", "Atea Sverige AB", None),
            ("3M Svenska AB", "3M Svenska AB", None),
            ("GE Healthcare", "GE Healthcare", None),
            ("1225 2018", "1225 2018", None),
            ("", "", None),
        ] {
            assert_eq!(split_code_name(s), (code, name), "{s}");
        }
    }

    #[test]
    fn later_names_win() {
        let mut n = CodeNames::default();
        n.note(0, "1225", "Inventarier");
        n.note(0, "1225", "Inventarier IT");
        n.note(3, "IT-NAT-2018-03", "Nätverk Piteå");
        n.note(1, "", "ingen kod");
        let m = n.into_map();
        assert_eq!(m.len(), 2);
        assert_eq!(m[&("konto".to_string(), "1225".to_string())], "Inventarier IT");
        assert_eq!(m[&("projekt".to_string(), "IT-NAT-2018-03".to_string())], "Nätverk Piteå");
    }
}

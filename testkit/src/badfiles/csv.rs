//! The catalogue's CSV files and the good ledger they vary.

use super::workbook::utf16le;
use super::{Entry, GOOD_LINES, GOOD_SUM, HEADER};

pub(super) fn kr_sv(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", ore.abs() / 100, ore.abs() % 100)
}

pub(super) fn kr_dot(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", ore.abs() / 100, ore.abs() % 100)
}

/// A `;`-separated CSV with CRLF line ends from rows of fields.
pub(super) fn csv(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.join(";")).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

pub(super) fn header_row() -> Vec<String> {
    HEADER.iter().map(|s| s.to_string()).collect()
}

pub(super) fn good_rows() -> Vec<Vec<String>> {
    GOOD_LINES
        .iter()
        .map(|(p, k, pr, t, ore)| vec![p.to_string(), k.to_string(), pr.to_string(), t.to_string(), kr_sv(*ore)])
        .collect()
}

pub(super) fn good_csv() -> String {
    let mut rows = vec![header_row()];
    rows.extend(good_rows());
    csv(&rows)
}

/// A good ledger CSV where line `i` gets `field` replaced in column `col`.
pub(super) fn csv_with(i: usize, col: usize, value: &str) -> Vec<u8> {
    let mut rows = vec![header_row()];
    rows.extend(good_rows());
    rows[i + 1][col] = value.to_string();
    csv(&rows).into_bytes()
}

/// Control characters, right-to-left text and emoji, formula-like text.
pub(super) fn text_content(out: &mut Vec<Entry>) {
    out.push(("control_chars.csv", csv_with(0, 3, "Switch\u{7}\u{b}\u{c}\u{1b}[31m röd")));
    out.push(("rtl_emoji.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "مفتاح الشبكة 🚑".into();
        rows[2][3] = "\u{202e}txt.exe\u{202c} נתב 👩‍⚕️".into();
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(csv(&rows).into_bytes());
        b
    }));
    out.push(("csv_injection.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "\"=HYPERLINK(\"\"http://x\"\",\"\"klick\"\")\"".into();
        rows[2][3] = "+cmd|' /C calc'!A0".into();
        rows[3][3] = "@SUM(1+1)".into();
        rows[3][2] = "-2+3".into();
        csv(&rows).into_bytes()
    }));
}

/// Encodings, delimiters, quoting and line ends.
pub(super) fn dialects(out: &mut Vec<Entry>) {
    out.push(("windows_1252.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "Förråd Södertälje".into();
        let text = csv(&rows);
        encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
    }));
    out.push(("utf8_bom.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][3] = "Förråd Södertälje".into();
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(csv(&rows).into_bytes());
        b
    }));
    out.push(("utf16le_tab.txt", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        let text: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
        let mut b = vec![0xFF, 0xFE];
        b.extend(utf16le(&text));
        b
    }));
    out.push(("comma_quoted.csv", {
        let mut text = String::from("\"Period\",\"Konto\",\"Projekt\",\"Text\",\"Belopp\"\n");
        for (p, k, pr, t, ore) in GOOD_LINES {
            text.push_str(&format!("\"{p}\",\"{k}\",\"{pr}\",\"{t}\",\"{}\"\n", kr_sv(ore)));
        }
        text.into_bytes()
    }));
    out.push(("mixed_delimiters.csv", {
        let mut text = good_csv();
        text.push_str("201806,1222,IT-NAT-2018-01,Kabel,100.00\r\n");
        text.into_bytes()
    }));
    out.push(("cr_only_line_ends.csv", good_csv().replace("\r\n", "\r").into_bytes()));
    out.push(("unterminated_quote.csv", {
        let mut text = good_csv();
        text.push_str("201806;1222;IT-NAT-2018-01;\"Kabel;100,00\r\n");
        text.into_bytes()
    }));
    out.push(("quoted_newline.csv", csv_with(1, 3, "\"Router,\r\nHuddinge \"\"plan 2\"\"\"")));
    out.push(("blank_lines_and_trailing_delims.csv", {
        let mut text = String::from("Period;Konto;Projekt;Text;Belopp;;;\r\n\r\n");
        for r in good_rows() {
            text.push_str(&r.join(";"));
            text.push_str(";;;\r\n ; ; \r\n");
        }
        text.push_str("\r\n\r\n");
        text.into_bytes()
    }));
}

/// A total row that matches, and one that does not.
pub(super) fn total_rows(out: &mut Vec<Entry>) {
    out.push(("total_row_ok.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows.push(vec!["Summa".into(), "".into(), "".into(), "".into(), kr_sv(GOOD_SUM)]);
        csv(&rows).into_bytes()
    }));
    out.push(("total_row_wrong.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows.push(vec!["Summa".into(), "".into(), "".into(), "".into(), kr_sv(GOOD_SUM + 100)]);
        csv(&rows).into_bytes()
    }));
}

/// Frame files with a bad year and an unknown area.
pub(super) fn frames(out: &mut Vec<Entry>) {
    out.push((
        "frames_bad_year.csv",
        b"\xC5r;Omr\xE5de;Kategori;Beslutad ram;Ut\xF6kad ram\r\n2018;IT;N\xE4t;1000000;0\r\n20x8;MT;R\xF6ntgen;500000;0\r\n"
            .to_vec(),
    ));
    out.push((
        "frames_area_unknown.csv",
        "År;Område;Kategori;Beslutad ram;Utökad ram\r\n2018;IT;Nät;1000000;0\r\n2018;Ekonomi;Övrigt;500000;0\r\n"
            .as_bytes()
            .to_vec(),
    ));
}

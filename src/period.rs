//! Periods (months) as YYYYMM integers, read from every form an export writes:
//! 201803, "2018-03", "2018/03", a date, "mars 2018", "Mar 2018".

use chrono::{Datelike, NaiveDate};

pub const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub fn year_of(period: u32) -> i32 {
    (period / 100) as i32
}
pub fn month_of(period: u32) -> u32 {
    period % 100
}
pub fn make(year: i32, month: u32) -> Option<u32> {
    if (1900..=2200).contains(&year) && (1..=12).contains(&month) {
        Some(year as u32 * 100 + month)
    } else {
        None
    }
}

/// A period number (201803) — also accepts 2018003? no: only YYYYMM.
pub fn from_number(n: i64) -> Option<u32> {
    if !(190001..=220012).contains(&n) {
        return None;
    }
    make((n / 100) as i32, (n % 100) as u32)
}

pub fn from_date(d: NaiveDate) -> Option<u32> {
    make(d.year(), d.month())
}

/// "201803", "2018-03", "2018/03", "2018-03-14", "mars 2018", "Mar 2018", "03/2018", "2018 mars".
pub fn parse_period(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    if t.len() == 6 && t.chars().all(|c| c.is_ascii_digit()) {
        return from_number(t.parse().ok()?);
    }
    if let Some(d) = parse_date(&t) {
        return from_date(d);
    }
    let parts: Vec<&str> = t.split(['-', '/', '.', ' ', '\u{a0}']).filter(|p| !p.is_empty()).collect();
    if parts.len() == 2 {
        let (a, b) = (parts[0], parts[1]);
        let num = |x: &str| x.parse::<i64>().ok();
        // 2018-03 / 03/2018
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            if a.len() == 4 {
                return make(x as i32, y as u32);
            }
            if b.len() == 4 {
                return make(y as i32, x as u32);
            }
            return None;
        }
        // mars 2018 / 2018 mars
        let (name, year) = if num(a).is_some() { (b, a) } else { (a, b) };
        let y = num(year)?;
        return make(y as i32, month_from_name(name)?);
    }
    None
}

pub fn month_from_name(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    if n.len() < 3 {
        return None;
    }
    for (i, (sv, en)) in MONTHS_SV.iter().zip(MONTHS_EN.iter()).enumerate() {
        if sv.starts_with(&n) || en.starts_with(&n) || n == *sv || n == *en {
            return Some(i as u32 + 1);
        }
    }
    // "okt" vs "oct" handled above; "maj"/"may" too.
    None
}

/// ISO dates and the Swedish/European forms: 2018-03-14, 2018/03/14, 14.03.2018, 14/3/2018.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d.%m.%Y", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            if (1900..=2200).contains(&d.year()) {
                return Some(d);
            }
        }
    }
    None
}

/// Excel serial date (1900 system) to a date. Serial 60 is the fictitious
/// 1900-02-29; serials after it are shifted by one.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 61 { days + 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(days))
}

pub fn label_sv(period: u32) -> String {
    let m = month_of(period) as usize;
    if (1..=12).contains(&m) {
        format!("{} {}", MONTHS_SV[m - 1], year_of(period))
    } else {
        period.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_period_forms() {
        for (s, p) in [
            ("201803", 201803),
            ("2018-03", 201803),
            ("2018/3", 201803),
            ("2018-03-14", 201803),
            ("mars 2018", 201803),
            ("Mars 2018", 201803),
            ("mar 2018", 201803),
            ("okt 2018", 201810),
            ("Oct 2018", 201810),
            ("2018 december", 201812),
            ("03/2018", 201803),
            ("14.03.2018", 201803),
        ] {
            assert_eq!(parse_period(s), Some(p), "{s}");
        }
        for s in ["201813", "201800", "2018", "abc", "13/2018", ""] {
            assert_eq!(parse_period(s), None, "{s}");
        }
        assert_eq!(from_number(201813), None);
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(43160.0), NaiveDate::from_ymd_opt(2018, 3, 1));
        assert_eq!(from_excel_serial(1.0), NaiveDate::from_ymd_opt(1900, 1, 1));
    }
}

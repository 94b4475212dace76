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

/// A month without its year, as ERPs write it beside a year column or under a
/// report header that gives the year: 3, "03", "P03", "P3", "per 03", "mars", "Mar".
pub fn parse_month(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    let digits = ["period", "per", "p"].iter().find_map(|p| t.strip_prefix(p)).map(str::trim_start).unwrap_or(&t);
    if !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse().ok().filter(|m| (1..=12).contains(m));
    }
    if t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    month_from_name(&t)
}

/// The span of periods a text such as "Period: 201801 - 201812",
/// "2018-01 -- 2018-12" or "Räkenskapsår 2018" names: from its first period
/// to its last, a bare year standing for its twelve months.
pub fn span_in_text(s: &str) -> Option<(u32, u32)> {
    let runs = digit_runs(s);
    // run j directly follows run j-1 across one '-' or '/' (2018-03)
    let follows = |j: usize| {
        let (Some((st, r)), Some((pst, prev))) = (runs.get(j), runs.get(j.wrapping_sub(1))) else { return false };
        r.len() <= 2 && *st == pst + prev.len() + 1 && matches!(s.as_bytes()[pst + prev.len()], b'-' | b'/')
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let run = runs[i].1;
        match run.len() {
            6 => out.extend(run.parse().ok().and_then(from_number).map(|p| (p, p))),
            4 if follows(i + 1) => {
                let month = runs[i + 1].1.parse().unwrap_or(0);
                out.extend(run.parse().ok().and_then(|y| make(y, month)).map(|p| (p, p)));
                i += 1;
                // a day after the month (2018-01-01) is not another period
                if follows(i + 1) {
                    i += 1;
                }
            }
            4 => out.extend(run.parse().ok().and_then(|y| Some((make(y, 1)?, make(y, 12)?)))),
            _ => {}
        }
        i += 1;
    }
    Some((out.first()?.0, out.last()?.1))
}

/// The one year a name such as "Huvudbok 2018" or "huvudbok_2018_unit4"
/// carries (none when it has none or several).
pub fn year_in_name(s: &str) -> Option<i32> {
    let mut years = digit_runs(s).into_iter().filter(|(_, r)| r.len() == 4).filter_map(|(_, r)| r.parse::<i32>().ok());
    let y = years.next().filter(|y| (1900..=2200).contains(y))?;
    years.all(|x| x == y).then_some(y)
}

/// (byte offset, digits) of each maximal run of ASCII digits.
fn digit_runs(s: &str) -> Vec<(usize, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push((start, &s[start..i]));
        } else {
            i += 1;
        }
    }
    out
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
    fn months_without_a_year() {
        for (s, m) in [("3", 3), ("03", 3), ("P03", 3), ("p3", 3), ("P 12", 12), ("per 03", 3), ("003", 3)] {
            assert_eq!(parse_month(s), Some(m), "{s}");
        }
        for (s, m) in [("mars", 3), ("Mar", 3), ("okt", 10), ("December", 12)] {
            assert_eq!(parse_month(s), Some(m), "{s}");
        }
        for s in ["0", "13", "P13", "2018", "201803", "", "ma", "mars 2018", "P"] {
            assert_eq!(parse_month(s), None, "{s}");
        }
    }

    #[test]
    fn periods_and_years_in_report_texts() {
        assert_eq!(span_in_text("Period: 201801 - 201812"), Some((201801, 201812)));
        assert_eq!(span_in_text("Period: 2018-01 -- 2018-12"), Some((201801, 201812)));
        assert_eq!(span_in_text("Period 2018-01-01 - 2018-06-30"), Some((201801, 201806)));
        assert_eq!(span_in_text("Räkenskapsår 2018"), Some((201801, 201812)));
        assert_eq!(span_in_text("Period: 2017 - 2018"), Some((201701, 201812)));
        assert_eq!(span_in_text("Period: 201707-201806"), Some((201707, 201806)));
        assert_eq!(span_in_text("Period: 201803"), Some((201803, 201803)));
        assert_eq!(span_in_text("Urval: ansvar 51200"), None);
        assert_eq!(year_in_name("Huvudbok 2018"), Some(2018));
        assert_eq!(year_in_name("huvudbok_2018_unit4"), Some(2018));
        assert_eq!(year_in_name("huvudbok_2014_2018"), None);
        assert_eq!(year_in_name("Huvudbok"), None);
        assert_eq!(year_in_name("export 12345"), None);
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(43160.0), NaiveDate::from_ymd_opt(2018, 3, 1));
        assert_eq!(from_excel_serial(1.0), NaiveDate::from_ymd_opt(1900, 1, 1));
    }
}

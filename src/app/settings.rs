//! Settings (`annual_hours`, `po_rate/YYYY`; for capital costs
//! `internal_rate/YYYY`, `prisbasbelopp/YYYY`, `expense_threshold/YYYY`,
//! `life/OMRÅDE/KATEGORI`; the sign-off thresholds `control/…`; the backup
//! policy `backup/…`), validated here for both doors.

use super::Session;
use crate::error::{Error, Result};
use crate::staffing;
use serde::Serialize;

/// The settings the staffing report uses.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// Full-time hours a year (`annual_hours`), or the default when not set.
    pub annual_hours: i64,
    pub annual_hours_default: i64,
    /// PO-pålägg per year with data, ascending.
    pub po_rates: Vec<PoRate>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PoRate {
    pub year: i32,
    /// Percent as a decimal string ("46.45"): the setting `po_rate/YYYY`, else the sector's rate.
    pub rate: String,
    /// Whether `po_rate/YYYY` is set (else `rate` is the sector's default).
    pub stored: bool,
}

/// One setting as stored (`None`: not set, the default applies).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingValue {
    pub key: String,
    pub value: Option<String>,
}

pub fn settings(s: &Session) -> Result<Settings> {
    let store = s.store();
    let mut po_rates = Vec::new();
    for year in store.years()? {
        let key = format!("po_rate/{year}");
        let stored = store.setting(&key)?;
        // A stored value the core cannot read shows as it is (the report names the problem).
        let rate = match staffing::po_rate(store, year) {
            Ok(r) => r.to_string(),
            Err(_) => stored.clone().unwrap_or_default(),
        };
        po_rates.push(PoRate { year, rate, stored: stored.is_some() });
    }
    Ok(Settings {
        annual_hours: staffing::annual_hours(store)?,
        annual_hours_default: staffing::DEFAULT_ANNUAL_HOURS,
        po_rates,
    })
}

/// Set `annual_hours` or `po_rate/YYYY`; returns the settings after the change.
pub fn set_setting(s: &mut Session, key: &str, value: &str) -> Result<Settings> {
    let value = check_setting(key, value)?;
    s.store_mut().set_setting(key, &value)?;
    settings(s)
}

/// One setting: set it first when `value` is given (validated), then read it.
pub fn setting(s: &mut Session, key: &str, value: Option<&str>) -> Result<SettingValue> {
    if let Some(v) = value {
        let v = check_setting(key, v)?;
        s.store_mut().set_setting(key, &v)?;
    }
    Ok(SettingValue { key: key.to_string(), value: s.store().setting(key)? })
}

/// The value as the core reads it for `key`, or why not. Keys:
/// `annual_hours` (whole hours), `po_rate/YYYY` (percent, comma or point) and
/// the sign-off thresholds `control/unclassified_max`, `control/variance_kr`
/// (kr) and `control/variance_pct` (percent); the backup policy
/// `backup/keep` (copies), `backup/max_mb` and `backup/every_import_mb` (MiB).
pub fn check_setting(key: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let bad = |what: &str| Error::invalid(key, format!("{key}: '{v}' är {what}"));
    if key == "annual_hours" {
        let h: i64 = v.replace([' ', '\u{a0}'], "").parse().map_err(|_| bad("inget heltal"))?;
        if !(1..=8784).contains(&h) {
            return Err(bad("utanför 1–8784 timmar"));
        }
        return Ok(h.to_string());
    }
    if let Some(v) = control_setting(key, v) {
        return v.map_err(bad);
    }
    if let Some(v) = backup_setting(key, v) {
        return v.map_err(bad);
    }
    if year_key(key, "po_rate/") || year_key(key, "internal_rate/") {
        return percent(v).map_err(bad);
    }
    if year_key(key, "prisbasbelopp/") || year_key(key, "expense_threshold/") {
        return super::capital::kronor(v).map_err(bad);
    }
    if crate::capital::UsefulLives::parse_key(key).is_some() {
        return super::capital::life_years(v).map_err(bad);
    }
    Err(Error::invalid("key", format!("okänd inställning: {key}")))
}

/// `key` is `prefix` followed by a four-digit year.
fn year_key(key: &str, prefix: &str) -> bool {
    key.strip_prefix(prefix).is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

/// A sign-off threshold, normalised (`None`: not such a key).
fn control_setting(key: &str, v: &str) -> Option<std::result::Result<String, &'static str>> {
    use crate::control::signoff::{UNCLASSIFIED_MAX, VARIANCE_KR, VARIANCE_PCT};
    if key == VARIANCE_PCT {
        return Some(percent(v));
    }
    if key != UNCLASSIFIED_MAX && key != VARIANCE_KR {
        return None;
    }
    Some(match crate::money::parse_amount(v) {
        Ok(a) if a.0 >= 0 => Ok(a.to_string()),
        Ok(_) => Err("negativt"),
        Err(_) => Err("inget belopp i kr"),
    })
}

/// A backup-policy setting, normalised (`None`: not such a key): a whole
/// number of copies (1–1000) or MiB (`every_import_mb` may be 0: copy only
/// before the first import of a day).
fn backup_setting(key: &str, v: &str) -> Option<std::result::Result<String, &'static str>> {
    use crate::safety::{EVERY_IMPORT_MB_KEY, KEEP_KEY, MAX_MB_KEY};
    let (min, max, what) = match key {
        KEEP_KEY => (1, 1000, "inget antal kopior 1–1000"),
        MAX_MB_KEY => (1, 1 << 30, "inget antal MiB större än noll"),
        EVERY_IMPORT_MB_KEY => (0, 1 << 30, "inget antal MiB"),
        _ => return None,
    };
    Some(match v.replace([' ', '\u{a0}'], "").parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
        _ => Err(what),
    })
}

/// A percentage 0–100 with at most four decimals, normalised to a point.
fn percent(v: &str) -> std::result::Result<String, &'static str> {
    let n = v.trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = n.split_once('.').unwrap_or((&n, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || frac.len() > 4 || !digits(whole) || !digits(frac) {
        return Err("ingen procentsats");
    }
    let whole_n: u32 = whole.parse().map_err(|_| "ingen procentsats")?;
    if whole_n > 100 || (whole_n == 100 && frac.bytes().any(|b| b != b'0')) {
        return Err("över 100 %");
    }
    Ok(if frac.is_empty() { whole.to_string() } else { format!("{whole}.{frac}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        assert_eq!(check_setting("annual_hours", " 1 720 ").ok().as_deref(), Some("1720"));
        assert_eq!(
            check_setting("annual_hours", "abc").unwrap_err().to_string(),
            "annual_hours: 'abc' är inget heltal"
        );
        assert_eq!(
            check_setting("annual_hours", "0").unwrap_err().to_string(),
            "annual_hours: '0' är utanför 1–8784 timmar"
        );
        assert_eq!(check_setting("po_rate/2018", "46,45 %").ok().as_deref(), Some("46.45"));
        assert!(check_setting("po_rate/2018", "101").is_err());
        assert!(check_setting("po_rate/18", "40").is_err());
        assert_eq!(check_setting("colour", "red").unwrap_err().to_string(), "okänd inställning: colour");
        assert_eq!(check_setting("control/variance_kr", "50 000").ok().as_deref(), Some("50000.00"));
        assert_eq!(check_setting("control/unclassified_max", "0").ok().as_deref(), Some("0.00"));
        assert_eq!(check_setting("control/variance_pct", "12,5").ok().as_deref(), Some("12.5"));
        assert_eq!(
            check_setting("control/variance_kr", "-1").unwrap_err().to_string(),
            "control/variance_kr: '-1' är negativt"
        );
    }

    #[test]
    fn backup_settings_are_checked() {
        assert_eq!(check_setting("backup/keep", " 5 ").ok().as_deref(), Some("5"));
        assert_eq!(check_setting("backup/max_mb", "2 048").ok().as_deref(), Some("2048"));
        assert_eq!(check_setting("backup/every_import_mb", "0").ok().as_deref(), Some("0"));
        assert_eq!(
            check_setting("backup/keep", "0").unwrap_err().to_string(),
            "backup/keep: '0' är inget antal kopior 1–1000"
        );
        assert_eq!(
            check_setting("backup/max_mb", "-1").unwrap_err().to_string(),
            "backup/max_mb: '-1' är inget antal MiB större än noll"
        );
        assert!(check_setting("backup/every_import_mb", "1,5").is_err());
        assert!(check_setting("backup/other", "1").is_err());
    }

    #[test]
    fn capital_settings_are_checked() {
        assert_eq!(check_setting("internal_rate/2025", "2,5").ok().as_deref(), Some("2.5"));
        assert!(check_setting("internal_rate/25", "2,5").is_err());
        assert_eq!(check_setting("prisbasbelopp/2026", "59 200").ok().as_deref(), Some("59200.00"));
        assert_eq!(check_setting("expense_threshold/2019", "25 000,00 kr").ok().as_deref(), Some("25000.00"));
        assert_eq!(
            check_setting("prisbasbelopp/2026", "-1").unwrap_err().to_string(),
            "prisbasbelopp/2026: '-1' är inget belopp större än noll"
        );
        assert_eq!(check_setting("life/IT/Klient", " 4 ").ok().as_deref(), Some("4"));
        assert_eq!(
            check_setting("life/IT/Klient", "0").unwrap_err().to_string(),
            "life/IT/Klient: '0' är inget helt antal år 1–50"
        );
        assert!(check_setting("life/IT", "4").is_err());
    }
}

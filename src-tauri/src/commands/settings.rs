//! The settings the staffing report uses: full-time hours and PO-pålägg.

use ramkoll::staffing;
use ramkoll::store::Store;
use ramkoll::Error;
use serde::Serialize;
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

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

fn settings_now(s: &Store) -> ramkoll::Result<Settings> {
    let mut po_rates = Vec::new();
    for year in s.years()? {
        let key = format!("po_rate/{year}");
        let stored = s.setting(&key)?.is_some();
        // A stored value the core cannot read shows as it is (the report names the problem).
        let rate = match staffing::po_rate(s, year) {
            Ok(r) => r.to_string(),
            Err(_) => s.setting(&key)?.unwrap_or_default(),
        };
        po_rates.push(PoRate { year, rate, stored });
    }
    Ok(Settings {
        annual_hours: staffing::annual_hours(s)?,
        annual_hours_default: staffing::DEFAULT_ANNUAL_HOURS,
        po_rates,
    })
}

/// A value the core can read for `key`, or why not. Keys: `annual_hours`
/// (whole hours) and `po_rate/YYYY` (percent, comma or point).
fn check_setting(key: &str, value: &str) -> ramkoll::Result<String> {
    let v = value.trim();
    let bad = |what: &str| Error::invalid(key, format!("{key}: '{v}' är {what}"));
    if key == "annual_hours" {
        let h: i64 = v.replace([' ', '\u{a0}'], "").parse().map_err(|_| bad("inget heltal"))?;
        if !(1..=8784).contains(&h) {
            return Err(bad("utanför 1–8784 timmar"));
        }
        return Ok(h.to_string());
    }
    let year = key.strip_prefix("po_rate/").filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    if year.is_none() {
        return Err(Error::invalid("key", format!("okänd inställning: {key}")));
    }
    let n = v.trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = n.split_once('.').unwrap_or((&n, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || frac.len() > 4 || !digits(whole) || !digits(frac) {
        return Err(bad("ingen procentsats"));
    }
    let whole_n: u32 = whole.parse().map_err(|_| bad("ingen procentsats"))?;
    if whole_n > 100 || (whole_n == 100 && frac.bytes().any(|b| b != b'0')) {
        return Err(bad("över 100 %"));
    }
    Ok(if frac.is_empty() { whole.to_string() } else { format!("{whole}.{frac}") })
}

pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> CmdResult<Settings> {
    blocking(&app, |_, st| st.with_store(|s| settings_now(s))).await
}

pub async fn set_setting<R: Runtime>(app: AppHandle<R>, key: String, value: String) -> CmdResult<Settings> {
    blocking(&app, move |_, st| {
        st.with_store(|s| {
            s.set_setting(&key, &check_setting(&key, &value)?)?;
            settings_now(s)
        })
    })
    .await
}

//! Forecast rounds: import a round's workbook, set one row, list a year's
//! rounds, lock (fastställ) a round. The store logs each change and refuses
//! one to a locked round.

use super::input::PeriodInput;
use super::Session;
use crate::classify::normalize_area;
use crate::error::{Error, Result};
use crate::forecast;
use crate::money;
use crate::period;
use crate::store::{ForecastEntry, ForecastKind, ForecastRound};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// A round as typed: 201810, 2018-10, "oktober 2018".
fn round_of(r: &PeriodInput) -> Result<u32> {
    r.resolve(None).map_err(|e| match e {
        Error::Invalid { message, .. } => Error::invalid("round", message),
        e => e,
    })
}

fn cost_type_names(s: &Session) -> Result<Vec<String>> {
    Ok(s.store().cost_types()?.into_iter().map(|t| t.name).collect())
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastImportOutcome {
    pub round: u32,
    pub file_name: String,
    pub operating_rows: u64,
    pub investment_rows: u64,
    pub total: money::Amount,
    /// The round's earlier rows of the same kinds this import replaced
    /// (only with `replace`: otherwise such an import is refused).
    pub replaced_rows: u64,
}

/// Import a round's workbook into `round`. When the round already has rows
/// of the kinds the file holds (operating or investments), they are replaced
/// only with `replace` — else the import is refused and nothing changes: a
/// controller's forecast is never overwritten silently.
pub fn import_forecast(
    s: &mut Session,
    file: &Path,
    round: &PeriodInput,
    replace: bool,
) -> Result<ForecastImportOutcome> {
    let round = round_of(round)?;
    let entries = forecast::read_forecast_file(file, round, &cost_type_names(s)?)?;
    let mut seen = BTreeSet::new();
    for e in &entries {
        if !seen.insert((e.kind, e.label())) {
            return Err(Error::input(
                crate::error::Location::file(file),
                format!("{} står två gånger i prognosfilen", e.label()),
            ));
        }
    }
    let file_name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kinds: BTreeSet<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    let existing = s
        .store()
        .forecast_entries(period::year_of(round))?
        .into_iter()
        .filter(|e| e.round == round && kinds.contains(e.kind.as_str()))
        .count() as u64;
    // a locked round is the store's to refuse, with its own message
    let locked =
        s.store().forecast_rounds(period::year_of(round))?.iter().any(|r| r.round == round && r.locked_at.is_some());
    if existing > 0 && !replace && !locked {
        return Err(Error::conflict(format!(
            "prognosomgång {round} har redan {existing} rader av det slag {file_name} innehåller; \
             importera med --replace för att ersätta dem, eller gör en ny omgång"
        )));
    }
    s.store_mut().write_forecasts(round, &entries, true, &file_name)?;
    let count = |k: ForecastKind| entries.iter().filter(|e| e.kind == k).count() as u64;
    Ok(ForecastImportOutcome {
        round,
        file_name,
        operating_rows: count(ForecastKind::Operating),
        investment_rows: count(ForecastKind::Investment),
        total: entries.iter().map(|e| e.amount).sum(),
        replaced_rows: existing,
    })
}

/// One row as typed: a kostnadsslag [and VO] or an område [and kategori],
/// the full-year amount ("1 234 567,89") and an optional comment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastInput {
    pub round: PeriodInput,
    #[serde(default)]
    pub cost_type: Option<String>,
    #[serde(default)]
    pub vo: Option<String>,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    pub amount: String,
    #[serde(default)]
    pub comment: Option<String>,
    /// The amount the writer began from ("" for no row yet): when given, the
    /// change is refused if someone has changed the row since (a shared
    /// database), showing both amounts.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub over: Option<String>,
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// Set one row of a round (creating the round when new).
pub fn set_forecast(s: &mut Session, input: &ForecastInput) -> Result<ForecastEntry> {
    let round = round_of(&input.round)?;
    let amount = money::parse_amount(&input.amount)
        .map_err(|e| Error::invalid("amount", format!("beloppet '{}': {e}", input.amount)))?;
    let mut e = ForecastEntry {
        round,
        kind: ForecastKind::Operating,
        cost_type: None,
        vo: None,
        area: None,
        category: None,
        amount,
        comment: trimmed(&input.comment),
    };
    match (trimmed(&input.cost_type), trimmed(&input.area)) {
        (Some(ct), None) => {
            let names = cost_type_names(s)?;
            let Some(known) = names.iter().find(|n| n.to_lowercase() == ct.to_lowercase()) else {
                return Err(Error::invalid(
                    "cost_type",
                    format!("okänt kostnadsslag '{ct}'; kända är {}", names.join(", ")),
                ));
            };
            e.cost_type = Some(known.clone());
            e.vo = trimmed(&input.vo);
        }
        (None, Some(area)) => {
            let Some(a) = normalize_area(&area) else {
                return Err(Error::invalid("area", format!("okänt område '{area}'; förväntade IT eller MT")));
            };
            e.kind = ForecastKind::Investment;
            e.area = Some(a);
            e.category = trimmed(&input.category);
        }
        _ => {
            return Err(Error::invalid(
                "cost_type",
                "ange antingen ett kostnadsslag (drift) eller ett område (investeringar)",
            ))
        }
    }
    match input.over.as_deref().map(str::trim) {
        None => s.store_mut().write_forecasts(round, std::slice::from_ref(&e), false, "set")?,
        Some(over) => {
            let over = match over {
                "" => None,
                a => Some(money::parse_amount(a).map_err(|m| Error::invalid("over", format!("beloppet '{a}': {m}")))?),
            };
            s.store_mut().write_forecast_over(round, &e, over)?
        }
    }
    Ok(e)
}

/// A year's rounds and every row of them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastList {
    pub year: i32,
    pub rounds: Vec<ForecastRound>,
    pub entries: Vec<ForecastEntry>,
}

pub fn forecasts(s: &Session, year: i32) -> Result<ForecastList> {
    Ok(ForecastList { year, rounds: s.store().forecast_rounds(year)?, entries: s.store().forecast_entries(year)? })
}

/// Lock (fastställ) a round: it can then only be superseded by a later one.
pub fn lock_forecast(s: &mut Session, round: &PeriodInput) -> Result<ForecastRound> {
    let round = round_of(round)?;
    if !(1..=12).contains(&period::month_of(round)) {
        return Err(Error::invalid("round", format!("{round} är ingen period")));
    }
    s.store_mut().lock_forecast_round(round)
}

/// The year's rounds over the variance report (to `period`; default: the
/// last period with outcome): what the Avvikelser screen shows beside it.
pub fn forecast_rounds(
    s: &Session,
    year: i32,
    period: Option<&PeriodInput>,
) -> Result<crate::variance::ForecastRounds> {
    let period = super::input::period_opt(period, Some(year))?;
    let operating = crate::variance::operating_report(s.store(), year, period, false)?;
    let investments = crate::variance::frame_report(s.store(), year, period)?;
    crate::variance::forecast_rounds(s.store(), &operating, &investments)
}

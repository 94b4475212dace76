//! Forecast rounds (prognosomgångar): a round per period it was made in,
//! its full-year forecast rows, and its lock. Every change is one
//! transaction with its audit entry; a locked round refuses changes.

use super::audit::append;
use super::db::{params, Db};
use super::{now, Store};
use crate::control::audit::{Draft, Operation};
use crate::error::{Error, Result};
use crate::money::{self, Amount};
use crate::period;
use serde::Serialize;

/// What a forecast row is for: the operating budget or an investment frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ForecastKind {
    Operating,
    Investment,
}

impl ForecastKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ForecastKind::Operating => "operating",
            ForecastKind::Investment => "investment",
        }
    }
}

/// One full-year forecast: per kostnadsslag [and VO] for the operating
/// budget (`cost_type`, positive for revenue and costs, as the budget), or
/// per område [and kategori] for investments (`area`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastEntry {
    pub round: u32,
    pub kind: ForecastKind,
    pub cost_type: Option<String>,
    pub vo: Option<String>,
    pub area: Option<String>,
    pub category: Option<String>,
    pub amount: Amount,
    pub comment: Option<String>,
}

impl ForecastEntry {
    /// The row's name as the log and messages show it: "Lön / VO Drift", "IT / Nät".
    pub fn label(&self) -> String {
        let (a, b) = match self.kind {
            ForecastKind::Operating => (&self.cost_type, &self.vo),
            ForecastKind::Investment => (&self.area, &self.category),
        };
        match (a, b) {
            (Some(a), Some(b)) => format!("{a} / {b}"),
            (Some(a), None) => a.clone(),
            _ => String::new(),
        }
    }
}

/// A round as listed: who made and locked it, how many rows it holds.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastRound {
    pub round: u32,
    pub year: i32,
    pub created_at: String,
    pub created_by: String,
    pub locked_at: Option<String>,
    pub locked_by: Option<String>,
    pub operating_rows: u64,
    pub investment_rows: u64,
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn some(s: String) -> Option<String> {
    Some(s).filter(|s| !s.is_empty())
}

/// The round's lock, `None` when the round does not exist yet.
fn lock_of(conn: &Db, round: u32) -> Result<Option<Option<(String, String)>>> {
    conn.query_opt("SELECT locked_at, locked_by FROM forecast_round WHERE round = ?1", params![round], |r| {
        let at: Option<String> = r.get(0)?;
        let by: Option<String> = r.get(1)?;
        Ok(at.zip(by))
    })
}

fn refuse_locked(round: u32, lock: &Option<Option<(String, String)>>) -> Result<()> {
    if let Some(Some((at, by))) = lock {
        let who = if by.is_empty() { at.clone() } else { format!("{by} {at}") };
        return Err(Error::conflict(format!(
            "prognosomgången {round} är fastställd ({who}) och kan inte ändras; gör en ny omgång"
        )));
    }
    Ok(())
}

impl Store {
    /// The rounds made in `year`, in order.
    pub fn forecast_rounds(&self, year: i32) -> Result<Vec<ForecastRound>> {
        let mut st = self.db.prepare(
            "SELECT r.round, r.year, r.created_at, r.created_by, r.locked_at, r.locked_by,
                    (SELECT COUNT(*) FROM forecast f WHERE f.round = r.round AND f.kind = 'operating'),
                    (SELECT COUNT(*) FROM forecast f WHERE f.round = r.round AND f.kind = 'investment')
             FROM forecast_round r WHERE r.year = ?1 ORDER BY r.round",
        )?;
        let rows = st.query_map(params![year], |r| {
            Ok(ForecastRound {
                round: r.get(0)?,
                year: r.get(1)?,
                created_at: r.get(2)?,
                created_by: r.get(3)?,
                locked_at: r.get(4)?,
                locked_by: r.get(5)?,
                operating_rows: r.get::<i64>(6)? as u64,
                investment_rows: r.get::<i64>(7)? as u64,
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }

    /// Every forecast row of the rounds made in `year`, by round.
    pub fn forecast_entries(&self, year: i32) -> Result<Vec<ForecastEntry>> {
        let mut st = self.db.prepare(
            "SELECT f.round, f.kind, f.cost_type, f.vo, f.area, f.category, f.amount, f.comment
             FROM forecast f JOIN forecast_round r ON r.round = f.round
             WHERE r.year = ?1 ORDER BY f.round, f.id",
        )?;
        let rows = st.query_map(params![year], |r| {
            let kind: String = r.get(1)?;
            Ok(ForecastEntry {
                round: r.get(0)?,
                kind: if kind == "investment" { ForecastKind::Investment } else { ForecastKind::Operating },
                cost_type: some(r.get(2)?),
                vo: some(r.get(3)?),
                area: some(r.get(4)?),
                category: some(r.get(5)?),
                amount: Amount(r.get(6)?),
                comment: r.get(7)?,
            })
        })?;
        rows.collect::<std::result::Result<_, _>>()
    }

    /// Write rows into `round` (created when new) in one transaction with
    /// its audit entry. `replace` (an import) first removes the round's rows
    /// of the kinds in `entries`; otherwise each row replaces only its own
    /// earlier value. A locked round is refused as a conflict.
    pub fn write_forecasts(
        &mut self,
        round: u32,
        entries: &[ForecastEntry],
        replace: bool,
        source: &str,
    ) -> Result<()> {
        self.write(round, entries, replace, source, None)
    }

    /// One row, refused when its amount is no longer `over` — what the
    /// writer saw when they began (`None`: no row): someone else changed it
    /// since. The refusal names both amounts and who changed it.
    pub fn write_forecast_over(&mut self, round: u32, entry: &ForecastEntry, over: Option<Amount>) -> Result<()> {
        self.write(round, std::slice::from_ref(entry), false, "set", Some(over))
    }

    fn write(
        &mut self,
        round: u32,
        entries: &[ForecastEntry],
        replace: bool,
        source: &str,
        over: Option<Option<Amount>>,
    ) -> Result<()> {
        let user = self.user.clone();
        let at = now();
        let tx = self.db.begin()?;
        let lock = lock_of(&tx, round)?;
        refuse_locked(round, &lock)?;
        if lock.is_none() {
            // two people may open a new round at once on a server
            tx.execute(
                "INSERT INTO forecast_round (round, year, created_at, created_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (round) DO NOTHING",
                params![round, period::year_of(round), at, user],
            )?;
        }
        let mut replaced = 0;
        if replace {
            let mut kinds: Vec<ForecastKind> = entries.iter().map(|e| e.kind).collect();
            kinds.dedup();
            for k in kinds {
                replaced +=
                    tx.execute("DELETE FROM forecast WHERE round = ?1 AND kind = ?2", params![round, k.as_str()])?;
            }
        }
        let mut before = Vec::new();
        for e in entries {
            let (kind, ct, vo, area, cat) =
                (e.kind.as_str(), opt(&e.cost_type), opt(&e.vo), opt(&e.area), opt(&e.category));
            let key = params![round, kind, ct, vo, area, cat];
            let old: Option<(i64, String, String)> = tx.query_opt(
                &format!(
                    "SELECT amount, updated_by, updated_at FROM forecast WHERE round = ?1 AND kind = ?2 AND cost_type = ?3
                     AND vo = ?4 AND area = ?5 AND category = ?6{}",
                    tx.dialect().for_update()
                ),
                key,
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            if let Some(over) = over {
                let now = old.as_ref().map(|o| Amount(o.0));
                if now != over && now != Some(e.amount) {
                    let shown = |a: Option<Amount>| {
                        a.map(|a| format!("{} kr", money::format_sv(a, money::Unit::Kr))).unwrap_or("ingen".into())
                    };
                    let (who, when) = old.as_ref().map(|o| (o.1.as_str(), o.2.as_str())).unwrap_or(("någon", ""));
                    return Err(Error::conflict(format!(
                        "prognosen {} i omgången {round} har ändrats av {who} {when} sedan du öppnade den, så ditt belopp \
                         sparades inte. Nu: {}. Ditt: {}. Du utgick från: {}. Skriv in det belopp som ska gälla och spara igen",
                        e.label(),
                        shown(now),
                        shown(Some(e.amount)),
                        shown(over)
                    )));
                }
            }
            before.push(old.map(|o| o.0));
            tx.execute(
                "INSERT INTO forecast (round, kind, cost_type, vo, area, category, amount, comment, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (round, kind, cost_type, vo, area, category)
                 DO UPDATE SET amount = excluded.amount, comment = excluded.comment,
                               updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                params![
                    round,
                    e.kind.as_str(),
                    opt(&e.cost_type),
                    opt(&e.vo),
                    opt(&e.area),
                    opt(&e.category),
                    e.amount.0,
                    e.comment,
                    at,
                    user
                ],
            )?;
        }
        let draft = if replace {
            let total: Amount = entries.iter().map(|e| e.amount).sum();
            Draft::new(
                Operation::ForecastImport,
                format!("forecast {round}"),
                serde_json::json!({"file": source, "rows": entries.len(), "replaced_rows": replaced, "sum": total}),
            )
        } else {
            let rows: Vec<serde_json::Value> = entries
                .iter()
                .zip(&before)
                .map(|(e, old)| serde_json::json!({"row": e.label(), "before": old.map(Amount), "after": e.amount}))
                .collect();
            Draft::new(Operation::ForecastSet, format!("forecast {round}"), serde_json::json!({"rows": rows}))
        };
        append(&tx, &user, &draft)?;
        tx.commit()?;
        Ok(())
    }

    /// Lock (fastställ) a round: from now on it can only be superseded.
    pub fn lock_forecast_round(&mut self, round: u32) -> Result<ForecastRound> {
        let user = self.user.clone();
        let at = now();
        let tx = self.db.begin()?;
        let lock = lock_of(&tx, round)?;
        if lock.is_none() {
            return Err(Error::not_found(format!("prognosomgången {round} finns inte")));
        }
        refuse_locked(round, &lock)?;
        tx.execute(
            "UPDATE forecast_round SET locked_at = ?2, locked_by = ?3 WHERE round = ?1",
            params![round, at, user],
        )?;
        let rows: i64 = tx.query_row("SELECT COUNT(*) FROM forecast WHERE round = ?1", params![round], |r| r.get(0))?;
        let draft = Draft::new(Operation::ForecastLock, format!("forecast {round}"), serde_json::json!({"rows": rows}));
        append(&tx, &user, &draft)?;
        tx.commit()?;
        self.forecast_rounds(period::year_of(round))?
            .into_iter()
            .find(|r| r.round == round)
            .ok_or_else(|| Error::internal(format!("prognosomgången {round} försvann")))
    }
}

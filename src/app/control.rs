//! Internal control for both doors: the audit log and its chain check,
//! comment history, month sign-off and the control report.
//!
//! Every change a session makes writes its audit entry in the store, inside
//! the change's own transaction (see `store::audit`); this module reads the
//! log and runs the operations that exist only for internal control.

use super::input::PeriodInput;
use super::Session;
use crate::control::{self, report, AuditEntry, ChainCheck, CheckInput, ControlReport, SignoffChecks, Thresholds};
use crate::error::{Error, Result};
use crate::export::{self, ControlExport};
use crate::money::{self, Amount};
use crate::period;
use crate::store::{BatchInfo, CommentVersion, GroupBy, Kind, LineQuery, LogFilter, PeriodEvent};
use crate::variance;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The log's filters as the user typed them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogQuery {
    /// A date, `YYYY-MM-DD`: entries from that day on.
    #[serde(default)]
    pub since: Option<String>,
    /// An operation (`import`, `period-close`) or its family (`period`, `plan`).
    #[serde(default)]
    pub kind: Option<String>,
    /// One thing: `batch 3`, a period (`201806`), a comment's key, a setting.
    #[serde(default)]
    pub subject: Option<String>,
}

fn blank(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

impl LogQuery {
    fn filter(&self) -> Result<LogFilter> {
        let since = blank(&self.since)
            .map(|d| {
                period::parse_date(&d)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .ok_or_else(|| Error::invalid("since", format!("förväntade ett datum som 2018-06-30, fick '{d}'")))
            })
            .transpose()?;
        let kind = blank(&self.kind);
        if let Some(k) = &kind {
            if !control::Operation::ALL.iter().any(|o| o.matches(k)) {
                let known: Vec<&str> = control::Operation::ALL.iter().map(|o| o.as_str()).collect();
                return Err(Error::invalid("kind", format!("okänd sorts post '{k}' (en av {})", known.join(", "))));
            }
        }
        Ok(LogFilter { since, kind, subject: blank(&self.subject) })
    }
}

/// The audit log, oldest first, filtered.
pub fn log(s: &Session, q: &LogQuery) -> Result<Vec<AuditEntry>> {
    s.store().audit_log(&q.filter()?)
}

/// The log rows behind a batch: its import, undo and redo.
pub fn batch_log(s: &Session, batch: i64) -> Result<Vec<AuditEntry>> {
    log(s, &LogQuery { subject: Some(format!("batch {batch}")), ..Default::default() })
}

/// Check the whole chain (the app shows the outcome as it is).
pub fn verify_log(s: &Session) -> Result<ChainCheck> {
    Ok(control::verify(&s.store().audit_log(&LogFilter::default())?))
}

/// Check the chain; a broken one is an error naming the first broken entry
/// (the command line's `log verify`, exit 2).
pub fn check_log(s: &Session) -> Result<ChainCheck> {
    let c = verify_log(s)?;
    match &c.broken {
        None => Ok(c),
        Some(b) => Err(Error::File {
            path: s.path().to_path_buf(),
            message: format!("loggen är bruten vid post {} ({}, {}): {}", b.id, b.at, b.operation, b.reason),
        }),
    }
}

/// Every version of the comment on `key`, oldest first; the last is the current text.
pub fn comment_history(s: &Session, key: &str) -> Result<Vec<CommentVersion>> {
    s.store().comment_history(key)
}

/// A sign-off and what its checks found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodClosed {
    pub event: PeriodEvent,
    pub checks: SignoffChecks,
}

/// What the checks would find for `period` now (closing records the same).
pub fn signoff_checks(s: &Session, period: &PeriodInput) -> Result<SignoffChecks> {
    let p = period.resolve(None)?;
    let store = s.store();
    let year = period::year_of(p);
    let batches = period_batches(&store.batches()?, p);
    let unclassified = LineQuery { year: Some(year), period_to: Some(p), unclassified: true, ..Default::default() };
    let u = store.sums(&unclassified, &[])?.pop().unwrap_or_default();
    let operating = variance::operating_report(store, year, Some(p), false)?;
    let input = CheckInput {
        period: p,
        batches: &batches,
        unclassified: u.amount,
        unclassified_lines: u.lines,
        operating: &operating,
    };
    Ok(control::run_checks(&input, &thresholds(s)?))
}

/// The live ledger batches whose periods include `p`.
fn period_batches(all: &[BatchInfo], p: u32) -> Vec<BatchInfo> {
    let covers = |b: &&BatchInfo| {
        b.kind == Kind::Ledger
            && b.active_rows > 0
            && b.scope_from.is_some_and(|f| f <= p)
            && b.scope_to.is_some_and(|t| t >= p)
    };
    all.iter().filter(covers).cloned().collect()
}

/// The thresholds from the settings `control/*`, else the defaults.
fn thresholds(s: &Session) -> Result<Thresholds> {
    let d = Thresholds::default();
    let store = s.store();
    let kr = |key: &str, default: Amount| -> Result<Amount> {
        match store.setting(key)? {
            Some(v) => money::parse_amount(&v).map_err(|e| Error::invalid(key, format!("{key} = '{v}': {e}"))),
            None => Ok(default),
        }
    };
    let pct = match store.setting(control::signoff::VARIANCE_PCT)? {
        Some(v) => v
            .parse()
            .map_err(|_| Error::invalid(control::signoff::VARIANCE_PCT, format!("'{v}' är ingen procentsats")))?,
        None => d.variance_pct,
    };
    Ok(Thresholds {
        unclassified_max: kr(control::signoff::UNCLASSIFIED_MAX, d.unclassified_max)?,
        variance_kr: kr(control::signoff::VARIANCE_KR, d.variance_kr)?,
        variance_pct: pct,
    })
}

/// Close (klarmarkera) a period: run the checks and record them with the
/// sign-off. The checks report; they do not stop the close.
pub fn close_period(s: &mut Session, period: &PeriodInput, note: &str) -> Result<PeriodClosed> {
    let checks = signoff_checks(s, period)?;
    let event = s.store_mut().close_period(checks.period, note.trim(), &checks)?;
    Ok(PeriodClosed { event, checks })
}

/// Reopen a closed period; the reason is required and logged.
pub fn reopen_period(s: &mut Session, period: &PeriodInput, reason: &str) -> Result<PeriodEvent> {
    let p = period.resolve(None)?;
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "ett skäl krävs för att öppna en klarmarkerad period"));
    }
    s.store_mut().reopen_period(p, reason.trim())
}

/// Sign-offs and reopenings (of one year), oldest first, and which periods are closed now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Periods {
    pub closed: Vec<u32>,
    pub events: Vec<PeriodEvent>,
}

pub fn periods(s: &Session, year: Option<i32>) -> Result<Periods> {
    let store = s.store();
    let closed = store.closed_periods()?.into_iter().filter(|p| year.is_none_or(|y| period::year_of(*p) == y));
    Ok(Periods { closed: closed.collect(), events: store.period_events(year)? })
}

/// The control report's values for `year`.
pub fn control_report(s: &Session, year: i32) -> Result<ControlReport> {
    let store = s.store();
    let all = store.audit_log(&LogFilter::default())?;
    let chain = control::verify(&all);
    let in_year = |b: &BatchInfo| {
        let (from, to) = (b.scope_from.map(period_year), b.scope_to.map(period_year));
        from.is_none_or(|f| f <= year) && to.is_none_or(|t| t >= year)
    };
    let batches = store.batches()?.into_iter().filter(in_year).map(|b| report::batch_record(b, &all)).collect();
    let q = LineQuery { year: Some(year), unclassified: true, ..Default::default() };
    let unclassified = store
        .sums(&q, &[GroupBy::Period])?
        .into_iter()
        .filter_map(|x| Some(report::UnclassifiedPeriod { period: x.period?, lines: x.lines, amount: x.amount }))
        .collect();
    Ok(ControlReport {
        year,
        created: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        batches,
        rule_changes: report::rule_changes(&all),
        unclassified,
        signoffs: store.period_events(Some(year))?,
        comment_versions: store.comment_versions()?,
        // the whole log: entries are dated when the change was made, not by the accounts' year
        log: all,
        chain,
    })
}

/// A batch's scope is a period (YYYYMM) for ledgers and HR data, a year otherwise.
fn period_year(scope: u32) -> i32 {
    if scope > 9999 {
        period::year_of(scope)
    } else {
        scope as i32
    }
}

/// The control report for `year` written to `out`.
pub fn export_control(s: &Session, year: i32, out: &Path) -> Result<ControlExport> {
    export::write_control(&control_report(s, year)?, out)
}

/// The file name a save dialog suggests for the control report.
pub fn control_file_name(year: i32) -> String {
    format!("Kontrollrapport {year}.xlsx")
}

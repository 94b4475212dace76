//! Forecast rounds: what an import, a set and a lock did, a year's rounds,
//! and the rounds side by side under the variance report.

use super::unit_label;
use ramkoll::app::{ForecastImportOutcome, ForecastList};
use ramkoll::money::{format_sv, Unit};
use ramkoll::store::{ForecastEntry, ForecastRound};
use ramkoll::variance::ForecastRounds;
use ramkoll::{period, table, Amount};

fn kr(a: Amount) -> String {
    format_sv(a, Unit::Kr)
}

pub fn forecast_import(o: &ForecastImportOutcome) -> String {
    let replaced = match o.replaced_rows {
        0 => String::new(),
        n => format!(" (ersatte omgångens {n} tidigare rader)"),
    };
    format!(
        "prognosomgång {} ({}): {} driftrader och {} investeringsrader från {}, summa {} kr{replaced}\n",
        o.round,
        period::label_sv(o.round),
        o.operating_rows,
        o.investment_rows,
        o.file_name,
        kr(o.total)
    )
}

pub fn forecast_set(e: &ForecastEntry) -> String {
    format!("prognosomgång {}: {} = {} kr\n", e.round, e.label(), kr(e.amount))
}

pub fn forecast_lock(r: &ForecastRound) -> String {
    format!(
        "prognosomgång {} fastställd av {} {}\n",
        r.round,
        r.locked_by.as_deref().unwrap_or(""),
        r.locked_at.as_deref().unwrap_or("")
    )
}

pub fn forecast_list(l: &ForecastList, u: Unit) -> String {
    if l.rounds.is_empty() {
        return format!("inga prognosomgångar för {}\n", l.year);
    }
    let mut out = String::new();
    for r in &l.rounds {
        let state = match (&r.locked_at, &r.locked_by) {
            (Some(at), Some(by)) => format!("fastställd {at} av {by}"),
            _ => "öppen".into(),
        };
        out.push_str(&format!(
            "Prognosomgång {} ({}), {state}, {}\n",
            r.round,
            period::label_sv(r.round),
            unit_label(u)
        ));
        let rows: Vec<Vec<String>> = l
            .entries
            .iter()
            .filter(|e| e.round == r.round)
            .map(|e| vec![e.label(), format_sv(e.amount, u), e.comment.clone().unwrap_or_default()])
            .collect();
        out.push_str(&table::render(&["Rad", "Prognos", "Kommentar"], &rows));
        out.push('\n');
    }
    out
}

/// Each round's forecast variance (surplus positive) per row, with the
/// deviation from the outcome once the year is complete.
pub fn forecast_rounds(r: &ForecastRounds, u: Unit) -> String {
    if r.rounds.is_empty() {
        return String::new();
    }
    let mut headers = vec!["Prognos mot budget".to_string()];
    for h in &r.rounds {
        headers.push(if h.id == "budget" { "Budgetfil".into() } else { h.id.clone() });
    }
    if r.outcome_complete {
        headers.push("Utfall".into());
        headers.extend(r.rounds.iter().map(|h| format!("Avv. {}", if h.id == "budget" { "budgetfil" } else { &h.id })));
    }
    let cells = |x: &ramkoll::variance::RoundRow, label: String| {
        let mut v = vec![label];
        v.extend(x.cells.iter().map(|c| format_sv(c.forecast_variance, u)));
        if let Some(o) = x.outcome_variance {
            v.push(format_sv(o, u));
            v.extend(x.cells.iter().map(|c| c.deviation.map(|d| format_sv(d, u)).unwrap_or_default()));
        }
        v
    };
    let mut rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| cells(x, if x.cost_type.is_some() { format!("  {}", x.label) } else { x.label.clone() }))
        .collect();
    rows.push(cells(&r.result, "Resultat".into()));
    let mut out = format!("Prognosomgångar {}, avvikelse mot budget (överskott +), {}\n", r.year, unit_label(u));
    out.push_str(&table::render(&headers, &rows));
    if !r.investments.is_empty() {
        let rows: Vec<Vec<String>> = r
            .investments
            .iter()
            .map(|i| {
                vec![i.label.clone(), format_sv(i.total_frame, u), format_sv(i.forecast, u), format_sv(i.variance, u)]
            })
            .collect();
        out.push_str(&format!("\nInvesteringsprognos (omgång {})\n", r.investments[0].round));
        let h = ["Typ", "Total ram", "Prognos", "Ram − prognos"].map(String::from);
        out.push_str(&table::render(&h, &rows));
    }
    out
}

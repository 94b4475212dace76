//! Internal control: the log, its chain check, comment versions, sign-offs.

use ramkoll::app::PeriodClosed;
use ramkoll::control::{AuditEntry, ChainCheck, Operation, SignoffChecks};
use ramkoll::export::ControlExport;
use ramkoll::store::{CommentVersion, PeriodEvent};
use ramkoll::table;

pub fn log(entries: &[AuditEntry]) -> String {
    if entries.is_empty() {
        return "loggen har inga poster som passar\n".into();
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let what = Operation::parse(&e.operation).map(|o| o.label_sv()).unwrap_or(&e.operation);
            vec![e.id.to_string(), e.at.clone(), e.user.clone(), what.to_string(), e.subject.clone(), short(&e.summary)]
        })
        .collect();
    table::render(&["Id", "Tid", "Användare", "Åtgärd", "Avser", "Före/efter"], &rows)
}

/// A summary cut to a table cell's width.
fn short(s: &str) -> String {
    const MAX: usize = 90;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

pub fn chain(c: &ChainCheck) -> String {
    match &c.broken {
        None => {
            format!("loggen är hel: {} poster, senaste hash {}\n", c.entries, c.head.as_deref().unwrap_or("(ingen)"))
        }
        Some(b) => format!("loggen är bruten vid post {} ({}, {}): {}\n", b.id, b.at, b.operation, b.reason),
    }
}

pub fn comment_history(key: &str, versions: &[CommentVersion]) -> String {
    if versions.is_empty() {
        return format!("{key} har ingen kommentar\n");
    }
    let mut out = format!("kommentarer på {key}, äldst först:\n");
    for v in versions {
        let now = if v.current { " (aktuell)" } else { "" };
        let text = if v.text.is_empty() { "(borttagen)" } else { v.text.as_str() };
        out.push_str(&format!("  {}. {} {}{now}: {text}\n", v.version, v.at, v.author));
    }
    out
}

fn checks(c: &SignoffChecks) -> String {
    let mut out = String::new();
    for k in &c.checks {
        let mark = if k.ok { "ok" } else { "att se över" };
        out.push_str(&format!("  [{mark}] {}: {}\n", k.label, k.detail));
        for i in &k.items {
            out.push_str(&format!("      {i}\n"));
        }
    }
    out
}

pub fn closed(c: &PeriodClosed) -> String {
    let e = &c.event;
    let mut out = format!("perioden {} är klarmarkerad av {} {}\n", e.period, e.user, e.at);
    out.push_str(&checks(&c.checks));
    out
}

pub fn reopened(e: &PeriodEvent) -> String {
    format!("perioden {} är öppnad igen av {} {}: {}\n", e.period, e.user, e.at, e.note)
}

pub fn period_events(events: &[PeriodEvent]) -> String {
    if events.is_empty() {
        return "inga klarmarkeringar\n".into();
    }
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            let what = if e.action == "close" { "klarmarkerad" } else { "öppnad igen" };
            let ok = e.checks.as_ref().map(|c| if c.all_ok { "ok" } else { "att se över" }).unwrap_or("");
            vec![e.period.to_string(), what.into(), e.user.clone(), e.at.clone(), ok.into(), e.note.clone()]
        })
        .collect();
    table::render(&["Period", "Händelse", "Användare", "Tid", "Kontroller", "Anteckning/skäl"], &rows)
}

pub fn control_export(o: &ControlExport) -> String {
    let chain = if o.chain_ok { "loggen hel" } else { "LOGGEN BRUTEN" };
    format!("skrev {} ({} importer, {} loggposter, {chain})\n", o.path, o.batches, o.log_entries)
}

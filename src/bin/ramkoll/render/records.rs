//! Everything that is not a report: imports, previews, batches, lines,
//! rules, plans, backups, exports.

use super::{json, kr, Out};
use ramkoll::app::{Backups, FileImport, FilePreview, OrderList, Reclassified};
use ramkoll::classify::{Rule, UNCLASSIFIED};
use ramkoll::export::{ExportOutcome, StaffingExport};
use ramkoll::import::{ImportOutcome, Preview, SiePreview};
use ramkoll::money::{format_sv, Unit};
use ramkoll::store::{scope_text, BatchInfo, Lines, ReplacePlan, SumUnit, UndoOutcome};
use ramkoll::variance::PlanFit;
use ramkoll::{table, Result};

/// Each file's message as it went; with `--json` all outcomes at the end.
/// The first file that failed is the run's error.
pub fn imports(out: Out, results: Vec<FileImport>) -> Result<()> {
    let mut outcomes: Vec<ImportOutcome> = Vec::new();
    for r in results {
        let o = r.result?;
        out.note(&o.message);
        outcomes.push(o);
    }
    if out.json {
        json(&serde_json::json!({ "imports": outcomes }))?;
    }
    Ok(())
}

/// `preview --json`: the preview's fields and what the import would replace.
#[derive(serde::Serialize)]
pub struct PreviewJson<'a> {
    #[serde(flatten)]
    preview: &'a Preview,
    replaces: &'a Option<ReplacePlan>,
}

impl<'a> From<&'a FilePreview> for PreviewJson<'a> {
    fn from(p: &'a FilePreview) -> Self {
        PreviewJson { preview: &p.preview, replaces: &p.replaces }
    }
}

pub fn preview(fp: &FilePreview) -> String {
    let mut out = columns(&fp.preview);
    if let Some(plan) = &fp.replaces {
        out.push_str(&replace_plan(fp.kind, plan));
    }
    out
}

/// What the import would replace, and how to confirm when it asks.
fn replace_plan(kind: ramkoll::import::Kind, plan: &ReplacePlan) -> String {
    if let Some(id) = plan.unchanged_as {
        return format!("redan importerad som batch {id}; en import skulle inte ändra något\n");
    }
    let shape = if plan.shape.is_empty() { String::new() } else { format!(", {}", plan.shape) };
    let mut out = format!("källa \"{}\"{shape}\n", plan.source);
    if plan.replaces.is_empty() {
        out.push_str("ersätter inget\n");
    }
    for r in &plan.replaces {
        out.push_str(&format!(
            "ersätter batch {} {} (källa \"{}\", {}) i {}: {} rader, {} kr{}\n",
            r.batch_id,
            r.file_name,
            r.source,
            r.shape,
            scope_text(kind, &r.scopes),
            r.rows,
            kr(r.sum),
            if r.looks_different { " — ser ut som en annan slags export" } else { "" }
        ));
    }
    if plan.needs_confirmation {
        out.push_str(
            "kräver bekräftelse: --replace (ersätt ändå) eller --source NAMN (importera som egen källa, behåll båda)\n",
        );
    }
    out
}

fn columns(p: &Preview) -> String {
    let mut out = match &p.sie {
        Some(sie) => sie_preview(&p.file, sie),
        None => format!(
            "{} ({:?}), blad \"{}\" av {:?}, rubrikrad {} ({})\n",
            p.file, p.format, p.sheet, p.sheets, p.header_row, p.mapping_from
        ),
    };
    for c in &p.columns {
        let f = c.field.map(|f| f.label().to_string()).unwrap_or_else(|| "(attribut)".into());
        out.push_str(&format!("  {:>3}  {:<28} → {}\n", c.letter, c.header, f));
    }
    for m in &p.missing {
        out.push_str(&format!("  saknas: {}\n", m.iter().map(|f| f.label()).collect::<Vec<_>>().join(" eller ")));
    }
    out
}

/// An SIE file's identification, vouchers, periods and dimensions.
fn sie_preview(file: &str, s: &SiePreview) -> String {
    let periods = match (s.periods.first(), s.periods.last()) {
        (Some(a), Some(z)) => format!("{a}–{z} ({} perioder)", s.periods.len()),
        _ => "inga".into(),
    };
    let mut out = format!(
        "{file} (SIE {}, {}{}), {}\n  {} verifikationer, {} transaktionsrader, {} #PBUDGET-belopp, {} konton; perioder {periods}\n",
        s.sie_type.as_deref().unwrap_or("?"),
        s.encoding,
        if s.checksum { ", #KSUMMA stämmer" } else { "" },
        [s.program.as_deref(), s.company.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", "),
        s.vouchers,
        s.transactions,
        s.budget_amounts,
        s.accounts,
    );
    for d in &s.dimensions {
        let f = d.field.map(|f| f.label().to_string()).unwrap_or_else(|| "(attribut)".into());
        out.push_str(&format!("  #DIM {:<3} {:<24} → {f} ({} objekt)\n", d.number, d.name, d.objects));
    }
    out
}

fn batch_cells(b: &BatchInfo, u: Unit) -> Vec<String> {
    let scope = match (b.scope_from, b.scope_to) {
        (Some(a), Some(z)) if a == z => a.to_string(),
        (Some(a), Some(z)) => format!("{a}–{z}"),
        _ => String::new(),
    };
    vec![
        b.id.to_string(),
        b.kind.label_sv().into(),
        b.source.clone(),
        b.file_name.clone(),
        b.sheet.clone(),
        b.row_count.to_string(),
        // an HR file's sum is hours: never scaled to tkr/mnkr, never kronor
        match b.sum_unit {
            SumUnit::Hours => format!("{} h", format_sv(b.control_sum, Unit::Kr)),
            SumUnit::Kr => format_sv(b.control_sum, u),
        },
        scope,
        b.imported_at.clone(),
        b.state.clone(),
    ]
}

pub fn batches(b: &[BatchInfo], u: Unit) -> String {
    if b.is_empty() {
        return "inga importer ännu\n".into();
    }
    let headers =
        ["Batch", "Typ", "Källa", "Fil", "Blad", "Rader", "Kontrollsumma", "Omfattning", "Importerad", "Status"];
    table::render(&headers, &b.iter().map(|b| batch_cells(b, u)).collect::<Vec<_>>())
}

/// What an undo (or with `undo` false, a redo) did.
pub fn undo(o: &UndoOutcome, undo: bool) -> String {
    let verb = if undo { "ångrade" } else { "återställde" };
    let mut out = format!("{verb} batch {} ({}): {} rader, {} kr\n", o.batch_id, o.file_name, o.rows, kr(o.sum));
    let what = if undo { "tillbaka" } else { "ersatta igen" };
    for r in &o.restored {
        out.push_str(&format!("  {} rader från batch {} ({}) {what}\n", r.rows, r.batch_id, r.file_name));
    }
    out
}

pub fn lines(l: &Lines) -> String {
    let headers = ["Period", "Konto", "Ansvar", "Projekt", "Verifikation", "Text", "Belopp", "Område", "Kategori"];
    let rows: Vec<Vec<String>> = l
        .lines
        .iter()
        .map(|x| {
            vec![
                x.period.to_string(),
                x.konto.clone(),
                x.ansvar.clone(),
                x.projekt.clone(),
                x.verifikation.clone(),
                x.text.chars().take(40).collect(),
                kr(x.amount),
                x.area.clone().unwrap_or_else(|| UNCLASSIFIED.into()),
                x.category.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let shown = if l.truncated { format!(" (visar {})", l.lines.len()) } else { String::new() };
    format!("{}{} rader, summa {} kr{shown}\n", table::render(&headers, &rows), l.total_rows, kr(l.total))
}

pub fn rules(rules: &[Rule]) -> String {
    let headers = ["#", "Fält", "Mönster", "Område", "Kategori", "Kostnadsslag", "VO"];
    let rows: Vec<Vec<String>> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.field.label().into(),
                r.pattern.clone(),
                r.area.clone().unwrap_or_default(),
                r.category.clone().unwrap_or_default(),
                r.cost_type.clone().unwrap_or_default(),
                r.vo.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table::render(&headers, &rows)
}

pub fn reclassified(r: &Reclassified) -> String {
    let o = &r.outcome;
    format!(
        "{} regler; {} rader omklassificerade av {}; {} rader ({} kr) ej klassificerade\n",
        r.rules,
        o.changed,
        o.lines,
        o.unclassified,
        kr(o.unclassified_sum)
    )
}

const PLAN_HEADERS: [&str; 10] =
    ["#", "Ram", "Text", "Antal", "Styckpris", "Belopp", "Kvar före", "Kvar efter", "Disponibelt efter", ""];

fn plan_cells(p: &PlanFit, u: Unit) -> Vec<String> {
    vec![
        p.plan.id.to_string(),
        format!("{} {}", p.plan.area, p.plan.category.clone().unwrap_or_default()),
        p.plan.text.clone(),
        p.plan.quantity.to_string(),
        kr(p.plan.unit_price),
        format_sv(p.plan.amount, u),
        format_sv(p.remaining_before, u),
        format_sv(p.remaining_after, u),
        format_sv(p.available_after, u),
        match (p.on_frame, p.fits, p.fits_available) {
            (false, ..) => "drift (förbrukningsinventarier)".into(),
            (true, true, true) => "ryms".into(),
            // the open orders take what the frame had left
            (true, true, false) => format!("ryms inte i disponibelt (beställt {})", format_sv(p.committed, u)),
            (true, false, _) => "ryms inte".into(),
        },
    ]
}

/// The plans of `year` (one just added, or the year's list).
pub fn plans(plans: &[PlanFit], year: i32, u: Unit) -> String {
    if plans.is_empty() {
        return format!("inga planerade anskaffningar för {year}\n");
    }
    table::render(&PLAN_HEADERS, &plans.iter().map(|p| plan_cells(p, u)).collect::<Vec<_>>())
}

pub fn backups(b: &Backups) -> String {
    if b.backups.is_empty() {
        return format!("inga säkerhetskopior i {}\n", b.dir.display());
    }
    let line = |x: &ramkoll::safety::BackupInfo| {
        format!("{:>3}  {}  {:<16} {:>10} byte  {}\n", x.number, x.taken_at, x.reason, x.bytes, x.name)
    };
    b.backups.iter().map(line).collect()
}

pub fn variance_export(o: &ExportOutcome) -> String {
    format!("skrev {} (blad: {}; {} verifikationsrader)\n", o.path, o.sheets.join(", "), o.detail_lines)
}

pub fn staffing_export(o: &StaffingExport) -> String {
    format!("skrev {} (blad: {})\n", o.path, o.sheets.join(", "))
}

/// The open orders behind a Beställt figure, and their total.
pub fn orders(l: &OrderList, u: Unit) -> String {
    if l.orders.is_empty() {
        return "inga öppna beställningar\n".into();
    }
    let headers = ["Beställningsnr", "Datum", "Leverantör", "Projekt", "Område", "Kategori", "Benämning", "Belopp"];
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut rows: Vec<Vec<String>> = l
        .orders
        .iter()
        .map(|o| {
            vec![
                opt(&o.order_no),
                o.order_date.clone(),
                opt(&o.supplier),
                opt(&o.project),
                o.area.clone(),
                o.category.clone(),
                opt(&o.text),
                format_sv(o.amount, u),
            ]
        })
        .collect();
    rows.push(vec![
        "Totalt".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format!("{} beställningar", l.orders.len()),
        format_sv(l.total, u),
    ]);
    table::render(&headers, &rows)
}

/// What `db copy` copied, per table, and that every report matched.
pub fn db_copy(c: &ramkoll::app::DbCopy) -> String {
    let mut rows: Vec<Vec<String>> =
        c.outcome.tables.iter().map(|t| vec![t.table.clone(), format_sv_count(t.rows)]).collect();
    rows.push(vec!["totalt".into(), format_sv_count(c.outcome.rows)]);
    format!(
        "kopierade {} till {}\n{}alla rapporter lika ({} jämförda)\n",
        c.from,
        c.to,
        table::render(&["Tabell", "Rader"], &rows),
        c.compared.len()
    )
}

/// How far a large table has come, on stderr when it is a terminal (a
/// million ledger lines take a while; a script sees only the result).
pub fn copy_progress(table: &str, rows: u64) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2Kkopierar {table}: {} rader", format_sv_count(rows));
    }
}

/// The progress line cleared, once the copy is over.
pub fn copy_progress_done() {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
}

/// A count with spaces between the thousands, as Swedish writes it.
fn format_sv_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// What `db init` set up, and the next step for IT.
pub fn db_init(r: &ramkoll::store::Roles) -> String {
    format!(
        "databasen {} är klar (schema {}, ägare {}).\nroller: {} (läser), {} (läser och ändrar)\n\
         ge dem till användarnas inloggningar: GRANT {} TO anna, bo; GRANT {} TO revisor;\n\
         säkerhetskopior sköts av servern (pg_dump): Ramkoll tar inga kopior före importer här\n",
        r.database, r.schema_version, r.owner, r.reader, r.writer, r.writer, r.reader
    )
}

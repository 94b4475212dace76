//! The report tables: investments, operating variance, staffing, categories.

use super::{pct_sv, unit_label, whole_millions};
use ramkoll::app::{Demo, VarianceReport};
use ramkoll::classify::STAFF_COLUMNS;
use ramkoll::money::{format_decimal_sv, format_sv, Unit};
use ramkoll::staffing::{StaffingReport, StaffingRow};
use ramkoll::variance::{CategoryReport, FrameReport, FrameRow, OperatingReport, OperatingRow};
use ramkoll::{period, table, Amount};

/// With `forecast`, the latest investment round's columns follow.
fn frame_headers(y: i32, forecast: Option<u32>) -> Vec<String> {
    let mut h = vec![
        "Typ".into(),
        format!("Beslutad ram {y}"),
        format!("Utökad ram {y}"),
        format!("Total ram {y}"),
        format!("Utfall beslut före {y}"),
        format!("Utfall beslut {y}"),
        format!("Totalt investeringar {y}"),
        "Kvar av ram".into(),
        "Nyttjandegrad".into(),
        "Beställt".into(),
        "Planerat".into(),
        "Disponibelt".into(),
    ];
    if let Some(r) = forecast {
        h.push(format!("Prognos {}", period::label_sv(r)));
        h.push("Ram − prognos".into());
    }
    h
}

fn frame_cells(label: String, x: &FrameRow, u: Unit, forecast: bool) -> Vec<String> {
    let fmt = |a: Amount| if a.is_zero() { "–".to_string() } else { format_sv(a, u) };
    let opt = |a: Option<Amount>| a.map(|a| format_sv(a, u)).unwrap_or_else(|| "–".into());
    let mut cells = vec![
        label,
        fmt(x.decided),
        fmt(x.extended),
        fmt(x.total_frame),
        fmt(x.outcome_before),
        fmt(x.outcome_year),
        fmt(x.outcome_total),
        format_sv(x.remaining, u),
        pct_sv(x.utilisation),
        fmt(x.committed),
        fmt(x.planned),
        format_sv(x.available, u),
    ];
    if forecast {
        cells.push(opt(x.forecast));
        cells.push(opt(x.forecast_variance));
    }
    cells
}

/// The reference table; kategori rows under an område that has several
/// (or always, with `all_categories`).
pub fn frame_report(r: &FrameReport, u: Unit, all_categories: bool) -> String {
    let y = r.year;
    let scope = match r.period {
        Some(p) => format!("ackumulerat t.o.m. {}", period::label_sv(p)),
        None => format!("helår {y}"),
    };
    let f = r.forecast_round.is_some();
    let mut rows = Vec::new();
    for a in &r.areas {
        rows.push(frame_cells(a.row.label.clone(), &a.row, u, f));
        if all_categories || a.categories.len() > 1 {
            rows.extend(a.categories.iter().map(|c| frame_cells(format!("  {}", c.label), c, u, f)));
        }
    }
    if let Some(x) = &r.unclassified {
        rows.push(frame_cells(x.label.clone(), x, u, f));
    }
    rows.push(frame_cells("Totalt".into(), &r.total, u, f));
    let mut out = format!("Investeringar {y}, {scope}, {}\n", unit_label(u));
    out.push_str(&table::render(&frame_headers(y, r.forecast_round), &rows));
    out.extend(r.warnings.iter().map(|w| format!("! {w}\n")));
    out
}

fn operating_cells(label: String, x: &OperatingRow, u: Unit) -> Vec<String> {
    vec![
        label,
        format_sv(x.budget, u),
        format_sv(x.period_budget, u),
        format_sv(x.outcome, u),
        format_sv(x.variance, u),
        pct_sv(x.variance_pct),
        format_sv(x.forecast, u),
        format_sv(x.forecast_variance, u),
    ]
}

const OPERATING_HEADERS: [&str; 8] = [
    "Kostnadsslag",
    "Budget helår",
    "Periodbudget",
    "Utfall",
    "Avvikelse",
    "Avvikelse %",
    "Helårsprognos",
    "Prognos mot budget",
];

pub fn operating(r: &OperatingReport, u: Unit) -> String {
    let mut rows = Vec::new();
    for g in &r.groups {
        rows.push(operating_cells(g.row.label.clone(), &g.row, u));
        for c in &g.cost_types {
            if g.cost_types.len() > 1 || c.label != g.row.label {
                rows.push(operating_cells(format!("  {}", c.label), c, u));
            }
            rows.extend(c.by_vo.iter().map(|v| operating_cells(format!("    {}", v.label), v, u)));
        }
    }
    rows.push(operating_cells("Resultat".into(), &r.result, u));
    let mut out = format!(
        "Driftresultat {} t.o.m. {} (avvikelse: överskott positivt), {}\n",
        r.year,
        period::label_sv(r.period),
        unit_label(u)
    );
    out.push_str(&table::render(&OPERATING_HEADERS, &rows));
    out.push_str(&format!("Prognos: {}\n", r.forecast_label));
    if let Some(x) = &r.unclassified {
        out.push_str(&format!("! {}: {} rader, {} kr\n", x.label, x.lines, format_sv(x.outcome, Unit::Kr)));
    }
    out.extend(r.warnings.iter().map(|w| format!("! {w}\n")));
    out
}

/// Operating budget, then the investments with every kategori.
pub fn variance(r: &VarianceReport, u: Unit) -> String {
    format!("{}\n{}", operating(&r.operating, u), frame_report(&r.investments, u, true))
}

const STAFFING_TAIL: [&str; 10] = [
    "Totalt",
    "Budget",
    "Avvikelse",
    "Fg år",
    "Förändring",
    "Årsarbetare",
    "Kr/åa",
    "Extra tid h",
    "Andel extra",
    "Sjuk %",
];

fn staffing_cells(x: &StaffingRow, u: Unit) -> Vec<String> {
    let mut v = vec![x.vo.clone()];
    v.extend(STAFF_COLUMNS.iter().map(|c| format_sv(x.costs.get(*c).copied().unwrap_or_default(), u)));
    v.extend([
        format_sv(x.total, u),
        format_sv(x.budget, u),
        format_sv(x.variance, u),
        format_sv(x.last_year, u),
        pct_sv(x.change_pct),
        x.fte.to_string().replace('.', ","),
        x.cost_per_fte.map(|a| format_sv(a, Unit::Tkr)).unwrap_or_else(|| "–".into()),
        format_decimal_sv(x.hours.extra, 0),
        pct_sv(x.extra_share_pct),
        pct_sv(x.sick_pct),
    ]);
    v
}

fn staffing_by_cost_type(r: &StaffingReport, u: Unit) -> String {
    let h = ["Kostnadsslag", "Utfall", "Budget", "Avvikelse", "Fg år samma period", "Förändring", "Förändring %"];
    let rows: Vec<Vec<String>> = r
        .by_cost_type
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                format_sv(c.outcome, u),
                format_sv(c.budget, u),
                format_sv(c.variance, u),
                format_sv(c.last_year, u),
                format_sv(c.change, u),
                pct_sv(c.change_pct),
            ]
        })
        .collect();
    table::render(&h, &rows)
}

pub fn staffing(r: &StaffingReport, u: Unit) -> String {
    let mut headers: Vec<&str> = vec!["VO"];
    headers.extend(STAFF_COLUMNS.iter().copied().chain(STAFFING_TAIL));
    let mut rows: Vec<Vec<String>> = r.rows.iter().map(|x| staffing_cells(x, u)).collect();
    rows.push(staffing_cells(&r.total, u));
    let mut out = format!(
        "Personalkostnader {} t.o.m. {}, {} (årsarbetare = arbetade timmar / {} h per år; PO-pålägg {} %)\n",
        r.year,
        period::label_sv(r.period),
        unit_label(u),
        r.annual_hours,
        r.po_rate.to_string().replace('.', ",")
    );
    out.push_str(&table::render(&headers, &rows));
    out.push('\n');
    out.push_str(&staffing_by_cost_type(r, u));
    out.push_str(&format!(
        "Extra tid (övertid + mertid + fyllnadstid): {} h mot {} h föregående år ({})\n",
        format_decimal_sv(r.total.hours.extra, 0),
        format_decimal_sv(r.extra_hours_last_year.extra, 0),
        pct_sv(r.extra_hours_change_pct)
    ));
    out.extend(r.warnings.iter().map(|w| format!("! {w}\n")));
    out
}

/// The multi-year table under `title`, each amount through `cell`.
pub fn categories(r: &CategoryReport, title: &str, cell: impl Fn(Amount) -> String) -> String {
    let mut headers = vec!["Kategori".to_string()];
    headers.extend(r.years.iter().map(|y| y.to_string()));
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .chain(std::iter::once(&r.total))
        .map(|row| std::iter::once(row.category.clone()).chain(row.cells.iter().map(|c| cell(c.amount))).collect())
        .collect();
    format!("{title}\n{}", table::render(&headers, &rows))
}

/// `report categories`: in the chosen unit.
pub fn category_report(r: &CategoryReport, u: Unit) -> String {
    let title = format!("{}-investeringar per kategori och år, {}", r.area, unit_label(u));
    categories(r, &title, |a| format_sv(a, u))
}

/// The demo: what was imported, the reference table in mnkr and IT's
/// categories in whole millions, as the annual report shows them.
pub fn demo(d: &Demo) -> String {
    let mut out = format!("Databas: {}\n", d.database.display());
    out.extend(d.imports.iter().map(|o| format!("  {}\n", o.message)));
    out.push('\n');
    out.push_str(&frame_report(&d.report, Unit::Mnkr, false));
    out.push('\n');
    out.push_str(&categories(&d.categories, "IT-investeringar per kategori, mnkr (avrundat)", whole_millions));
    out
}

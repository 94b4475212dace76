//! The capital-cost report and a planned purchase's costing as text.

use super::unit_label;
use ramkoll::app::{CapitalOverview, PlanCosting};
use ramkoll::capital::{CapitalRow, DepreciationComparison, PlanFigures};
use ramkoll::export::{treatment_label, PlanExport};
use ramkoll::money::{format_sv, Unit};
use ramkoll::{period, table, Amount};

const CAPITAL_HEADERS: [&str; 6] =
    ["Område / kategori", "Avskrivningar", "Internränta", "Kapitalkostnad", "Bokfört värde 31/12", "Tillgångar"];

fn capital_cells(label: String, r: &CapitalRow, year: i32, u: Unit) -> Vec<String> {
    let y = r.year(year);
    let count = if r.assumed > 0 { format!("{} ({} antagna)", r.assets, r.assumed) } else { r.assets.to_string() };
    vec![
        label,
        format_sv(y.depreciation, u),
        format_sv(y.interest, u),
        format_sv(y.capital_cost, u),
        format_sv(y.book_value, u),
        count,
    ]
}

/// One table per year, the budget comparisons, and (with `assets`) the assets.
pub fn capital(r: &CapitalOverview, u: Unit, assets: bool) -> String {
    let c = &r.report;
    let mut out = format!("Kapitalkostnader {}–{}, {}\n", c.from, c.to, unit_label(u));
    for rate in &r.rates {
        let mut rows = Vec::new();
        for a in &c.areas {
            rows.push(capital_cells(a.row.label.clone(), &a.row, rate.year, u));
            rows.extend(a.categories.iter().map(|k| capital_cells(format!("  {}", k.label), k, rate.year, u)));
        }
        rows.push(capital_cells("Totalt".into(), &c.total, rate.year, u));
        out.push_str(&format!("\n{} (internränta {} %)\n", rate.year, rate.rate.replace('.', ",")));
        out.push_str(&table::render(&CAPITAL_HEADERS, &rows));
    }
    for cmp in &r.comparisons {
        out.push_str(&comparison(cmp, u));
    }
    if assets {
        out.push_str(&asset_table(r, u));
    }
    out.extend(r.warnings.iter().map(|w| format!("! {w}\n")));
    out
}

fn comparison(c: &DepreciationComparison, u: Unit) -> String {
    let to = period::label_sv(c.period);
    let rows = vec![
        vec!["Budget helår".into(), format_sv(c.budget, u)],
        vec![format!("Periodbudget t.o.m. {to}"), format_sv(c.period_budget, u)],
        vec![format!("Bokfört t.o.m. {to}"), format_sv(c.outcome, u)],
        vec![format!("Beräknat t.o.m. {to}"), format_sv(c.computed_to_period, u)],
        vec!["Beräknat helår".into(), format_sv(c.computed, u)],
        vec![format!("  varav aktiverat {}", c.year), format_sv(c.activated_in_year, u)],
        vec!["Bokfört − beräknat".into(), format_sv(c.outcome_less_computed, u)],
        vec!["Budget − beräknat helår".into(), format_sv(c.budget_less_computed, u)],
    ];
    format!("\nAvskrivningar {}: budget, bokfört och beräknat\n{}", c.year, table::render(&["", "Belopp"], &rows))
}

fn asset_table(r: &CapitalOverview, u: Unit) -> String {
    let c = &r.report;
    let mut headers: Vec<String> =
        ["Objekt/Projekt", "Område", "Kategori", "Anskaffningsvärde", "Aktiverad", "År", ""].map(String::from).to_vec();
    headers.extend((c.from..=c.to).map(|y| format!("Avskr. {y}")));
    let rows: Vec<Vec<String>> = c
        .assets
        .iter()
        .map(|a| {
            let x = &a.asset;
            let mut row = vec![
                x.id.clone(),
                x.area.clone(),
                x.category.clone(),
                format_sv(x.value, u),
                x.activation.to_string(),
                x.life_years.to_string(),
                if x.assumed { "antaget".into() } else { String::new() },
            ];
            row.extend(a.years.iter().map(|y| format_sv(y.depreciation, u)));
            row
        })
        .collect();
    format!("\nTillgångar\n{}", table::render(&headers, &rows))
}

type Field = (&'static str, fn(&PlanFigures) -> Amount);

const PLAN_ROWS: [Field; 7] = [
    ("Investeringsutgift (ram)", |x| x.investment),
    ("Förbrukningsinventarier (drift)", |x| x.expense),
    ("Avskrivningar", |x| x.depreciation),
    ("Internränta", |x| x.interest),
    ("Driftkostnader", |x| x.running_costs),
    ("Besparingar", |x| x.savings),
    ("Nettoeffekt på resultatet", |x| x.net_effect),
];

/// The plan, its assessment and its cost per year.
pub fn plan_costing(c: &PlanCosting, u: Unit) -> String {
    let p = &c.plan;
    let kr = |a: Amount| format_sv(a, Unit::Kr);
    let scope = format!("{} {}", p.area, p.category.clone().unwrap_or_default());
    let mut out = format!("Planerad anskaffning {}: {} ({})\n", p.id, p.text, scope.trim());
    out.push_str(&format!(
        "{} × {} kr = {} kr; nyttjandeperiod {} år från {}\n",
        p.quantity,
        kr(p.unit_price),
        kr(c.cost.amount),
        c.life_years,
        period::label_sv(c.start)
    ));
    let cl = &c.cost.classification;
    out.push_str(&format!("{}: {}\n\n", treatment_label(cl.treatment), cl.reason_text));
    let mut headers = vec!["Post".to_string()];
    headers.extend(c.cost.years.iter().map(|y| y.year.to_string()));
    headers.push("Totalt".into());
    let rows: Vec<Vec<String>> = PLAN_ROWS
        .iter()
        .map(|(label, get)| {
            let mut row = vec![label.to_string()];
            row.extend(c.cost.years.iter().map(|y| format_sv(get(&y.figures), u)));
            row.push(format_sv(get(&c.cost.total), u));
            row
        })
        .collect();
    out.push_str(&format!("{}\n", unit_label(u)));
    out.push_str(&table::render(&headers, &rows));
    out
}

pub fn plan_export(o: &PlanExport) -> String {
    format!("skrev {} (blad: {})\n", o.path, o.sheets.join(", "))
}

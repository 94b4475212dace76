//! The checks a month's sign-off (klarmarkering) runs. They report; they do
//! not block: whether an unexplained variance may stand is the
//! controller's judgement, and the outcome is recorded with the sign-off.

use crate::money::{format_sv, Amount, Unit};
use crate::store::BatchInfo;
use crate::variance::{OperatingReport, OperatingRow};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The settings the checks read, with their defaults.
pub const UNCLASSIFIED_MAX: &str = "control/unclassified_max";
pub const VARIANCE_KR: &str = "control/variance_kr";
pub const VARIANCE_PCT: &str = "control/variance_pct";

/// When a figure is worth a remark: unclassified outcome above
/// `unclassified_max`; a variance of at least `variance_kr` and
/// `variance_pct` (a row without period budget counts as over the percentage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    pub unclassified_max: Amount,
    pub variance_kr: Amount,
    pub variance_pct: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { unclassified_max: Amount(0), variance_kr: Amount::from_kr(100_000), variance_pct: Decimal::TEN }
    }
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Check {
    /// `reconciled`, `unclassified` or `variances`.
    pub name: String,
    pub label: String,
    pub ok: bool,
    /// One line for the list of checks.
    pub detail: String,
    /// What the detail is about: one line per batch or row that needs a look.
    pub items: Vec<String>,
}

/// What the checks found for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignoffChecks {
    pub period: u32,
    pub checks: Vec<Check>,
    pub all_ok: bool,
}

/// The report values the checks read.
pub struct CheckInput<'a> {
    pub period: u32,
    /// The live ledger batches with lines in the period.
    pub batches: &'a [BatchInfo],
    /// Unclassified outcome up to the period.
    pub unclassified: Amount,
    pub unclassified_lines: u64,
    /// The operating report to the period (its rows carry their comments).
    pub operating: &'a OperatingReport,
}

pub fn run_checks(input: &CheckInput<'_>, t: &Thresholds) -> SignoffChecks {
    let checks = vec![
        reconciled(input.batches),
        unclassified(input.unclassified, input.unclassified_lines, t),
        variances(input.operating, t),
    ];
    let all_ok = checks.iter().all(|c| c.ok);
    SignoffChecks { period: input.period, checks, all_ok }
}

fn kr(a: Amount) -> String {
    format!("{} kr", format_sv(a, Unit::Kr))
}

/// Every batch's control sum against the total row of its file.
pub fn reconciled(batches: &[BatchInfo]) -> Check {
    let items: Vec<String> = batches
        .iter()
        .filter_map(|b| match b.source_total {
            Some(s) if s == b.control_sum => None,
            Some(s) => Some(format!(
                "import {} ({}): kontrollsumma {} men filens summa {}",
                b.id,
                b.file_name,
                kr(b.control_sum),
                kr(s)
            )),
            None => Some(format!("import {} ({}): filen har ingen summarad att stämma av mot", b.id, b.file_name)),
        })
        .collect();
    let detail = match (batches.len(), items.len()) {
        (0, _) => "ingen huvudbok importerad för perioden".to_string(),
        (n, 0) => format!("{n} importer stämmer mot filernas summor"),
        (n, k) => format!("{k} av {n} importer kunde inte stämmas av mot filens summa"),
    };
    Check {
        name: "reconciled".into(),
        label: "Importer avstämda mot källans summa".into(),
        ok: !batches.is_empty() && items.is_empty(),
        detail,
        items,
    }
}

/// Unclassified outcome against `unclassified_max`.
pub fn unclassified(amount: Amount, lines: u64, t: &Thresholds) -> Check {
    let ok = Amount(amount.0.abs()) <= t.unclassified_max;
    let detail = if lines == 0 {
        "inga oklassificerade rader".to_string()
    } else {
        format!("{lines} oklassificerade rader, {} (gräns {})", kr(amount), kr(t.unclassified_max))
    };
    Check { name: "unclassified".into(), label: "Oklassificerat utfall".into(), ok, detail, items: Vec::new() }
}

/// Kostnadsslag rows whose variance reaches both thresholds and that carry no comment.
pub fn variances(r: &OperatingReport, t: &Thresholds) -> Check {
    let rows = r.groups.iter().flat_map(|g| g.cost_types.iter());
    let items: Vec<String> = rows
        .filter(|row| over(row, t) && row.comment.as_deref().is_none_or(|c| c.trim().is_empty()))
        .map(|row| format!("{}: avvikelse {}{} utan kommentar ({})", row.label, kr(row.variance), pct(row), row.key))
        .collect();
    let detail = if items.is_empty() {
        format!("alla avvikelser över {} och {} % har en kommentar", kr(t.variance_kr), t.variance_pct)
    } else {
        format!("{} avvikelser över {} och {} % saknar kommentar", items.len(), kr(t.variance_kr), t.variance_pct)
    };
    Check { name: "variances".into(), label: "Avvikelser förklarade".into(), ok: items.is_empty(), detail, items }
}

fn over(row: &OperatingRow, t: &Thresholds) -> bool {
    let big = row.variance.0.abs() >= t.variance_kr.0;
    big && row.variance_pct.is_none_or(|p| p.abs() >= t.variance_pct)
}

fn pct(row: &OperatingRow) -> String {
    row.variance_pct.map(|p| format!(", {} %", p.round_dp(1))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variance::OperatingGroup;

    fn batch(id: i64, sum: i64, source: Option<i64>) -> BatchInfo {
        BatchInfo {
            id,
            kind: crate::store::Kind::Ledger,
            sum_unit: crate::store::SumUnit::Kr,
            source: "hb".into(),
            file_name: format!("hb{id}.xlsx"),
            file_path: String::new(),
            sha256: String::new(),
            format: "xlsx".into(),
            sheet: String::new(),
            header_row: 0,
            row_count: 1,
            control_sum: Amount(sum),
            source_total: source.map(Amount),
            scope_from: None,
            scope_to: None,
            imported_at: String::new(),
            state: "active".into(),
            active_rows: 1,
            active_sum: Amount(sum),
        }
    }

    fn row(label: &str, variance_kr: i64, pct: Option<i64>, comment: Option<&str>) -> OperatingRow {
        OperatingRow {
            key: format!("op/2018/{label}"),
            label: label.into(),
            variance: Amount::from_kr(variance_kr),
            variance_pct: pct.map(Decimal::from),
            comment: comment.map(str::to_string),
            ..Default::default()
        }
    }

    fn report(rows: Vec<OperatingRow>) -> OperatingReport {
        OperatingReport {
            year: 2018,
            period: 201806,
            forecast_source: String::new(),
            forecast_label: String::new(),
            groups: vec![OperatingGroup { row: OperatingRow::default(), cost_types: rows }],
            result: OperatingRow::default(),
            unclassified: None,
            warnings: Vec::new(),
            notices: Vec::new(),
        }
    }

    #[test]
    fn batches_reconcile_to_their_source_sums() {
        let c = reconciled(&[batch(1, 500, Some(500)), batch(2, 700, None), batch(3, 100, Some(90))]);
        assert!(!c.ok);
        assert_eq!(c.detail, "2 av 3 importer kunde inte stämmas av mot filens summa");
        assert_eq!(c.items[0], "import 2 (hb2.xlsx): filen har ingen summarad att stämma av mot");
        assert_eq!(c.items[1], "import 3 (hb3.xlsx): kontrollsumma 1,00 kr men filens summa 0,90 kr");
        assert!(reconciled(&[batch(1, 500, Some(500))]).ok);
        let none = reconciled(&[]);
        assert!(!none.ok);
        assert_eq!(none.detail, "ingen huvudbok importerad för perioden");
    }

    #[test]
    fn unclassified_is_shown_against_its_threshold() {
        let t = Thresholds { unclassified_max: Amount::from_kr(1000), ..Default::default() };
        let c = unclassified(Amount::from_kr(-1500), 3, &t);
        assert!(!c.ok);
        assert_eq!(c.detail, "3 oklassificerade rader, -1 500,00 kr (gräns 1 000,00 kr)");
        assert!(unclassified(Amount::from_kr(999), 1, &t).ok);
        assert_eq!(unclassified(Amount(0), 0, &t).detail, "inga oklassificerade rader");
    }

    #[test]
    fn large_uncommented_variances_are_listed() {
        let r = report(vec![
            row("Konsulter", -250_000, Some(-40), None),
            row("Lön", -250_000, Some(-5), None),    // under the percentage
            row("Hyra", 90_000, Some(50), None),     // under the amount
            row("IT-tjänster", 300_000, None, None), // no period budget: over the percentage
            row("Resor", 400_000, Some(30), Some("Förklarad")),
        ]);
        let c = variances(&r, &Thresholds::default());
        assert!(!c.ok);
        assert_eq!(c.items.len(), 2);
        assert_eq!(c.items[0], "Konsulter: avvikelse -250 000,00 kr, -40 % utan kommentar (op/2018/Konsulter)");
        assert_eq!(c.items[1], "IT-tjänster: avvikelse 300 000,00 kr utan kommentar (op/2018/IT-tjänster)");
        assert_eq!(c.detail, "2 avvikelser över 100 000,00 kr och 10 % saknar kommentar");
    }

    #[test]
    fn all_checks_together() {
        let r = report(vec![]);
        let batches = [batch(1, 500, Some(500))];
        let input = CheckInput {
            period: 201806,
            batches: &batches,
            unclassified: Amount(0),
            unclassified_lines: 0,
            operating: &r,
        };
        let out = run_checks(&input, &Thresholds::default());
        assert!(out.all_ok);
        assert_eq!(
            out.checks.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["reconciled", "unclassified", "variances"]
        );
    }
}

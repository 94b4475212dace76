//! A report's warnings as data (what, where, how much), so each door words
//! them in its own language and shows amounts in the unit the user chose. The
//! CLI prints `text_sv`; the app renders the same facts from its i18n tables.

use crate::money::{format_sv, Amount};
use crate::Unit;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Notice {
    /// Outcome above the frame of a kategori, or of an område's total frame.
    OverFrame { area: String, category: Option<String>, outcome: Amount, frame: Amount },
    /// Investment lines no rule gave an område.
    NoArea { lines: u64, outcome: Amount },
    /// Lines of an område no rule gave a kategori.
    NoCategory { area: String, lines: u64 },
    /// No budget imported for the year.
    NoBudget { year: i32 },
    /// Operating lines no rule gave a kostnadsslag.
    NoCostType { lines: u64, outcome: Amount },
    /// No HR data (hours worked) imported for the year: no full-time equivalents.
    NoStaffHours { year: i32 },
    /// No personnel budget imported for the year.
    NoStaffBudget { year: i32 },
    /// No asset register imported: capital costs only from assumptions.
    NoAssets,
    /// Investment projects missing from the asset register, assumed in service
    /// the month after their last booked line.
    AssumedInService { projects: u64 },
}

impl Notice {
    /// The Swedish sentence the CLI prints (and the reports' `warnings` carry).
    pub fn text_sv(&self) -> String {
        use crate::classify::UNCLASSIFIED;
        match self {
            Notice::OverFrame { area, category, outcome, frame } => {
                let (what, frame_word) = match category {
                    Some(c) => (format!("{area} {c}"), "ramen"),
                    None => (area.clone(), "total ram"),
                };
                format!(
                    "{what}: utfallet {} kr överstiger {frame_word} {} kr",
                    format_sv(*outcome, Unit::Kr),
                    format_sv(*frame, Unit::Kr)
                )
            }
            Notice::NoArea { lines, outcome } => {
                format!(
                    "{lines} investeringsrader ({} kr) har inget område: {UNCLASSIFIED}",
                    format_sv(*outcome, Unit::Kr)
                )
            }
            Notice::NoCategory { area, lines } => format!("{area}: {lines} rader saknar kategori ({UNCLASSIFIED})"),
            Notice::NoBudget { year } => format!("ingen budget importerad för {year}"),
            Notice::NoCostType { lines, outcome } => {
                format!("{lines} driftrader ({} kr) saknar kostnadsslag: {UNCLASSIFIED}", format_sv(*outcome, Unit::Kr))
            }
            Notice::NoStaffHours { year } => {
                format!("inga HR-uppgifter (personal) importerade för {year}: årsarbetare saknas")
            }
            Notice::NoStaffBudget { year } => format!("ingen personalbudget importerad för {year}"),
            Notice::NoAssets => "inga tillgångar: importera ett anläggningsregister (import assets)".to_string(),
            Notice::AssumedInService { projects } => format!(
                "{projects} investeringsprojekt saknas i anläggningsregistret och är antagna i bruk månaden efter sista bokförda raden"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_swedish_text_names_the_place_and_the_amounts_in_kronor() {
        let n = Notice::OverFrame {
            area: "IT".into(),
            category: Some("Nät".into()),
            outcome: Amount(1_290_000_000),
            frame: Amount(1_000_000_000),
        };
        assert_eq!(n.text_sv(), "IT Nät: utfallet 12 900 000,00 kr överstiger ramen 10 000 000,00 kr");
        let area = Notice::OverFrame { area: "IT".into(), category: None, outcome: Amount(200), frame: Amount(100) };
        assert_eq!(area.text_sv(), "IT: utfallet 2,00 kr överstiger total ram 1,00 kr");
        assert_eq!(Notice::NoBudget { year: 2018 }.text_sv(), "ingen budget importerad för 2018");
        assert_eq!(Notice::NoStaffBudget { year: 2019 }.text_sv(), "ingen personalbudget importerad för 2019");
        assert!(Notice::AssumedInService { projects: 2 }.text_sv().starts_with("2 investeringsprojekt saknas"));
    }

    #[test]
    fn serialises_with_its_kind_and_amounts_in_kronor() {
        let n = Notice::NoCostType { lines: 3, outcome: Amount(123_450) };
        let j = serde_json::to_value(&n).unwrap();
        assert_eq!(j, serde_json::json!({ "kind": "no_cost_type", "lines": 3, "outcome": "1234.50" }));
    }
}

//! What the command line prints: one JSON object with `--json`, else text
//! and tables. `reports` holds the report tables, `capital` the capital-cost
//! report and a plan's costing, `records` everything else.

mod capital;
mod control;
mod forecasts;
mod records;
mod reports;

pub use capital::*;
pub use control::*;
pub use forecasts::*;
pub use records::*;
pub use reports::*;

use ramkoll::money::{format_sv, Unit};
use ramkoll::{Amount, Result};
use serde::Serialize;

/// The output settings of one run.
#[derive(Clone, Copy)]
pub struct Out {
    pub json: bool,
    pub unit: Unit,
}

impl Out {
    /// `v` as JSON with `--json`, else `text()`.
    pub fn show<T: Serialize>(&self, v: &T, text: impl FnOnce() -> String) -> Result<()> {
        if self.json {
            json(v)
        } else {
            print!("{}", text());
            Ok(())
        }
    }

    /// A line only for people (nothing with `--json`).
    pub fn note(&self, text: &str) {
        if !self.json {
            println!("{text}");
        }
    }
}

pub fn json<T: Serialize>(v: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn unit_label(u: Unit) -> &'static str {
    match u {
        Unit::Kr => "belopp i kr",
        Unit::Tkr => "belopp i tkr",
        Unit::Mnkr => "belopp i mnkr",
    }
}

fn pct_sv(p: Option<rust_decimal::Decimal>) -> String {
    p.map(|p| format!("{} %", p.to_string().replace('.', ","))).unwrap_or_else(|| "–".into())
}

fn kr(a: Amount) -> String {
    format_sv(a, Unit::Kr)
}

/// Whole millions as the annual report rounds them (– for nothing).
fn whole_millions(a: Amount) -> String {
    if a.is_zero() {
        return "–".into();
    }
    let d = a.to_decimal() / rust_decimal::Decimal::from(1_000_000);
    d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_string()
}

//! Capital costs: the report over a range of years (register and assumed
//! assets, with each year's depreciation beside the operating budget's and
//! the ledger's), the costing of a planned purchase, and their exports.
//! The settings they read (internal rate, prisbasbelopp, threshold, lives)
//! are resolved here, once, for both doors.

use super::input::YearRange;
use super::Session;
use crate::capital::{self, Asset, CapitalReport, DepreciationComparison, PlanCost, PlanInputs, Rates, UsefulLives};
use crate::error::{Error, Result};
use crate::export::{self, CapitalSheet, PlanExport, PlanWorkbook};
use crate::money::{self, Amount};
use crate::store::{PlannedPurchase, Store};
use crate::variance::{self, Notice};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;
use std::str::FromStr;

/// The longest range a capital report or costing covers.
const MAX_YEARS: i32 = 50;

/// A whole-krona or öre amount above zero, normalised ("46500.00").
pub(super) fn kronor(v: &str) -> std::result::Result<String, &'static str> {
    match money::parse_amount(v) {
        Ok(a) if a.0 > 0 => Ok(a.to_string()),
        _ => Err("inget belopp större än noll"),
    }
}

/// A useful life in whole years, 1–50.
pub(super) fn life_years(v: &str) -> std::result::Result<String, &'static str> {
    match v.trim().parse::<u32>() {
        Ok(y) if (1..=50).contains(&y) => Ok(y.to_string()),
        _ => Err("inget helt antal år 1–50"),
    }
}

/// The years of a capital report or costing, checked.
fn check_years(years: YearRange) -> Result<YearRange> {
    if years.from > years.to || years.to - years.from >= MAX_YEARS || !(1900..=2200).contains(&years.from) {
        return Err(Error::invalid(
            "years",
            format!("åren {}..{} går inte att räkna på (högst {MAX_YEARS} år, första först)", years.from, years.to),
        ));
    }
    Ok(years)
}

/// The internal rate per year: SKR's proposal with `internal_rate/YYYY` on top.
pub fn rates(store: &Store) -> Result<Rates> {
    let mut r = capital::default_rates();
    for (key, value) in store.settings_with_prefix("internal_rate/")? {
        let year = key.trim_start_matches("internal_rate/").parse::<i32>().ok();
        let rate = Decimal::from_str(value.trim()).ok();
        if let (Some(y), Some(p)) = (year, rate) {
            r.set(y, p);
        }
    }
    Ok(r)
}

/// The investment threshold of `year`: `expense_threshold/YYYY`, else half
/// of `prisbasbelopp/YYYY`, else half the year's known prisbasbelopp.
pub fn expense_threshold(store: &Store, year: i32) -> Result<Amount> {
    let amount =
        |key: String| -> Result<Option<Amount>> { Ok(store.setting(&key)?.and_then(|v| money::parse_amount(&v).ok())) };
    if let Some(t) = amount(format!("expense_threshold/{year}"))? {
        return Ok(t);
    }
    let pbb = amount(format!("prisbasbelopp/{year}"))?.unwrap_or_else(|| capital::default_prisbasbelopp(year));
    Ok(capital::default_threshold(pbb))
}

/// Useful lives: the defaults with every `life/OMRÅDE/KATEGORI` on top.
pub fn useful_lives(store: &Store) -> Result<UsefulLives> {
    let mut lives = UsefulLives::new();
    for (key, value) in store.settings_with_prefix("life/")? {
        if let (Some((area, cat)), Ok(y)) = (UsefulLives::parse_key(&key), value.trim().parse::<u32>()) {
            lives.set(area, cat, y);
        }
    }
    Ok(lives)
}

/// The register's assets and the assumed ones (projects with outcome but no row).
pub fn all_assets(store: &Store) -> Result<Vec<Asset>> {
    let register = store.assets()?;
    let assumed = capital::assume_assets(&register, &store.project_outcomes()?, &useful_lives(store)?);
    Ok(register.into_iter().chain(assumed).collect())
}

/// The capital-cost report with the budget comparison of each year that has
/// operating figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalOverview {
    #[serde(flatten)]
    pub report: CapitalReport,
    /// The internal rate used per year, percent as a decimal string.
    pub rates: Vec<YearRate>,
    pub comparisons: Vec<DepreciationComparison>,
    /// The notices below in Swedish (the CLI prints these).
    pub warnings: Vec<String>,
    /// What is missing or assumed, as data: the app words it in the user's language.
    pub notices: Vec<Notice>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YearRate {
    pub year: i32,
    pub rate: String,
}

/// `ramkoll report capital --years Y1..Y2`.
pub fn capital_report(s: &Session, years: YearRange) -> Result<CapitalOverview> {
    let years = check_years(years)?;
    let store = s.store();
    let rates = rates(store)?;
    let report = capital::capital_report(&all_assets(store)?, &rates, years.from, years.to);
    let mut comparisons = Vec::new();
    for year in store.years()?.into_iter().filter(|y| (years.from..=years.to).contains(y)) {
        let op = variance::operating_report(store, year, None, false)?;
        if let Some(c) =
            capital::compare_depreciation(&report, &op).filter(|c| !c.budget.is_zero() || !c.outcome.is_zero())
        {
            comparisons.push(c);
        }
    }
    let mut notices = Vec::new();
    if report.assets.is_empty() {
        notices.push(Notice::NoAssets);
    }
    let assumed = report.total.assumed;
    if assumed > 0 {
        notices.push(Notice::AssumedInService { projects: assumed as u64 });
    }
    let warnings = notices.iter().map(Notice::text_sv).collect();
    let rates =
        (years.from..=years.to).map(|y| YearRate { year: y, rate: rates.rate(y).normalize().to_string() }).collect();
    Ok(CapitalOverview { report, rates, comparisons, warnings, notices })
}

/// A planned purchase's costing inputs, with the defaults a plan without
/// them takes: the kategori's life, activation in January of its year.
pub fn plan_inputs(store: &Store, p: &PlannedPurchase) -> Result<PlanInputs> {
    let life = match p.life_years {
        Some(y) => y,
        None => useful_lives(store)?.life(&p.area, p.category.as_deref().unwrap_or("")),
    };
    Ok(PlanInputs {
        quantity: p.quantity,
        unit_price: p.unit_price,
        life_years: life,
        start: p.start.unwrap_or(p.year as u32 * 100 + 1),
        monthly_cost_per_unit: p.monthly_cost_per_unit,
        yearly_running_cost: p.yearly_running_cost,
        yearly_saving: p.yearly_saving,
        counted_together: p.counted_together,
    })
}

/// A plan's costing over a range of years.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanCosting {
    pub plan: PlannedPurchase,
    pub life_years: u32,
    pub start: u32,
    #[serde(flatten)]
    pub cost: PlanCost,
}

fn find_plan(store: &Store, id: i64) -> Result<PlannedPurchase> {
    store.plan(id)?.ok_or_else(|| Error::not_found(format!("det finns ingen planerad anskaffning {id}")))
}

/// The years a costing covers when none are given: from the start year
/// through the useful life (at least three years).
fn default_years(inputs: &PlanInputs) -> YearRange {
    let from = crate::period::year_of(inputs.start);
    YearRange { from, to: from + inputs.life_years.clamp(3, 10) as i32 - 1 }
}

/// `ramkoll plan cost ID --years Y1..Y2`.
pub fn plan_cost(s: &Session, id: i64, years: Option<YearRange>) -> Result<PlanCosting> {
    let store = s.store();
    let plan = find_plan(store, id)?;
    let inputs = plan_inputs(store, &plan)?;
    let years = check_years(years.unwrap_or_else(|| default_years(&inputs)))?;
    let threshold = expense_threshold(store, crate::period::year_of(inputs.start))?;
    let cost = capital::plan_cost(&inputs, threshold, &rates(store)?, years.from, years.to);
    Ok(PlanCosting { life_years: inputs.life_years, start: inputs.start, plan, cost })
}

/// `ramkoll export plan ID --out FILE.xlsx`: the costing as a workbook.
pub fn export_plan(s: &Session, id: i64, years: Option<YearRange>, out: &Path) -> Result<PlanExport> {
    let c = plan_cost(s, id, years)?;
    let inputs = plan_inputs(s.store(), &c.plan)?;
    let wb = PlanWorkbook {
        id,
        text: c.plan.text.clone(),
        area: c.plan.area.clone(),
        category: c.plan.category.clone(),
        inputs,
        cost: c.cost,
        created: chrono::Local::now().naive_local(),
    };
    export::write_plan(&wb, out)
}

/// The file name a save dialog suggests for a plan's costing.
pub fn plan_file_name(id: i64) -> String {
    format!("Kalkyl planerad anskaffning {id}.xlsx")
}

/// The variance workbook's Kapitalkostnader sheet for `year`; none until an
/// asset register has been imported (assumed assets alone are no register).
pub fn capital_sheet(store: &Store, year: i32, op: &variance::OperatingReport) -> Result<Option<CapitalSheet>> {
    if store.assets()?.is_empty() {
        return Ok(None);
    }
    let assets = all_assets(store)?;
    let rates = rates(store)?;
    let report = capital::capital_report(&assets, &rates, year, year);
    let comparison = capital::compare_depreciation(&report, op);
    Ok(Some(CapitalSheet { year, rate: rates.rate(year), report, comparison }))
}

//! The command line's shape (clap). Values stay as the user typed them
//! (periods, year ranges, prices, settings): the app layer validates them.

use clap::{Args, Parser, Subcommand};
use ramkoll::app::{self, ImportItem, PeriodInput};
use ramkoll::import::{ImportOptions, Kind};
use ramkoll::store::LineQuery;
use ramkoll::{Error, Result, Unit};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "ramkoll", version, about = "Ramkoll – investeringsramar och utfall för regionens controllers")]
pub struct Cli {
    /// Database file (default: the user's data directory; env RAMKOLL_DB), or a
    /// shared database on a PostgreSQL server: postgres://user@host/db or
    /// "host=… dbname=… user=…"
    #[arg(long, global = true, env = "RAMKOLL_DB")]
    pub db: Option<PathBuf>,
    /// Print one JSON object instead of a table
    #[arg(long, global = true)]
    pub json: bool,
    /// Amount unit in tables: kr, tkr or mnkr
    #[arg(long, global = true, default_value = "kr")]
    pub unit: Unit,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Import a ledger export (huvudbok), frames (ramar), budget, HR data, an asset register or open orders
    Import {
        #[command(subcommand)]
        what: ImportCmd,
    },
    /// Show the sheet, header row and column mapping an import would use,
    /// and which earlier imports it would replace
    Preview {
        /// ledger, frames, budget or staff
        kind: String,
        file: PathBuf,
        #[arg(long)]
        sheet: Option<String>,
        /// As for import: the source it would be imported as
        #[arg(long)]
        source: Option<String>,
        /// As for import: replace even an export that looks different
        #[arg(long)]
        replace: bool,
    },
    /// Reports
    Report {
        #[command(subcommand)]
        what: ReportCmd,
    },
    /// Excel exports
    Export {
        #[command(subcommand)]
        what: ExportCmd,
    },
    /// List the import batches
    Batches,
    /// Revert an import batch (what it replaced comes back)
    Undo { batch: i64 },
    /// Restore an undone batch
    Redo { batch: i64 },
    /// The ledger lines behind a figure
    Lines(LinesArgs),
    /// Write (or with empty text, remove) the explanation on a report row;
    /// `comment history KEY` lists every version with author and time
    Comment(CommentArgs),
    /// Month sign-off (klarmarkering): close a period, running the checks, or reopen it with a reason
    Period {
        #[command(subcommand)]
        what: PeriodCmd,
    },
    /// The audit log of every change; `log verify` checks its hash chain
    Log(LogArgs),
    /// Classification rules
    Rules {
        #[command(subcommand)]
        what: RulesCmd,
    },
    /// Planned purchases against the remaining frame, and their full cost
    Plan {
        #[command(subcommand)]
        what: PlanCmd,
    },
    /// Forecast rounds (prognosomgångar): full-year forecasts per round,
    /// compared round to round and with the outcome in `report variance`
    Forecast {
        #[command(subcommand)]
        what: ForecastCmd,
    },
    /// Open purchase orders (beställningar), imported with `import orders FILE`
    Orders {
        #[command(subcommand)]
        what: OrdersCmd,
    },
    /// Show or change a setting: annual_hours, po_rate/YYYY, internal_rate/YYYY,
    /// prisbasbelopp/YYYY, expense_threshold/YYYY, life/OMRÅDE/KATEGORI,
    /// backup/keep, backup/max_mb, backup/every_import_mb
    Setting { key: String, value: Option<String> },
    /// The database itself: `db copy --from A --to B` copies one (a file or a
    /// server's postgres://… or host=… dbname=…) into another, empty one;
    /// `db init` sets up a division's shared database on a server
    Db {
        #[command(subcommand)]
        what: DbCmd,
    },
    /// Import the fixture files into the database and print the reference table
    Demo {
        /// Directory with ramar.xlsx and huvudbok_* files (default: fixtures/)
        #[arg(long)]
        fixtures: Option<PathBuf>,
        #[arg(long, default_value_t = 2018)]
        year: i32,
    },
    /// Restore the database from a backup (default: the newest); the current
    /// database is saved first. Backups are taken before every schema
    /// migration and before imports as the `backup/…` settings say, and kept
    /// in `backups/` next to the database.
    Restore {
        /// Backup number (1 = newest, see --list), file name or path
        backup: Option<String>,
        /// List the backups instead
        #[arg(long)]
        list: bool,
    },
}

#[derive(Subcommand)]
pub enum ImportCmd {
    /// A ledger export (huvudbok): Period, Konto, …, Belopp
    Ledger(ImportArgs),
    /// A frames sheet (ramar): År, Område, [Kategori], Beslutad ram, [Utökad ram]
    Frames(ImportArgs),
    /// An operating budget: År, Kostnadsslag, [VO], Budget, [Prognos], [jan … dec profile]
    Budget(ImportArgs),
    /// An HR export: Period, VO/Ansvar, Arbetade timmar, Övertid, Mertid, Fyllnadstid, …
    Staff(ImportArgs),
    /// An asset register (anläggningsregister): Objekt/Projekt, Område, Kategori,
    /// Anskaffningsvärde, Aktiveringsdatum, Nyttjandeperiod; a newer one replaces the older
    Assets(ImportArgs),
    /// Open purchase orders (beställningar): Projekt or Område/Kategori, Belopp,
    /// Beställningsdatum, Leverantör, Beställningsnummer; a newer file replaces the older
    Orders(ImportArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[arg(long)]
    sheet: Option<String>,
    /// Replacement scope: a newer export of the same source replaces its
    /// periods. Default: the source of the earlier exports the file looks
    /// like. Name one to keep, e.g., the operating ledger beside the
    /// investment ledger.
    #[arg(long)]
    source: Option<String>,
    /// Replace the periods of an earlier export even when it looks like
    /// another kind of export (other accounts); otherwise that is refused
    #[arg(long)]
    replace: bool,
}

impl ImportCmd {
    /// One import item per file, all with this command's kind and options.
    pub fn items(&self) -> Vec<ImportItem> {
        let (kind, a) = match self {
            ImportCmd::Ledger(a) => (Kind::Ledger, a),
            ImportCmd::Frames(a) => (Kind::Frames, a),
            ImportCmd::Budget(a) => (Kind::Budget, a),
            ImportCmd::Staff(a) => (Kind::Staff, a),
            ImportCmd::Assets(a) => (Kind::Assets, a),
            ImportCmd::Orders(a) => (Kind::Orders, a),
        };
        let opts = options(a.sheet.as_ref(), a.source.as_ref(), a.replace);
        a.files.iter().map(|f| ImportItem::new(kind, f, opts.clone())).collect()
    }
}

/// The options `import` and `preview` share.
pub fn options(sheet: Option<&String>, source: Option<&String>, replace: bool) -> ImportOptions {
    ImportOptions { sheet: sheet.cloned(), source: source.cloned(), replace, ..Default::default() }
}

/// 201803, 2018-03, "mars 2018", or 3 / "mars" with --year.
fn period(s: &str) -> std::result::Result<PeriodInput, String> {
    Ok(PeriodInput::from(s))
}

#[derive(Subcommand)]
pub enum ReportCmd {
    /// The reference investment table (frame vs outcome per område), with
    /// Beställt, Planerat, Disponibelt and the latest investment forecast
    Investments {
        #[arg(long)]
        year: i32,
        /// Year to date to this period: 201810, 2018-10, "oktober 2018", 10
        #[arg(long, value_parser = period)]
        period: Option<PeriodInput>,
    },
    /// The variance analysis: operating budget per kostnadsslag (with
    /// forecast) and investment frames per område and kategori, year to date
    Variance {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = period)]
        period: Option<PeriodInput>,
        /// Split each kostnadsslag per VO
        #[arg(long)]
        by_vo: bool,
    },
    /// Staff costs per VO × cost type, FTE, extra time, sick leave, vs budget and last year
    Staffing {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = period)]
        period: Option<PeriodInput>,
    },
    /// Outcome per kategori per year
    Categories {
        #[arg(long)]
        area: String,
        /// e.g. 2014..2018
        #[arg(long)]
        years: String,
    },
    /// Capital costs per område and kategori and year: depreciation, internal
    /// interest, book value, and each year's depreciation against the budget
    Capital {
        /// e.g. 2018..2020
        #[arg(long)]
        years: String,
        /// List every asset behind the figures
        #[arg(long)]
        assets: bool,
    },
}

#[derive(Subcommand)]
pub enum ExportCmd {
    Variance {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = period)]
        period: Option<PeriodInput>,
        #[arg(long)]
        out: PathBuf,
    },
    Staffing {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = period)]
        period: Option<PeriodInput>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The control report for the auditors: batches, rule changes, unclassified,
    /// sign-offs, comment versions and the log
    Control {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// The costing of a planned purchase, for a board report
    Plan {
        id: i64,
        /// Default: from the start year through its useful life
        #[arg(long)]
        years: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum PlanCmd {
    /// Register a planned purchase, e.g. 2 500 phones × 3 876,00 kr, and see if it fits
    Add(PlanAddArgs),
    /// The year's planned purchases and whether each fits
    List {
        #[arg(long)]
        year: i32,
    },
    Remove {
        id: i64,
    },
    /// What a planned purchase costs the operating result per year
    Cost {
        id: i64,
        /// e.g. 2019..2021 (default: from the start year through its useful life)
        #[arg(long)]
        years: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum OrdersCmd {
    /// The open orders of the latest orders file, by område and kategori
    List {
        /// IT, MT or "Ej klassificerat"
        #[arg(long)]
        area: Option<String>,
        #[arg(long)]
        category: Option<String>,
        /// Only orders dated up to this period: 201810, 2018-10, "oktober 2018"
        #[arg(long, value_parser = period)]
        period: Option<PeriodInput>,
    },
}

#[derive(Subcommand)]
pub enum ForecastCmd {
    /// Import a round's workbook: Kostnadsslag [VO] Prognos [Kommentar], or
    /// Område [Kategori] Prognos [Kommentar]; refused when the round already has rows of that kind
    Import {
        file: PathBuf,
        /// The period the round was made in: 201810, 2018-10, "oktober 2018"
        #[arg(long, value_parser = period)]
        round: PeriodInput,
        /// Replace the round's earlier rows of the kinds the file holds
        #[arg(long)]
        replace: bool,
    },
    /// Set one full-year forecast: --cost-type X [--vo V] or --area A [--category K]
    Set(ForecastSetArgs),
    /// The rounds of a year and their rows
    List {
        #[arg(long)]
        year: i32,
    },
    /// Lock (fastställ) a round: it can then only be superseded by a later round
    Lock {
        #[arg(long, value_parser = period)]
        round: PeriodInput,
    },
}

#[derive(Args)]
pub struct ForecastSetArgs {
    #[arg(long, value_parser = period)]
    round: PeriodInput,
    #[arg(long)]
    cost_type: Option<String>,
    #[arg(long)]
    vo: Option<String>,
    #[arg(long)]
    area: Option<String>,
    #[arg(long)]
    category: Option<String>,
    /// The full-year amount as written: 3 500 000,00
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    #[arg(long)]
    comment: Option<String>,
    /// The amount you began from ("" for no row): refused, naming both, if
    /// someone has changed the row since
    #[arg(long, allow_hyphen_values = true)]
    over: Option<String>,
}

impl ForecastSetArgs {
    pub fn input(&self) -> app::ForecastInput {
        app::ForecastInput {
            round: self.round.clone(),
            cost_type: self.cost_type.clone(),
            vo: self.vo.clone(),
            area: self.area.clone(),
            category: self.category.clone(),
            amount: self.amount.clone(),
            comment: self.comment.clone(),
            over: self.over.clone(),
        }
    }
}

#[derive(Args)]
pub struct PlanAddArgs {
    #[arg(long)]
    year: i32,
    #[arg(long)]
    area: String,
    /// Hold it against a kategori's frame (default: the whole område)
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    quantity: i64,
    /// Unit price in kr, Swedish or plain form: "3 876,00"
    #[arg(long)]
    unit_price: String,
    #[arg(long, default_value = "")]
    text: String,
    /// Useful life in years (default: the kategori's)
    #[arg(long)]
    life_years: Option<u32>,
    /// Taken into use: 201901, 2019-01, "januari 2019" (default: January of --year)
    #[arg(long, value_parser = period)]
    start: Option<PeriodInput>,
    /// Running cost per unit and month, e.g. a subscription: "150,00"
    #[arg(long)]
    monthly_cost_per_unit: Option<String>,
    /// Other running costs per year
    #[arg(long)]
    yearly_running_cost: Option<String>,
    /// Savings per year, e.g. fixed telephony removed: "1 200 000"
    #[arg(long)]
    yearly_saving: Option<String>,
    /// The units have a natural connection: valued together against the threshold
    #[arg(long)]
    counted_together: bool,
}

impl PlanAddArgs {
    /// The plan as the app takes it (the price still as typed).
    pub fn input(&self) -> app::PlanInput {
        app::PlanInput {
            year: self.year,
            area: self.area.clone(),
            category: self.category.clone(),
            text: self.text.clone(),
            quantity: self.quantity,
            unit_price: self.unit_price.clone(),
            life_years: self.life_years,
            start: self.start.clone(),
            monthly_cost_per_unit: self.monthly_cost_per_unit.clone(),
            yearly_running_cost: self.yearly_running_cost.clone(),
            yearly_saving: self.yearly_saving.clone(),
            counted_together: self.counted_together,
        }
    }
}

#[derive(Subcommand)]
pub enum RulesCmd {
    /// List the rules in order
    List,
    /// Write the rules to an .xlsx sheet
    Export { out: PathBuf },
    /// Replace the rules with those in an .xlsx/.csv sheet and re-classify
    Import { file: PathBuf },
    /// Re-run the rules over all stored lines
    Reclassify,
}

#[derive(Args)]
pub struct LinesArgs {
    #[arg(long)]
    year: Option<i32>,
    #[arg(long, value_parser = period)]
    period: Option<PeriodInput>,
    #[arg(long)]
    area: Option<String>,
    #[arg(long)]
    category: Option<String>,
    /// A kostnadsslag or a budget group
    #[arg(long)]
    cost_type: Option<String>,
    #[arg(long)]
    vo: Option<String>,
    /// before or year
    #[arg(long)]
    decision: Option<String>,
    #[arg(long)]
    unclassified: bool,
    /// Only staff costs and consultants (the lines behind a staffing figure)
    #[arg(long)]
    staffing: bool,
    #[arg(long)]
    batch: Option<i64>,
    #[arg(long, default_value_t = 200)]
    limit: u32,
}

impl LinesArgs {
    pub fn query(&self) -> Result<LineQuery> {
        Ok(LineQuery {
            year: self.year,
            period_to: app::period_opt(self.period.as_ref(), self.year)?,
            area: self.area.clone(),
            category: self.category.clone(),
            cost_type: self.cost_type.clone(),
            vo: self.vo.clone(),
            decision: self.decision.clone(),
            unclassified: self.unclassified,
            staffing: self.staffing,
            batch_id: self.batch,
            limit: Some(self.limit),
            investments: false,
            exact_cost_type: false,
        })
    }
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CommentArgs {
    #[command(subcommand)]
    pub history: Option<CommentCmd>,
    /// The report row's key (its `key` in --json output)
    #[arg(required = true)]
    pub key: Option<String>,
    #[arg(required = true)]
    pub text: Option<String>,
    /// The text you began from ("" for none): refused, showing both texts, if
    /// someone has changed the comment since
    #[arg(long)]
    pub over: Option<String>,
}

#[derive(Subcommand)]
pub enum CommentCmd {
    /// Every version of a comment, oldest first
    History { key: String },
}

#[derive(Subcommand)]
pub enum PeriodCmd {
    /// Close (klarmarkera) a period: its figures are frozen until it is reopened
    Close {
        #[arg(value_parser = period)]
        period: PeriodInput,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Reopen a closed period (the reason is required and logged)
    Reopen {
        #[arg(value_parser = period)]
        period: PeriodInput,
        #[arg(long)]
        reason: String,
    },
    /// Sign-offs and reopenings (of one year)
    List {
        #[arg(long)]
        year: Option<i32>,
    },
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    #[command(subcommand)]
    pub verify: Option<LogCmd>,
    /// Entries from this date (YYYY-MM-DD)
    #[arg(long)]
    pub since: Option<String>,
    /// import, undo, redo, restore, rules, reclassify, setting, comment, plan, period (or e.g. period-close)
    #[arg(long)]
    pub kind: Option<String>,
    /// Entries about one thing: `batch 3`, a period (201806), a comment's key, a setting
    #[arg(long)]
    pub subject: Option<String>,
}

#[derive(Subcommand)]
pub enum DbCmd {
    /// Copy every row, ids and all, into a new, empty database (a file, or a
    /// database on a PostgreSQL server) and compare every report on the two
    Copy {
        /// The database copied: a file, or a server's connection string
        #[arg(long)]
        from: PathBuf,
        /// The new, empty database copied into: a file (created) or a server's connection string
        #[arg(long)]
        to: PathBuf,
    },
    /// Set up a division's shared database on a PostgreSQL server (as its
    /// owner): the schema at this version, and a reader and a writer role
    /// granted to it (grant them to people's logins with GRANT … TO …)
    Init {
        /// The role that reads every report and export and changes nothing
        #[arg(long, default_value = "ramkoll_las")]
        reader: String,
        /// The role that also imports, comments, plans and forecasts
        #[arg(long, default_value = "ramkoll_skriv")]
        writer: String,
    },
}

#[derive(Subcommand)]
pub enum LogCmd {
    /// Check the hash chain; exit 2 naming the first broken entry
    Verify,
}

impl LogArgs {
    pub fn query(&self) -> app::LogQuery {
        app::LogQuery { since: self.since.clone(), kind: self.kind.clone(), subject: self.subject.clone() }
    }
}

/// Form fields that are flags here: a refused value names the flag.
const FLAG_FIELDS: &[&str] = &[
    "period",
    "unit_price",
    "since",
    "kind",
    "reason",
    "start",
    "life_years",
    "monthly_cost_per_unit",
    "yearly_running_cost",
    "yearly_saving",
    "round",
    "amount",
    "cost_type",
    "area",
];

/// An error as the command line shows it (after "fel: ").
pub fn describe(e: &Error) -> String {
    match e {
        Error::Invalid { field, message } if FLAG_FIELDS.contains(&field.as_str()) => {
            format!("--{}: {message}", field.replace('_', "-"))
        }
        _ => e.to_string(),
    }
}

//! The command-line door to Ramkoll. Every command calls the same library
//! functions as the desktop app. Exit codes: 0 ok, 2 bad input, 1 otherwise.

use clap::{Args, Parser, Subcommand};
use ramkoll::import::{self, ImportOptions, Kind};
use ramkoll::money::{format_sv, Unit};
use ramkoll::store::{default_db_path, LineQuery, Store};
use ramkoll::variance::{self, FrameReport};
use ramkoll::{period, table, Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "ramkoll", version, about = "Ramkoll – investeringsramar och utfall för regionens controllers")]
struct Cli {
    /// Database file (default: the user's data directory; env RAMKOLL_DB)
    #[arg(long, global = true, env = "RAMKOLL_DB")]
    db: Option<PathBuf>,
    /// Print one JSON object instead of a table
    #[arg(long, global = true)]
    json: bool,
    /// Amount unit in tables: kr, tkr or mnkr
    #[arg(long, global = true, default_value = "kr")]
    unit: Unit,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Import a ledger export (huvudbok) or a frames sheet (ramar)
    Import {
        #[command(subcommand)]
        what: ImportCmd,
    },
    /// Show the sheet, header row and column mapping an import would use
    Preview {
        /// ledger or frames
        kind: String,
        file: PathBuf,
        #[arg(long)]
        sheet: Option<String>,
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
    /// Write (or with empty text, remove) the explanation on a report row
    Comment { key: String, text: String },
    /// Classification rules
    Rules {
        #[command(subcommand)]
        what: RulesCmd,
    },
    /// Planned purchases against the remaining frame
    Plan {
        #[command(subcommand)]
        what: PlanCmd,
    },
    /// Show or change a setting: annual_hours, po_rate/YYYY
    Setting { key: String, value: Option<String> },
    /// Import the fixture files into the database and print the reference table
    Demo {
        /// Directory with ramar.xlsx and huvudbok_* files (default: fixtures/)
        #[arg(long)]
        fixtures: Option<PathBuf>,
        #[arg(long, default_value_t = 2018)]
        year: i32,
    },
    /// Benchmark: import of a generated ledger next to a bare calamine read,
    /// report timings over a large database, export time
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        #[arg(long, default_value_t = 20181231)]
        seed: u64,
        /// Lines in the database the reports are timed over
        #[arg(long, default_value_t = 10_000_000)]
        db_lines: u64,
        /// Work directory (default: a temporary directory)
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Runs of the bare read and of the import each; their medians are compared
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Only check correctness (used in CI); timings are printed, never asserted
        #[arg(long)]
        check: bool,
    },
    /// One phase of the benchmark, in its own process (internal)
    #[command(hide = true)]
    BenchPhase { phase: String, file: PathBuf, db: Option<PathBuf> },
    /// Restore the database from a backup (default: the newest); the current
    /// database is saved first. Backups are taken before every import and
    /// schema migration and kept in `backups/` next to the database.
    Restore {
        /// Backup number (1 = newest, see --list), file name or path
        backup: Option<String>,
        /// List the backups instead
        #[arg(long)]
        list: bool,
    },
    /// Write the generated fixture files
    Fixtures {
        #[arg(long, default_value = "fixtures")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCmd {
    Ledger {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        sheet: Option<String>,
        /// Replacement scope: a newer export of the same source replaces its periods
        #[arg(long)]
        source: Option<String>,
    },
    Frames {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        sheet: Option<String>,
    },
    /// An operating budget: År, Kostnadsslag, [VO], Budget, [Prognos], [jan … dec profile]
    Budget {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        sheet: Option<String>,
    },
    /// An HR export: Period, VO/Ansvar, Arbetade timmar, Övertid, Mertid, Fyllnadstid, …
    Staff {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        sheet: Option<String>,
    },
}

#[derive(Subcommand)]
enum ReportCmd {
    /// The reference investment table (frame vs outcome per område)
    Investments {
        #[arg(long)]
        year: i32,
    },
    /// The variance analysis: operating budget per kostnadsslag (with
    /// forecast) and investment frames per område and kategori, year to date
    Variance {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = parse_period)]
        period: Option<u32>,
        /// Split each kostnadsslag per VO
        #[arg(long)]
        by_vo: bool,
    },
    /// Staff costs per VO × cost type, FTE, extra time, sick leave, vs budget and last year
    Staffing {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = parse_period)]
        period: Option<u32>,
    },
    /// Outcome per kategori per year
    Categories {
        #[arg(long)]
        area: String,
        /// e.g. 2014..2018
        #[arg(long)]
        years: String,
    },
}

#[derive(Subcommand)]
enum ExportCmd {
    Variance {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = parse_period)]
        period: Option<u32>,
        #[arg(long)]
        out: PathBuf,
    },
    Staffing {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = parse_period)]
        period: Option<u32>,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum PlanCmd {
    /// Register a planned purchase, e.g. 2 500 phones × 3 876,00 kr, and see if it fits
    Add {
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
    },
    /// The year's planned purchases and whether each fits
    List {
        #[arg(long)]
        year: i32,
    },
    Remove {
        id: i64,
    },
}

#[derive(Subcommand)]
enum RulesCmd {
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
struct LinesArgs {
    #[arg(long)]
    year: Option<i32>,
    #[arg(long, value_parser = parse_period)]
    period: Option<u32>,
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

fn parse_period(s: &str) -> std::result::Result<u32, String> {
    period::parse_period(s)
        .ok_or_else(|| format!("förväntade en period som 201803, 2018-03 eller mars 2018, fick '{s}'"))
}

fn parse_years(s: &str) -> Result<(i32, i32)> {
    let bad = || Error::usage(format!("förväntade år som 2014..2018, fick '{s}'"));
    let (a, b) = s.split_once("..").or_else(|| s.split_once('-')).ok_or_else(bad)?;
    Ok((a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fel: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn open(cli: &Cli) -> Result<Store> {
    let path = cli.db.clone().unwrap_or_else(default_db_path);
    Store::open(&path)
}

fn print_json<T: Serialize>(v: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn run(cli: &Cli) -> Result<()> {
    let u = cli.unit;
    match &cli.cmd {
        Cmd::Import { what } => {
            let mut store = open(cli)?;
            let (kind, files, opts) = match what {
                ImportCmd::Ledger { files, sheet, source } => (
                    Kind::Ledger,
                    files,
                    ImportOptions { sheet: sheet.clone(), source: source.clone(), ..Default::default() },
                ),
                ImportCmd::Frames { files, sheet } => {
                    (Kind::Frames, files, ImportOptions { sheet: sheet.clone(), ..Default::default() })
                }
                ImportCmd::Budget { files, sheet } => {
                    (Kind::Budget, files, ImportOptions { sheet: sheet.clone(), ..Default::default() })
                }
                ImportCmd::Staff { files, sheet } => {
                    (Kind::Staff, files, ImportOptions { sheet: sheet.clone(), ..Default::default() })
                }
            };
            let mut outcomes = Vec::new();
            for f in files {
                let o = import::import_file(&mut store, kind, f, &opts, &mut |_| {})?;
                if !cli.json {
                    println!("{}", o.message);
                }
                outcomes.push(o);
            }
            if cli.json {
                print_json(&serde_json::json!({ "imports": outcomes }))?;
            }
        }
        Cmd::Preview { kind, file, sheet } => {
            let kind = Kind::parse(kind).ok_or_else(|| Error::usage("typ måste vara ledger eller frames"))?;
            let store = open(cli)?;
            let p = import::preview(
                Some(&store),
                kind,
                file,
                &ImportOptions { sheet: sheet.clone(), ..Default::default() },
            )?;
            if cli.json {
                print_json(&p)?;
            } else {
                println!(
                    "{} ({:?}), blad \"{}\" av {:?}, rubrikrad {} ({})",
                    p.file, p.format, p.sheet, p.sheets, p.header_row, p.mapping_from
                );
                for c in &p.columns {
                    let f = c.field.map(|f| f.label().to_string()).unwrap_or_else(|| "(attribut)".into());
                    println!("  {:>3}  {:<28} → {}", c.letter, c.header, f);
                }
                for m in &p.missing {
                    println!("  saknas: {}", m.iter().map(|f| f.label()).collect::<Vec<_>>().join(" eller "));
                }
            }
        }
        Cmd::Report { what } => {
            let store = open(cli)?;
            match what {
                ReportCmd::Investments { year } => {
                    let r = variance::frame_report(&store, *year, None)?;
                    if cli.json {
                        print_json(&r)?;
                    } else {
                        print!("{}", render_frame_report(&r, u, false));
                    }
                }
                ReportCmd::Variance { year, period, by_vo } => {
                    let op = variance::operating_report(&store, *year, *period, *by_vo)?;
                    let inv = variance::frame_report(&store, *year, *period)?;
                    if cli.json {
                        print_json(
                            &serde_json::json!({ "year": year, "period": period, "operating": op, "investments": inv }),
                        )?;
                    } else {
                        print!("{}", render_operating(&op, u));
                        println!();
                        print!("{}", render_frame_report(&inv, u, true));
                    }
                }
                ReportCmd::Staffing { year, period } => {
                    let r = ramkoll::staffing::staffing_report(&store, *year, *period)?;
                    if cli.json {
                        print_json(&r)?;
                    } else {
                        print!("{}", render_staffing(&r, u));
                    }
                }
                ReportCmd::Categories { area, years } => {
                    let (a, b) = parse_years(years)?;
                    let r = variance::category_report(&store, area, a, b)?;
                    if cli.json {
                        print_json(&r)?;
                    } else {
                        let mut headers = vec!["Kategori".to_string()];
                        headers.extend(r.years.iter().map(|y| y.to_string()));
                        let mut rows: Vec<Vec<String>> = r
                            .rows
                            .iter()
                            .chain(std::iter::once(&r.total))
                            .map(|row| {
                                let mut v = vec![row.category.clone()];
                                v.extend(row.cells.iter().map(|c| format_sv(c.amount, u)));
                                v
                            })
                            .collect();
                        if rows.is_empty() {
                            rows.push(vec!["(inget utfall)".into()]);
                        }
                        println!("{}-investeringar per kategori och år, {}", r.area, unit_label(u));
                        print!("{}", table::render(&headers, &rows));
                    }
                }
            }
        }
        Cmd::Export { what } => {
            let store = open(cli)?;
            match what {
                ExportCmd::Variance { year, period, out } => {
                    let o = ramkoll::export::variance_workbook(&store, *year, *period, out)?;
                    if cli.json {
                        print_json(&o)?;
                    } else {
                        println!(
                            "skrev {} (blad: {}; {} verifikationsrader)",
                            o.path,
                            o.sheets.join(", "),
                            o.detail_lines
                        );
                    }
                }
                ExportCmd::Staffing { year, period, out } => {
                    let o = ramkoll::export::staffing_workbook(&store, *year, *period, out)?;
                    if cli.json {
                        print_json(&o)?;
                    } else {
                        println!("skrev {} (blad: {})", o.path, o.sheets.join(", "));
                    }
                }
            }
        }
        Cmd::Restore { backup, list } => {
            // not through open(): a damaged database must not stop a restore
            let path = cli.db.clone().unwrap_or_else(default_db_path);
            if *list {
                let b = ramkoll::safety::list_backups(&path)?;
                if cli.json {
                    print_json(&serde_json::json!({ "backups": b }))?;
                } else if b.is_empty() {
                    println!("inga säkerhetskopior i {}", ramkoll::safety::backup_dir(&path).display());
                } else {
                    for x in &b {
                        println!("{:>3}  {}  {:<16} {:>10} byte  {}", x.number, x.taken_at, x.reason, x.bytes, x.name);
                    }
                }
            } else {
                let o = ramkoll::safety::restore(&path, backup.as_deref())?;
                if cli.json {
                    print_json(&o)?;
                } else {
                    println!("{}", o.message);
                }
            }
        }
        Cmd::Batches => {
            let store = open(cli)?;
            let b = store.batches()?;
            if cli.json {
                print_json(&serde_json::json!({ "batches": b }))?;
            } else if b.is_empty() {
                println!("inga importer ännu");
            } else {
                let headers =
                    ["Batch", "Typ", "Fil", "Blad", "Rader", "Kontrollsumma", "Omfattning", "Importerad", "Status"];
                let rows: Vec<Vec<String>> = b
                    .iter()
                    .map(|b| {
                        vec![
                            b.id.to_string(),
                            b.kind.label_sv().into(),
                            b.file_name.clone(),
                            b.sheet.clone(),
                            b.row_count.to_string(),
                            format_sv(b.control_sum, u),
                            match (b.scope_from, b.scope_to) {
                                (Some(a), Some(z)) if a == z => a.to_string(),
                                (Some(a), Some(z)) => format!("{a}–{z}"),
                                _ => String::new(),
                            },
                            b.imported_at.clone(),
                            b.state.clone(),
                        ]
                    })
                    .collect();
                print!("{}", table::render(&headers, &rows));
            }
        }
        Cmd::Undo { batch } | Cmd::Redo { batch } => {
            let mut store = open(cli)?;
            let undo = matches!(cli.cmd, Cmd::Undo { .. });
            let o = if undo { store.undo(*batch)? } else { store.redo(*batch)? };
            if cli.json {
                print_json(&o)?;
            } else {
                let verb = if undo { "ångrade" } else { "återställde" };
                println!(
                    "{verb} batch {} ({}): {} rader, {} kr",
                    o.batch_id,
                    o.file_name,
                    o.rows,
                    format_sv(o.sum, Unit::Kr)
                );
                for r in &o.restored {
                    let what = if undo { "tillbaka" } else { "ersatta igen" };
                    println!("  {} rader från batch {} ({}) {what}", r.rows, r.batch_id, r.file_name);
                }
            }
        }
        Cmd::Lines(a) => {
            let store = open(cli)?;
            let q = LineQuery {
                year: a.year,
                period_to: a.period,
                area: a.area.clone(),
                category: a.category.clone(),
                cost_type: a.cost_type.clone(),
                vo: a.vo.clone(),
                decision: a.decision.clone(),
                unclassified: a.unclassified,
                staffing: a.staffing,
                batch_id: a.batch,
                limit: Some(a.limit),
                investments: false,
                exact_cost_type: false,
            };
            let l = store.lines(&q)?;
            if cli.json {
                print_json(&l)?;
            } else {
                let headers =
                    ["Period", "Konto", "Ansvar", "Projekt", "Verifikation", "Text", "Belopp", "Område", "Kategori"];
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
                            format_sv(x.amount, Unit::Kr),
                            x.area.clone().unwrap_or_else(|| ramkoll::classify::UNCLASSIFIED.into()),
                            x.category.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                print!("{}", table::render(&headers, &rows));
                println!(
                    "{} rader, summa {} kr{}",
                    l.total_rows,
                    format_sv(l.total, Unit::Kr),
                    if l.truncated { format!(" (visar {})", l.lines.len()) } else { String::new() }
                );
            }
        }
        Cmd::Comment { key, text } => {
            let mut store = open(cli)?;
            store.set_comment(key, text)?;
            if !cli.json {
                println!("kommentar sparad för {key}");
            }
        }
        Cmd::Rules { what } => {
            let mut store = open(cli)?;
            match what {
                RulesCmd::List => {
                    let rules = store.rules()?;
                    if cli.json {
                        print_json(&serde_json::json!({ "rules": rules }))?;
                    } else {
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
                        print!("{}", table::render(&headers, &rows));
                    }
                }
                RulesCmd::Export { out } => {
                    ramkoll::export::rules_workbook(&store.rules()?, out)?;
                    println!("skrev {}", out.display());
                }
                RulesCmd::Import { file } => {
                    let rules = import::read_rules(file)?;
                    let o = store.replace_rules(&rules)?;
                    report_reclassify(cli, rules.len(), &o)?;
                }
                RulesCmd::Reclassify => {
                    let o = store.reclassify()?;
                    report_reclassify(cli, store.rules()?.len(), &o)?;
                }
            }
        }
        Cmd::Plan { what } => {
            let mut store = open(cli)?;
            let fmt = |p: &variance::PlanFit| -> Vec<String> {
                vec![
                    p.plan.id.to_string(),
                    format!("{} {}", p.plan.area, p.plan.category.clone().unwrap_or_default()),
                    p.plan.text.clone(),
                    p.plan.quantity.to_string(),
                    format_sv(p.plan.unit_price, Unit::Kr),
                    format_sv(p.plan.amount, u),
                    format_sv(p.remaining_before, u),
                    format_sv(p.remaining_after, u),
                    if p.fits { "ryms".into() } else { "ryms inte".into() },
                ]
            };
            let headers = ["#", "Ram", "Text", "Antal", "Styckpris", "Belopp", "Kvar före", "Kvar efter", ""];
            match what {
                PlanCmd::Add { year, area, category, quantity, unit_price, text } => {
                    let price = ramkoll::money::parse_amount(unit_price)
                        .map_err(|e| Error::usage(format!("--unit-price: {e}, fick \"{unit_price}\"")))?;
                    let p = variance::add_plan(&mut store, *year, area, category.as_deref(), text, *quantity, price)?;
                    if cli.json {
                        print_json(&p)?;
                    } else {
                        print!("{}", table::render(&headers, &[fmt(&p)]));
                    }
                }
                PlanCmd::List { year } => {
                    let r = variance::plan_report(&store, *year)?;
                    if cli.json {
                        print_json(&r)?;
                    } else if r.plans.is_empty() {
                        println!("inga planerade anskaffningar för {year}");
                    } else {
                        let rows: Vec<Vec<String>> = r.plans.iter().map(fmt).collect();
                        print!("{}", table::render(&headers, &rows));
                    }
                }
                PlanCmd::Remove { id } => {
                    variance::remove_plan(&mut store, *id)?;
                    println!("tog bort planerad anskaffning {id}");
                }
            }
        }
        Cmd::Setting { key, value } => {
            let mut store = open(cli)?;
            if let Some(v) = value {
                store.set_setting(key, v)?;
            }
            let v = store.setting(key)?;
            if cli.json {
                print_json(&serde_json::json!({ "key": key, "value": v }))?;
            } else {
                println!("{key} = {}", v.unwrap_or_else(|| "(standard)".into()));
            }
        }
        Cmd::Demo { fixtures, year } => {
            let mut store = open(cli)?;
            let outcomes = ramkoll::demo::load_demo(&mut store, fixtures.as_deref())?;
            let r = variance::frame_report(&store, *year, None)?;
            if cli.json {
                print_json(&serde_json::json!({ "database": store.path(), "imports": outcomes, "report": r }))?;
            } else {
                println!("Databas: {}", store.path().display());
                for o in &outcomes {
                    println!("  {}", o.message);
                }
                println!();
                print!("{}", render_frame_report(&r, Unit::Mnkr, false));
                println!();
                let cr = variance::category_report(&store, "IT", year - 4, *year)?;
                let mut headers = vec!["Kategori".to_string()];
                headers.extend(cr.years.iter().map(|y| y.to_string()));
                let rows: Vec<Vec<String>> = cr
                    .rows
                    .iter()
                    .chain(std::iter::once(&cr.total))
                    .map(|row| {
                        let mut v = vec![row.category.clone()];
                        v.extend(row.cells.iter().map(|c| whole_millions(c.amount)));
                        v
                    })
                    .collect();
                println!("IT-investeringar per kategori, mnkr (avrundat)");
                print!("{}", table::render(&headers, &rows));
            }
        }
        Cmd::Bench { rows, seed, db_lines, runs, dir, check } => {
            // only a directory we made ourselves is removed afterwards
            let (dir, ours) = match dir {
                Some(d) => (d.clone(), false),
                None => (std::env::temp_dir().join(format!("ramkoll-bench-{}", std::process::id())), true),
            };
            let exe = std::env::current_exe()?;
            let opts = ramkoll::bench::BenchOptions {
                rows: *rows,
                seed: *seed,
                db_lines: *db_lines,
                runs: *runs,
                dir: dir.clone(),
                exe,
            };
            let r = ramkoll::bench::run(&opts, &mut |s| eprintln!("{s}"))?;
            if cli.json {
                print_json(&r)?;
            } else {
                println!("rader {} (seed {}), fil {:.1} MiB", r.rows, r.seed, r.file_mib);
                let runs = |v: &[f64]| v.iter().map(|t| format!("{t:.2}")).collect::<Vec<_>>().join(" / ");
                println!(
                    "calamine strömmande läsning  {:>8.2} s  {:>6.0} MiB  (median av {} s)",
                    r.bare_read.seconds,
                    r.bare_read.peak_rss_mib,
                    runs(&r.read_runs)
                );
                println!(
                    "import ledger                {:>8.2} s  {:>6.0} MiB  ({:.2} × calamine; median av {} s)",
                    r.import.seconds,
                    r.import.peak_rss_mib,
                    r.import_ratio,
                    runs(&r.import_runs)
                );
                println!(
                    "återimport (ersätter)        {:>8.2} s            ({:.2} × första importen)",
                    r.reimport.seconds, r.reimport_ratio
                );
                let bar = |p: &ramkoll::bench::PhaseResult| {
                    format!(
                        "{} rapporter, längsta uppehåll {:.0} ms, stapeln {}",
                        p.progress_reports,
                        p.progress_max_gap_ms,
                        if p.progress_bar_moves { "rör sig" } else { "står still" }
                    )
                };
                println!("förlopp under import          {}", bar(&r.import));
                println!("förlopp under återimport      {}", bar(&r.reimport));
                println!("report investments           {:>8.1} ms  över {} rader", r.report_investments_ms, r.db_lines);
                println!("report variance --period     {:>8.1} ms", r.report_variance_ms);
                println!("report categories            {:>8.1} ms", r.report_categories_ms);
                println!("drill-down ({} rader)      {:>8.1} ms", r.drilldown_lines, r.drilldown_ms);
                println!("export variance ({} rader) {:>8.1} ms", r.export_lines, r.export_ms);
            }
            if *check {
                println!("bench check: kontrollsummor och rapporter stämmer");
            }
            if ours {
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
        Cmd::BenchPhase { phase, file, db } => {
            let r = match (phase.as_str(), db) {
                ("read", _) => ramkoll::bench::bare_read(file)?,
                ("import", Some(db)) => ramkoll::bench::full_import(file, db)?,
                _ => return Err(Error::usage("bench-phase read FILE | import FILE DB")),
            };
            print_json(&r)?;
        }
        Cmd::Fixtures { out } => {
            let files = ramkoll::fixtures::write_all(out)?;
            for f in files {
                println!("{}", f.display());
            }
        }
    }
    Ok(())
}

fn report_reclassify(cli: &Cli, n: usize, o: &ramkoll::store::ReclassifyOutcome) -> Result<()> {
    if cli.json {
        print_json(o)
    } else {
        println!(
            "{n} regler; {} rader omklassificerade av {}; {} rader ({} kr) ej klassificerade",
            o.changed,
            o.lines,
            o.unclassified,
            format_sv(o.unclassified_sum, Unit::Kr)
        );
        Ok(())
    }
}

fn whole_millions(a: ramkoll::Amount) -> String {
    if a.is_zero() {
        "–".into()
    } else {
        format_sv(a, Unit::Mnkr)
            .split(',')
            .next()
            .map(|_| {
                let d = a.to_decimal() / rust_decimal::Decimal::from(1_000_000);
                d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_string()
            })
            .unwrap_or_default()
    }
}

fn unit_label(u: Unit) -> &'static str {
    match u {
        Unit::Kr => "belopp i kr",
        Unit::Tkr => "belopp i tkr",
        Unit::Mnkr => "belopp i mnkr",
    }
}

fn render_frame_report(r: &FrameReport, u: Unit, with_categories_always: bool) -> String {
    let y = r.year;
    let scope = match r.period {
        Some(p) => format!("ackumulerat t.o.m. {}", period::label_sv(p)),
        None => format!("helår {y}"),
    };
    let headers: Vec<String> = vec![
        "Typ".into(),
        format!("Beslutad ram {y}"),
        format!("Utökad ram {y}"),
        format!("Total ram {y}"),
        format!("Utfall beslut före {y}"),
        format!("Utfall beslut {y}"),
        format!("Totalt investeringar {y}"),
        "Kvar av ram".into(),
        "Nyttjandegrad".into(),
    ];
    let fmt = |a: ramkoll::Amount| if a.is_zero() { "–".to_string() } else { format_sv(a, u) };
    let row = |label: String, x: &variance::FrameRow| -> Vec<String> {
        vec![
            label,
            fmt(x.decided),
            fmt(x.extended),
            fmt(x.total_frame),
            fmt(x.outcome_before),
            fmt(x.outcome_year),
            fmt(x.outcome_total),
            format_sv(x.remaining, u),
            x.utilisation.map(|p| format!("{} %", p.to_string().replace('.', ","))).unwrap_or_else(|| "–".into()),
        ]
    };
    let mut rows = Vec::new();
    for a in &r.areas {
        rows.push(row(a.row.label.clone(), &a.row));
        if with_categories_always || a.categories.len() > 1 {
            for c in &a.categories {
                rows.push(row(format!("  {}", c.label), c));
            }
        }
    }
    if let Some(x) = &r.unclassified {
        rows.push(row(x.label.clone(), x));
    }
    rows.push(row("Totalt".into(), &r.total));
    let mut out = format!("Investeringar {y}, {scope}, {}\n", unit_label(u));
    out.push_str(&table::render(&headers, &rows));
    for w in &r.warnings {
        out.push_str(&format!("! {w}\n"));
    }
    let _ = Path::new("");
    out
}

fn pct_sv(p: Option<rust_decimal::Decimal>) -> String {
    p.map(|p| format!("{} %", p.to_string().replace('.', ","))).unwrap_or_else(|| "–".into())
}

fn render_operating(r: &variance::OperatingReport, u: Unit) -> String {
    let headers = [
        "Kostnadsslag",
        "Budget helår",
        "Periodbudget",
        "Utfall",
        "Avvikelse",
        "Avvikelse %",
        "Helårsprognos",
        "Prognos mot budget",
    ];
    let row = |label: String, x: &variance::OperatingRow| -> Vec<String> {
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
    };
    let mut rows = Vec::new();
    for g in &r.groups {
        rows.push(row(g.row.label.clone(), &g.row));
        for c in &g.cost_types {
            if g.cost_types.len() > 1 || c.label != g.row.label {
                rows.push(row(format!("  {}", c.label), c));
            }
            for v in &c.by_vo {
                rows.push(row(format!("    {}", v.label), v));
            }
        }
    }
    rows.push(row("Resultat".into(), &r.result));
    let mut out = format!(
        "Driftresultat {} t.o.m. {} (avvikelse: överskott positivt), {}\n",
        r.year,
        period::label_sv(r.period),
        unit_label(u)
    );
    out.push_str(&table::render(&headers, &rows));
    out.push_str(&format!("Prognos: {}\n", r.forecast_label));
    if let Some(x) = &r.unclassified {
        out.push_str(&format!("! {}: {} rader, {} kr\n", x.label, x.lines, format_sv(x.outcome, Unit::Kr)));
    }
    for w in &r.warnings {
        out.push_str(&format!("! {w}\n"));
    }
    out
}

fn render_staffing(r: &ramkoll::staffing::StaffingReport, u: Unit) -> String {
    let mut headers: Vec<String> = vec!["VO".into()];
    headers.extend(ramkoll::classify::STAFF_COLUMNS.iter().map(|s| s.to_string()));
    headers.extend(
        [
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
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let row = |x: &ramkoll::staffing::StaffingRow| -> Vec<String> {
        let mut v = vec![x.vo.clone()];
        v.extend(
            ramkoll::classify::STAFF_COLUMNS.iter().map(|c| format_sv(x.costs.get(*c).copied().unwrap_or_default(), u)),
        );
        v.extend([
            format_sv(x.total, u),
            format_sv(x.budget, u),
            format_sv(x.variance, u),
            format_sv(x.last_year, u),
            pct_sv(x.change_pct),
            x.fte.to_string().replace('.', ","),
            x.cost_per_fte.map(|a| format_sv(a, Unit::Tkr)).unwrap_or_else(|| "–".into()),
            ramkoll::money::format_decimal_sv(x.hours.extra, 0),
            pct_sv(x.extra_share_pct),
            pct_sv(x.sick_pct),
        ]);
        v
    };
    let mut rows: Vec<Vec<String>> = r.rows.iter().map(row).collect();
    rows.push(row(&r.total));
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
    let h2 = ["Kostnadsslag", "Utfall", "Budget", "Avvikelse", "Fg år samma period", "Förändring", "Förändring %"];
    let rows2: Vec<Vec<String>> = r
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
    out.push_str(&table::render(&h2, &rows2));
    out.push_str(&format!(
        "Extra tid (övertid + mertid + fyllnadstid): {} h mot {} h föregående år ({})\n",
        ramkoll::money::format_decimal_sv(r.total.hours.extra, 0),
        ramkoll::money::format_decimal_sv(r.extra_hours_last_year.extra, 0),
        pct_sv(r.extra_hours_change_pct)
    ));
    for w in &r.warnings {
        out.push_str(&format!("! {w}\n"));
    }
    out
}

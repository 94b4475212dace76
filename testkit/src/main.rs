//! `ramkoll-testkit`: regenerate the committed fixtures and run the
//! benchmark. Test tooling, not part of the product.

use clap::{Parser, Subcommand};
use ramkoll::{Error, Result};
use ramkoll_testkit::{badfiles, bench, fixtures};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "ramkoll-testkit", about = "Ramkoll's fixtures and benchmark")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write the generated fixture files, the bad-input catalogue into OUT/bad and the SIE files into OUT/erp
    Fixtures {
        #[arg(long, default_value = "fixtures")]
        out: PathBuf,
    },
    /// Benchmark: import of a generated ledger next to a bare calamine read,
    /// report timings over a large database, export time
    Bench(BenchArgs),
    /// One phase of the benchmark, in its own process (internal)
    #[command(hide = true)]
    BenchPhase {
        phase: String,
        file: PathBuf,
        db: Option<PathBuf>,
        #[arg(long)]
        source: Option<String>,
    },
}

#[derive(clap::Args)]
struct BenchArgs {
    #[arg(long, default_value_t = 1_000_000)]
    rows: u64,
    #[arg(long, default_value_t = 20181231)]
    seed: u64,
    /// Lines in the database the reports are timed over
    #[arg(long, default_value_t = 10_000_000)]
    db_lines: u64,
    /// Rows of the ledger imported into that database and into an empty one
    /// (default: 200 000, or --rows when fewer)
    #[arg(long)]
    big_rows: Option<u64>,
    /// Also import the ledger into new databases on the PostgreSQL test
    /// server (RAMKOLL_TEST_PG) and compare with the SQLite import
    #[arg(long)]
    pg: bool,
    /// Also measure the desktop app (a binary built with the feature e2e):
    /// the import through its Import screen after each CLI import, and its
    /// start on the report database (needs Node, tauri-driver, xvfb-run)
    #[arg(long)]
    app: Option<PathBuf>,
    /// Keep the report database in --dir and reuse it in the next run
    #[arg(long, requires = "dir")]
    keep_db: bool,
    /// Work directory (default: a temporary directory)
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Runs of the bare read and of the import each; their medians are compared
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Only check correctness (used in CI); timings are printed, never asserted
    #[arg(long)]
    check: bool,
    /// Print one JSON object instead of a table
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    match run(&Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fel: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(cli: &Cli) -> Result<()> {
    match &cli.cmd {
        Cmd::Fixtures { out } => write_fixtures(out),
        Cmd::Bench(a) => run_bench(a),
        Cmd::BenchPhase { phase, file, db, source } => {
            if phase == "start" {
                println!("{}", serde_json::to_string_pretty(&bench::startup(file)?)?);
                return Ok(());
            }
            let r = match (phase.as_str(), db) {
                ("read", _) => bench::bare_read(file)?,
                ("import", Some(db)) => bench::full_import(file, db, source.as_deref())?,
                _ => return Err(Error::usage("bench-phase read FILE | import FILE DB [--source S] | start DB")),
            };
            println!("{}", serde_json::to_string_pretty(&r)?);
            Ok(())
        }
    }
}

/// The fixture set into `out`, the bad-input catalogue into `out/bad`, the
/// SIE files and frame sheets in other shapes into `out/erp`.
fn write_fixtures(out: &Path) -> Result<()> {
    let mut files = fixtures::write_all(out)?;
    files.extend(badfiles::write_all(&out.join("bad"))?);
    files.extend(fixtures::erp::write_all(&out.join("erp"))?);
    files.extend(fixtures::sie::write_all(&out.join("erp"))?);
    files.extend(fixtures::frames_shapes::write_all(&out.join("erp"))?);
    for f in files {
        println!("{}", f.display());
    }
    Ok(())
}

fn run_bench(a: &BenchArgs) -> Result<()> {
    // only a directory we made ourselves is removed afterwards
    let (dir, ours) = match &a.dir {
        Some(d) => (d.clone(), false),
        None => (std::env::temp_dir().join(format!("ramkoll-bench-{}", std::process::id())), true),
    };
    let opts = bench::BenchOptions {
        rows: a.rows,
        seed: a.seed,
        db_lines: a.db_lines,
        big_rows: a.big_rows.unwrap_or(a.rows.min(200_000)),
        keep_db: a.keep_db,
        // the CI smoke run checks correctness: one run of each is enough there
        big_runs: if a.check { 1 } else { a.runs },
        runs: a.runs,
        dir: dir.clone(),
        exe: std::env::current_exe()?,
        pg: a.pg,
        app: a.app.as_ref().map(std::path::absolute).transpose()?,
    };
    let r = bench::run(&opts, &mut |s| eprintln!("{s}"))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print!("{}", bench::render::text(&r));
    }
    if a.check {
        println!("bench check: kontrollsummor och rapporter stämmer");
    }
    if ours {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

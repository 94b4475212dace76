//! The command-line door to Ramkoll: parse the arguments, call the
//! application layer (`ramkoll::app`, the same functions the desktop app
//! calls), render the result. Exit codes: 0 ok, 2 bad input or a refused
//! change, 1 otherwise.

mod args;
mod render;

use args::{
    Cli, Cmd, CommentArgs, CommentCmd, DbCmd, ExportCmd, ForecastCmd, LogArgs, OrdersCmd, PeriodCmd, PlanCmd,
    ReportCmd, RulesCmd,
};
use clap::Parser;
use ramkoll::app::{self, OnError, Session, YearRange};
use ramkoll::Result;
use render::Out;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match try_main(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fel: {}", args::describe(&e));
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn session(cli: &Cli) -> Result<Session> {
    Session::open(&db_path(cli))
}

/// The database to use, with the warning for one on a network share said
/// (on stderr, before it is opened; the exit code stays the command's).
fn db_path(cli: &Cli) -> std::path::PathBuf {
    let db = app::db_path(cli.db.as_deref());
    if let Some(w) = app::db_location_warning(&db) {
        eprintln!("varning: {w}");
    }
    db
}

fn try_main(cli: &Cli) -> Result<()> {
    let out = Out { json: cli.json, unit: cli.unit };
    match &cli.cmd {
        Cmd::Import { what } => {
            let mut s = session(cli)?;
            render::imports(out, app::import_files(&mut s, &what.items(), OnError::Stop, &mut |_| {}))
        }
        Cmd::Preview { kind, file, sheet, source, replace } => {
            let kind = app::parse_kind(kind)?;
            let opts = args::options(sheet.as_ref(), source.as_ref(), *replace);
            let p = app::preview_file(&mut session(cli)?, file, Some(kind), &opts)?;
            out.show(&render::PreviewJson::from(&p), || render::preview(&p))
        }
        Cmd::Report { what } => report(cli, out, what),
        Cmd::Export { what } => export(cli, out, what),
        Cmd::Batches => {
            let b = app::batches(&session(cli)?)?;
            out.show(&serde_json::json!({ "batches": b }), || render::batches(&b, out.unit))
        }
        Cmd::Undo { batch } => {
            let o = app::undo(&mut session(cli)?, *batch)?;
            out.show(&o, || render::undo(&o, true))
        }
        Cmd::Redo { batch } => {
            let o = app::redo(&mut session(cli)?, *batch)?;
            out.show(&o, || render::undo(&o, false))
        }
        Cmd::Lines(a) => {
            let query = a.query()?;
            let l = app::lines(&session(cli)?, &query)?;
            out.show(&l, || render::lines(&l))
        }
        Cmd::Comment(a) => comment(cli, out, a),
        Cmd::Period { what } => period(cli, out, what),
        Cmd::Log(a) => log(cli, out, a),
        Cmd::Rules { what } => rules(cli, out, what),
        Cmd::Plan { what } => plan(cli, out, what),
        Cmd::Forecast { what } => forecast(cli, out, what),
        Cmd::Orders { what: OrdersCmd::List { area, category, period } } => {
            let period_to = period.as_ref().map(|p| p.resolve(None)).transpose()?;
            let q = ramkoll::store::OrderQuery { area: area.clone(), category: category.clone(), period_to };
            let l = app::orders(&session(cli)?, &q)?;
            out.show(&l, || render::orders(&l, out.unit))
        }
        Cmd::Setting { key, value } => {
            let v = app::setting(&mut session(cli)?, key, value.as_deref())?;
            out.show(&v, || format!("{key} = {}\n", v.value.as_deref().unwrap_or("(standard)")))
        }
        Cmd::Db { what: DbCmd::Copy { from, to } } => {
            let c = app::db_copy(from, to, &mut render::copy_progress);
            render::copy_progress_done();
            let c = c?;
            out.show(&c, || render::db_copy(&c))
        }
        Cmd::Db { what: DbCmd::Init { reader, writer } } => {
            let r = app::init_roles(&session(cli)?, reader, writer)?;
            out.show(&r, || render::db_init(&r))
        }
        Cmd::Demo { fixtures, year } => {
            let d = app::demo(&mut session(cli)?, fixtures.as_deref(), *year)?;
            out.show(&d, || render::demo(&d))
        }
        Cmd::Restore { backup, list } => {
            // not through a session: a damaged database must not stop a restore
            let db = db_path(cli);
            if *list {
                let b = app::backups(&db)?;
                return out.show(&b, || render::backups(&b));
            }
            let o = app::restore(&db, backup.as_deref())?;
            out.show(&o, || format!("{}\n", o.message))
        }
    }
}

fn report(cli: &Cli, out: Out, what: &ReportCmd) -> Result<()> {
    let (s, u) = (session(cli)?, out.unit);
    match what {
        ReportCmd::Investments { year, period } => {
            let r = app::investments(&s, *year, period.as_ref())?;
            out.show(&r, || render::frame_report(&r, u, false))
        }
        ReportCmd::Variance { year, period, by_vo } => {
            let r = app::variance(&s, *year, period.as_ref(), *by_vo)?;
            out.show(&r, || format!("{}{}", render::variance(&r, u), render::forecast_rounds(&r.rounds, u)))
        }
        ReportCmd::Staffing { year, period } => {
            let r = app::staffing(&s, *year, period.as_ref())?;
            out.show(&r, || render::staffing(&r, u))
        }
        ReportCmd::Categories { area, years } => {
            let r = app::categories(&s, area, YearRange::parse(years)?)?;
            out.show(&r, || render::category_report(&r, u))
        }
        ReportCmd::Capital { years, assets } => {
            let r = app::capital_report(&s, YearRange::parse(years)?)?;
            out.show(&r, || render::capital(&r, u, *assets))
        }
    }
}

fn export(cli: &Cli, out: Out, what: &ExportCmd) -> Result<()> {
    let s = session(cli)?;
    match what {
        ExportCmd::Variance { year, period, out: file } => {
            let o = app::export_variance(&s, *year, period.as_ref(), file)?;
            out.show(&o, || render::variance_export(&o))
        }
        ExportCmd::Staffing { year, period, out: file } => {
            let o = app::export_staffing(&s, *year, period.as_ref(), file)?;
            out.show(&o, || render::staffing_export(&o))
        }
        ExportCmd::Control { year, out: file } => {
            let o = app::export_control(&s, *year, file)?;
            out.show(&o, || render::control_export(&o))
        }
        ExportCmd::Plan { id, years, out: file } => {
            let o = app::export_plan(&s, *id, years.as_deref().map(YearRange::parse).transpose()?, file)?;
            out.show(&o, || render::plan_export(&o))
        }
    }
}

fn comment(cli: &Cli, out: Out, a: &CommentArgs) -> Result<()> {
    let mut s = session(cli)?;
    if let Some(CommentCmd::History { key }) = &a.history {
        let v = app::comment_history(&s, key)?;
        return out.show(&serde_json::json!({ "key": key, "versions": v }), || render::comment_history(key, &v));
    }
    // clap requires both when there is no subcommand
    let (key, text) = (a.key.as_deref().unwrap_or_default(), a.text.as_deref().unwrap_or_default());
    app::set_comment_over(&mut s, key, text, a.over.as_deref())?;
    out.note(&format!("kommentar sparad för {key}"));
    Ok(())
}

fn period(cli: &Cli, out: Out, what: &PeriodCmd) -> Result<()> {
    let mut s = session(cli)?;
    match what {
        PeriodCmd::Close { period, note } => {
            let c = app::close_period(&mut s, period, note)?;
            out.show(&c, || render::closed(&c))
        }
        PeriodCmd::Reopen { period, reason } => {
            let e = app::reopen_period(&mut s, period, reason)?;
            out.show(&e, || render::reopened(&e))
        }
        PeriodCmd::List { year } => {
            let p = app::periods(&s, *year)?;
            out.show(&p, || render::period_events(&p.events))
        }
    }
}

fn log(cli: &Cli, out: Out, a: &LogArgs) -> Result<()> {
    let s = session(cli)?;
    if a.verify.is_some() {
        let c = app::check_log(&s)?;
        return out.show(&c, || render::chain(&c));
    }
    let entries = app::log(&s, &a.query())?;
    out.show(&serde_json::json!({ "entries": entries }), || render::log(&entries))
}

fn rules(cli: &Cli, out: Out, what: &RulesCmd) -> Result<()> {
    let mut s = session(cli)?;
    match what {
        RulesCmd::List => {
            let rules = app::rules(&s)?;
            out.show(&serde_json::json!({ "rules": rules }), || render::rules(&rules))
        }
        RulesCmd::Export { out: file } => {
            println!("skrev {}", app::export_rules(&s, file)?.display());
            Ok(())
        }
        RulesCmd::Import { file } => {
            let r = app::import_rules(&mut s, file)?;
            out.show(&r.outcome, || render::reclassified(&r))
        }
        RulesCmd::Reclassify => {
            let r = app::reclassify(&mut s)?;
            out.show(&r.outcome, || render::reclassified(&r))
        }
    }
}

fn plan(cli: &Cli, out: Out, what: &PlanCmd) -> Result<()> {
    let mut s = session(cli)?;
    match what {
        PlanCmd::Add(a) => {
            let p = app::add_plan(&mut s, &a.input())?;
            out.show(&p, || render::plans(std::slice::from_ref(&p), p.plan.year, out.unit))
        }
        PlanCmd::List { year } => {
            let r = app::plans(&s, *year)?;
            out.show(&r, || render::plans(&r.plans, *year, out.unit))
        }
        PlanCmd::Remove { id } => {
            app::remove_plan(&mut s, *id)?;
            println!("tog bort planerad anskaffning {id}");
            Ok(())
        }
        PlanCmd::Cost { id, years } => {
            let c = app::plan_cost(&s, *id, years.as_deref().map(YearRange::parse).transpose()?)?;
            out.show(&c, || render::plan_costing(&c, out.unit))
        }
    }
}

fn forecast(cli: &Cli, out: Out, what: &ForecastCmd) -> Result<()> {
    let mut s = session(cli)?;
    match what {
        ForecastCmd::Import { file, round, replace } => {
            let o = app::import_forecast(&mut s, file, round, *replace)?;
            out.show(&o, || render::forecast_import(&o))
        }
        ForecastCmd::Set(a) => {
            let e = app::set_forecast(&mut s, &a.input())?;
            out.show(&e, || render::forecast_set(&e))
        }
        ForecastCmd::List { year } => {
            let l = app::forecasts(&s, *year)?;
            out.show(&l, || render::forecast_list(&l, out.unit))
        }
        ForecastCmd::Lock { round } => {
            let r = app::lock_forecast(&mut s, round)?;
            out.show(&r, || render::forecast_lock(&r))
        }
    }
}

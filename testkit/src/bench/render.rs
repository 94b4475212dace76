//! The bench report as the table it prints without `--json`.

use super::{BenchReport, PhaseResult};

/// How the progress bar behaved during an import.
fn bar(p: &PhaseResult) -> String {
    format!(
        "{} rapporter, längsta uppehåll {:.0} ms (mål ≤ 250 ms), stapeln {}; utan andel (glidande stapel i appen): öppnar filen {:.0} ms, sparar {:.0} ms",
        p.progress_reports,
        p.progress_max_gap_ms,
        if p.progress_bar_moves { "rör sig" } else { "står still" },
        p.progress_opening_ms,
        p.progress_saving_ms
    )
}

fn runs(v: &[f64]) -> String {
    v.iter().map(|t| format!("{t:.2}")).collect::<Vec<_>>().join(" / ")
}

/// The report, one figure a line.
pub fn text(r: &BenchReport) -> String {
    let lines = [
        format!("rader {} (seed {}), fil {:.1} MiB", r.rows, r.seed, r.file_mib),
        format!(
            "calamine strömmande läsning  {:>8.2} s  {:>6.0} MiB  (median av {} s)",
            r.bare_read.seconds,
            r.bare_read.peak_rss_mib,
            runs(&r.read_runs)
        ),
        format!(
            "import ledger                {:>8.2} s  {:>6.0} MiB  ({:.2} × calamine; median av {} s)",
            r.import.seconds,
            r.import.peak_rss_mib,
            r.import_ratio,
            runs(&r.import_runs)
        ),
        match (&r.pg_import, r.pg_import_ratio) {
            (Some(p), Some(ratio)) => format!(
                "import ledger, PostgreSQL    {:>8.2} s  {:>6.0} MiB  ({ratio:.2} × SQLite; mål ≤ 1,5 ×; median av {} s)",
                p.seconds,
                p.peak_rss_mib,
                runs(&r.pg_import_runs)
            ),
            _ => "import ledger, PostgreSQL    (ej mätt: --pg och RAMKOLL_TEST_PG)".to_string(),
        },
        format!(
            "återimport (ersätter)        {:>8.2} s            ({:.2} × första importen)",
            r.reimport.seconds, r.reimport_ratio
        ),
        format!("förlopp under import          {}", bar(&r.import)),
        format!("förlopp under återimport      {}", bar(&r.reimport)),
        format!("report investments           {:>8.1} ms  över {} rader", r.report_investments_ms, r.db_lines),
        format!("report variance --period     {:>8.1} ms", r.report_variance_ms),
        format!("report categories            {:>8.1} ms", r.report_categories_ms),
        format!("drill-down ({} rader)      {:>8.1} ms", r.drilldown_lines, r.drilldown_ms),
        format!("export variance ({} rader) {:>8.1} ms", r.export_lines, r.export_ms),
        format!(
            "import {} rader i {} rader  {:>8.2} s            ({:.2} × i tom databas {:.2} s; mål ≤ 1,2 ×; {} / {} s)",
            r.big_db.rows,
            r.big_db.db_lines,
            r.big_db.big_s,
            r.big_db.ratio,
            r.big_db.empty_s,
            runs(&r.big_db.big_runs),
            runs(&r.big_db.empty_runs)
        ),
        format!(
            "säkerhetskopior              {} tagna under de importerna, {:.0} MiB i backups/; en full kopia {:.2} s, {:.0} MiB (databasen {:.0} MiB)",
            r.big_db.backups_taken, r.big_db.backups_disk_mib, r.big_db.backup_s, r.big_db.backup_mib, r.big_db.db_mib
        ),
        format!(
            "start, {} rader               öppnad {:.0} ms, Översiktens data {:.0} ms (mål < 1 s); efter en krasch {:.0} ms",
            r.big_db.db_lines, r.big_db.start_open_ms, r.big_db.start_first_report_ms, r.big_db.start_after_crash_ms
        ),
    ];
    let mut out: String = lines.iter().map(|l| format!("{l}\n")).collect();
    out.push_str(&app(r));
    if let Some(s) = &r.server {
        let p = &s.reports;
        out.push_str(&format!(
            "PostgreSQL, {} rader          investments {:.1} ms, variance {:.1} ms, categories {:.1} ms, drill-down ({} rader) {:.1} ms (mål < 100 ms)\n",
            s.db_lines, p.investments_ms, p.variance_ms, p.categories_ms, p.drilldown_lines, p.drilldown_ms
        ));
        let q = &s.readers;
        out.push_str(&format!(
            "PostgreSQL, {} läsare under import ({:.1} s)  {} rapporter, {} fel, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (mål: inga fel, p95 < 200 ms)\n",
            q.readers, q.import_s, q.reports, q.errors, q.p50_ms, q.p95_ms, q.max_ms
        ));
    }
    out
}

/// The app's lines: its import against the CLI's, its start on the report database.
fn app(r: &BenchReport) -> String {
    let Some(a) = &r.app else {
        return "import i appen                (ej mätt: --app target/release/ramkoll-app, byggd med --features e2e)\n"
            .to_string();
    };
    let cpu: Vec<f64> = a.import_runs.iter().filter_map(|i| i.webview_cpu_s).collect();
    let idle = a.import_runs.iter().filter_map(|i| i.webview_idle_share).fold(0.0, f64::max);
    format!(
        "import i appen               {:>8.2} s            ({:.2} × CLI-importen; mål ≤ 1,15 ×; median av {} s; webbvyn {} s CPU, i vila högst {:.0} % av en kärna)\n\
         appens start, {} rader   {:>8.0} ms           till första rapporten i fönstret (mål < 1 s; {} ms)\n",
        a.import_s,
        a.import_ratio,
        runs(&a.import_runs.iter().map(|i| i.seconds).collect::<Vec<_>>()),
        runs(&cpu),
        idle * 100.0,
        a.start_db_lines,
        a.start_first_report_ms,
        a.start_runs_ms.iter().map(|t| format!("{t:.0}")).collect::<Vec<_>>().join(" / ")
    )
}

// The app's command table: every command the webview may call, once, with
// its arguments (name and type, in order) and its result. The bodies live in
// the area module named before each block (`reports { … }` → reports.rs).
//
// Made from this one list: the `#[tauri::command]` wrappers and the invoke
// handler (commands/mod.rs), the app manifest's command list (build.rs, which
// `include!`s this file), and the UI's typed calls in ui/src/commands.ts
// (tests/bindings.rs). capabilities/main.json is checked against it
// (tests/acl.rs). Each argument reaches the webview in camelCase
// (`unit_price` → `unitPrice`), as Tauri names them.
//
// Reads and writes while an import runs (src/state.rs): `import_files`,
// `preview_file` (a trial import) and `load_demo` hold the database for as
// long as they run; the commands that only read — `app_info`, `batches`, the
// reports, `forecast_rounds`, `forecasts`, `lines`, `comments`,
// `previous_comment`, `orders`, `plans`, `plan_cost`, `capital_report`, `rules`,
// `get_settings`, `audit_log`, `verify_log`, `comment_history`, `periods`,
// `signoff_checks` and the four exports — answer meanwhile from a read-only
// connection with the state before the import; every other change is refused
// ("en import pågår") until it ends. The area function says which by the
// state method it calls (`with_import`, `with_reader`, `with_session`); a
// read's closure gets `&Session`, so it cannot call a change.
//
// This file holds only the macro: build.rs includes it, so it must not name
// anything from the crate.
macro_rules! command_table {
    ($then:ident) => {
        $then! {
            database {
                /// The app's version, the database in use and the years it has data for.
                app_info() -> AppInfo;
                /// Switch to another database file chosen in the native dialog (`create`: a
                /// save dialog for a new file). `null` when the user cancels.
                choose_database(create: bool) -> Option<AppInfo>;
                /// Switch back to the per-user default database.
                use_default_database() -> AppInfo;
                /// Connect to a shared database on a PostgreSQL server (`port` as typed, empty:
                /// 5432; `user` empty: the OS user) in place of the current database, which
                /// stays open when the connection fails. `password` empty: the PostgreSQL
                /// password file's; it is kept in memory only, never stored or shown.
                connect_server(host: String, port: String, dbname: String, user: String, password: String) -> AppInfo;
            }
            import {
                /// Files for import, through the native open dialog (several at once).
                pick_import_files() -> Vec<PickedFile>;
                /// Sheet, header row, column mapping and first rows of a chosen file, and what
                /// importing it with `options` would replace (and whether that needs asking).
                /// Without `kind`, the kind whose required columns the file has is chosen.
                preview_file(path: String, kind: Option<Kind>, options: Option<ImportOptions>) -> FilePreview;
                /// Import the files one after another, each in its own transaction: a file with
                /// errors stores nothing, the others are still imported. A file that would
                /// replace lines of another kind of export is refused (`conflict`) unless its
                /// options say `replace` or name a `source`. Emits `import-progress`.
                /// Every path must have been chosen in the dialog or dropped on the window, else
                /// nothing is imported (`not-allowed`).
                import_files(items: Vec<ImportItem>) -> Vec<ImportResult>;
                /// Cancel the imports and previews started so far: the file being read rolls
                /// back (nothing of it is kept) and the run's later files are not read; their
                /// results say `cancelled`. Files the run imported before stay.
                cancel_import() -> ();
                /// Load the built-in fixture set (frames, the 2014–2018 investment ledgers, the
                /// operating ledgers, budgets and HR exports).
                load_demo() -> Vec<ImportOutcome>;
            }
            batches {
                /// Every import batch, newest last.
                batches() -> Vec<BatchInfo>;
                /// Take a batch's lines out of the reports and bring back what it replaced.
                undo_batch(id: i64) -> UndoOutcome;
                /// Apply an undone batch again.
                redo_batch(id: i64) -> UndoOutcome;
            }
            reports {
                /// The investment frame table for `year` (to `period`, else the whole year).
                investments(year: i32, period: Option<u32>) -> FrameReport;
                /// Outcome per kategori of `area` for the years `from`–`to`.
                categories(area: String, from: i32, to: i32) -> CategoryReport;
                /// Operating budget vs outcome per kostnadsslag (to `period`; default: the last
                /// period with outcome), optionally split per VO.
                operating(year: i32, period: Option<u32>, by_vo: bool) -> OperatingReport;
                /// Staff costs per VO and per staffing column, årsarbetare, extra hours and sick
                /// leave against budget and last year (to `period`; default: the last period
                /// with outcome).
                staffing_report(year: i32, period: Option<u32>) -> StaffingReport;
            }
            forecasts {
                /// The year's forecast rounds over the variance report (to `period`; default:
                /// the last period with outcome): each round's forecast per row, the change from
                /// the round before and, once December's outcome is in, the deviation from it.
                forecast_rounds(year: i32, period: Option<u32>) -> ForecastRounds;
                /// Set one full-year forecast in a round (created when new), the amount as typed.
                /// A locked round is refused (`conflict`).
                set_forecast(input: ForecastInput) -> ForecastEntry;
                /// The rounds made in `year` and their rows.
                forecasts(year: i32) -> ForecastList;
                /// Lock (fastställ) a round: it can then only be superseded by a later one.
                lock_forecast(round: u32) -> ForecastRound;
                /// Import a round's workbook (`Kostnadsslag [VO] Prognos`, or `Område [Kategori]
                /// Prognos`) chosen in the import dialog (`pick_import_files`) into `round`. When
                /// the round already has rows of the kinds the file holds, it is refused
                /// (`conflict`) unless `replace`.
                import_forecast_file(path: String, round: u32, replace: bool) -> ForecastImportOutcome;
            }
            orders {
                /// The open purchase orders of the latest orders file behind a Beställt figure
                /// (a frame row's `orders_drill`), and their total.
                orders(query: OrderQuery) -> OrderList;
            }
            lines {
                /// The ledger lines behind a figure.
                lines(query: LineQuery) -> Lines;
                /// Set (or, with empty text, clear) the comment on a report row; `over`
                /// is the text it began from: refused when someone changed it since.
                set_comment(key: String, text: String, over: Option<String>) -> ();
                /// Every comment, by row key.
                comments() -> BTreeMap<String, Comment>;
                /// The previous period's comment on the same row (context while writing this one's).
                previous_comment(key: String) -> Option<Comment>;
            }
            plans {
                /// Planned purchases for `year`, each checked against what is left of its
                /// kategori (or område) after the outcome and the plans registered before it.
                plans(year: i32) -> PlanReport;
                /// Register a planned purchase (`quantity` × `unit_price`, the price as typed:
                /// "3 876,00"). `category` null or empty: held against the whole område.
                /// `costing` null: the kategori's useful life, from January of `year`.
                add_plan(
                    year: i32,
                    area: String,
                    category: Option<String>,
                    text: String,
                    quantity: i64,
                    unit_price: String,
                    costing: Option<PlanCostingInput>,
                ) -> PlanFit;
                /// Remove a planned purchase.
                remove_plan(id: i64) -> ();
            }
            capital {
                /// Capital costs per område and kategori and year `from`–`to` (register and
                /// assumed assets), with each year's depreciation beside the budget's and the
                /// ledger's Avskrivningar.
                capital_report(from: i32, to: i32) -> CapitalOverview;
                /// What a planned purchase costs the operating result per year (`from`–`to`;
                /// both null: from its start through its useful life), investment or expense.
                plan_cost(id: i64, from: Option<i32>, to: Option<i32>) -> PlanCosting;
                /// The costing as a workbook, saved where the user chooses. `null` when the
                /// user cancels.
                export_plan(id: i64, from: Option<i32>, to: Option<i32>) -> Option<PlanExport>;
            }
            rules {
                /// The classification rules, in the order they are tried.
                rules() -> Vec<Rule>;
                /// Replace the rules (in this order) and reclassify every stored line.
                save_rules(rules: Vec<Rule>) -> ReclassifyOutcome;
            }
            settings {
                /// The settings the staffing report uses.
                get_settings() -> Settings;
                /// Set `annual_hours` or `po_rate/YYYY`; returns the settings after the change.
                set_setting(key: String, value: String) -> Settings;
            }
            control {
                /// The audit log, oldest first, filtered by `since` (a date), `kind` (an
                /// operation or its family: `period`) and `subject` (`batch 3`, a period, a
                /// comment's key).
                audit_log(query: LogQuery) -> Vec<AuditEntry>;
                /// Check the log's hash chain; `broken` names the first entry that does not hold.
                verify_log() -> ChainCheck;
                /// Every version of the comment on `key`, oldest first.
                comment_history(key: String) -> Vec<CommentVersion>;
                /// Sign-offs and reopenings (of `year`) and which periods are closed.
                periods(year: Option<i32>) -> Periods;
                /// What the sign-off checks find for `period` now.
                signoff_checks(period: u32) -> SignoffChecks;
                /// Close (klarmarkera) `period`: the checks are recorded, its figures frozen.
                close_period(period: u32, note: String) -> PeriodClosed;
                /// Reopen a closed period; `reason` is required and logged.
                reopen_period(period: u32, reason: String) -> PeriodEvent;
                /// The control report for `year`, saved where the user chooses. `null` when the
                /// user cancels.
                export_control(year: i32) -> Option<ControlExport>;
            }
            exports {
                /// The variance workbook for `year` (to `period`), saved where the user chooses
                /// in the native save dialog. `null` when the user cancels.
                export_variance(year: i32, period: Option<u32>) -> Option<ExportOutcome>;
                /// The staffing workbook for `year` (to `period`), saved where the user chooses.
                /// `null` when the user cancels.
                export_staffing(year: i32, period: Option<u32>) -> Option<StaffingExport>;
                /// Show a file the app saved in the system's file manager (Explorer on Windows).
                /// Only files this session wrote are accepted.
                reveal_path(path: String) -> ();
            }
        }
    };
}

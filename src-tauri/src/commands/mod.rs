//! The app's commands, one file per area. The signatures are listed once, in
//! the command table (table.rs); this module turns the table into the
//! `#[tauri::command]`s, which hand their arguments to the area function of
//! the same name. An area function calls `ramkoll::app` on a blocking thread
//! (never the main one) and maps the error; what it adds is the shell's own:
//! dialogs, allowed paths, the window title, progress events.

use ramkoll::app::{
    CapitalOverview, FilePreview, ForecastImportOutcome, ForecastInput, ForecastList, ImportItem, LogQuery, OrderList,
    PeriodClosed, PeriodInput, Periods, PlanCosting, PlanCostingInput, Settings,
};
use ramkoll::classify::Rule;
use ramkoll::control::{AuditEntry, ChainCheck, SignoffChecks};
use ramkoll::export::{ControlExport, ExportOutcome, PlanExport, StaffingExport};
use ramkoll::import::{ImportOptions, ImportOutcome, Kind};
use ramkoll::staffing::StaffingReport;
use ramkoll::store::{
    BatchInfo, Comment, CommentVersion, ForecastEntry, ForecastRound, LineQuery, Lines, OrderQuery, PeriodEvent,
    ReclassifyOutcome, UndoOutcome,
};
use ramkoll::variance::{CategoryReport, ForecastRounds, FrameReport, OperatingReport, PlanFit, PlanReport};
use std::collections::BTreeMap;
use tauri::{AppHandle, Manager, Runtime};

use crate::error::{CmdError, CmdResult};
use crate::state::AppState;

pub mod batches;
pub mod capital;
pub mod control;
pub mod database;
pub mod exports;
pub mod forecasts;
pub mod import;
pub mod lines;
pub mod orders;
pub mod plans;
pub mod reports;
pub mod rules;
pub mod settings;
#[cfg(feature = "ts")]
pub mod ts;

pub use database::{set_title, AppInfo};
pub use import::{files_dropped, ImportResult, PickedFile, EV_FILES_DROPPED, EV_IMPORT_PROGRESS};

include!("table.rs");

/// Run `f` on a blocking thread with the app state.
async fn blocking<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&AppHandle<R>, &AppState) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || f(&app, &app.state::<AppState>()))
        .await
        .map_err(|e| CmdError::new("internal", e.to_string()))?
}

/// A period from the UI's pickers (YYYYMM) as the application layer takes it.
fn period(p: Option<u32>) -> Option<PeriodInput> {
    p.map(PeriodInput::from)
}

/// What the command table expands to here.
macro_rules! define_commands {
    ($(
        $area:ident {
            $( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty; )*
        }
    )*) => {
        /// Every command's name, in table order (build.rs lists the same).
        pub const NAMES: &[&str] = &[$($(stringify!($name)),*),*];

        /// The `#[tauri::command]`s: the table's signature (which decides the
        /// argument names the webview sends), the area function's body. Private:
        /// Tauri exports the helper macro of a public command, which a
        /// macro-generated item may not do.
        mod handlers {
            use super::*;
            $($(
                $(#[doc = $doc])*
                #[tauri::command]
                // the webview sends a command's fields by name: a form's fields are its arguments
                #[allow(clippy::too_many_arguments)]
                async fn $name<R: Runtime>(app: AppHandle<R>, $($arg: $ty),*) -> CmdResult<$ret> {
                    super::$area::$name(app, $($arg),*).await
                }
            )*)*

            /// The invoke handler with every command of the table.
            pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
                tauri::generate_handler![$($($name),*),*]
            }
        }
        pub use handlers::handler;

        /// The table as TypeScript sees it (ui/src/commands.ts is written from this).
        #[cfg(feature = "ts")]
        pub fn signatures() -> Vec<ts::Signature> {
            vec![$($(
                ts::Signature {
                    name: stringify!($name),
                    doc: &[$($doc),*],
                    args: vec![$((stringify!($arg), ts::ty::<$ty>())),*],
                    result: ts::ty::<$ret>(),
                },
            )*)*]
        }
    };
}

command_table!(define_commands);

//! The application layer: one function per user operation, the single door
//! for both the CLI (`src/bin/ramkoll/`) and the desktop shell (`src-tauri/`).
//! Each takes input as the user gave it (periods, year ranges, prices and
//! setting values as typed), validates it once (`Error::Invalid` naming the
//! field), calls the domain and returns a typed, serialisable result.
//!
//! Everything runs on a [`Session`]: the open store and the user.
//!
//! | area | operations |
//! | --- | --- |
//! | database | [`Session::open`], [`db_path`], [`db_info`], [`db_copy`] (and the [`all_reports`] it compares) |
//! | imports | [`import_file`], [`import_files`], [`preview_file`] |
//! | reports | [`investments`], [`operating`], [`variance`], [`staffing`], [`categories`] |
//! | open orders | [`orders`] (their import is an ordinary one, kind `orders`) |
//! | exports | [`export_variance`], [`export_staffing`], [`export_rules`], [`variance_file_name`], [`staffing_file_name`] |
//! | history | [`batches`], [`undo`], [`redo`], [`backups`], [`restore`] (the last two take a path: the database may not open) |
//! | lines, comments | [`lines`], [`set_comment`], [`set_comment_over`], [`comments`] |
//! | rules | [`rules`], [`replace_rules`], [`import_rules`], [`reclassify`] |
//! | forecast rounds | [`import_forecast`], [`set_forecast`], [`forecasts`], [`lock_forecast`], [`forecast_rounds`] |
//! | plans | [`add_plan`], [`plans`], [`remove_plan`], [`plan_cost`], [`export_plan`], [`plan_file_name`] |
//! | capital costs | [`capital_report`] (settings: [`rates`], [`expense_threshold`], [`useful_lives`]) |
//! | settings | [`settings`], [`set_setting`], [`setting`], [`check_setting`] |
//! | demo | [`load_demo`], [`demo`] |
//! | internal control | [`log`], [`batch_log`], [`verify_log`], [`check_log`], [`comment_history`], [`signoff_checks`], [`close_period`], [`reopen_period`], [`periods`], [`control_report`], [`export_control`], [`control_file_name`] |
//! | input | [`PeriodInput`], [`YearRange`], [`parse_kind`], [`unit_price`] |

mod batches;
mod capital;
mod control;
mod exports;
mod forecasts;
mod imports;
mod info;
mod input;
mod lines;
mod orders;
mod plans;
mod reports;
mod rules;
mod server;
mod session;
mod settings;
mod transfer;

pub use batches::*;
pub use capital::*;
pub use control::*;
pub use exports::*;
pub use forecasts::*;
pub use imports::*;
pub use info::*;
pub use input::*;
pub use lines::*;
pub use orders::*;
pub use plans::*;
pub use reports::*;
pub use rules::*;
pub use server::*;
pub use session::*;
pub use settings::*;
pub use transfer::*;

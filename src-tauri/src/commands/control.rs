//! Internal control: the audit log and its chain check, comment history,
//! month sign-off and the control report.

use ramkoll::app::{self, LogQuery, PeriodClosed, PeriodInput, Periods};
use ramkoll::control::{AuditEntry, ChainCheck, SignoffChecks};
use ramkoll::export::ControlExport;
use ramkoll::store::{CommentVersion, PeriodEvent};
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::dialog;
use crate::error::CmdResult;

pub async fn audit_log<R: Runtime>(app: AppHandle<R>, query: LogQuery) -> CmdResult<Vec<AuditEntry>> {
    blocking(&app, move |_, st| st.with_reader(|s| app::log(s, &query))).await
}

pub async fn verify_log<R: Runtime>(app: AppHandle<R>) -> CmdResult<ChainCheck> {
    blocking(&app, |_, st| st.with_reader(app::verify_log)).await
}

pub async fn comment_history<R: Runtime>(app: AppHandle<R>, key: String) -> CmdResult<Vec<CommentVersion>> {
    blocking(&app, move |_, st| st.with_reader(|s| app::comment_history(s, &key))).await
}

pub async fn periods<R: Runtime>(app: AppHandle<R>, year: Option<i32>) -> CmdResult<Periods> {
    blocking(&app, move |_, st| st.with_reader(|s| app::periods(s, year))).await
}

pub async fn signoff_checks<R: Runtime>(app: AppHandle<R>, period: u32) -> CmdResult<SignoffChecks> {
    blocking(&app, move |_, st| st.with_reader(|s| app::signoff_checks(s, &PeriodInput::from(period)))).await
}

pub async fn close_period<R: Runtime>(app: AppHandle<R>, period: u32, note: String) -> CmdResult<PeriodClosed> {
    blocking(&app, move |_, st| st.with_session(|s| app::close_period(s, &PeriodInput::from(period), &note))).await
}

pub async fn reopen_period<R: Runtime>(app: AppHandle<R>, period: u32, reason: String) -> CmdResult<PeriodEvent> {
    blocking(&app, move |_, st| st.with_session(|s| app::reopen_period(s, &PeriodInput::from(period), &reason))).await
}

pub async fn export_control<R: Runtime>(app: AppHandle<R>, year: i32) -> CmdResult<Option<ControlExport>> {
    blocking(&app, move |handle, st| {
        let Some(out) = dialog::save_workbook(handle, &app::control_file_name(year)) else { return Ok(None) };
        let outcome = st.with_reader(|s| app::export_control(s, year, &out))?;
        st.mark_written(out);
        Ok(Some(outcome))
    })
    .await
}

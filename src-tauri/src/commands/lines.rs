//! The lines behind a figure, and the comments on report rows.

use ramkoll::app;
use ramkoll::store::{Comment, LineQuery, Lines};
use std::collections::BTreeMap;
use tauri::{AppHandle, Runtime};

use super::blocking;
use crate::error::CmdResult;

pub async fn lines<R: Runtime>(app: AppHandle<R>, query: LineQuery) -> CmdResult<Lines> {
    blocking(&app, move |_, st| st.with_reader(|s| app::lines(s, &query))).await
}

/// `over`: the text the cell showed before the edit; refused (a conflict
/// showing both texts) when someone else has changed the comment since.
pub async fn set_comment<R: Runtime>(
    app: AppHandle<R>,
    key: String,
    text: String,
    over: Option<String>,
) -> CmdResult<()> {
    blocking(&app, move |_, st| st.with_session(|s| app::set_comment_over(s, &key, &text, over.as_deref()))).await
}

pub async fn comments<R: Runtime>(app: AppHandle<R>) -> CmdResult<BTreeMap<String, Comment>> {
    blocking(&app, |_, st| st.with_reader(app::comments)).await
}

pub async fn previous_comment<R: Runtime>(app: AppHandle<R>, key: String) -> CmdResult<Option<Comment>> {
    blocking(&app, move |_, st| st.with_reader(|s| app::previous_comment(s, &key))).await
}

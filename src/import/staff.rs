//! One staff (HR hours) row → stored hours per VO and period.

use super::cells::RowCtx;
use super::header::Field;
use crate::classify::{self, LineKeys};
use crate::error::Result;
use crate::money::Amount;
use crate::store::{BatchWriter, StaffRow};
use std::borrow::Cow;

/// One staff row → stored hours; the VO comes from its column or else from
/// the rules for the ansvar. Ok(None) when the row had errors.
pub(super) fn row(
    ctx: &mut RowCtx<'_>,
    rules: &[classify::Rule],
    w: &mut BatchWriter<'_>,
) -> Result<Option<(Amount, bool)>> {
    let before = ctx.errors.len();
    let period = ctx.period();
    let worked = ctx.hours(Field::Arbetade, true);
    let overtime = ctx.hours(Field::Overtid, false).unwrap_or(0);
    let mertid = ctx.hours(Field::Mertid, false).unwrap_or(0);
    let fyllnadstid = ctx.hours(Field::Fyllnadstid, false).unwrap_or(0);
    let sick = match ctx.cell(Field::Sjuk) {
        Some((_, c)) if !c.is_empty() => ctx.hours(Field::Sjuk, false),
        _ => None,
    };
    let headcount = match ctx.cell(Field::Anstallda) {
        Some((_, c)) if !c.is_empty() => ctx.hours(Field::Anstallda, false).map(|h| h / 100),
        _ => None,
    };
    let ansvar = ctx.opt_text(Field::Ansvar);
    let vo = ctx.opt_text(Field::Vo).or_else(|| {
        let keys = LineKeys { ansvar: ansvar.as_deref().unwrap_or(""), ..Default::default() };
        classify::classify(rules, &keys).vo.map(Cow::Owned)
    });
    if vo.is_none() {
        let col = ctx.m.col(Field::Vo).or(ctx.m.col(Field::Ansvar)).unwrap_or(0);
        ctx.err(col, "VO saknas och ingen regel ger ett VO för ansvaret".into());
    }
    if ctx.errors.len() > before {
        return Ok(None);
    }
    let (Some(period), Some(worked), Some(vo)) = (period, worked, vo) else { return Ok(None) };
    w.insert_staff(&StaffRow {
        row_no: ctx.row + 1,
        period,
        vo: &vo,
        ansvar: ansvar.as_deref(),
        worked,
        overtime,
        mertid,
        fyllnadstid,
        sick,
        headcount,
    })?;
    Ok(Some((Amount(worked), true)))
}

//! Frame vs outcome: the investment follow-up table of the annual report
//! (per område, per kategori, split by decision year), year-to-date when a
//! period is given, and the multi-year outcome per kategori.

use super::Notice;
use crate::classify::UNCLASSIFIED;
use crate::error::{Error, Result};
use crate::money::Amount;
use crate::period;
use crate::store::{GroupBy, LineQuery, OrderQuery, Store};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The order categories are shown in; others follow alphabetically.
pub const CATEGORY_ORDER: &[&str] = &[
    "Nät",
    "Server",
    "Video",
    "Skrivare",
    "Klient",
    "Oförutsedda",
    "Röntgen",
    "Ultraljud",
    "Endoskopi",
    "Ventilatorer",
    "Autoklaver",
    "MT-övrigt",
];
pub const AREAS: &[&str] = &["IT", "MT"];

/// One row of the frame table.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FrameRow {
    /// Comment key for this row.
    pub key: String,
    pub area: String,
    pub category: Option<String>,
    pub label: String,
    pub decided: Amount,
    pub extended: Amount,
    pub total_frame: Amount,
    /// Outcome on decisions taken before the year.
    pub outcome_before: Amount,
    /// Outcome on decisions taken in the year (and lines with no decision year).
    pub outcome_year: Amount,
    pub outcome_total: Amount,
    /// Total frame − total outcome; negative when the frame is overrun.
    pub remaining: Amount,
    /// Outcome / frame in percent, one decimal; none without a frame.
    #[serde(serialize_with = "crate::money::ser_opt_dec")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub utilisation: Option<Decimal>,
    pub lines: u64,
    pub over_frame: bool,
    pub comment: Option<String>,
    /// The query that lists the ledger lines behind this row's outcome.
    pub drill: LineQuery,
    /// Beställt: the open orders (latest snapshot) dated up to the report's end.
    pub committed: Amount,
    /// How many open orders make up `committed`.
    pub orders: u64,
    /// The planned purchases of the year held against this row (those that
    /// draw on the frame); zero until the application layer adds them.
    pub planned: Amount,
    /// Disponibelt: total frame − outcome − committed − planned.
    pub available: Amount,
    /// The query that lists the open orders behind `committed`.
    pub orders_drill: OrderQuery,
    /// The latest investment forecast round's full-year forecast of this
    /// row, and total frame − forecast (negative: the forecast overruns).
    pub forecast: Option<Amount>,
    pub forecast_variance: Option<Amount>,
}

impl FrameRow {
    fn add(&mut self, o: &FrameRow) {
        self.decided += o.decided;
        self.extended += o.extended;
        self.outcome_before += o.outcome_before;
        self.outcome_year += o.outcome_year;
        self.lines += o.lines;
        self.committed += o.committed;
        self.orders += o.orders;
    }
    fn finish(&mut self) {
        self.total_frame = self.decided + self.extended;
        self.outcome_total = self.outcome_before + self.outcome_year;
        self.remaining = self.total_frame - self.outcome_total;
        self.utilisation = Amount::percent_of(self.outcome_total, self.total_frame);
        self.over_frame = !self.total_frame.is_zero() && self.outcome_total > self.total_frame;
        self.available = super::commitments::available(self);
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AreaBlock {
    #[serde(flatten)]
    pub row: FrameRow,
    pub categories: Vec<FrameRow>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FrameReport {
    pub year: i32,
    /// Year-to-date up to this period; none for the whole year.
    pub period: Option<u32>,
    pub areas: Vec<AreaBlock>,
    /// Investment lines (and open orders) no rule gave an område: shown,
    /// never dropped.
    pub unclassified: Option<FrameRow>,
    pub total: FrameRow,
    /// The notices below in Swedish (the CLI prints these).
    pub warnings: Vec<String>,
    /// Over-frame rows and lines without område or kategori, as data.
    pub notices: Vec<Notice>,
    /// The investment forecast round the rows' `forecast` comes from.
    pub forecast_round: Option<u32>,
}

fn cat_rank(c: &str) -> (usize, String) {
    if c == UNCLASSIFIED {
        return (usize::MAX, String::new());
    }
    (CATEGORY_ORDER.iter().position(|x| *x == c).unwrap_or(CATEGORY_ORDER.len()), c.to_string())
}

/// A period must lie in the year a report is for.
pub(crate) fn check_period(period: u32, year: i32) -> Result<()> {
    if period::year_of(period) != year || !(1..=12).contains(&period::month_of(period)) {
        return Err(Error::invalid(
            "period",
            format!("perioden {period} ligger inte i år {year} (förväntade {year}01–{year}12)"),
        ));
    }
    Ok(())
}

/// område → kategori → row.
pub(super) type Cells = BTreeMap<String, BTreeMap<String, FrameRow>>;
/// område → (decided, extended) of an area-level frame.
type AreaFrames = BTreeMap<String, (Amount, Amount)>;

/// What the rows of one frame table share.
struct Table {
    year: i32,
    period: Option<u32>,
    key_base: String,
    comments: BTreeMap<String, crate::store::Comment>,
    notices: Vec<Notice>,
}

impl Table {
    /// The investment lines behind a row; the total row's has neither.
    fn drill(&self, area: Option<&str>, cat: Option<&str>) -> LineQuery {
        LineQuery {
            year: Some(self.year),
            period_to: self.period,
            area: area.map(str::to_string),
            category: cat.map(str::to_string),
            investments: true,
            ..Default::default()
        }
    }
    fn comment(&self, key: &str) -> Option<String> {
        self.comments.get(key).map(|c| c.text.clone())
    }
    /// Name a row, give it its comment and drill, and compute its totals.
    fn finish(&self, r: &mut FrameRow, key: String, area: &str, cat: Option<&str>) {
        r.comment = self.comment(&key);
        r.key = key;
        r.area = area.to_string();
        r.label = cat.unwrap_or(area).to_string();
        r.category = cat.map(str::to_string);
        r.drill = self.drill((area != "Totalt").then_some(area), cat);
        r.orders_drill = super::commitments::orders_drill(self.year, self.period, area, cat);
        r.finish();
    }
    fn over(&mut self, area: &str, category: Option<&str>, r: &FrameRow) {
        self.notices.push(Notice::OverFrame {
            area: area.to_string(),
            category: category.map(str::to_string),
            outcome: r.outcome_total,
            frame: r.total_frame,
        });
    }
}

/// The reference investment table for `year`, or year-to-date to `period`.
pub fn frame_report(store: &Store, year: i32, period: Option<u32>) -> Result<FrameReport> {
    if let Some(p) = period {
        check_period(p, year)?;
    }
    let key_base = match period {
        Some(p) => format!("ram/{p}"),
        None => format!("ram/{year}"),
    };
    let mut t = Table { year, period, key_base, comments: store.comments()?, notices: Vec::new() };
    let (mut cells, area_frames) = frames(store, year)?;
    let mut unclassified = add_outcome(store, &t, &mut cells)?;
    super::commitments::add_orders(store, year, period, &mut cells, &mut unclassified)?;
    let mut total = FrameRow::default();
    let mut area_names: Vec<String> = cells.keys().cloned().collect();
    area_names.sort_by_key(|a| (AREAS.iter().position(|x| x == a).unwrap_or(AREAS.len()), a.clone()));
    let mut areas = Vec::new();
    for area in area_names {
        let cats = cells.remove(&area).unwrap_or_default();
        let block = area_block(&mut t, &area, cats, area_frames.get(&area));
        total.add(&block.row);
        areas.push(block);
    }
    if let Some(u) = unclassified.as_mut() {
        t.finish(u, format!("{}/{UNCLASSIFIED}", t.key_base), UNCLASSIFIED, None);
        total.add(u);
        // a row made only of unplaced orders has no lines to warn about
        if u.lines > 0 {
            t.notices.push(Notice::NoArea { lines: u.lines, outcome: u.outcome_total });
        }
    }
    t.finish(&mut total, format!("{}/Totalt", t.key_base), "Totalt", None);
    let warnings = t.notices.iter().map(Notice::text_sv).collect();
    Ok(FrameReport { year, period, areas, unclassified, total, warnings, notices: t.notices, forecast_round: None })
}

/// The year's frames: per kategori in the cells (every område in `AREAS`
/// present), and the area-level frames beside them.
fn frames(store: &Store, year: i32) -> Result<(Cells, AreaFrames)> {
    let mut cells: Cells = AREAS.iter().map(|a| (a.to_string(), BTreeMap::new())).collect();
    let mut area_frames = AreaFrames::new();
    for f in store.frame_sums(year)? {
        let area = cells.entry(f.area.clone()).or_default();
        let (decided, extended) = match f.category {
            None => {
                let v = area_frames.entry(f.area).or_default();
                (&mut v.0, &mut v.1)
            }
            Some(c) => {
                let row = area.entry(c).or_default();
                (&mut row.decided, &mut row.extended)
            }
        };
        *decided += f.decided;
        *extended += f.extended;
    }
    Ok((cells, area_frames))
}

/// Add the outcome to the cells; investment lines without an område come
/// back as the unclassified row. One sum over the total row's query, grouped:
/// each row's drill narrows that query to its group.
fn add_outcome(store: &Store, t: &Table, cells: &mut Cells) -> Result<Option<FrameRow>> {
    let mut unclassified: Option<FrameRow> = None;
    for s in store.sums(&t.drill(None, None), &[GroupBy::Area, GroupBy::Category, GroupBy::DecisionYear])? {
        let target = match &s.area {
            Some(a) => cells.entry(a.clone()).or_default().entry(s.category_label()).or_default(),
            None => unclassified.get_or_insert_with(FrameRow::default),
        };
        // as the drill's decision "before"; "year" is the rest
        if s.decision_year.is_some_and(|d| d < t.year) {
            target.outcome_before += s.amount;
        } else {
            target.outcome_year += s.amount;
        }
        target.lines += s.lines;
    }
    Ok(unclassified)
}

/// One område's row with its kategori rows under it.
fn area_block(
    t: &mut Table,
    area: &str,
    cats: BTreeMap<String, FrameRow>,
    frame: Option<&(Amount, Amount)>,
) -> AreaBlock {
    let mut cats: Vec<(String, FrameRow)> = cats.into_iter().collect();
    cats.sort_by_key(|(c, _)| cat_rank(c));
    let key = format!("{}/{area}", t.key_base);
    let mut row = FrameRow::default();
    let mut categories = Vec::new();
    for (cat, mut c) in cats {
        row.add(&c);
        t.finish(&mut c, format!("{key}/{cat}"), area, Some(&cat));
        if c.over_frame {
            t.over(area, Some(&cat), &c);
        }
        if cat == UNCLASSIFIED && c.lines > 0 {
            t.notices.push(Notice::NoCategory { area: area.to_string(), lines: c.lines });
        }
        categories.push(c);
    }
    // An area-level frame, when given, is the area's frame; category frames
    // are then detail under it.
    if let Some((d, e)) = frame {
        row.decided = *d;
        row.extended = *e;
    }
    t.finish(&mut row, key, area, None);
    if row.over_frame {
        t.over(area, None, &row);
    }
    AreaBlock { row, categories }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryCell {
    pub year: i32,
    pub amount: Amount,
    pub lines: u64,
    pub drill: LineQuery,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryYears {
    pub category: String,
    pub cells: Vec<CategoryCell>,
    pub total: Amount,
}

/// Outcome per kategori per year for one område (the multi-year table).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryReport {
    pub area: String,
    pub years: Vec<i32>,
    pub rows: Vec<CategoryYears>,
    pub total: CategoryYears,
}

pub fn category_report(store: &Store, area: &str, from: i32, to: i32) -> Result<CategoryReport> {
    if from > to || to - from > 50 {
        return Err(Error::invalid("years", format!("ogiltigt årsintervall {from}..{to}")));
    }
    let area = crate::classify::normalize_area(area)
        .ok_or_else(|| Error::invalid("area", format!("okänt område '{area}' (IT eller MT)")))?;
    let years: Vec<i32> = (from..=to).rev().collect();
    let query = |y: i32, cat: Option<&str>| LineQuery {
        year: Some(y),
        area: Some(area.clone()),
        category: cat.map(str::to_string),
        ..Default::default()
    };
    let cell = |cat: Option<&str>, y: i32, v: (Amount, u64)| CategoryCell {
        year: y,
        amount: v.0,
        lines: v.1,
        drill: query(y, cat),
    };
    // each year's total, grouped by kategori: a cell's drill narrows it
    let mut by_cat: BTreeMap<String, BTreeMap<i32, (Amount, u64)>> = BTreeMap::new();
    for y in from..=to {
        for s in store.sums(&query(y, None), &[GroupBy::Category])? {
            by_cat.entry(s.category_label()).or_default().insert(y, (s.amount, s.lines));
        }
    }
    let mut cats: Vec<String> = by_cat.keys().cloned().collect();
    cats.sort_by_key(|c| cat_rank(c));
    let mut totals: BTreeMap<i32, (Amount, u64)> = BTreeMap::new();
    let mut out_rows = Vec::new();
    for cat in cats {
        let m = &by_cat[&cat];
        let cells: Vec<CategoryCell> = years
            .iter()
            .map(|y| {
                let v = m.get(y).copied().unwrap_or((Amount::ZERO, 0));
                let t = totals.entry(*y).or_insert((Amount::ZERO, 0));
                t.0 += v.0;
                t.1 += v.1;
                cell(Some(&cat), *y, v)
            })
            .collect();
        let total = cells.iter().map(|c| c.amount).sum();
        out_rows.push(CategoryYears { category: cat, cells, total });
    }
    let cells: Vec<CategoryCell> =
        years.iter().map(|y| cell(None, *y, totals.get(y).copied().unwrap_or((Amount::ZERO, 0)))).collect();
    let total = CategoryYears { category: "Totalt".into(), total: cells.iter().map(|c| c.amount).sum(), cells };
    Ok(CategoryReport { area, years, rows: out_rows, total })
}

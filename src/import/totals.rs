//! Total and subtotal rows ("Summa", "Summa 1225", "Totalt"): recognised,
//! checked against the lines above them, and not imported. A ledger's
//! subtotal that names a code is checked against that code's lines
//! (`subtotals`); any other total row against the lines since the previous
//! one, or all lines above it.

use super::cells::RowCtx;
use super::header::Field;
use super::source::Cell;
use super::subtotals::Subtotals;
use super::Kind;
use crate::money::{self, Amount};

impl RowCtx<'_> {
    /// "Summa", "Totalt", "Total", "Delsumma" in a text cell of a row that
    /// has no period/year of its own.
    pub(super) fn is_total_row(&self, kind: Kind) -> bool {
        let key_fields: &[Field] = match kind {
            Kind::Ledger | Kind::Staff => &[Field::Period, Field::Date],
            Kind::Frames => &[Field::Ar],
            Kind::Budget => &[Field::Kostnadsslag],
            Kind::Assets => &[Field::Aktivering],
            Kind::Orders => &[Field::Bestallningsdatum],
        };
        // the key columns first: on an ordinary line they settle it at once
        key_fields.iter().all(|f| match self.cell(*f) {
            Some((_, c)) => c.is_empty() || matches!(c, Cell::Text(s) if is_total_word(s)),
            None => true,
        }) && self.cells.iter().any(|c| match c {
            Cell::Text(s) => is_total_word(s),
            _ => false,
        })
    }
}

/// The total row's text ("Summa 1225") and what follows its total word
/// ("1225"), when something does.
fn total_text<'c>(ctx: &RowCtx<'c>) -> Option<(&'c str, &'c str)> {
    let text = ctx.cells.iter().find_map(|c| match c {
        Cell::Text(s) if is_total_word(s) => Some(s.trim()),
        _ => None,
    })?;
    let key = text.split_once(|c: char| c.is_whitespace() || c == ':')?.1.trim_start_matches([':', ' ']).trim();
    (!key.is_empty()).then_some((text, key))
}

#[inline]
fn is_total_word(s: &str) -> bool {
    // cheapest rejection first: this runs for every text cell of every row
    match s.as_bytes().first() {
        None => return false,
        Some(b) if b.is_ascii_alphanumeric() && !matches!(b, b's' | b'S' | b't' | b'T' | b'd' | b'D') => return false,
        _ => {}
    }
    let first = s.trim_start().split(|c: char| c.is_whitespace() || c == ':').next().unwrap_or("");
    if !(5..=10).contains(&first.len()) || !matches!(first.as_bytes()[0], b's' | b'S' | b't' | b'T' | b'd' | b'D') {
        return false;
    }
    matches!(first.to_lowercase().as_str(), "summa" | "totalt" | "total" | "delsumma" | "totalsumma" | "slutsumma")
}

/// Tracks total rows: each is checked against the lines since the previous
/// total row, or else against all lines above it.
#[derive(Default)]
pub(super) struct Totals {
    /// Every line's amount: the batch's control sum.
    pub(super) all: Amount,
    since_last: Amount,
    /// Total rows seen (each matched, or the import failed).
    pub(super) checked: u32,
    /// The last total row that stated the sum of all lines above it.
    pub(super) last_total: Option<Amount>,
    /// A ledger's lines per code, for subtotals that name one.
    pub(super) keyed: Subtotals,
}

impl Totals {
    /// A total row: the amount it states must match the lines above it; the
    /// error names the cell. Frames have no total rows to check.
    pub(super) fn check_row(&mut self, ctx: &mut RowCtx<'_>, kind: Kind) {
        // the column a total row states, and what the lines add up in it
        let (field, unit) = match kind {
            Kind::Ledger if ctx.m.debet_kredit() => (Field::Debet, "kr"),
            Kind::Ledger => (Field::Belopp, "kr"),
            Kind::Budget => (Field::Budget, "kr"),
            Kind::Staff => (Field::Arbetade, "timmar"),
            Kind::Assets => (Field::Anskaffningsvarde, "kr"),
            Kind::Orders => (Field::Belopp, "kr"),
            Kind::Frames => return,
        };
        let stated = if kind == Kind::Ledger { ctx.ledger_amount(false) } else { ctx.amount(field, false) };
        let Some(stated) = stated else { return };
        let res = match (kind, total_text(ctx)) {
            (Kind::Ledger, Some((label, key))) => match self.keyed.close(key) {
                Some(lines) => self.subtotal_row(label, stated, lines),
                None => self.total_row(stated, unit),
            },
            _ => self.total_row(stated, unit),
        };
        if let Err(msg) = res {
            let col = ctx.m.col(field).unwrap_or(0);
            ctx.err(col, msg);
        }
    }
    /// "Summa 1225": the lines it closes must add up to what it states.
    fn subtotal_row(&mut self, label: &str, stated: Amount, lines: Amount) -> std::result::Result<(), String> {
        self.checked += 1;
        if stated == lines {
            return Ok(());
        }
        Err(format!(
            "{label}: {} kr i filen, raderna ovan ger {} kr",
            money::format_sv(stated, money::Unit::Kr),
            money::format_sv(lines, money::Unit::Kr)
        ))
    }
    #[inline]
    pub(super) fn line(&mut self, a: Amount) {
        self.all += a;
        self.since_last += a;
    }
    fn total_row(&mut self, stated: Amount, unit: &str) -> std::result::Result<(), String> {
        self.checked += 1;
        let ok = stated == self.since_last || stated == self.all;
        self.since_last = Amount::ZERO;
        if stated == self.all {
            self.last_total = Some(stated);
        }
        if ok {
            Ok(())
        } else {
            Err(format!(
                "summaraden anger {} {unit} men raderna ovanför summerar till {} {unit} (skillnad {} {unit})",
                money::format_sv(stated, money::Unit::Kr),
                money::format_sv(self.all, money::Unit::Kr),
                money::format_sv(stated - self.all, money::Unit::Kr),
            ))
        }
    }
}

//! The year of a sheet whose periods give only the month ("P03", "03",
//! "mars"): from the import's options, else the report header above the
//! table ("Period: 201801 - 201812", "Räkenskapsår 2018"), else the sheet
//! name ("Huvudbok 2018"), else the file name (`huvudbok_2018_unit4.xlsx`).
//! A year column on the row itself wins over all of these (`RowCtx::period`).

use super::header;
use super::source::Cell;
use crate::period;

/// Where a month-only period finds its year.
#[derive(Debug, Clone, Default)]
pub(super) struct YearHint {
    /// The periods a month falls in: a year, or the report header's span.
    span: Option<(u32, u32)>,
    /// Where the year was found, for the preview ("rapporthuvudet rad 3").
    pub(super) from: Option<String>,
    /// Where it was looked for, for the error when it is not found.
    looked: Vec<String>,
}

/// Report header labels that carry the sheet's periods or year.
const PERIOD_LABELS: [&str; 5] = ["period", "räkenskapsår", "bokföringsår", "år", "redovisningsperiod"];

impl YearHint {
    /// Look for the year, in order: `year` (the user's), the rows above the
    /// header, the sheet name, the file name.
    pub(super) fn find(year: Option<i32>, rows_above: &[(u32, Vec<Cell>)], sheet: &str, file_name: &str) -> YearHint {
        let mut hint = YearHint::default();
        if let Some(y) = year {
            return hint.found(year_span(y), "året angivet vid importen".into());
        }
        hint.looked.push("rapporthuvudet ovanför rubrikraden".into());
        if let Some((r, span)) = rows_above.iter().find_map(|(r, cells)| header_span(cells).map(|s| (*r, s))) {
            return hint.found(Some(span), format!("rapporthuvudet (rad {})", r + 1));
        }
        hint.looked.push(format!("bladnamnet \"{sheet}\""));
        if let Some(y) = period::year_in_name(sheet) {
            return hint.found(year_span(y), format!("bladnamnet \"{sheet}\""));
        }
        let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
        hint.looked.push(format!("filnamnet \"{file_name}\""));
        if let Some(y) = period::year_in_name(stem) {
            return hint.found(year_span(y), format!("filnamnet \"{file_name}\""));
        }
        hint
    }

    fn found(mut self, span: Option<(u32, u32)>, from: String) -> YearHint {
        self.span = span;
        self.from = span.map(|_| from);
        self
    }

    /// The period of `month` within the span: 3 in "201707 - 201806" is 201803.
    pub(super) fn period_of(&self, month: u32) -> Option<u32> {
        let (from, to) = self.span?;
        let (y0, y1) = (period::year_of(from), period::year_of(to));
        // more than a year: which March is meant is a guess
        if y1 > y0 + 1 || (y1 == y0 + 1 && period::month_of(to) >= period::month_of(from)) {
            return None;
        }
        [y0, y1].iter().filter_map(|y| period::make(*y, month)).find(|p| (from..=to).contains(p))
    }

    /// "… anger bara månaden och inget år hittades (letade i …)".
    pub(super) fn missing(&self, shown: &str) -> String {
        let mut places = vec!["kolumnen År".to_string()];
        places.extend(self.looked.iter().cloned());
        let span = match self.span {
            Some((a, b)) => format!("; rapporthuvudets {a}–{b} är mer än ett år"),
            None => String::new(),
        };
        format!(
            "Period: \"{shown}\" anger bara månaden och inget år hittades (letade i {}{span}); lägg till en kolumn År \
             eller ange året vid importen (--year)",
            places.join(", ")
        )
    }
}

fn year_span(y: i32) -> Option<(u32, u32)> {
    Some((period::make(y, 1)?, period::make(y, 12)?))
}

/// "Period: 201801 - 201812" (in one cell or several) → its span.
fn header_span(cells: &[Cell]) -> Option<(u32, u32)> {
    let text = cells.iter().map(Cell::display).collect::<Vec<_>>().join(" ");
    let label = text.split(|c: char| c == ':' || c.is_ascii_digit()).next()?;
    PERIOD_LABELS.contains(&header::normalize(label).as_str()).then(|| period::span_in_text(&text))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn rows(texts: &[&[&str]]) -> Vec<(u32, Vec<Cell>)> {
        texts.iter().enumerate().map(|(i, r)| (i as u32, r.iter().map(|s| t(s)).collect())).collect()
    }

    #[test]
    fn year_from_the_report_header() {
        let above = rows(&[&["Rapport: Huvudbok"], &["Urval: Konto 1221-1225"], &["Period: 201801 - 201812"]]);
        let h = YearHint::find(None, &above, "Blad1", "export.xlsx");
        assert_eq!(h.period_of(3), Some(201803));
        assert_eq!(h.from.as_deref(), Some("rapporthuvudet (rad 3)"));
        // label and value in cells of their own
        let above = vec![(0, vec![t("Period:"), Cell::Int(201801), t("-"), Cell::Int(201812)])];
        assert_eq!(YearHint::find(None, &above, "Blad1", "x.csv").period_of(12), Some(201812));
        let above = rows(&[&["Räkenskapsår 2018"]]);
        assert_eq!(YearHint::find(None, &above, "Blad1", "x.csv").period_of(1), Some(201801));
        // a broken financial year: each month falls in its own year
        let above = rows(&[&["Period: 2017-07 -- 2018-06"]]);
        let h = YearHint::find(None, &above, "Blad1", "x.csv");
        assert_eq!((h.period_of(9), h.period_of(3)), (Some(201709), Some(201803)));
    }

    #[test]
    fn year_from_options_sheet_or_file_name() {
        let above = rows(&[&["Period: 201701 - 201712"]]);
        assert_eq!(YearHint::find(Some(2018), &above, "Huvudbok 2016", "x.csv").period_of(3), Some(201803));
        let h = YearHint::find(None, &[], "Huvudbok 2016", "huvudbok_2015.csv");
        assert_eq!((h.period_of(3), h.from.as_deref()), (Some(201603), Some("bladnamnet \"Huvudbok 2016\"")));
        let h = YearHint::find(None, &[], "Blad1", "huvudbok_2018_unit4.xlsx");
        assert_eq!(h.period_of(3), Some(201803));
    }

    #[test]
    fn no_year_says_where_it_looked() {
        let above = rows(&[&["Rapport: Huvudbok"], &["Användare: anna"]]);
        let h = YearHint::find(None, &above, "Blad1", "export.csv");
        assert_eq!(h.period_of(3), None);
        assert_eq!(
            h.missing("P03"),
            "Period: \"P03\" anger bara månaden och inget år hittades (letade i kolumnen År, rapporthuvudet ovanför \
             rubrikraden, bladnamnet \"Blad1\", filnamnet \"export.csv\"); lägg till en kolumn År eller ange året vid \
             importen (--year)"
        );
        // a span of several years does not say which March
        let h = YearHint::find(None, &rows(&[&["Period: 201401 - 201812"]]), "Blad1", "x.csv");
        assert_eq!(h.period_of(3), None);
        assert!(h.missing("03").contains("201401–201812 är mer än ett år"), "{}", h.missing("03"));
    }
}

//! Header, amount, period and date problems, in CSV and xlsx.

use super::csv::*;
use super::workbook::*;
use super::{Entry, GOOD_LINES};
use ramkoll::Result;

/// No header, only a header, duplicate or missing columns, merged cells.
pub(super) fn header_problems(out: &mut Vec<Entry>) -> Result<()> {
    out.push(("no_header.csv", csv(&good_rows()).into_bytes()));
    out.push(("only_header.csv", csv(&[header_row()]).into_bytes()));
    out.push(("duplicate_headers.csv", {
        let mut rows = vec![["Period", "Konto", "Belopp", "Text", "Belopp"].iter().map(|s| s.to_string()).collect()];
        for mut r in good_rows() {
            r[2] = "999,00".into();
            rows.push(r);
        }
        csv(&rows).into_bytes()
    }));
    out.push(("missing_amount_column.csv", {
        let rows: Vec<Vec<String>> = std::iter::once(header_row())
            .chain(good_rows())
            .map(|mut r| {
                r.truncate(4);
                r
            })
            .collect();
        csv(&rows).into_bytes()
    }));
    out.push(("header_below_scan.csv", {
        let mut rows: Vec<Vec<String>> = (0..45).map(|i| vec![format!("Rapportrad {i}")]).collect();
        rows.push(header_row());
        rows.extend(good_rows());
        csv(&rows).into_bytes()
    }));
    out.push(("merged_header.xlsx", {
        let mut rows = vec![vec![s("Huvudbok Länsteknik 2018")], vec![]];
        rows.extend(std_rows());
        let mut sh = sheet("Huvudbok", &rows);
        sh.after = r#"<mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="A2:E2"/></mergeCells>"#.into();
        xlsx(&[sh])?
    }));
    out.push(("merged_amount_header.xlsx", {
        // "Belopp" spans E:F (merged); the amounts are in E
        let mut rows = std_rows();
        rows[0].push(C::Styled);
        let mut sh = sheet("Huvudbok", &rows);
        sh.after = r#"<mergeCells count="1"><mergeCell ref="E1:F1"/></mergeCells>"#.into();
        xlsx(&[sh])?
    }));
    Ok(())
}

/// Amounts as text, errors, too many decimals, float noise, formulas.
pub(super) fn amounts(out: &mut Vec<Entry>) -> Result<()> {
    out.push(("amount_text_ca.csv", csv_with(1, 4, "ca 1200")));
    out.push(("amount_text_na.csv", csv_with(0, 4, "#N/A")));
    out.push(("amount_error_na.xlsx", xlsx_with(1, 4, C::E("#N/A"))?));
    out.push(("amount_error_ref.xlsx", xlsx_with(2, 4, C::E("#REF!"))?));
    out.push(("amount_three_decimals.csv", csv_with(0, 4, "1000,125")));
    out.push(("amount_three_decimals.xlsx", xlsx_with(0, 4, n("1000.125"))?));
    out.push(("amount_float_noise.xlsx", xlsx_with(1, 4, n("250.50000000000003"))?));
    out.push(("amount_too_large.csv", csv_with(2, 4, "99999999999999999999")));
    out.push(("amount_empty.csv", csv_with(1, 4, "")));
    out.push(("amount_formats.csv", {
        // NBSP thousands, U+2212 minus, parentheses, "kr": same figures as GOOD_LINES
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][4] = "1\u{a0}000,00 kr".into();
        rows[2][4] = "250.50".into();
        rows[3][4] = "(50,25)".into();
        csv(&rows).into_bytes()
    }));
    out.push(("formula_no_cached_value.xlsx", xlsx_with(1, 4, C::F("SUM(200,50.5)", None))?));
    out.push(("formula_cached_value.xlsx", xlsx_with(1, 4, C::F("SUM(200,50.5)", Some("250.5".into())))?));
    Ok(())
}

/// Impossible periods, text periods, serial dates in both date systems.
pub(super) fn periods_and_dates(out: &mut Vec<Entry>) -> Result<()> {
    out.push(("period_201813.csv", csv_with(1, 0, "201813")));
    out.push(("period_201800.xlsx", xlsx_with(2, 0, n(201800))?));
    out.push(("period_text_forms.csv", {
        let mut rows = vec![header_row()];
        rows.extend(good_rows());
        rows[1][0] = "mars 2018".into();
        rows[2][0] = "2018-04".into();
        rows[3][0] = "05/2018".into();
        csv(&rows).into_bytes()
    }));
    out.push(("dates_serial_1900.xlsx", {
        // no Period column: the period comes from an (unstyled) serial date
        let mut rows = vec![vec![s("Bokföringsdatum"), s("Konto"), s("Projekt"), s("Text"), s("Belopp")]];
        for ((_, k, pr, t, ore), serial) in GOOD_LINES.iter().zip([43175, 43205, 43235]) {
            rows.push(vec![n(serial), s(k), s(pr), s(t), n(kr_dot(*ore))]);
        }
        xlsx(&[sheet("Huvudbok", &rows)])?
    }));
    out.push(("dates_1904_system.xlsx", {
        // date-styled serials in the 1904 system: 41713 = 2018-03-15
        let mut rows = vec![vec![s("Bokföringsdatum"), s("Konto"), s("Projekt"), s("Text"), s("Belopp")]];
        for ((_, k, pr, t, ore), serial) in GOOD_LINES.iter().zip([41713, 41743, 41773]) {
            rows.push(vec![C::D(serial.to_string()), s(k), s(pr), s(t), n(kr_dot(*ore))]);
        }
        xlsx_opts(&[sheet("Huvudbok", &rows)], &[], true)?
    }));
    Ok(())
}

//! SIE 4 files: the catalogue's good lines written by the fixture writer
//! ([`crate::fixtures::sie`]), once under another name and four times
//! broken the way a hand-edited or truncated export is.

use super::{Entry, GOOD_LINES};
use crate::fixtures::sie::{write, FixtureLine, Options};
use chrono::NaiveDate;
use ramkoll::import::sie::encode_cp437_into;
use ramkoll::money::Amount;
use ramkoll::Result;

/// [`GOOD_LINES`] as SIE lines, booked mid-month, on ansvar 51200.
fn lines() -> Vec<FixtureLine> {
    GOOD_LINES
        .iter()
        .map(|(period, konto, projekt, text, ore)| FixtureLine {
            period: *period,
            date: NaiveDate::from_ymd_opt((*period / 100) as i32, *period % 100, 14).unwrap_or_default(),
            konto: konto.to_string(),
            ansvar: "51200".into(),
            projekt: projekt.to_string(),
            text: text.to_string(),
            amount: Amount(*ore),
        })
        .collect()
}

fn sie(ksumma: bool) -> Result<Vec<u8>> {
    write(&lines(), &Options { seed: 12, ksumma, ..Options::default() }).map_err(ramkoll::Error::internal)
}

/// The good lines as a plain SIE text, one voucher each, no `#KSUMMA`: the
/// base of the broken files, so each break is one visible edit.
fn plain() -> String {
    let mut t = String::from(
        "#FLAGGA 0\r\n#PROGRAM \"Ekonomisystem\" 7.1\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#RAR 0 20180101 20181231\r\n\
         #KONTO 1221 \"Nätverk och växlar\"\r\n#KONTO 1222 \"Datorer, skrivare och övrig IT\"\r\n\
         #KONTO 2440 \"Leverantörsskulder\"\r\n#DIM 6 \"Projekt\"\r\n#OBJEKT 6 \"IT-NAT-2018-01\" \"Nätverk länet\"\r\n",
    );
    for (i, l) in lines().iter().enumerate() {
        let (day, amount) = (l.date.format("%Y%m%d"), l.amount);
        t.push_str(&format!("#VER A {} {day} \"{}\"\r\n{{\r\n", i + 1, l.text));
        t.push_str(&format!("   #TRANS {} {{6 \"{}\"}} {amount}\r\n", l.konto, l.projekt));
        t.push_str(&format!("   #TRANS 2440 {{}} {}\r\n}}\r\n", -amount));
    }
    t
}

fn cp437(text: &str) -> Vec<u8> {
    let mut b = Vec::new();
    encode_cp437_into(text, &mut b);
    b
}

/// `text` with its first `from` replaced; the edit must apply.
fn edit(text: &str, from: &str, to: &str) -> Result<Vec<u8>> {
    if !text.contains(from) {
        return Err(ramkoll::Error::internal(format!("\"{from}\" finns inte i SIE-texten")));
    }
    Ok(cp437(&text.replacen(from, to, 1)))
}

pub(super) fn sie_files(out: &mut Vec<Entry>) -> Result<()> {
    // an SIE export saved as .csv: the bytes say SIE
    let good = sie(true)?;
    out.push(("sie_named.csv", good.clone()));
    // the first object list lost its closing brace (line 13)
    out.push(("sie_broken_brace.se", edit(&plain(), "\"IT-NAT-2018-01\"} 1000.00", "\"IT-NAT-2018-01\" 1000.00")?));
    // a voucher text edited by hand after the export: #KSUMMA no longer matches
    let (at, len) = match good.windows(8).position(|w| w == b"Danderyd") {
        Some(at) => (at, 8),
        None => return Err(ramkoll::Error::internal("\"Danderyd\" finns inte i SIE-filen")),
    };
    out.push(("sie_ksumma_mismatch.se", [&good[..at], b"Danderud", &good[at + len..]].concat()));
    // a row pasted above the first voucher (line 11)
    out.push(("sie_trans_outside_ver.se", edit(&plain(), "#VER A 1", "#TRANS 1222 {} 100.00\r\n#VER A 1")?));
    // an amount with a thousands separator and a decimal comma (line 18)
    out.push(("sie_bad_amount.se", edit(&plain(), "} 250.50", "} \"2 505,00\"")?));
    Ok(())
}

//! The reader on whole files: each record form, character sets, the counting
//! rules of #RTRANS/#BTRANS and #PSALDO, every error with its exact text,
//! and a write → parse round trip through the seeded fixture writer.

use super::checksum::Crc32;
use super::encoding::encode_cp437_into;
use super::testdata::{self, FixtureLine, Options};
use super::*;
use crate::money::Amount;
use chrono::NaiveDate;
use std::path::Path;

fn cp437(text: &str) -> Vec<u8> {
    let mut b = Vec::new();
    encode_cp437_into(text, &mut b);
    b
}

fn sie(text: &str) -> SieFile {
    match parse(&cp437(text), Path::new("/tmp/in/test.se")) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

/// The error's text as the user sees it.
fn error(text: &str) -> String {
    match parse(&cp437(text), Path::new("/tmp/in/test.se")) {
        Ok(_) => panic!("parsed without error:\n{text}"),
        Err(e) => {
            assert!(matches!(e, Error::Input(_)), "{e:?}");
            assert_eq!(e.exit_code(), 2);
            e.to_string()
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn obj(dim: u32, code: &str) -> ObjectRef {
    ObjectRef { dim, code: code.into() }
}

const FULL: &str = r#"#FLAGGA 0
#PROGRAM "Raindance Ekonomi" 2018.2
#FORMAT PC8
#GEN 20190110 CGI
#SIETYP 4
#FNAMN "Region Norrbotten"
#ORGNR 232100-0230
#ADRESS "Ekonomi" "Box 1" "971 00 Luleå" "0920-28 40 00"
#RAR 0 20180101 20181231
#RAR -1 20170101 20171231
#KONTO 1221 "Inventarier IT"
#KONTO 2440 "Leverantörsskulder"
#KTYP 1221 T
#SRU 1221 7215
#DIM 1 "Ansvar"
#UNDERDIM 2 "Kostnadsbärare" 1
#DIM 6 "Projekt"
#DIM 20 "Verksamhet"
#DIM 21 "Motpart"
#OBJEKT 1 "51200" "IT-avdelningen"
#OBJEKT 6 "IT-NAT-2018-03" "Nätverk Piteå"
#OBJEKT 21 "00" "Externa motparter"
#IB 0 1221 1000000.00
#UB 0 1221 1234567.89 12
#RES 0 3011 -23780.78
#OIB 0 1221 {1 "51200"} 1000000
#OUB 0 1221 {1 "51200"} 1234567.89
#PSALDO 0 201803 1221 {} 234567.89
#PSALDO 0 201803 1221 {1 "51200"} 234567.89
#PBUDGET 0 201803 1221 {} 250000
#FRAMTIDA "okänd post" 1 2 3

#VER A 17 20180314 "Switchar Piteå" 20180315 anna
{
   #TRANS 1221 {1 "51200" 6 "IT-NAT-2018-03" 20 "7110" 21 "00" 7 "4711"} 234567.89 20180313 "Switchar" 1 anna
   #TRANS 2440 {} -234567.89
   #FRAMTIDA 1
}
"#;

#[test]
fn reads_every_record_form() {
    let f = sie(FULL);
    assert_eq!(f.encoding, TextEncoding::Cp437);
    assert_eq!(f.flag.as_deref(), Some("0"));
    assert_eq!(f.program.as_deref(), Some("Raindance Ekonomi 2018.2"));
    assert_eq!(f.format.as_deref(), Some("PC8"));
    assert_eq!(f.generated, Some(date(2019, 1, 10)));
    assert_eq!(f.sie_type.as_deref(), Some("4"));
    assert_eq!(f.company.as_deref(), Some("Region Norrbotten"));
    assert_eq!(f.orgnr.as_deref(), Some("232100-0230"));
    assert_eq!(
        f.years,
        vec![
            FinancialYear { index: 0, start: date(2018, 1, 1), end: date(2018, 12, 31) },
            FinancialYear { index: -1, start: date(2017, 1, 1), end: date(2017, 12, 31) },
        ]
    );
    assert_eq!(f.year(-1).map(|y| y.start), Some(date(2017, 1, 1)));
    assert_eq!(f.accounts.get("2440").map(String::as_str), Some("Leverantörsskulder"));
    assert_eq!(f.account_types.get("1221").map(String::as_str), Some("T"));
    assert_eq!(f.dimensions[&2], Dimension { number: 2, name: "Kostnadsbärare".into(), parent: Some(1) });
    assert_eq!(f.objects[&(6, "IT-NAT-2018-03".to_string())], "Nätverk Piteå");

    let kinds: Vec<(BalanceKind, i64)> = f.balances.iter().map(|b| (b.kind, b.amount.ore())).collect();
    assert_eq!(
        kinds,
        vec![
            (BalanceKind::Ib, 100_000_000),
            (BalanceKind::Ub, 123_456_789),
            (BalanceKind::Res, -2_378_078),
            (BalanceKind::Oib, 100_000_000),
            (BalanceKind::Oub, 123_456_789),
        ]
    );
    assert_eq!(f.balances[1].quantity, Some(12.into()));
    assert_eq!(f.balances[3].objects, vec![obj(1, "51200")]);
    assert_eq!(f.period_balances.len(), 2);
    assert_eq!(f.period_balances[1].line, 28);
    assert_eq!(
        f.period_budgets,
        vec![PeriodRow {
            year_index: 0,
            period: 201803,
            konto: "1221".into(),
            objects: vec![],
            amount: Amount(25_000_000),
            quantity: None,
            line: 29,
        }]
    );

    assert_eq!(f.vouchers.len(), 1);
    let v = &f.vouchers[0];
    assert_eq!((v.series.as_str(), v.number.as_str(), v.id()), ("A", "17", "A 17".to_string()));
    assert_eq!(
        (v.date, v.reg_date, v.text.as_str(), v.sign.as_str()),
        (date(2018, 3, 14), Some(date(2018, 3, 15)), "Switchar Piteå", "anna")
    );
    assert_eq!(v.line, 32);
    let t = &v.transactions[0];
    assert_eq!(t.konto, "1221");
    assert_eq!(t.objects.len(), 5);
    assert_eq!(t.amount, Amount(23_456_789));
    assert_eq!(
        (t.date, t.text.as_str(), t.quantity, t.sign.as_str()),
        (Some(date(2018, 3, 13)), "Switchar", Some(1.into()), "anna")
    );
    assert_eq!(t.line, 34);
    assert_eq!(v.transactions.len(), 2);
    assert_eq!(f.checksum, None);
}

#[test]
fn vouchers_flatten_to_ledger_lines() {
    let f = sie(FULL);
    let lines = f.lines();
    assert_eq!(lines.len(), 2);
    let l = &lines[0];
    assert_eq!((l.period, l.date, l.konto.as_str()), (201803, date(2018, 3, 13), "1221"));
    assert_eq!(
        (l.ansvar.as_str(), l.projekt.as_str(), l.verksamhet.as_str(), l.motpart.as_str()),
        ("51200", "IT-NAT-2018-03", "7110", "00")
    );
    assert_eq!((l.verifikation.as_str(), l.text.as_str(), l.amount), ("A 17", "Switchar", Amount(23_456_789)));
    assert_eq!(l.other_objects, vec![obj(7, "4711")]);
    assert_eq!(l.line, 34);
    // No transdat, no text: the voucher's.
    assert_eq!((lines[1].date, lines[1].text.as_str()), (date(2018, 3, 14), "Switchar Piteå"));
    assert_eq!(f.control_sum(), Amount::ZERO);
    assert!(f.unbalanced_vouchers().is_empty());
}

#[test]
fn dimensions_map_to_ledger_fields() {
    let f = sie(FULL);
    let m = f.field_map();
    assert_eq!(m.get(&1), Some(&LedgerField::Ansvar));
    assert_eq!(m.get(&2), None);
    assert_eq!(m.get(&6), Some(&LedgerField::Projekt));
    assert_eq!(m.get(&20), Some(&LedgerField::Verksamhet));
    assert_eq!(m.get(&21), Some(&LedgerField::Motpart));
    assert_eq!(m.get(&7), None);

    // Reserved numbers hold undeclared; a name says more than a number.
    let undeclared = sie("#FLAGGA 0\n");
    assert_eq!(
        undeclared.field_map().into_iter().collect::<Vec<_>>(),
        vec![(1, LedgerField::Ansvar), (6, LedgerField::Projekt)]
    );
    let renamed = sie("#DIM 1 \"Verksamhet\"\n#DIM 30 \"Kostnadsställe\"\n");
    assert_eq!(
        renamed.field_map().into_iter().collect::<Vec<_>>(),
        vec![(1, LedgerField::Verksamhet), (6, LedgerField::Projekt), (30, LedgerField::Ansvar)]
    );

    let names = f.code_names();
    assert!(names.contains(&CodeName { field: "konto", code: "1221".into(), name: "Inventarier IT".into() }));
    assert!(names.contains(&CodeName {
        field: "projekt",
        code: "IT-NAT-2018-03".into(),
        name: "Nätverk Piteå".into()
    }));
    assert!(names.contains(&CodeName { field: "motpart", code: "00".into(), name: "Externa motparter".into() }));
}

#[test]
fn cp437_swedish_letters() {
    let mut bytes =
        b"#FLAGGA 0\r\n#FNAMN \"R\x84ksm\x94rg\x86rden \x8F\x8E\x99\"\r\n#KONTO 2440 \"Leverant\x94rsskulder\"\r\n"
            .to_vec();
    bytes.extend_from_slice(b"#OBJEKT 1 \"51200\" \"\x8Frsta \x8Engen \x99vre\"\r\n");
    let f = match parse(&bytes, Path::new("x.se")) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(f.encoding, TextEncoding::Cp437);
    assert_eq!(f.company.as_deref(), Some("Räksmörgården ÅÄÖ"));
    assert_eq!(f.accounts["2440"], "Leverantörsskulder");
    assert_eq!(f.objects[&(1, "51200".to_string())], "Årsta Ängen Övre");
}

#[test]
fn windows_1252_and_utf8_files_despite_format_pc8() {
    let w1252 = b"#FLAGGA 0\r\n#FORMAT PC8\r\n#KONTO 2440 \"Leverant\xF6rsskulder \xE5\xE4\"\r\n";
    let f = parse(w1252, Path::new("x.se")).map_err(|e| e.to_string());
    assert_eq!(f.as_ref().map(|f| f.encoding), Ok(TextEncoding::Windows1252));
    assert_eq!(f.map(|f| f.accounts["2440"].clone()), Ok("Leverantörsskulder åä".to_string()));
    let utf8 = "\u{feff}#FLAGGA 0\n#FORMAT PC8\n#KONTO 2440 \"Leverantörsskulder\"\n";
    let f = parse(utf8.as_bytes(), Path::new("x.se")).map_err(|e| e.to_string());
    assert_eq!(
        f.map(|f| (f.encoding, f.accounts["2440"].clone())),
        Ok((TextEncoding::Utf8, "Leverantörsskulder".to_string()))
    );
}

/// The example of SIE 4B #BTRANS: a struck row and an added one.
#[test]
fn rtrans_counts_once_and_btrans_not_at_all() {
    let f = sie("#FLAGGA 0\n#VER \"\" \"\" 20080101 \"Porto\"\n{\n#TRANS 1910 { } -1000.00\n#TRANS 2640 { } 200.00\n#BTRANS 6110 { } 800.00\n#RTRANS 6250 { } 800.00\n#TRANS 6250 { } 800.00\n}\n");
    let rows: Vec<(String, i64)> = f.lines().into_iter().map(|l| (l.konto, l.amount.ore())).collect();
    assert_eq!(rows, vec![("1910".into(), -100_000), ("2640".into(), 20_000), ("6250".into(), 80_000)]);
    assert_eq!(f.transaction_count(), 3);
    assert_eq!(f.control_sum(), Amount::ZERO);
    let kinds: Vec<TransKind> = f.vouchers[0].transactions.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, vec![TransKind::Normal, TransKind::Normal, TransKind::Removed, TransKind::Added]);
    assert_eq!(f.vouchers[0].id(), "");
}

#[test]
fn a_trans_after_rtrans_that_differs_counts_too() {
    let f = sie("#VER A 1 20180101\n{\n#RTRANS 1910 {} 200.00\n#TRANS 1910 {} 300.00\n#TRANS 1910 {} 200.00\n}\n");
    let amounts: Vec<i64> = f.lines().iter().map(|l| l.amount.ore()).collect();
    assert_eq!(amounts, vec![20_000, 30_000, 20_000]);
    assert_eq!(f.control_sum(), Amount(70_000));
    assert_eq!(f.unbalanced_vouchers().len(), 1);
}

#[test]
fn object_less_psaldo_is_the_account_total() {
    let f = sie("#DIM 1 \"Ansvar\"\n#DIM 6 \"Projekt\"\n\
        #PSALDO 0 201803 1221 {} 1000.00\n\
        #PSALDO 0 201803 1221 {1 \"51200\"} 600.00\n\
        #PSALDO 0 201803 1221 {1 \"51300\"} 300.00\n\
        #PSALDO 0 201803 1221 {6 \"IT-NAT-2018-03\"} 1000.00\n\
        #PSALDO 0 201803 1222 {} 50.00\n\
        #PSALDO 0 201804 1222 {6 \"IT-SRV-2018-01\"} 70.00\n\
        #PSALDO 0 201804 1222 {7 \"4711\"} 70.00\n\
        #PSALDO 0 201805 1222 {7 \"4711\"} 5.00\n");
    let got: Vec<(u32, String, String, String, i64)> =
        f.balance_lines().into_iter().map(|l| (l.period, l.konto, l.ansvar, l.projekt, l.amount.ore())).collect();
    let row = |p, k: &str, a: &str, pr: &str, ore| (p, k.to_string(), a.to_string(), pr.to_string(), ore);
    assert_eq!(
        got,
        vec![
            // Per ansvar (dimension 1 before 6), plus what ansvar leaves of the total.
            row(201803, "1221", "51200", "", 60_000),
            row(201803, "1221", "51300", "", 30_000),
            row(201803, "1221", "", "", 10_000),
            row(201803, "1222", "", "", 5_000),
            // No total: the mapped breakdown alone; the unmapped dimension 7 is not added.
            row(201804, "1222", "", "IT-SRV-2018-01", 7_000),
            // Only an unmapped dimension: still its amount, once.
            row(201805, "1222", "", "", 500),
        ]
    );
    let total: i64 = got.iter().map(|r| r.4).sum();
    assert_eq!(total, 100_000 + 5_000 + 7_000 + 500);
    assert_eq!(f.budget_lines(), vec![]);
}

#[test]
fn ksumma_is_checked() {
    let body = "#KONTO 1910 \"Kassa \\\"special\\\"\"\n#VER A 1 20180101 \"Lön\"\n{\n#TRANS 7010 {1 \"456\" 7 \"47\"} 13200.00\n#TRANS 1910 {} -13200.00\n}\n";
    let mut crc = Crc32::new();
    crc.update(&cp437("#KONTO1910Kassa \"special\"#VERA120180101Lön#TRANS70101456747132"));
    crc.update(b"00.00#TRANS1910-13200.00");
    let sum = crc.value();
    let good = format!("#FLAGGA 0\n#KSUMMA\n{body}#KSUMMA {sum}\n");
    assert_eq!(sie(&good).checksum, Some(sum));
    let bad = format!("#FLAGGA 0\n#KSUMMA\n{body}#KSUMMA {}\n", sum ^ 0x10);
    assert_eq!(
        error(&bad),
        format!("test.se, rad 9: kontrollsumman #KSUMMA stämmer inte: filen anger {}, beräknad {sum}", sum ^ 0x10)
    );
    // One changed character anywhere changes the sum.
    let tampered = good.replace("13200.00", "13200.01");
    assert!(error(&tampered).contains("kontrollsumman #KSUMMA stämmer inte"));
}

#[test]
fn errors_name_file_line_and_what_was_expected() {
    let cases: [(&str, &str); 14] = [
        (
            "#FLAGGA 0\n#VER A 1 20180101\n{\n#TRANS 1221 {1 \"51200\" 1234.50\n}\n",
            "test.se, rad 4: objektlistan saknar avslutande }",
        ),
        ("#FLAGGA 0\n#TRANS 1221 {} 100\n", "test.se, rad 2: #TRANS står utanför en verifikation (#VER följd av { … })"),
        (
            "#VER A 1 20180101\n{\n#TRANS 1221 {} 12,3x\n}\n",
            "test.se, rad 3: #TRANS: beloppet \"12,3x\" är inte ett tal (förväntade t.ex. -1234.50)",
        ),
        (
            "#VER A 1 20180101\n{\n#TRANS 1221 {} 1.005\n}\n",
            "test.se, rad 3: #TRANS: beloppet \"1.005\" har fler än två decimaler (delar av öre)",
        ),
        ("#FLAGGA 0\n#KONTO 1221 \"Inventarier\n", "test.se, rad 2: texten saknar avslutande citattecken (\")"),
        ("#FLAGGA 0\n\n#VER A 1 20180101\n{\n#TRANS 1221 {} 100\n", "test.se, rad 3: verifikationen (#VER) avslutas aldrig med }"),
        (
            "#VER A 1 20180101\n{\n#TRANS 1221 {} 100\n#VER A 2 20180102\n{\n}\n",
            "test.se, rad 1: verifikationen (#VER) avslutas aldrig med }",
        ),
        ("#VER A 1 20180101\n#TRANS 1221 {} 100\n", "test.se, rad 1: #VER ska följas av { på egen rad och sedan dess #TRANS-rader"),
        ("#FLAGGA 0\n}\n", "test.se, rad 2: } utan en öppnad verifikation (#VER)"),
        ("#FLAGGA 0\n{\n", "test.se, rad 2: { utan föregående #VER"),
        ("#VER A 1 20181301\n{\n}\n", "test.se, rad 1: #VER: verifikationsdatum \"20181301\" är inte ett datum ÅÅÅÅMMDD"),
        (
            "#FLAGGA 0\n#KSUMMA\n#KONTO 1910 Kassa\n",
            "test.se, rad 2: filen har en inledande #KSUMMA men ingen avslutande kontrollsumma (filen kan vara avkortad)",
        ),
        ("#FLAGGA 0\n#PSALDO 0 201813 1221 {} 5\n", "test.se, rad 2: #PSALDO: perioden \"201813\" är inte en period ÅÅÅÅMM"),
        (
            "#VER A 1 20180101\n{\n#TRANS 1221 {1 \"51200\" 6} 5\n}\n",
            "test.se, rad 3: #TRANS: objektlistan ska bestå av par av dimensionsnummer och objekt, fick {1 51200 6}",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(error(text), want, "{text}");
    }
    let empty = parse(b"\r\n\r\n", Path::new("/tmp/in/tom.se")).map_err(|e| (e.code(), e.to_string()));
    assert_eq!(
        empty.err(),
        Some(("file", "/tmp/in/tom.se: filen innehåller inga SIE-poster (#FLAGGA, #KONTO, #VER …)".into()))
    );
    assert_eq!(
        error("Konto;Belopp\n1221;5\n"),
        "test.se, rad 1: förväntade en post som börjar med # (t.ex. #TRANS), fick \"Konto;Belopp\""
    );
}

#[test]
fn value_errors_are_all_reported() {
    let e = error("#VER A 1 20180101\n{\n#TRANS 1221 {} x\n#TRANS 1222 {} 5 2018\n#TRANS {} 5\n}\n");
    assert_eq!(
        e,
        "test.se, rad 3: #TRANS: beloppet \"x\" är inte ett tal (förväntade t.ex. -1234.50)\n\
         test.se, rad 4: #TRANS: transaktionsdatum \"2018\" är inte ett datum ÅÅÅÅMMDD\n\
         test.se, rad 5: #TRANS saknar kontonummer"
    );
}

#[test]
fn lenient_where_real_exporters_differ() {
    // `{` on the #VER line, no object list at all, CRLF, trailing unknown fields.
    let f = sie(
        "#VER A 1 20180101 \"Porto\" {\r\n#TRANS 1910 -100.00 \"\" \"\" 0 x extra\r\n#TRANS 6250 {} 100\r\n}\r\n\u{1a}",
    );
    let got: Vec<(String, i64)> = f.lines().into_iter().map(|l| (l.konto, l.amount.ore())).collect();
    assert_eq!(got, vec![("1910".into(), -10_000), ("6250".into(), 10_000)]);
    assert!(looks_like_sie(b"\xEF\xBB\xBF\r\n#FLAGGA 0\r\n"));
    assert!(!looks_like_sie(b"Konto;Belopp\r\n"));
    assert!(!looks_like_sie(b"#Konto;Belopp\r\n"));
    assert!(
        has_sie_extension(Path::new("bok.SE"))
            && has_sie_extension(Path::new("a.si"))
            && has_sie_extension(Path::new("b.sie"))
    );
    assert!(!has_sie_extension(Path::new("b.csv")));
}

fn fixture_lines(seed: u64, n: usize) -> Vec<FixtureLine> {
    let mut x = seed;
    let mut next = move |m: u64| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    };
    let texts = ["Switchar Piteå", "Kreditnota Åre", "Röntgen \"akut\"", "", "Öppen faktura; del 2"];
    (0..n)
        .map(|i| {
            let y = 2017 + next(2) as i32;
            let m = 1 + next(12) as u32;
            let d = 1 + next(28) as u32;
            let konto = ["1221", "1222", "1225"][next(3) as usize];
            let ansvar = ["51200", "51300", "", "52310"][next(4) as usize];
            let projekt = if next(5) == 0 { String::new() } else { format!("IT-NAT-{y}-0{}", 1 + next(3)) };
            let ore = next(100_000_000) as i64 - 10_000_000;
            FixtureLine {
                period: y as u32 * 100 + m,
                date: date(y, m, d),
                konto: konto.into(),
                ansvar: ansvar.into(),
                projekt,
                text: format!("{} {i}", texts[next(5) as usize]).trim().to_string(),
                amount: Amount(ore),
            }
        })
        .collect()
}

#[test]
fn fixture_round_trip_gives_the_same_lines_and_sum() {
    for seed in [1, 7, 2018] {
        let input = fixture_lines(seed, 300);
        let opts = Options { seed, ..Options::default() };
        let bytes = match testdata::write(&input, &opts) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert!(bytes.contains(&0x86) || bytes.contains(&0x94), "CP437 letters are written");
        let has = |label: &[u8]| bytes.windows(label.len()).any(|w| w == label);
        assert!(has(b"#RTRANS") && has(b"#BTRANS") && has(b"#KSUMMA "), "seed {seed} exercises every row kind");
        let f = match parse(&bytes, Path::new("fixture.se")) {
            Ok(f) => f,
            Err(e) => panic!("seed {seed}: {e}"),
        };
        assert!(f.checksum.is_some());
        assert_eq!(f.encoding, TextEncoding::Cp437);
        let got: Vec<FixtureLine> = f
            .lines()
            .into_iter()
            .filter(|l| l.konto != opts.balance_konto)
            .map(|l| FixtureLine {
                period: l.period,
                date: l.date,
                konto: l.konto,
                ansvar: l.ansvar,
                projekt: l.projekt,
                text: l.text,
                amount: l.amount,
            })
            .collect();
        assert_eq!(got, input, "seed {seed}");
        let want: Amount = input.iter().map(|l| l.amount).sum();
        let got_sum: Amount = got.iter().map(|l| l.amount).sum();
        assert_eq!(got_sum, want);
        assert_eq!(f.control_sum(), Amount::ZERO, "balanced vouchers");
        assert!(f.unbalanced_vouchers().is_empty());
        // The period balances say the same, each amount once.
        let psaldo: Amount = f.balance_lines().iter().map(|l| l.amount).sum();
        assert_eq!(psaldo, want);
        assert_eq!(f.accounts["1225"], "Medicinteknisk utrustning");
        // Same input and seed, same bytes.
        assert_eq!(testdata::write(&input, &opts), Ok(bytes));
    }
}

#[test]
fn fixture_writer_refuses_what_sie_cannot_carry() {
    let mut l = fixture_lines(3, 1);
    l[0].period += 1;
    assert!(testdata::write(&l, &Options::default()).is_err_and(|e| e.contains("är inte datumets månad")));
    let mut l = fixture_lines(3, 1);
    l[0].text = "Nät – del €".into();
    assert!(testdata::write(&l, &Options::default()).is_err_and(|e| e.contains("CP437 saknar")));
}

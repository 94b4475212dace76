//! A seeded SIE 4 writer for tests: ledger lines in, a valid CP437 SIE 4E
//! file out, with `#KONTO` names, `#DIM`/`#OBJEKT`, `#RAR`, balanced
//! vouchers, `#PSALDO` per account (whole and per object) and `#KSUMMA`.
//! The seed varies what a real exporter varies: how lines group into
//! vouchers, quoting, object order, omitted `transdat`/`transtext`, amount
//! spelling, and `#RTRANS` (with its mirror `#TRANS`) and `#BTRANS` rows
//! that must count once and not at all. Same input and seed, same bytes.
//! (To move to the test-tooling crate.)

use super::checksum::Crc32;
use super::encoding::encode_cp437_into;
use super::flatten::period_of;
use crate::money::Amount;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// One ledger line to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureLine {
    /// YYYYMM; must be the month of `date` (SIE carries dates, not periods).
    pub period: u32,
    pub date: NaiveDate,
    pub konto: String,
    pub ansvar: String,
    pub projekt: String,
    pub text: String,
    pub amount: Amount,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    /// Each voucher is balanced with a row on this account.
    pub balance_konto: String,
    pub ksumma: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { seed: 1, balance_konto: "2440".into(), ksumma: true }
    }
}

/// splitmix64, as in `crate::fixtures`: stable forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A record being written: its text and the pieces `#KSUMMA` sums.
struct Rec {
    text: String,
    pieces: Vec<String>,
}

impl Rec {
    fn new(label: &str) -> Rec {
        Rec { text: label.to_string(), pieces: vec![label.to_string()] }
    }
    fn bare(mut self, s: &str) -> Rec {
        self.text.push(' ');
        self.text.push_str(s);
        self.pieces.push(s.to_string());
        self
    }
    fn quoted(mut self, s: &str) -> Rec {
        self.text.push_str(" \"");
        self.text.push_str(&s.replace('\\', "\\\\").replace('"', "\\\""));
        self.text.push('"');
        self.pieces.push(s.to_string());
        self
    }
    /// `{dim "code" …}`; dimension numbers quoted when `quote_dims`.
    fn objects(mut self, objs: &[(u32, &str)], quote_dims: bool) -> Rec {
        let items: Vec<String> = objs
            .iter()
            .map(|(d, c)| if quote_dims { format!("\"{d}\" \"{c}\"") } else { format!("{d} \"{c}\"") })
            .collect();
        self.text.push_str(&format!(" {{{}}}", items.join(" ")));
        for (d, c) in objs {
            self.pieces.push(d.to_string());
            self.pieces.push(c.to_string());
        }
        self
    }
}

/// Kronor with a point; the seed drops trailing zero decimals sometimes.
fn sie_amount(a: Amount, short: bool) -> String {
    let s = a.to_string();
    if !short {
        return s;
    }
    let t = s.trim_end_matches('0');
    t.strip_suffix('.').unwrap_or(t).to_string()
}

fn ymd(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn konto_name(konto: &str) -> String {
    match konto {
        "1221" => "Nätverk och växlar".into(),
        "1222" => "Datorer, skrivare och övrig IT".into(),
        "1225" => "Medicinteknisk utrustning".into(),
        "2440" => "Leverantörsskulder".into(),
        "1930" => "Företagskonto".into(),
        k => format!("Konto {k} Övrigt"),
    }
}

/// The SIE file for `lines`, as CP437 bytes with CRLF line ends. Fails on a
/// line whose period is not its date's month or whose text CP437 lacks.
pub fn write(lines: &[FixtureLine], opts: &Options) -> Result<Vec<u8>, String> {
    check(lines)?;
    let mut rng = Rng(opts.seed);
    let mut recs: Vec<Option<Rec>> = Vec::new(); // None = a line that is not a record: { or }
    let years: BTreeSet<i32> = lines.iter().map(|l| l.date.year()).collect();
    let last_year = years.iter().next_back().copied().unwrap_or(2018);
    header(&mut recs, lines, &years, last_year, opts);
    vouchers(&mut recs, lines, opts, &mut rng);
    psaldo(&mut recs, lines, last_year);
    Ok(render(recs, opts.ksumma))
}

fn check(lines: &[FixtureLine]) -> Result<(), String> {
    for (i, l) in lines.iter().enumerate() {
        if period_of(l.date) != l.period {
            return Err(format!("rad {i}: perioden {} är inte datumets månad {}", l.period, l.date));
        }
        let mut b = Vec::new();
        encode_cp437_into(&l.text, &mut b);
        if b.contains(&b'?') && !l.text.contains('?') {
            return Err(format!("rad {i}: texten \"{}\" har tecken som CP437 saknar", l.text));
        }
    }
    Ok(())
}

fn header(recs: &mut Vec<Option<Rec>>, lines: &[FixtureLine], years: &BTreeSet<i32>, last: i32, opts: &Options) {
    let mut push = |r: Rec| recs.push(Some(r));
    push(Rec::new("#PROGRAM").quoted("Ramkoll testdata").bare("1.0"));
    push(Rec::new("#FORMAT").bare("PC8"));
    push(Rec::new("#GEN").bare("20190115").quoted("Ramkoll"));
    push(Rec::new("#SIETYP").bare("4"));
    push(Rec::new("#FNAMN").quoted("Region Testlän Ö"));
    push(Rec::new("#ORGNR").bare("232100-0000"));
    for y in years.iter().rev() {
        push(Rec::new("#RAR").bare(&(y - last).to_string()).bare(&format!("{y}0101")).bare(&format!("{y}1231")));
    }
    let kontos: BTreeSet<&str> = lines.iter().map(|l| l.konto.as_str()).chain([opts.balance_konto.as_str()]).collect();
    for k in kontos {
        push(Rec::new("#KONTO").bare(k).quoted(&konto_name(k)));
    }
    push(Rec::new("#DIM").bare("1").quoted("Ansvar"));
    push(Rec::new("#DIM").bare("6").quoted("Projekt"));
    let ansvar: BTreeSet<&str> = lines.iter().map(|l| l.ansvar.as_str()).filter(|s| !s.is_empty()).collect();
    for a in ansvar {
        push(Rec::new("#OBJEKT").bare("1").quoted(a).quoted(&format!("Resultatenhet {a} Länssjukhuset")));
    }
    let projekt: BTreeSet<&str> = lines.iter().map(|l| l.projekt.as_str()).filter(|s| !s.is_empty()).collect();
    for p in projekt {
        push(Rec::new("#OBJEKT").bare("6").quoted(p).quoted(&format!("Investering {p} (Överkalix)")));
    }
}

fn objects_of(l: &FixtureLine, projekt_first: bool) -> Vec<(u32, &str)> {
    let mut objs = Vec::new();
    if !l.ansvar.is_empty() {
        objs.push((1, l.ansvar.as_str()));
    }
    if !l.projekt.is_empty() {
        objs.push((6, l.projekt.as_str()));
    }
    if projekt_first {
        objs.reverse();
    }
    objs
}

fn vouchers(recs: &mut Vec<Option<Rec>>, lines: &[FixtureLine], opts: &Options, rng: &mut Rng) {
    let mut numbers: BTreeMap<&str, u32> = BTreeMap::new();
    let mut rest = lines;
    while !rest.is_empty() {
        let n = (1 + rng.below(3) as usize).min(rest.len());
        let (group, tail) = rest.split_at(n);
        rest = tail;
        let series = ["A", "B", "LF"][rng.below(3) as usize];
        let no = numbers.entry(series).or_insert(0);
        *no += 1;
        let date = group[0].date;
        // A row without text shows the voucher's, so such a group's voucher has none.
        let vtext = if group.iter().all(|l| !l.text.is_empty()) { group[0].text.as_str() } else { "" };
        recs.push(Some(Rec::new("#VER").bare(series).bare(&no.to_string()).bare(&ymd(date)).quoted(vtext)));
        recs.push(None);
        let mut sum = Amount::ZERO;
        for l in group {
            sum += l.amount;
            let objs = objects_of(l, rng.chance(30));
            let quote_dims = rng.chance(20);
            let mut r = Rec::new("#TRANS")
                .bare(&l.konto)
                .objects(&objs, quote_dims)
                .bare(&sie_amount(l.amount, rng.chance(30)));
            let own_text = l.text != vtext || rng.chance(50);
            if l.date != date || own_text || rng.chance(50) {
                r = r.bare(&ymd(l.date));
                if own_text {
                    r = r.quoted(&l.text);
                }
            }
            if rng.chance(10) {
                // An added row: #RTRANS, then its mirror for older readers.
                let mut added = Rec::new("#RTRANS");
                added.text = r.text.replacen("#TRANS", "#RTRANS", 1);
                added.pieces = r.pieces.clone();
                added.pieces[0] = "#RTRANS".into();
                recs.push(Some(added));
            }
            recs.push(Some(r));
            if rng.chance(8) {
                let struck = Amount(rng.below(10_000_000) as i64 + 1);
                recs.push(Some(
                    Rec::new("#BTRANS").bare(&l.konto).objects(&objs, false).bare(&sie_amount(struck, false)),
                ));
            }
        }
        recs.push(Some(Rec::new("#TRANS").bare(&opts.balance_konto).objects(&[], false).bare(&(-sum).to_string())));
        recs.push(None);
    }
}

/// Per period and account: the total, then per ansvar and per projekt.
fn psaldo(recs: &mut Vec<Option<Rec>>, lines: &[FixtureLine], last_year: i32) {
    type Key<'a> = (u32, &'a str, u32, &'a str);
    let mut sums: BTreeMap<Key, Amount> = BTreeMap::new();
    for l in lines {
        *sums.entry((l.period, &l.konto, 0, "")).or_default() += l.amount;
        for (d, c) in objects_of(l, false) {
            *sums.entry((l.period, &l.konto, d, c)).or_default() += l.amount;
        }
    }
    for ((period, konto, dim, code), amount) in sums {
        let year_index = (period / 100) as i32 - last_year;
        let objs: Vec<(u32, &str)> = if dim == 0 { vec![] } else { vec![(dim, code)] };
        recs.push(Some(
            Rec::new("#PSALDO")
                .bare(&year_index.to_string())
                .bare(&period.to_string())
                .bare(konto)
                .objects(&objs, false)
                .bare(&amount.to_string()),
        ));
    }
}

fn render(recs: Vec<Option<Rec>>, ksumma: bool) -> Vec<u8> {
    let mut text = String::from("#FLAGGA 0\r\n");
    if ksumma {
        text.push_str("#KSUMMA\r\n");
    }
    let mut crc = Crc32::new();
    let mut open = false;
    let mut buf = Vec::new();
    for r in recs {
        match r {
            Some(r) => {
                text.push_str(if open { "   " } else { "" });
                text.push_str(&r.text);
                for p in &r.pieces {
                    buf.clear();
                    encode_cp437_into(p, &mut buf);
                    crc.update(&buf);
                }
            }
            None => {
                text.push_str(if open { "}" } else { "{" });
                open = !open;
            }
        }
        text.push_str("\r\n");
    }
    if ksumma {
        text.push_str(&format!("#KSUMMA {}\r\n", crc.value()));
    }
    let mut out = Vec::with_capacity(text.len());
    encode_cp437_into(&text, &mut out);
    out
}

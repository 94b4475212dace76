//! Deterministic, seeded test fixtures: ledgers ("huvudbok") and investment
//! frames ("ramar") in the layouts the importer has to understand.
//!
//! Regenerate the committed set with
//!
//! ```text
//! cargo run -- fixtures --out fixtures
//! ```
//!
//! (or `cargo test --lib fixtures::tests::regenerate_committed_fixtures -- --ignored`).
//! The output is byte-for-byte identical on every run: all randomness comes
//! from a seeded splitmix64, the xlsx creation date is fixed to 2019-01-15 and
//! the zip entries of the ODS file carry a fixed timestamp. The test
//! `committed_fixtures_are_current` fails if `fixtures/` is out of date.
//!
//! Money is integer öre throughout; an amount only becomes an `f64` at the
//! moment a numeric cell is written (`ore as f64 / 100.0`).
//!
//! # Files written by [`write_all`]
//!
//! | File | Layout |
//! |---|---|
//! | `ramar.xlsx` | sheet "Ramar": title, "Uttag 2019-01-15", blank row, header on row 4: `År, Område, Kategori, Beslutad ram, Utökad ram, Kommentar` (kronor, numeric) |
//! | `huvudbok_2014.xlsx` | sheet "Huvudbok", standard layout, header on row 1, Konto as a **number** |
//! | `huvudbok_2015.csv` | standard layout; `;`-separated, Windows-1252, CRLF, no quoting; Period `2015-03`, date `2015-03-14`, Belopp `1 234,50` / `-1 234,50` (ASCII space as thousands separator) |
//! | `huvudbok_2016.xlsx` | sheet "Huvudbok", standard layout, header on row 1, Konto as text |
//! | `huvudbok_2017.ods` | sheet "Huvudbok 2017", two title rows, header on row 3, float/date cells, last row has `Summa` in the first column (Period) and the total in Belopp |
//! | `huvudbok_2018.xlsx` | sheet "Huvudbok", standard layout below three title rows (header on row 4), Konto as text |
//! | `alt/huvudbok_2018_en.xlsx` | same lines as 2018; English headers `Account, Cost centre, Project, Date, Period, Description, Attest, Amount, Voucher, Counterparty, Activity`; Attest is an unknown column (a name); Amount is a TEXT cell `1 234,50` with U+00A0 as thousands separator, negatives alternate `−1 234,50` (U+2212) and `(1 234,50)`; Period text `2018-03`; Date a date cell |
//! | `alt/huvudbok_2018_explicit.xlsx` | same lines as 2018; columns `Period` (date cell, first of month, shown `yyyy-mm`), `Bokföringsdatum, Konto, Ansvar, Verksamhet, Projekt` (always empty), `Område` (`IT`/`MT`), `Kategori` (name, e.g. `Nät`), `Beslutsår` (number), `Motpart, Verifikationsnummer, Text, Belopp`; last row has `Totalt` in the **Text** column, the total in Belopp, everything else empty |
//! | `alt/huvudbok_2018_komma.csv` | same lines as 2018; `,`-separated UTF-8 with BOM, every field quoted, LF line ends; Period `mars 2018`, date `2018-03-14`, Belopp `1234.50` / `-1234.50` |
//!
//! Standard ledger columns: `Period` (YYYYMM number), `Bokföringsdatum` (date
//! cell in that month), `Konto` (IT: 1221 Nät/Video/Oförutsedda, 1222
//! Server/Skrivare/Klient; MT: 1225), `Ansvar` (text, IT 512x0, MT 523x0),
//! `Verksamhet` (text, IT 71x0, MT 72x0), `Projekt`, `Motpart`,
//! `Verifikationsnummer` (`LF-2018-004512`), `Text`, `Belopp` (numeric,
//! `#,##0.00`). Some texts contain a comma; credit notes are negative lines
//! whose text starts with `Kreditnota `. Lines are sorted by booking date.
//!
//! Project codes are `<Område>-<KAT>-<beslutsår>-<nn>`, e.g. `IT-NAT-2017-02`.
//! Categories: IT: NAT Nät, SRV Server, VID Video, SKR Skrivare, KLI Klient,
//! OFO Oförutsedda; MT: RTG Röntgen, ULJ Ultraljud, END Endoskopi, VEN
//! Ventilatorer, AUT Autoklaver, OVR MT-övrigt. In the standard layouts the
//! project code is the only place the category and decision year are given.
//!
//! Each (year, area, category, före/år) group below is spread over one or two
//! projects: "år" (decided in the booking year Y) uses `…-Y-01` and, if the
//! group is at least 2 mnkr, also `…-Y-02`; "före" uses `…-(Y-1)-01`, or for
//! groups of at least 2 mnkr `…-(Y-1)-02` plus `…-(Y-2)-01`. No line is ever
//! booked on a project decided after its booking year. Each project has
//! 20–50 lines with random öre amounts, 0–2 of them credit notes; the last
//! line of each project takes the remainder, so every group sums exactly.
//!
//! # Outcome targets (kronor, exact to the öre)
//!
//! "före" = projects decided before the booking year, "år" = decided in it.
//!
//! IT:
//!
//! | År | Kategori | före | år | totalt |
//! |---|---|---:|---:|---:|
//! | 2014 | Nät | 3 200 000 | 1 900 000 | 5 100 000 |
//! | 2014 | Server | 1 700 000 | 900 000 | 2 600 000 |
//! | 2014 | Video | 0 | 200 000 | 200 000 |
//! | 2014 | Skrivare | 600 000 | 400 000 | 1 000 000 |
//! | **2014** | **IT** | **5 500 000** | **3 400 000** | **8 900 000** |
//! | 2015 | Nät | 2 600 000 | 1 500 000 | 4 100 000 |
//! | 2015 | Server | 1 500 000 | 800 000 | 2 300 000 |
//! | 2015 | Video | 1 100 000 | 500 000 | 1 600 000 |
//! | 2015 | Skrivare | 1 000 000 | 800 000 | 1 800 000 |
//! | **2015** | **IT** | **6 200 000** | **3 600 000** | **9 800 000** |
//! | 2016 | Nät | 3 900 000 | 2 300 000 | 6 200 000 |
//! | 2016 | Server | 2 500 000 | 1 200 000 | 3 700 000 |
//! | 2016 | Video | 700 000 | 500 000 | 1 200 000 |
//! | 2016 | Skrivare | 1 300 000 | 800 000 | 2 100 000 |
//! | **2016** | **IT** | **8 400 000** | **4 800 000** | **13 200 000** |
//! | 2017 | Nät | 5 200 000 | 2 900 000 | 8 100 000 |
//! | 2017 | Server | 1 400 000 | 800 000 | 2 200 000 |
//! | 2017 | Video | 1 000 000 | 600 000 | 1 600 000 |
//! | 2017 | Skrivare | 1 700 000 | 1 200 000 | 2 900 000 |
//! | 2017 | Oförutsedda | 0 | 900 000 | 900 000 |
//! | **2017** | **IT** | **9 300 000** | **6 400 000** | **15 700 000** |
//! | 2018 | Nät | 8 000 000 | 4 900 000 | 12 900 000 |
//! | 2018 | Server | 2 300 000 | 1 500 000 | 3 800 000 |
//! | 2018 | Video | 800 000 | 300 000 | 1 100 000 |
//! | 2018 | Skrivare | 1 300 000 | 500 000 | 1 800 000 |
//! | **2018** | **IT** | **12 400 000** | **7 200 000** | **19 600 000** |
//!
//! MT:
//!
//! | År | Kategori | före | år | totalt |
//! |---|---|---:|---:|---:|
//! | 2014 | Röntgen | 2 500 000 | 4 400 000 | 6 900 000 |
//! | 2014 | Ultraljud | 700 000 | 1 400 000 | 2 100 000 |
//! | 2014 | Endoskopi | 0 | 1 800 000 | 1 800 000 |
//! | 2014 | Ventilatorer | 900 000 | 1 800 000 | 2 700 000 |
//! | 2014 | Autoklaver | 500 000 | 800 000 | 1 300 000 |
//! | 2014 | MT-övrigt | 0 | 600 000 | 600 000 |
//! | **2014** | **MT** | **4 600 000** | **10 800 000** | **15 400 000** |
//! | 2015 | Röntgen | 4 100 000 | 6 300 000 | 10 400 000 |
//! | 2015 | Ultraljud | 1 200 000 | 2 400 000 | 3 600 000 |
//! | 2015 | Endoskopi | 800 000 | 1 500 000 | 2 300 000 |
//! | 2015 | Ventilatorer | 1 300 000 | 2 600 000 | 3 900 000 |
//! | 2015 | MT-övrigt | 400 000 | 800 000 | 1 200 000 |
//! | **2015** | **MT** | **7 800 000** | **13 600 000** | **21 400 000** |
//! | 2016 | Röntgen | 2 800 000 | 4 800 000 | 7 600 000 |
//! | 2016 | Ultraljud | 900 000 | 2 000 000 | 2 900 000 |
//! | 2016 | Endoskopi | 1 100 000 | 2 000 000 | 3 100 000 |
//! | 2016 | Ventilatorer | 600 000 | 1 200 000 | 1 800 000 |
//! | 2016 | Autoklaver | 0 | 2 200 000 | 2 200 000 |
//! | 2016 | MT-övrigt | 0 | 700 000 | 700 000 |
//! | **2016** | **MT** | **5 400 000** | **12 900 000** | **18 300 000** |
//! | 2017 | Röntgen | 3 500 000 | 6 300 000 | 9 800 000 |
//! | 2017 | Ultraljud | 1 000 000 | 2 200 000 | 3 200 000 |
//! | 2017 | Endoskopi | 600 000 | 2 000 000 | 2 600 000 |
//! | 2017 | Ventilatorer | 0 | 2 400 000 | 2 400 000 |
//! | 2017 | Autoklaver | 1 500 000 | 0 | 1 500 000 |
//! | 2017 | MT-övrigt | 300 000 | 600 000 | 900 000 |
//! | **2017** | **MT** | **6 900 000** | **13 500 000** | **20 400 000** |
//! | 2018 | Röntgen | 1 200 000 | 11 000 000 | 12 200 000 |
//! | 2018 | Ultraljud | 0 | 4 300 000 | 4 300 000 |
//! | 2018 | Endoskopi | 1 200 000 | 2 500 000 | 3 700 000 |
//! | 2018 | Ventilatorer | 0 | 3 000 000 | 3 000 000 |
//! | **2018** | **MT** | **2 400 000** | **20 800 000** | **23 200 000** |
//!
//! Klient (IT) and MT-övrigt have a 2018 frame but no 2018 outcome.
//!
//! # Frames in `ramar.xlsx` (kronor)
//!
//! | År | Område | Kategori | Beslutad ram | Utökad ram |
//! |---|---|---|---:|---:|
//! | 2014 | IT | | 9 000 000 | 0 |
//! | 2014 | MT | | 16 000 000 | (blank) |
//! | 2015 | IT | | 9 000 000 | 1 000 000 |
//! | 2015 | MT | | 20 000 000 | 2 000 000 |
//! | 2016 | IT | | 11 000 000 | 2 000 000 |
//! | 2016 | MT | | 22 000 000 | 0 |
//! | 2017 | IT | | 12 000 000 | 4 000 000 |
//! | 2017 | MT | | 25 000 000 | (blank) |
//! | 2018 | IT | Nät / Server / Video / Skrivare / Klient | 4 000 000 / 2 000 000 / 700 000 / 1 000 000 / 500 000 (8 200 000) | 3 000 000 / 2 000 000 / 400 000 / 1 000 000 / 0 (6 400 000) |
//! | 2018 | MT | Röntgen / Ultraljud / Endoskopi / Ventilatorer / MT-övrigt | 35 000 000 / 12 000 000 / 8 000 000 / 5 000 000 / 3 000 000 (63 000 000) | (blank) |
//!
//! # Large ledger
//!
//! [`write_large_ledger`] streams an xlsx by hand (zip + XML) in the shape
//! Excel writes: every text cell is a shared-string reference (`t="s"`), the
//! shared-string table is written after the sheet, dates are serial numbers
//! with a `yyyy-mm-dd` style. Memory is bounded by the number of distinct
//! strings (about one per voucher), not by the number of cells.
//! (rust_xlsxwriter's normal mode keeps every cell in memory, ~1.4 GB for
//! 1 000 000 rows; its constant-memory mode writes inline strings, not the
//! SST; its low-memory mode would fit but needs the `constant_memory` cargo
//! feature.)

mod operating;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::{Error, Result};

/// One krona in öre.
const KR: i64 = 100;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/// splitmix64: tiny, fast, good enough for fixtures, stable forever.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// ---------------------------------------------------------------------------
// Domain tables
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Area {
    It,
    Mt,
}

impl Area {
    fn code(self) -> &'static str {
        match self {
            Area::It => "IT",
            Area::Mt => "MT",
        }
    }
    fn ansvar(self) -> &'static [&'static str] {
        match self {
            Area::It => &["51200", "51210", "51220"],
            Area::Mt => &["52300", "52310", "52320"],
        }
    }
    fn verksamhet(self) -> &'static [&'static str] {
        match self {
            Area::It => &["7100", "7110"],
            Area::Mt => &["7200", "7210"],
        }
    }
}

#[derive(Debug)]
struct Category {
    area: Area,
    code: &'static str,
    name: &'static str,
    konto: &'static str,
    suppliers: &'static [&'static str],
    items: &'static [&'static str],
}

const ATEA: &str = "Atea Sverige AB";
const DUSTIN: &str = "Dustin AB";
const SIEMENS: &str = "Siemens Healthcare AB";
const GE: &str = "GE Healthcare";
const OLYMPUS: &str = "Olympus Sverige AB";
const GETINGE: &str = "Getinge Sverige AB";

const CATEGORIES: &[Category] = &[
    Category {
        area: Area::It,
        code: "NAT",
        name: "Nät",
        konto: "1221",
        suppliers: &[ATEA, DUSTIN],
        items: &[
            "Switchar plan 3",
            "Accesspunkter trådlöst nät",
            "Brandväggar",
            "Nätverksuttag vårdavdelning",
            "Fiberkabel mellan hus",
            "Routrar, kärnnät",
        ],
    },
    Category {
        area: Area::It,
        code: "SRV",
        name: "Server",
        konto: "1222",
        suppliers: &[ATEA, DUSTIN],
        items: &[
            "Servrar virtualiseringsmiljö",
            "Lagringssystem SAN",
            "Bladservrar datahall",
            "Säkerhetskopiering, bandrobot",
        ],
    },
    Category {
        area: Area::It,
        code: "VID",
        name: "Video",
        konto: "1221",
        suppliers: &[ATEA],
        items: &[
            "Videokonferensutrustning",
            "Skärmar för videomöte",
            "Kameror distansmöte",
            "Högtalarsystem möteslokal",
        ],
    },
    Category {
        area: Area::It,
        code: "SKR",
        name: "Skrivare",
        konto: "1222",
        suppliers: &[DUSTIN, ATEA],
        items: &["Skrivare vårdavdelning", "Multifunktionsskrivare kansli", "Etikettskrivare labb", "Armbandsskrivare"],
    },
    Category {
        area: Area::It,
        code: "KLI",
        name: "Klient",
        konto: "1222",
        suppliers: &[DUSTIN],
        items: &["Datorer", "Bärbara datorer", "Tunna klienter"],
    },
    Category {
        area: Area::It,
        code: "OFO",
        name: "Oförutsedda",
        konto: "1221",
        suppliers: &[ATEA, DUSTIN],
        items: &["Ersättning havererad switch", "Akut utbyte server", "Vattenskada datorhall, ersättning"],
    },
    Category {
        area: Area::Mt,
        code: "RTG",
        name: "Röntgen",
        konto: "1225",
        suppliers: &[SIEMENS, GE],
        items: &["Röntgenapparat", "DT-kamera", "Genomlysningsutrustning", "Mobil röntgen", "Mammografiutrustning"],
    },
    Category {
        area: Area::Mt,
        code: "ULJ",
        name: "Ultraljud",
        konto: "1225",
        suppliers: &[GE, SIEMENS],
        items: &["Ultraljudsapparat", "Hjärtultraljud", "Ultraljud, bärbar", "Givare ultraljud"],
    },
    Category {
        area: Area::Mt,
        code: "END",
        name: "Endoskopi",
        konto: "1225",
        suppliers: &[OLYMPUS],
        items: &["Gastroskop", "Koloskop", "Bronkoskop", "Endoskopitorn", "Diskdesinfektor endoskop"],
    },
    Category {
        area: Area::Mt,
        code: "VEN",
        name: "Ventilatorer",
        konto: "1225",
        suppliers: &[GETINGE],
        items: &["Ventilator", "Transportventilator", "Narkosapparat"],
    },
    Category {
        area: Area::Mt,
        code: "AUT",
        name: "Autoklaver",
        konto: "1225",
        suppliers: &[GETINGE],
        items: &["Autoklav sterilcentral", "Diskdesinfektor", "Spoldesinfektor"],
    },
    Category {
        area: Area::Mt,
        code: "OVR",
        name: "MT-övrigt",
        konto: "1225",
        suppliers: &[GE, GETINGE, SIEMENS],
        items: &["Patientövervakning", "Infusionspumpar", "Defibrillatorer", "Operationsbord"],
    },
];

const PLACES: &[&str] = &[
    "Sus",
    "Akut",
    "IVA",
    "Lund",
    "Malmö",
    "Helsingborg",
    "Kristianstad",
    "Ystad",
    "Hässleholm",
    "Ängelholm",
    "Trelleborg",
    "Landskrona",
];

fn category(code: &str) -> &'static Category {
    CATEGORIES.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("unknown category {code}"))
}

/// One outcome target: booking year, area, category code, "före" and "år" in
/// whole kronor. See the tables in the module documentation.
struct Target {
    year: i32,
    area: Area,
    cat: &'static str,
    before_kr: i64,
    within_kr: i64,
}

const fn t(year: i32, area: Area, cat: &'static str, before_kr: i64, within_kr: i64) -> Target {
    Target { year, area, cat, before_kr, within_kr }
}

const TARGETS: &[Target] = &[
    // IT
    t(2014, Area::It, "NAT", 3_200_000, 1_900_000),
    t(2014, Area::It, "SRV", 1_700_000, 900_000),
    t(2014, Area::It, "VID", 0, 200_000),
    t(2014, Area::It, "SKR", 600_000, 400_000),
    t(2015, Area::It, "NAT", 2_600_000, 1_500_000),
    t(2015, Area::It, "SRV", 1_500_000, 800_000),
    t(2015, Area::It, "VID", 1_100_000, 500_000),
    t(2015, Area::It, "SKR", 1_000_000, 800_000),
    t(2016, Area::It, "NAT", 3_900_000, 2_300_000),
    t(2016, Area::It, "SRV", 2_500_000, 1_200_000),
    t(2016, Area::It, "VID", 700_000, 500_000),
    t(2016, Area::It, "SKR", 1_300_000, 800_000),
    t(2017, Area::It, "NAT", 5_200_000, 2_900_000),
    t(2017, Area::It, "SRV", 1_400_000, 800_000),
    t(2017, Area::It, "VID", 1_000_000, 600_000),
    t(2017, Area::It, "SKR", 1_700_000, 1_200_000),
    t(2017, Area::It, "OFO", 0, 900_000),
    t(2018, Area::It, "NAT", 8_000_000, 4_900_000),
    t(2018, Area::It, "SRV", 2_300_000, 1_500_000),
    t(2018, Area::It, "VID", 800_000, 300_000),
    t(2018, Area::It, "SKR", 1_300_000, 500_000),
    // MT
    t(2014, Area::Mt, "RTG", 2_500_000, 4_400_000),
    t(2014, Area::Mt, "ULJ", 700_000, 1_400_000),
    t(2014, Area::Mt, "END", 0, 1_800_000),
    t(2014, Area::Mt, "VEN", 900_000, 1_800_000),
    t(2014, Area::Mt, "AUT", 500_000, 800_000),
    t(2014, Area::Mt, "OVR", 0, 600_000),
    t(2015, Area::Mt, "RTG", 4_100_000, 6_300_000),
    t(2015, Area::Mt, "ULJ", 1_200_000, 2_400_000),
    t(2015, Area::Mt, "END", 800_000, 1_500_000),
    t(2015, Area::Mt, "VEN", 1_300_000, 2_600_000),
    t(2015, Area::Mt, "OVR", 400_000, 800_000),
    t(2016, Area::Mt, "RTG", 2_800_000, 4_800_000),
    t(2016, Area::Mt, "ULJ", 900_000, 2_000_000),
    t(2016, Area::Mt, "END", 1_100_000, 2_000_000),
    t(2016, Area::Mt, "VEN", 600_000, 1_200_000),
    t(2016, Area::Mt, "AUT", 0, 2_200_000),
    t(2016, Area::Mt, "OVR", 0, 700_000),
    t(2017, Area::Mt, "RTG", 3_500_000, 6_300_000),
    t(2017, Area::Mt, "ULJ", 1_000_000, 2_200_000),
    t(2017, Area::Mt, "END", 600_000, 2_000_000),
    t(2017, Area::Mt, "VEN", 0, 2_400_000),
    t(2017, Area::Mt, "AUT", 1_500_000, 0),
    t(2017, Area::Mt, "OVR", 300_000, 600_000),
    t(2018, Area::Mt, "RTG", 1_200_000, 11_000_000),
    t(2018, Area::Mt, "ULJ", 0, 4_300_000),
    t(2018, Area::Mt, "END", 1_200_000, 2_500_000),
    t(2018, Area::Mt, "VEN", 0, 3_000_000),
];

/// A row of `ramar.xlsx`: year, area, category name ("" = area level),
/// decided frame, extended frame (None = blank cell), comment. Kronor.
type FrameRow = (i32, &'static str, &'static str, i64, Option<i64>, &'static str);

const FRAMES: &[FrameRow] = &[
    (2014, "IT", "", 9_000_000, Some(0), "Budget 2014, RF 2013-11-26"),
    (2014, "MT", "", 16_000_000, None, "Budget 2014, RF 2013-11-26"),
    (2015, "IT", "", 9_000_000, Some(1_000_000), "Utökad RS 2015-06-16 § 88"),
    (2015, "MT", "", 20_000_000, Some(2_000_000), "Utökad RS 2015-06-16 § 89"),
    (2016, "IT", "", 11_000_000, Some(2_000_000), "Utökad RS 2016-09-13 § 121"),
    (2016, "MT", "", 22_000_000, Some(0), ""),
    (2017, "IT", "", 12_000_000, Some(4_000_000), "Utökad RS 2017-05-30 § 70"),
    (2017, "MT", "", 25_000_000, None, "Budget 2017"),
    (2018, "IT", "Nät", 4_000_000, Some(3_000_000), "Utökad RS 2018-04-24 § 52"),
    (2018, "IT", "Server", 2_000_000, Some(2_000_000), ""),
    (2018, "IT", "Video", 700_000, Some(400_000), ""),
    (2018, "IT", "Skrivare", 1_000_000, Some(1_000_000), ""),
    (2018, "IT", "Klient", 500_000, Some(0), "Ingen utökning"),
    (2018, "MT", "Röntgen", 35_000_000, None, "Inkl. ny DT Sus"),
    (2018, "MT", "Ultraljud", 12_000_000, None, ""),
    (2018, "MT", "Endoskopi", 8_000_000, None, ""),
    (2018, "MT", "Ventilatorer", 5_000_000, None, ""),
    (2018, "MT", "MT-övrigt", 3_000_000, None, ""),
];

const ATTESTANTS: &[&str] = &["Karin Lindqvist", "Anders Holm", "Eva Sjöberg", "Mats Åberg"];

// ---------------------------------------------------------------------------
// Ledger lines
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Line {
    date: NaiveDate,
    cat: &'static Category,
    decision_year: i32,
    project: String,
    ansvar: &'static str,
    verksamhet: &'static str,
    supplier: &'static str,
    voucher: String,
    text: String,
    ore: i64,
}

impl Line {
    fn period(&self) -> u32 {
        self.date.year() as u32 * 100 + self.date.month()
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 { ymd(y + 1, 1, 1) } else { ymd(y, m + 1, 1) };
    (next - ymd(y, m, 1)).num_days() as u32
}

/// Monday–Friday and not one of the fixed-date Swedish holidays (nyårsdagen,
/// trettondedag jul, första maj, nationaldagen, jul- och nyårsafton, juldagen,
/// annandag jul). Moving holidays are ignored; these are test data.
fn is_workday(d: NaiveDate) -> bool {
    const HOLIDAYS: [(u32, u32); 8] = [(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)];
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !HOLIDAYS.contains(&(d.month(), d.day()))
}

/// The closest workday at or before `d` in the same year, else after it.
fn workday_near(d: NaiveDate) -> NaiveDate {
    (0..7)
        .map(|k| d - Duration::days(k))
        .chain((1..7).map(|k| d + Duration::days(k)))
        .find(|x| x.year() == d.year() && is_workday(*x))
        .expect("a workday within a week")
}

/// A random workday in `year`.
fn random_workday(rng: &mut Rng, year: i32) -> NaiveDate {
    loop {
        let m = rng.range(1, 12) as u32;
        let d = rng.range(1, i64::from(days_in_month(year, m))) as u32;
        let date = ymd(year, m, d);
        if is_workday(date) {
            return date;
        }
    }
}

fn project_code(cat: &Category, decision_year: i32, seq: u32) -> String {
    format!("{}-{}-{}-{:02}", cat.area.code(), cat.code, decision_year, seq)
}

/// The projects that carry one (year, category, före/år) group and their
/// share of it, per the rule in the module documentation.
fn group_projects(rng: &mut Rng, year: i32, before: bool, ore: i64) -> Vec<(i32, u32, i64)> {
    let big = ore >= 2_000_000 * KR;
    let (first, second) =
        if before { ((year - 1, if big { 2 } else { 1 }), (year - 2, 1)) } else { ((year, 1), (year, 2)) };
    if !big {
        return vec![(first.0, first.1, ore)];
    }
    let share = ore / 100 * rng.range(55, 70) + rng.range(-500_000, 500_000);
    vec![(first.0, first.1, share), (second.0, second.1, ore - share)]
}

/// Lines of one project summing exactly to `total` öre.
fn project_lines(
    rng: &mut Rng,
    year: i32,
    cat: &'static Category,
    decision_year: i32,
    seq: u32,
    total: i64,
) -> Vec<Line> {
    let project = project_code(cat, decision_year, seq);
    let supplier = *rng.pick(cat.suppliers);
    let place = *rng.pick(PLACES);
    let ansvar = *rng.pick(cat.area.ansvar());
    let verksamhet = *rng.pick(cat.area.verksamhet());
    let n = rng.range(20, 40) + if total > 5_000_000 * KR { 10 } else { 0 };
    let credits = if n >= 25 { rng.range(1, 2) } else { rng.range(0, 1) };
    let positives = n - credits;
    let typical = total / n;

    let mut amounts: Vec<(i64, bool)> = Vec::with_capacity(n as usize);
    let mut credit_sum = 0i64;
    for _ in 0..credits {
        let c = rng.range(typical / 8, typical / 2);
        credit_sum += c;
        amounts.push((-c, true));
    }
    let positive_total = total + credit_sum;
    let weights: Vec<i64> = (0..positives).map(|_| rng.range(20, 100)).collect();
    let weight_sum: i64 = weights.iter().sum();
    let mut allocated = 0i64;
    for (i, w) in weights.iter().enumerate() {
        let a = if i as i64 == positives - 1 {
            // The last line takes the remainder: the project sums exactly.
            positive_total - allocated
        } else {
            let base = (i128::from(positive_total) * i128::from(*w) / i128::from(weight_sum)) as i64;
            base - base % 100 + rng.range(0, 99)
        };
        assert!(a > 0, "fixture generator produced a non-positive remainder");
        allocated += a;
        amounts.push((a, false));
    }
    debug_assert_eq!(amounts.iter().map(|a| a.0).sum::<i64>(), total);

    amounts
        .into_iter()
        .map(|(ore, credit)| {
            let item = *rng.pick(cat.items);
            let text = if credit { format!("Kreditnota {item} {place}") } else { format!("{item} {place}") };
            Line {
                date: random_workday(rng, year),
                cat,
                decision_year,
                project: project.clone(),
                ansvar,
                verksamhet,
                supplier,
                voucher: String::new(),
                text,
                ore,
            }
        })
        .collect()
}

/// All ledger lines of one booking year, sorted by booking date, with
/// voucher numbers assigned in date order.
fn ledger(year: i32) -> Vec<Line> {
    let mut rng = Rng::new(0x5241_4D4B_0000_0000 ^ year as u64);
    let mut lines = Vec::new();
    for target in TARGETS.iter().filter(|t| t.year == year) {
        let cat = category(target.cat);
        debug_assert_eq!(cat.area, target.area);
        for (before, kr) in [(true, target.before_kr), (false, target.within_kr)] {
            if kr == 0 {
                continue;
            }
            for (decision_year, seq, ore) in group_projects(&mut rng, year, before, kr * 100) {
                debug_assert!(decision_year <= year);
                lines.extend(project_lines(&mut rng, year, cat, decision_year, seq, ore));
            }
        }
    }
    lines.sort_by_key(|l| l.date);
    let mut seq = rng.range(1200, 2400);
    for line in &mut lines {
        seq += rng.range(1, 30);
        line.voucher = format!("LF-{year}-{seq:06}");
    }
    lines
}

// ---------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------

fn group_thousands(mut n: u64, sep: &str) -> String {
    let mut groups = Vec::new();
    loop {
        if n < 1000 {
            groups.push(n.to_string());
            break;
        }
        groups.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join(sep)
}

/// "1 234,50" with `sep` between thousands; no sign.
fn swedish_abs(ore: i64, sep: &str) -> String {
    let abs = ore.unsigned_abs();
    format!("{},{:02}", group_thousands(abs / 100, sep), abs % 100)
}

/// "1234.50" / "-1234.50".
fn dot_decimal(ore: i64) -> String {
    let abs = ore.unsigned_abs();
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Shortest exact decimal for ODS `office:value`: "1234.5", "-12", "0.05".
fn ods_value(ore: i64) -> String {
    let s = dot_decimal(ore);
    let s = s.trim_end_matches('0');
    s.trim_end_matches('.').to_string()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn zip_err(e: zip::result::ZipError) -> Error {
    Error::Io(std::io::Error::other(e))
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?)
}

/// Days since 1899-12-30 (Excel serial date, valid after 1900-03-01).
fn excel_serial(d: NaiveDate) -> i64 {
    (d - ymd(1899, 12, 30)).num_days()
}

// ---------------------------------------------------------------------------
// xlsx via rust_xlsxwriter
// ---------------------------------------------------------------------------

/// A workbook with a fixed creation date so the bytes are reproducible.
fn new_workbook(title: &str) -> Result<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2019, 1, 15)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_author("Ramkoll testdata")
        .set_company("Region Testlän")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    Ok(wb)
}

struct Formats {
    bold: Format,
    date: Format,
    month: Format,
    money: Format,
    kronor: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            month: Format::new().set_num_format("yyyy-mm"),
            money: Format::new().set_num_format("#,##0.00"),
            kronor: Format::new().set_num_format("#,##0"),
        }
    }
}

fn write_header(ws: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<()> {
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *name, &f.bold)?;
    }
    Ok(())
}

fn set_widths(ws: &mut Worksheet, widths: &[f64]) -> Result<()> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

fn write_money(ws: &mut Worksheet, row: u32, col: u16, ore: i64, f: &Formats) -> Result<()> {
    // The only place money becomes f64: exact enough for two decimals.
    ws.write_number_with_format(row, col, ore as f64 / 100.0, &f.money)?;
    Ok(())
}

fn write_ramar(path: &Path) -> Result<()> {
    let f = Formats::new();
    let mut wb = new_workbook("Investeringsramar Länsteknik")?;
    let ws = wb.add_worksheet();
    ws.set_name("Ramar")?;
    set_widths(ws, &[8.0, 10.0, 14.0, 16.0, 16.0, 32.0])?;
    ws.write_string_with_format(0, 0, "Investeringsramar Länsteknik", &f.bold)?;
    ws.write_string(1, 0, "Uttag 2019-01-15")?;
    write_header(ws, 3, &["År", "Område", "Kategori", "Beslutad ram", "Utökad ram", "Kommentar"], &f)?;
    for (i, (year, area, cat, decided, extended, comment)) in FRAMES.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 0, f64::from(*year))?;
        ws.write_string(r, 1, *area)?;
        if !cat.is_empty() {
            ws.write_string(r, 2, *cat)?;
        }
        ws.write_number_with_format(r, 3, *decided as f64, &f.kronor)?;
        if let Some(x) = extended {
            ws.write_number_with_format(r, 4, *x as f64, &f.kronor)?;
        }
        if !comment.is_empty() {
            ws.write_string(r, 5, *comment)?;
        }
    }
    wb.save(path)?;
    Ok(())
}

const STANDARD_HEADER: [&str; 10] = [
    "Period",
    "Bokföringsdatum",
    "Konto",
    "Ansvar",
    "Verksamhet",
    "Projekt",
    "Motpart",
    "Verifikationsnummer",
    "Text",
    "Belopp",
];

const STANDARD_WIDTHS: [f64; 10] = [9.0, 15.0, 8.0, 8.0, 11.0, 16.0, 22.0, 20.0, 40.0, 14.0];

fn write_ledger_standard(path: &Path, year: i32, lines: &[Line], title_rows: bool, konto_numeric: bool) -> Result<()> {
    let f = Formats::new();
    let mut wb = new_workbook(&format!("Huvudbok {year}"))?;
    let ws = wb.add_worksheet();
    ws.set_name("Huvudbok")?;
    set_widths(ws, &STANDARD_WIDTHS)?;
    let mut r = 0u32;
    if title_rows {
        ws.write_string_with_format(0, 0, "Huvudbok Länsteknik – utdrag", &f.bold)?;
        ws.write_string(1, 0, format!("Period {year}01–{year}12"))?;
        r = 3;
    }
    write_header(ws, r, &STANDARD_HEADER, &f)?;
    ws.set_freeze_panes(r + 1, 0)?;
    for line in lines {
        r += 1;
        ws.write_number(r, 0, line.period())?;
        ws.write_datetime_with_format(r, 1, excel_date(line.date)?, &f.date)?;
        if konto_numeric {
            ws.write_number(r, 2, line.cat.konto.parse::<u32>().unwrap_or(0))?;
        } else {
            ws.write_string(r, 2, line.cat.konto)?;
        }
        ws.write_string(r, 3, line.ansvar)?;
        ws.write_string(r, 4, line.verksamhet)?;
        ws.write_string(r, 5, &line.project)?;
        ws.write_string(r, 6, line.supplier)?;
        ws.write_string(r, 7, &line.voucher)?;
        ws.write_string(r, 8, &line.text)?;
        write_money(ws, r, 9, line.ore, &f)?;
    }
    wb.save(path)?;
    Ok(())
}

fn write_ledger_en(path: &Path, lines: &[Line]) -> Result<()> {
    let f = Formats::new();
    let mut wb = new_workbook("General ledger 2018")?;
    let ws = wb.add_worksheet();
    ws.set_name("Huvudbok")?;
    set_widths(ws, &[9.0, 11.0, 16.0, 12.0, 9.0, 40.0, 18.0, 14.0, 16.0, 22.0, 9.0])?;
    let header = [
        "Account",
        "Cost centre",
        "Project",
        "Date",
        "Period",
        "Description",
        "Attest",
        "Amount",
        "Voucher",
        "Counterparty",
        "Activity",
    ];
    write_header(ws, 0, &header, &f)?;
    let mut negatives = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, line.cat.konto)?;
        ws.write_string(r, 1, line.ansvar)?;
        ws.write_string(r, 2, &line.project)?;
        ws.write_datetime_with_format(r, 3, excel_date(line.date)?, &f.date)?;
        ws.write_string(r, 4, format!("{}-{:02}", line.date.year(), line.date.month()))?;
        ws.write_string(r, 5, &line.text)?;
        ws.write_string(r, 6, ATTESTANTS[i % ATTESTANTS.len()])?;
        let abs = swedish_abs(line.ore, "\u{a0}");
        let amount = if line.ore >= 0 {
            abs
        } else {
            negatives += 1;
            if negatives % 2 == 1 {
                format!("\u{2212}{abs}")
            } else {
                format!("({abs})")
            }
        };
        ws.write_string(r, 7, amount)?;
        ws.write_string(r, 8, &line.voucher)?;
        ws.write_string(r, 9, line.supplier)?;
        ws.write_string(r, 10, line.verksamhet)?;
    }
    wb.save(path)?;
    Ok(())
}

fn write_ledger_explicit(path: &Path, lines: &[Line]) -> Result<()> {
    let f = Formats::new();
    let mut wb = new_workbook("Huvudbok 2018 med klassning")?;
    let ws = wb.add_worksheet();
    ws.set_name("Huvudbok")?;
    set_widths(ws, &[9.0, 15.0, 8.0, 8.0, 11.0, 9.0, 8.0, 13.0, 10.0, 22.0, 20.0, 40.0, 14.0])?;
    let header = [
        "Period",
        "Bokföringsdatum",
        "Konto",
        "Ansvar",
        "Verksamhet",
        "Projekt",
        "Område",
        "Kategori",
        "Beslutsår",
        "Motpart",
        "Verifikationsnummer",
        "Text",
        "Belopp",
    ];
    write_header(ws, 0, &header, &f)?;
    let mut r = 0u32;
    let mut total = 0i64;
    for line in lines {
        r += 1;
        let first = ymd(line.date.year(), line.date.month(), 1);
        ws.write_datetime_with_format(r, 0, excel_date(first)?, &f.month)?;
        ws.write_datetime_with_format(r, 1, excel_date(line.date)?, &f.date)?;
        ws.write_string(r, 2, line.cat.konto)?;
        ws.write_string(r, 3, line.ansvar)?;
        ws.write_string(r, 4, line.verksamhet)?;
        // Column 5 (Projekt) deliberately left empty.
        ws.write_string(r, 6, line.cat.area.code())?;
        ws.write_string(r, 7, line.cat.name)?;
        ws.write_number(r, 8, line.decision_year)?;
        ws.write_string(r, 9, line.supplier)?;
        ws.write_string(r, 10, &line.voucher)?;
        ws.write_string(r, 11, &line.text)?;
        write_money(ws, r, 12, line.ore, &f)?;
        total += line.ore;
    }
    r += 1;
    ws.write_string_with_format(r, 11, "Totalt", &f.bold)?;
    write_money(ws, r, 12, total, &f)?;
    wb.save(path)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

fn write_csv_1252(path: &Path, lines: &[Line]) -> Result<()> {
    let mut s = STANDARD_HEADER.join(";");
    s.push_str("\r\n");
    for l in lines {
        let amount = if l.ore < 0 { format!("-{}", swedish_abs(l.ore, " ")) } else { swedish_abs(l.ore, " ") };
        let fields = [
            format!("{}-{:02}", l.date.year(), l.date.month()),
            l.date.format("%Y-%m-%d").to_string(),
            l.cat.konto.to_string(),
            l.ansvar.to_string(),
            l.verksamhet.to_string(),
            l.project.clone(),
            l.supplier.to_string(),
            l.voucher.clone(),
            l.text.clone(),
            amount,
        ];
        debug_assert!(fields.iter().all(|f| !f.contains(';')));
        s.push_str(&fields.join(";"));
        s.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&s);
    assert!(!unmappable, "fixture text not representable in Windows-1252");
    std::fs::write(path, &bytes)?;
    Ok(())
}

fn csv_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn write_csv_komma(path: &Path, lines: &[Line]) -> Result<()> {
    let mut s = String::from("\u{feff}");
    s.push_str(&STANDARD_HEADER.map(csv_quote).join(","));
    s.push('\n');
    for l in lines {
        let fields = [
            format!("{} {}", crate::period::MONTHS_SV[l.date.month0() as usize], l.date.year()),
            l.date.format("%Y-%m-%d").to_string(),
            l.cat.konto.to_string(),
            l.ansvar.to_string(),
            l.verksamhet.to_string(),
            l.project.clone(),
            l.supplier.to_string(),
            l.voucher.clone(),
            l.text.clone(),
            dot_decimal(l.ore),
        ];
        s.push_str(&fields.map(|f| csv_quote(&f)).join(","));
        s.push('\n');
    }
    std::fs::write(path, s.as_bytes())?;
    Ok(())
}

// ---------------------------------------------------------------------------
// ODS, written by hand
// ---------------------------------------------------------------------------

fn fixed_zip_time() -> Result<zip::DateTime> {
    zip::DateTime::from_date_and_time(2018, 1, 10, 8, 0, 0)
        .map_err(|e| Error::Io(std::io::Error::other(format!("zip time: {e:?}"))))
}

const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

fn ods_string(s: &str) -> String {
    format!("<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>", xml_escape(s))
}

fn ods_float(v: &str, display: &str, style: Option<&str>) -> String {
    let style = style.map(|s| format!(" table:style-name=\"{s}\"")).unwrap_or_default();
    format!(
        "<table:table-cell{style} office:value-type=\"float\" office:value=\"{v}\"><text:p>{}</text:p></table:table-cell>",
        xml_escape(display)
    )
}

fn ods_date(d: NaiveDate) -> String {
    let iso = d.format("%Y-%m-%d");
    format!(
        "<table:table-cell table:style-name=\"ce1\" office:value-type=\"date\" office:date-value=\"{iso}\"><text:p>{iso}</text:p></table:table-cell>"
    )
}

fn write_ods(path: &Path, sheet: &str, lines: &[Line]) -> Result<()> {
    // NB: calamine's ODS reader rejects any whitespace between the cells of
    // a row, so each row is written on one line with no padding.
    let mut c = String::new();
    c.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
        r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
        r#"xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2">"#,
        "\n",
        "<office:automatic-styles>",
        r#"<number:date-style style:name="N36"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>"#,
        r#"<number:number-style style:name="N4"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>"#,
        r#"<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N36"/>"#,
        r#"<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N4"/>"#,
        "</office:automatic-styles>\n<office:body><office:spreadsheet>\n",
    ));
    c.push_str(&format!("<table:table table:name=\"{}\">", xml_escape(sheet)));
    c.push_str("<table:table-column table:number-columns-repeated=\"10\"/>\n");
    let year = lines.first().map(|l| l.date.year()).unwrap_or(2017);
    c.push_str(&format!(
        "<table:table-row>{}</table:table-row>\n",
        ods_string(&format!("Huvudbok {year} – Länsteknik"))
    ));
    c.push_str(&format!(
        "<table:table-row>{}</table:table-row>\n",
        ods_string(&format!("Utdrag ur ekonomisystemet, period {year}01–{year}12"))
    ));
    c.push_str("<table:table-row>");
    for h in STANDARD_HEADER {
        c.push_str(&ods_string(h));
    }
    c.push_str("</table:table-row>\n");
    let mut total = 0i64;
    for l in lines {
        total += l.ore;
        c.push_str("<table:table-row>");
        let p = l.period().to_string();
        c.push_str(&ods_float(&p, &p, None));
        c.push_str(&ods_date(l.date));
        for s in [l.cat.konto, l.ansvar, l.verksamhet, &l.project, l.supplier, &l.voucher, &l.text] {
            c.push_str(&ods_string(s));
        }
        c.push_str(&ods_float(&ods_value(l.ore), &swedish_abs_signed(l.ore), Some("ce2")));
        c.push_str("</table:table-row>\n");
    }
    c.push_str("<table:table-row>");
    c.push_str(&ods_string("Summa"));
    c.push_str("<table:table-cell table:number-columns-repeated=\"8\"/>");
    c.push_str(&ods_float(&ods_value(total), &swedish_abs_signed(total), Some("ce2")));
    c.push_str("</table:table-row>\n");
    c.push_str("</table:table>\n</office:spreadsheet></office:body></office:document-content>\n");

    let manifest = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
        "\n",
        r#" <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
        "\n",
        r#" <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
        "\n",
        r#" <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>"#,
        "\n",
        r#" <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>"#,
        "\n",
        "</manifest:manifest>\n",
    );
    let styles = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2">"#,
        r#"<office:styles><style:style style:name="Default" style:family="table-cell"/></office:styles>"#,
        "</office:document-styles>\n",
    );
    let meta = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            "\n",
            r#"<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
            r#"xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">"#,
            "<office:meta><meta:generator>Ramkoll testdata</meta:generator>",
            "<dc:title>{}</dc:title><meta:creation-date>2018-01-10T08:00:00</meta:creation-date>",
            "</office:meta></office:document-meta>\n"
        ),
        xml_escape(sheet)
    );

    let time = fixed_zip_time()?;
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(time);
    let deflated =
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(time);
    let mut zip = ZipWriter::new(BufWriter::new(File::create(path)?));
    zip.start_file("mimetype", stored).map_err(zip_err)?;
    zip.write_all(ODS_MIMETYPE.as_bytes())?;
    zip.start_file("META-INF/manifest.xml", deflated).map_err(zip_err)?;
    zip.write_all(manifest.as_bytes())?;
    zip.start_file("content.xml", deflated).map_err(zip_err)?;
    zip.write_all(c.as_bytes())?;
    zip.start_file("styles.xml", deflated).map_err(zip_err)?;
    zip.write_all(styles.as_bytes())?;
    zip.start_file("meta.xml", deflated).map_err(zip_err)?;
    zip.write_all(meta.as_bytes())?;
    zip.finish().map_err(zip_err)?.flush()?;
    Ok(())
}

fn swedish_abs_signed(ore: i64) -> String {
    let abs = swedish_abs(ore, "\u{a0}");
    if ore < 0 {
        format!("-{abs}")
    } else {
        abs
    }
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// Writes the standard fixture set into `dir` (creating it and `dir/alt`).
/// Deterministic: the same bytes on every run. Returns the written paths in
/// a fixed order. See the module documentation for layouts and targets.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir.join("alt"))?;
    let mut out = Vec::new();
    let mut push = |p: PathBuf| {
        out.push(p.clone());
        p
    };

    write_ramar(&push(dir.join("ramar.xlsx")))?;
    write_ledger_standard(&push(dir.join("huvudbok_2014.xlsx")), 2014, &ledger(2014), false, true)?;
    write_csv_1252(&push(dir.join("huvudbok_2015.csv")), &ledger(2015))?;
    write_ledger_standard(&push(dir.join("huvudbok_2016.xlsx")), 2016, &ledger(2016), false, false)?;
    write_ods(&push(dir.join("huvudbok_2017.ods")), "Huvudbok 2017", &ledger(2017))?;
    let l2018 = ledger(2018);
    write_ledger_standard(&push(dir.join("huvudbok_2018.xlsx")), 2018, &l2018, true, false)?;
    write_ledger_en(&push(dir.join("alt").join("huvudbok_2018_en.xlsx")), &l2018)?;
    write_ledger_explicit(&push(dir.join("alt").join("huvudbok_2018_explicit.xlsx")), &l2018)?;
    write_csv_komma(&push(dir.join("alt").join("huvudbok_2018_komma.csv")), &l2018)?;
    operating::write_all(dir, &mut push)?;
    Ok(out)
}

/// A large ledger for benchmarks: `rows` data lines below a header row on
/// sheet "Huvudbok", seeded, standard columns (Period, Bokföringsdatum,
/// Konto, Ansvar, Verksamhet, Projekt, Motpart, Verifikationsnummer, Text,
/// Belopp), booking dates running through 2014–2018 in order. Text cells go
/// through the shared-string table as Excel writes them; the file is streamed
/// so memory is bounded by the distinct strings. Returns the exact sum of
/// Belopp in öre.
pub fn write_large_ledger(path: &Path, rows: u64, seed: u64) -> Result<i64> {
    let time = fixed_zip_time()?;
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(time);
    // Above ~4 GiB of uncompressed sheet XML the entry needs zip64.
    let sheet_opts = opts.large_file(rows > 8_000_000);
    let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, File::create(path)?));

    for (name, body) in [
        ("[Content_Types].xml", XLSX_CONTENT_TYPES),
        ("_rels/.rels", XLSX_RELS),
        ("xl/workbook.xml", XLSX_WORKBOOK),
        ("xl/_rels/workbook.xml.rels", XLSX_WORKBOOK_RELS),
        ("xl/styles.xml", XLSX_STYLES),
    ] {
        zip.start_file(name, opts).map_err(zip_err)?;
        zip.write_all(body.as_bytes())?;
    }

    zip.start_file("xl/worksheets/sheet1.xml", sheet_opts).map_err(zip_err)?;
    let mut sst = SharedStrings::default();
    let mut buf = String::with_capacity(1 << 16);
    buf.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\r\n",
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    ));
    buf.push_str(&format!(
        "<dimension ref=\"A1:J{}\"/><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols><col min=\"1\" max=\"10\" width=\"16\" customWidth=\"1\"/></cols><sheetData>",
        rows + 1
    ));
    buf.push_str("<row r=\"1\" spans=\"1:10\">");
    for (c, h) in STANDARD_HEADER.iter().enumerate() {
        let id = sst.id(h);
        push_cell_ref(&mut buf, c, 1);
        buf.push_str(&format!(" s=\"3\" t=\"s\"><v>{id}</v></c>"));
    }
    buf.push_str("</row>");

    let mut rng = Rng::new(seed ^ 0x4C41_5247_454C_4544);
    let start = ymd(2014, 1, 1);
    let span_days = (ymd(2018, 12, 31) - start).num_days() as u128 + 1;
    let mut sum = 0i64;
    let mut voucher_year = 0;
    let mut voucher_seq = 0i64;
    let mut voucher = String::new();
    for i in 0..rows {
        let r = i + 2;
        let date = workday_near(start + Duration::days((u128::from(i) * span_days / u128::from(rows.max(1))) as i64));
        let year = date.year();
        if year != voucher_year {
            voucher_year = year;
            voucher_seq = rng.range(1000, 2000);
            voucher.clear();
        }
        if voucher.is_empty() || rng.chance(40) {
            voucher_seq += rng.range(1, 3);
            voucher = format!("LF-{year}-{voucher_seq:06}");
        }
        let cat = rng.pick(CATEGORIES);
        let decision_year = year - rng.range(0, 2) as i32;
        let project = project_code(cat, decision_year, rng.range(1, 12) as u32);
        let item = *rng.pick(cat.items);
        let place = *rng.pick(PLACES);
        let credit = rng.chance(4);
        let ore = if credit {
            -rng.range(100 * KR, 50_000 * KR)
        } else {
            match rng.below(10) {
                0..=5 => rng.range(100 * KR, 20_000 * KR),
                6..=8 => rng.range(20_000 * KR, 300_000 * KR),
                _ => rng.range(300_000 * KR, 3_000_000 * KR),
            }
        };
        sum += ore;
        let text = if credit { format!("Kreditnota {item} {place}") } else { format!("{item} {place}") };
        let period = date.year() as u32 * 100 + date.month();

        buf.push_str(&format!("<row r=\"{r}\" spans=\"1:10\">"));
        push_cell_ref(&mut buf, 0, r);
        buf.push_str(&format!("><v>{period}</v></c>"));
        push_cell_ref(&mut buf, 1, r);
        buf.push_str(&format!(" s=\"1\"><v>{}</v></c>", excel_serial(date)));
        let strings = [
            cat.konto,
            *rng.pick(cat.area.ansvar()),
            *rng.pick(cat.area.verksamhet()),
            project.as_str(),
            *rng.pick(cat.suppliers),
            voucher.as_str(),
            text.as_str(),
        ];
        for (k, s) in strings.iter().enumerate() {
            let id = sst.id(s);
            push_cell_ref(&mut buf, 2 + k, r);
            buf.push_str(&format!(" t=\"s\"><v>{id}</v></c>"));
        }
        push_cell_ref(&mut buf, 9, r);
        // Money becomes f64 only here; `{}` prints the shortest exact form.
        buf.push_str(&format!(" s=\"2\"><v>{}</v></c></row>", ore as f64 / 100.0));
        if buf.len() > 60_000 {
            zip.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    buf.push_str(r#"</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#);
    zip.write_all(buf.as_bytes())?;
    buf.clear();

    zip.start_file("xl/sharedStrings.xml", opts).map_err(zip_err)?;
    sst.write_xml(&mut zip)?;
    zip.finish().map_err(zip_err)?.flush()?;
    Ok(sum)
}

/// `<c r="B7"` (without the closing `>`).
fn push_cell_ref(buf: &mut String, col: usize, row: u64) {
    buf.push_str("<c r=\"");
    buf.push((b'A' + col as u8) as char);
    buf.push_str(&row.to_string());
    buf.push('"');
}

#[derive(Default)]
struct SharedStrings {
    ids: HashMap<Box<str>, u32>,
    count: u64,
}

impl SharedStrings {
    fn id(&mut self, s: &str) -> u32 {
        self.count += 1;
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.into(), id);
        id
    }

    fn write_xml(self, w: &mut impl Write) -> Result<()> {
        let unique = self.ids.len();
        let mut ordered: Vec<Option<Box<str>>> = vec![None; unique];
        for (s, id) in self.ids {
            ordered[id as usize] = Some(s);
        }
        let mut buf = String::with_capacity(1 << 16);
        buf.push_str(&format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                "\r\n",
                r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{}" uniqueCount="{}">"#
            ),
            self.count, unique
        ));
        for s in ordered.into_iter().flatten() {
            buf.push_str("<si><t>");
            buf.push_str(&xml_escape(&s));
            buf.push_str("</t></si>");
            if buf.len() > 60_000 {
                w.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        buf.push_str("</sst>");
        w.write_all(buf.as_bytes())?;
        Ok(())
    }
}

const XLSX_CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\r\n",
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
    "</Types>"
);

const XLSX_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\r\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    "</Relationships>"
);

const XLSX_WORKBOOK: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\r\n",
    r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>"#,
    r#"<sheets><sheet name="Huvudbok" sheetId="1" r:id="rId1"/></sheets></workbook>"#
);

const XLSX_WORKBOOK_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\r\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
    "</Relationships>"
);

/// Styles: 0 default, 1 date `yyyy-mm-dd`, 2 `#,##0.00`, 3 bold (header).
const XLSX_STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\r\n",
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts>"#,
    r#"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>"#,
    r#"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>"#,
    r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
    r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#,
    r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    "</styleSheet>"
);

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_auto, Data, Reader};
    use std::collections::BTreeMap;
    use std::io::Read;

    // -- the brief's figures, written out independently of TARGETS --------

    const MNKR: i64 = 1_000_000 * KR; // one million kronor in öre

    fn kr(k: i64) -> i64 {
        k * 100
    }

    #[test]
    fn targets_match_the_brief() {
        let sum = |year: i32, area: Area, cat: Option<&str>, before: Option<bool>| -> i64 {
            TARGETS
                .iter()
                .filter(|t| t.year == year && t.area == area && cat.is_none_or(|c| c == t.cat))
                .map(|t| match before {
                    Some(true) => t.before_kr,
                    Some(false) => t.within_kr,
                    None => t.before_kr + t.within_kr,
                })
                .sum::<i64>()
                * 100
        };
        use Area::*;
        // IT 2018 in detail.
        for (cat, b, w) in [
            ("NAT", 8_000_000, 4_900_000),
            ("SRV", 2_300_000, 1_500_000),
            ("VID", 800_000, 300_000),
            ("SKR", 1_300_000, 500_000),
        ] {
            assert_eq!(sum(2018, It, Some(cat), Some(true)), kr(b), "{cat}");
            assert_eq!(sum(2018, It, Some(cat), Some(false)), kr(w), "{cat}");
        }
        assert_eq!(sum(2018, It, None, Some(true)), kr(12_400_000));
        assert_eq!(sum(2018, It, None, Some(false)), kr(7_200_000));
        assert_eq!(sum(2018, It, None, None), kr(19_600_000));
        // IT 2014–2017 per category totals.
        for (year, cats, total) in [
            (
                2017,
                &[("NAT", 8_100_000), ("SRV", 2_200_000), ("VID", 1_600_000), ("SKR", 2_900_000), ("OFO", 900_000)][..],
                15_700_000,
            ),
            (2016, &[("NAT", 6_200_000), ("SRV", 3_700_000), ("VID", 1_200_000), ("SKR", 2_100_000)][..], 13_200_000),
            (2015, &[("NAT", 4_100_000), ("SRV", 2_300_000), ("VID", 1_600_000), ("SKR", 1_800_000)][..], 9_800_000),
            (2014, &[("NAT", 5_100_000), ("SRV", 2_600_000), ("VID", 200_000), ("SKR", 1_000_000)][..], 8_900_000),
        ] {
            for (cat, v) in cats {
                assert_eq!(sum(year, It, Some(cat), None), kr(*v), "{year} {cat}");
            }
            assert_eq!(sum(year, It, None, None), kr(total), "{year}");
        }
        // MT 2018.
        for (cat, b, w) in [
            ("RTG", 1_200_000, 11_000_000),
            ("ULJ", 0, 4_300_000),
            ("END", 1_200_000, 2_500_000),
            ("VEN", 0, 3_000_000),
        ] {
            assert_eq!(sum(2018, Mt, Some(cat), Some(true)), kr(b), "{cat}");
            assert_eq!(sum(2018, Mt, Some(cat), Some(false)), kr(w), "{cat}");
        }
        assert_eq!(sum(2018, Mt, None, Some(true)), kr(2_400_000));
        assert_eq!(sum(2018, Mt, None, Some(false)), kr(20_800_000));
        assert_eq!(sum(2018, Mt, None, None), kr(23_200_000));
        // MT 2014–2017 between 15 and 25 mnkr.
        for year in 2014..=2017 {
            let total = sum(year, Mt, None, None);
            assert!((15 * MNKR..=25 * MNKR).contains(&total), "MT {year}: {total}");
        }
        // Every target category exists and lives in the right area.
        for t in TARGETS {
            assert_eq!(category(t.cat).area, t.area);
        }
    }

    // -- reading files back ------------------------------------------------

    #[derive(Debug, Clone, PartialEq)]
    enum C {
        E,
        N(f64),
        S(String),
        D(NaiveDate),
    }

    fn cell(d: &Data) -> C {
        match d {
            Data::Empty => C::E,
            Data::Float(f) => C::N(*f),
            Data::Int(i) => C::N(*i as f64),
            Data::String(s) if s.trim().is_empty() => C::E,
            Data::String(s) => C::S(s.clone()),
            Data::DateTime(dt) => C::D(dt.as_datetime().expect("excel date").date()),
            Data::DateTimeIso(s) => C::D(NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").expect("iso date")),
            other => panic!("unexpected cell {other:?}"),
        }
    }

    fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<C>> {
        let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(wb.sheet_names(), vec![sheet.to_string()], "{}", path.display());
        let range = wb.worksheet_range(sheet).expect("sheet");
        assert_eq!(range.start(), Some((0, 0)), "{}: data starts at A1", path.display());
        range.rows().map(|r| r.iter().map(cell).collect()).collect()
    }

    fn csv_cells(fields: Vec<String>) -> Vec<C> {
        fields.into_iter().map(|f| if f.is_empty() { C::E } else { C::S(f) }).collect()
    }

    fn read_csv_semicolon_1252(path: &Path) -> Vec<Vec<C>> {
        let bytes = std::fs::read(path).unwrap();
        assert!(std::str::from_utf8(&bytes).is_err(), "must not be UTF-8");
        assert!(bytes.contains(&0xF6) && bytes.contains(&0xE4), "ö/ä as Windows-1252 bytes");
        let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(!bad);
        assert!(text.ends_with("\r\n"));
        text.split_terminator("\r\n").map(|l| csv_cells(l.split(';').map(str::to_string).collect())).collect()
    }

    /// Minimal RFC 4180 reader: every field quoted, `""` for a quote.
    fn read_csv_komma(path: &Path) -> Vec<Vec<C>> {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let mut rows = Vec::new();
        for line in text.split_terminator('\n') {
            let mut fields = Vec::new();
            let mut chars = line.chars().peekable();
            loop {
                assert_eq!(chars.next(), Some('"'), "quoted field in {line}");
                let mut f = String::new();
                loop {
                    match chars.next().expect("closing quote") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            f.push('"');
                        }
                        '"' => break,
                        c => f.push(c),
                    }
                }
                fields.push(f);
                match chars.next() {
                    Some(',') => continue,
                    None => break,
                    Some(c) => panic!("unexpected {c:?} in {line}"),
                }
            }
            rows.push(csv_cells(fields));
        }
        rows
    }

    /// Amount from a cell: numbers as they are, text in any of the Swedish
    /// forms the fixtures use. Integer arithmetic only for text.
    fn amount(c: &C) -> i64 {
        match c {
            C::N(f) => (f * 100.0).round() as i64,
            C::S(s) => {
                let mut t: String = s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
                let mut neg = false;
                if t.starts_with('(') && t.ends_with(')') {
                    neg = true;
                    t = t[1..t.len() - 1].to_string();
                }
                if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
                    neg = true;
                    t = rest.to_string();
                }
                let t = t.replace(',', ".");
                let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
                assert!(frac.len() <= 2, "{s}");
                let ore = int.parse::<i64>().unwrap_or_else(|_| panic!("amount {s:?}")) * 100
                    + format!("{frac:0<2}").parse::<i64>().unwrap();
                if neg {
                    -ore
                } else {
                    ore
                }
            }
            other => panic!("amount cell {other:?}"),
        }
    }

    fn period(c: &C) -> (i32, u32) {
        match c {
            C::N(f) => {
                let p = *f as i64;
                assert_eq!(p as f64, *f);
                ((p / 100) as i32, (p % 100) as u32)
            }
            C::D(d) => {
                assert_eq!(d.day(), 1, "period date is first of month");
                (d.year(), d.month())
            }
            C::S(s) => {
                if let Some((y, m)) = s.split_once('-') {
                    (y.parse().unwrap(), m.parse().unwrap())
                } else {
                    let (m, y) = s.split_once(' ').unwrap_or_else(|| panic!("period {s:?}"));
                    let m = crate::period::MONTHS_SV.iter().position(|x| *x == m).expect("month name") as u32 + 1;
                    (y.parse().unwrap(), m)
                }
            }
            C::E => panic!("empty period"),
        }
    }

    fn date(c: &C) -> NaiveDate {
        match c {
            C::D(d) => *d,
            C::S(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap(),
            other => panic!("date cell {other:?}"),
        }
    }

    fn text(c: &C) -> String {
        match c {
            C::S(s) => s.clone(),
            C::N(f) => format!("{f}"),
            C::E => String::new(),
            C::D(d) => panic!("text expected, got date {d}"),
        }
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Parsed {
        year: i32,
        date: NaiveDate,
        area: String,
        cat: String,
        decision_year: i32,
        voucher: String,
        text: String,
        ore: i64,
    }

    type Sums = BTreeMap<(i32, String, String, bool), i64>;

    /// Finds the header, maps columns by name, returns the lines and the
    /// value of a total row ("Summa"/"Totalt") if there is one.
    fn parse_ledger(rows: &[Vec<C>]) -> (Vec<Parsed>, Option<i64>) {
        let header_row = rows
            .iter()
            .position(|r| r.iter().any(|c| matches!(c, C::S(s) if s == "Belopp" || s == "Amount")))
            .expect("header row");
        let header: Vec<String> = rows[header_row].iter().map(text).collect();
        let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
        let c_period = col(&["Period"]).unwrap();
        let c_date = col(&["Bokföringsdatum", "Date"]).unwrap();
        let c_project = col(&["Projekt", "Project"]).unwrap();
        let c_amount = col(&["Belopp", "Amount"]).unwrap();
        let c_voucher = col(&["Verifikationsnummer", "Voucher"]).unwrap();
        let c_text = col(&["Text", "Description"]).unwrap();
        let explicit = (col(&["Område"]), col(&["Kategori"]), col(&["Beslutsår"]));

        let mut lines = Vec::new();
        let mut total = None;
        for (i, row) in rows.iter().enumerate().skip(header_row + 1) {
            let get = |c: usize| row.get(c).cloned().unwrap_or(C::E);
            if row.iter().all(|c| *c == C::E) {
                continue;
            }
            if row.iter().any(|c| matches!(c, C::S(s) if s == "Summa" || s == "Totalt")) {
                assert!(total.is_none());
                assert_eq!(i, rows.len() - 1, "total row is the last row");
                total = Some(amount(&get(c_amount)));
                continue;
            }
            let (year, month) = period(&get(c_period));
            let d = date(&get(c_date));
            assert_eq!((d.year(), d.month()), (year, month), "booking date inside its period");
            let project = text(&get(c_project));
            let (area, cat, decision_year) = if project.is_empty() {
                let (a, k, b) = (explicit.0.unwrap(), explicit.1.unwrap(), explicit.2.unwrap());
                let name = text(&get(k));
                let cat = CATEGORIES.iter().find(|c| c.name == name).expect("category name");
                let dy = match get(b) {
                    C::N(f) => f as i32,
                    other => panic!("Beslutsår {other:?}"),
                };
                (text(&get(a)), cat.code.to_string(), dy)
            } else {
                assert!(explicit.0.is_none(), "explicit layout has no project codes");
                let parts: Vec<&str> = project.split('-').collect();
                assert_eq!(parts.len(), 4, "{project}");
                (parts[0].to_string(), parts[1].to_string(), parts[2].parse().unwrap())
            };
            assert!(decision_year <= year, "project decided after booking year");
            lines.push(Parsed {
                year,
                date: d,
                area,
                cat,
                decision_year,
                voucher: text(&get(c_voucher)),
                text: text(&get(c_text)),
                ore: amount(&get(c_amount)),
            });
        }
        (lines, total)
    }

    fn sums(lines: &[Parsed]) -> Sums {
        let mut m = Sums::new();
        for l in lines {
            *m.entry((l.year, l.area.clone(), l.cat.clone(), l.decision_year < l.year)).or_default() += l.ore;
        }
        m
    }

    fn expected(year: i32) -> Sums {
        let mut m = Sums::new();
        for t in TARGETS.iter().filter(|t| t.year == year) {
            for (before, kr) in [(true, t.before_kr), (false, t.within_kr)] {
                if kr != 0 {
                    m.insert((year, t.area.code().to_string(), t.cat.to_string(), before), kr * 100);
                }
            }
        }
        m
    }

    fn check_ledger(rows: &[Vec<C>], year: i32, want_total_row: bool) -> Vec<Parsed> {
        let (lines, total) = parse_ledger(rows);
        assert!(lines.iter().all(|l| l.year == year));
        assert_eq!(sums(&lines), expected(year), "targets {year}");
        let sum: i64 = lines.iter().map(|l| l.ore).sum();
        assert_eq!(total.is_some(), want_total_row);
        if let Some(t) = total {
            assert_eq!(t, sum, "total row");
        }
        assert!(lines.iter().any(|l| l.ore < 0 && l.text.starts_with("Kreditnota ")), "credit notes");
        assert!(lines.iter().filter(|l| l.ore < 0).all(|l| l.text.starts_with("Kreditnota ")));
        assert!(lines.windows(2).all(|w| w[0].date <= w[1].date), "sorted by date");
        assert!(lines.iter().all(|l| is_workday(l.date)), "booked on workdays");
        lines
    }

    fn generated() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
        static DIR: std::sync::OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = std::sync::OnceLock::new();
        DIR.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let files = write_all(dir.path()).unwrap();
            (dir, files)
        })
    }

    fn gen_path(rel: &str) -> PathBuf {
        generated().0.path().join(rel)
    }

    #[test]
    fn file_list_and_size() {
        let (dir, files) = generated();
        let rel: Vec<String> =
            files.iter().map(|p| p.strip_prefix(dir.path()).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(
            rel,
            [
                "ramar.xlsx",
                "huvudbok_2014.xlsx",
                "huvudbok_2015.csv",
                "huvudbok_2016.xlsx",
                "huvudbok_2017.ods",
                "huvudbok_2018.xlsx",
                "alt/huvudbok_2018_en.xlsx",
                "alt/huvudbok_2018_explicit.xlsx",
                "alt/huvudbok_2018_komma.csv",
                "drift_huvudbok_2017.xlsx",
                "budget_2017.xlsx",
                "drift_huvudbok_2018.xlsx",
                "budget_2018.xlsx",
                "personal_2017.csv",
                "personal_2018.xlsx",
            ]
        );
        let total: u64 = files.iter().map(|p| std::fs::metadata(p).unwrap().len()).sum();
        assert!(total < 1_000_000, "fixture set is {total} bytes");
    }

    #[test]
    fn standard_xlsx_ledgers_hit_targets() {
        for (file, year) in [("huvudbok_2014.xlsx", 2014), ("huvudbok_2016.xlsx", 2016), ("huvudbok_2018.xlsx", 2018)] {
            let rows = read_sheet(&gen_path(file), "Huvudbok");
            check_ledger(&rows, year, false);
        }
        // Konto: number in 2014, text in 2016/2018.
        let r14 = read_sheet(&gen_path("huvudbok_2014.xlsx"), "Huvudbok");
        assert!(matches!(r14[1][2], C::N(_)));
        let r18 = read_sheet(&gen_path("huvudbok_2018.xlsx"), "Huvudbok");
        assert_eq!(r18[0][0], C::S("Huvudbok Länsteknik – utdrag".into()));
        assert_eq!(r18[1][0], C::S("Period 201801–201812".into()));
        assert!(r18[2].iter().all(|c| *c == C::E));
        assert_eq!(r18[3][0], C::S("Period".into()));
        assert!(matches!(r18[4][2], C::S(_)));
        assert!(matches!(r18[4][1], C::D(_)));
    }

    #[test]
    fn csv_1252_hits_targets() {
        let rows = read_csv_semicolon_1252(&gen_path("huvudbok_2015.csv"));
        assert_eq!(rows[0].len(), 10);
        let lines = check_ledger(&rows, 2015, false);
        assert!(lines.iter().any(|l| l.text.contains('å') || l.text.contains('ä') || l.text.contains('ö')));
        let raw =
            encoding_rs::WINDOWS_1252.decode(&std::fs::read(gen_path("huvudbok_2015.csv")).unwrap()).0.into_owned();
        assert!(raw.contains(";2015-03-"), "Period as 2015-03 / date as 2015-03-dd");
        assert!(raw.lines().any(|l| l.rsplit(';').next().unwrap().contains(' ')), "space thousands");
    }

    #[test]
    fn ods_hits_targets_and_has_summa_row() {
        let path = gen_path("huvudbok_2017.ods");
        let rows = read_sheet(&path, "Huvudbok 2017");
        assert!(matches!(&rows[0][0], C::S(s) if s.starts_with("Huvudbok 2017")));
        assert!(matches!(&rows[1][0], C::S(_)));
        assert_eq!(rows[2][0], C::S("Period".into()));
        assert!(matches!(rows[3][1], C::D(_)), "ODS dates come back as DateTimeIso");
        assert!(matches!(rows.last().unwrap()[0], C::S(ref s) if s == "Summa"));
        check_ledger(&rows, 2017, true);
        // mimetype first and stored.
        let mut z = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
        let mut first = z.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
        let mut s = String::new();
        first.read_to_string(&mut s).unwrap();
        assert_eq!(s, ODS_MIMETYPE);
    }

    #[test]
    fn alt_2018_variants_have_the_same_lines() {
        let std_rows = read_sheet(&gen_path("huvudbok_2018.xlsx"), "Huvudbok");
        let base = check_ledger(&std_rows, 2018, false);

        let en_rows = read_sheet(&gen_path("alt/huvudbok_2018_en.xlsx"), "Huvudbok");
        assert_eq!(en_rows[0].len(), 11);
        assert!(en_rows.iter().skip(1).all(|r| matches!(r[7], C::S(_))), "amounts are text");
        let amounts: Vec<String> = en_rows.iter().skip(1).map(|r| text(&r[7])).collect();
        assert!(amounts.iter().any(|a| a.contains('\u{a0}')), "NBSP survives");
        assert!(amounts.iter().any(|a| a.starts_with('\u{2212}')));
        assert!(amounts.iter().any(|a| a.starts_with('(')));
        let en = check_ledger(&en_rows, 2018, false);
        assert_eq!(en, base);

        let ex_rows = read_sheet(&gen_path("alt/huvudbok_2018_explicit.xlsx"), "Huvudbok");
        assert!(matches!(ex_rows[1][0], C::D(_)), "Period is a date cell");
        assert!(ex_rows.iter().skip(1).all(|r| r[5] == C::E), "Projekt empty");
        let ex = check_ledger(&ex_rows, 2018, true);
        let strip =
            |v: &[Parsed]| v.iter().map(|l| (l.date, l.ore, l.voucher.clone(), l.cat.clone())).collect::<Vec<_>>();
        assert_eq!(strip(&ex), strip(&base));
        // The explicit file's decision years agree with the project codes.
        assert!(ex.iter().zip(&base).all(|(a, b)| a.decision_year == b.decision_year && a.area == b.area));

        let k_rows = read_csv_komma(&gen_path("alt/huvudbok_2018_komma.csv"));
        assert!(matches!(&k_rows[1][0], C::S(s) if s.ends_with(" 2018")));
        let k = check_ledger(&k_rows, 2018, false);
        assert_eq!(k, base);
    }

    #[test]
    fn ramar_layout_and_sums() {
        let path = gen_path("ramar.xlsx");
        let mut wb = open_workbook_auto(&path).unwrap();
        let range = wb.worksheet_range("Ramar").unwrap();
        let at = |r: u32, c: u32| range.get_value((r, c)).map(cell).unwrap_or(C::E);
        assert_eq!(at(0, 0), C::S("Investeringsramar Länsteknik".into()));
        assert_eq!(at(1, 0), C::S("Uttag 2019-01-15".into()));
        assert!((0..6).all(|c| at(2, c) == C::E));
        let header: Vec<String> = (0..6).map(|c| text(&at(3, c))).collect();
        assert_eq!(header, ["År", "Område", "Kategori", "Beslutad ram", "Utökad ram", "Kommentar"]);
        let mut decided: BTreeMap<(i32, String, bool), i64> = BTreeMap::new();
        let mut extended: BTreeMap<(i32, String), i64> = BTreeMap::new();
        let mut mt2018_ext_blank = true;
        let (end, _) = range.end().unwrap();
        for r in 4..=end {
            let year = match at(r, 0) {
                C::N(f) => f as i32,
                other => panic!("year {other:?}"),
            };
            let area = text(&at(r, 1));
            let area_level = at(r, 2) == C::E;
            assert_eq!(area_level, year < 2018, "area rows before 2018, category rows 2018");
            *decided.entry((year, area.clone(), area_level)).or_default() += amount(&at(r, 3));
            match at(r, 4) {
                C::E => {}
                c => {
                    if year == 2018 && area == "MT" {
                        mt2018_ext_blank = false;
                    }
                    *extended.entry((year, area)).or_default() += amount(&c);
                }
            }
        }
        assert_eq!(decided[&(2018, "IT".into(), false)], kr(8_200_000));
        assert_eq!(extended[&(2018, "IT".into())], kr(6_400_000));
        assert_eq!(decided[&(2018, "MT".into(), false)], kr(63_000_000));
        assert!(mt2018_ext_blank);
        for year in 2014..=2017 {
            let it = decided[&(year, "IT".into(), true)];
            let mt = decided[&(year, "MT".into(), true)];
            assert!((8 * MNKR..=12 * MNKR).contains(&it));
            assert!((15 * MNKR..=30 * MNKR).contains(&mt));
        }
    }

    #[test]
    fn write_all_is_deterministic() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let fa = write_all(a.path()).unwrap();
        let fb = write_all(b.path()).unwrap();
        assert_eq!(fa.len(), fb.len());
        for (x, y) in fa.iter().zip(&fb) {
            assert_eq!(x.strip_prefix(a.path()).unwrap(), y.strip_prefix(b.path()).unwrap());
            assert!(std::fs::read(x).unwrap() == std::fs::read(y).unwrap(), "{} differs", x.display());
        }
    }

    #[test]
    fn large_ledger_roundtrip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stor.xlsx");
        let sum = write_large_ledger(&path, 20_000, 42).unwrap();
        let rows = read_sheet(&path, "Huvudbok");
        assert_eq!(rows.len(), 20_001);
        let header: Vec<String> = rows[0].iter().map(text).collect();
        assert_eq!(header, STANDARD_HEADER);
        let mut read_sum = 0i64;
        let mut credit = 0;
        for r in &rows[1..] {
            assert_eq!(r.len(), 10);
            let (y, m) = period(&r[0]);
            let d = date(&r[1]);
            assert_eq!((d.year(), d.month()), (y, m));
            assert!(is_workday(d), "{d}");
            for c in &r[2..9] {
                assert!(matches!(c, C::S(_)), "text cells: {c:?}");
            }
            let p = text(&r[5]);
            let dy: i32 = p.split('-').nth(2).unwrap().parse().unwrap();
            assert!(dy <= y);
            let a = amount(&r[9]);
            if a < 0 {
                credit += 1;
                assert!(text(&r[8]).starts_with("Kreditnota "));
            }
            read_sum += a;
        }
        assert!(credit > 0);
        assert_eq!(read_sum, sum);
        // Strings really are in the shared-string table.
        let mut z = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
        let mut sheet = String::new();
        z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
        assert!(sheet.contains(" t=\"s\"") && !sheet.contains("inlineStr"));
        assert!(z.by_name("xl/sharedStrings.xml").is_ok());
        // Seeded: same seed same bytes, another seed another ledger.
        let again = dir.path().join("igen.xlsx");
        assert_eq!(write_large_ledger(&again, 20_000, 42).unwrap(), sum);
        assert!(std::fs::read(&path).unwrap() == std::fs::read(&again).unwrap());
        assert_ne!(write_large_ledger(&again, 20_000, 43).unwrap(), sum);
    }

    #[test]
    fn large_ledger_edge_sizes() {
        let dir = tempfile::tempdir().unwrap();
        for rows in [0u64, 1, 7] {
            let path = dir.path().join(format!("l{rows}.xlsx"));
            let sum = write_large_ledger(&path, rows, 1).unwrap();
            let data = read_sheet(&path, "Huvudbok");
            assert_eq!(data.len() as u64, rows + 1);
            assert_eq!(data[1..].iter().map(|r| amount(&r[9])).sum::<i64>(), sum);
        }
    }

    #[test]
    fn formatting_helpers() {
        assert_eq!(swedish_abs(123_456_789, " "), "1 234 567,89");
        assert_eq!(swedish_abs(-5, "\u{a0}"), "0,05");
        assert_eq!(swedish_abs(100_000 * KR, "\u{a0}"), "100\u{a0}000,00");
        assert_eq!(dot_decimal(-123_450), "-1234.50");
        assert_eq!(ods_value(123_450), "1234.5");
        assert_eq!(ods_value(-1200), "-12");
        assert_eq!(ods_value(5), "0.05");
        assert_eq!(ods_value(0), "0");
        assert_eq!(excel_serial(ymd(2018, 1, 1)), 43101);
    }

    /// The committed `fixtures/` directory (if present) is what `write_all`
    /// produces now. Regenerate with `cargo run -- fixtures --out fixtures`.
    #[test]
    fn committed_fixtures_are_current() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        if !committed.join("ramar.xlsx").exists() {
            return;
        }
        let (dir, files) = generated();
        for f in files {
            let rel = f.strip_prefix(dir.path()).unwrap();
            let old = std::fs::read(committed.join(rel)).unwrap_or_default();
            assert!(old == std::fs::read(f).unwrap(), "fixtures/{} is stale: regenerate", rel.display());
        }
    }

    #[test]
    #[ignore = "writes into the repository; run to regenerate fixtures/"]
    fn regenerate_committed_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for f in write_all(&dir).unwrap() {
            println!("{:>8}  {}", std::fs::metadata(&f).unwrap().len(), f.display());
        }
    }
}

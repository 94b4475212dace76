//! Finding the header row and mapping its columns to fields. Exports put
//! titles, dates and blank rows above the header and name columns in Swedish
//! or English; unknown columns are kept as attributes.

use super::source::Cell;
use super::Kind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Field {
    Period,
    Date,
    Konto,
    Ansvar,
    Verksamhet,
    Projekt,
    Motpart,
    Verifikation,
    Text,
    Belopp,
    Omrade,
    Kategori,
    Beslutsar,
    Ar,
    BeslutadRam,
    UtokadRam,
    Kostnadsslag,
    Vo,
    Kommentar,
    Budget,
    Prognos,
    Arbetade,
    Overtid,
    Mertid,
    Fyllnadstid,
    Sjuk,
    Anstallda,
    /// Debet and Kredit: a ledger's amount as two unsigned columns.
    Debet,
    Kredit,
    /// A code column's companion name column ("Kontonamn", "Account(T)").
    KontoNamn,
    AnsvarNamn,
    VerksamhetNamn,
    ProjektNamn,
    MotpartNamn,
    /// A frame's total (beslutad + utökad), checked, not stored.
    TotalRam,
    Objekt,
    Anskaffningsvarde,
    Aktivering,
    Nyttjandeperiod,
    /// An open purchase order's date and number.
    Bestallningsdatum,
    Bestallningsnummer,
}

impl Field {
    pub const ALL: [Field; 41] = [
        Field::Period,
        Field::Date,
        Field::Konto,
        Field::Ansvar,
        Field::Verksamhet,
        Field::Projekt,
        Field::Motpart,
        Field::Verifikation,
        Field::Text,
        Field::Belopp,
        Field::Omrade,
        Field::Kategori,
        Field::Beslutsar,
        Field::Ar,
        Field::BeslutadRam,
        Field::UtokadRam,
        Field::Kostnadsslag,
        Field::Vo,
        Field::Kommentar,
        Field::Budget,
        Field::Prognos,
        Field::Arbetade,
        Field::Overtid,
        Field::Mertid,
        Field::Fyllnadstid,
        Field::Sjuk,
        Field::Anstallda,
        Field::Debet,
        Field::Kredit,
        Field::KontoNamn,
        Field::AnsvarNamn,
        Field::VerksamhetNamn,
        Field::ProjektNamn,
        Field::MotpartNamn,
        Field::TotalRam,
        Field::Objekt,
        Field::Anskaffningsvarde,
        Field::Aktivering,
        Field::Nyttjandeperiod,
        Field::Bestallningsdatum,
        Field::Bestallningsnummer,
    ];

    /// The Swedish name shown to users and in error messages.
    pub fn label(self) -> &'static str {
        self.synonyms()[0]
    }

    /// Header texts that mean this field, compared case-insensitively after
    /// trimming and collapsing whitespace. The first is the display name.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Period => &["Period", "Månad", "Bokföringsperiod", "Redovisningsperiod", "Month", "Fiscal period"],
            Field::Date => &[
                "Bokföringsdatum",
                "Datum",
                "Verifikationsdatum",
                "Transaktionsdatum",
                "Date",
                "Posting date",
                "Booking date",
                "Trans date",
                "Transaction date",
                "Voucher date",
            ],
            Field::Konto => &["Konto", "Kontonr", "Kontonummer", "Account", "Account no"],
            Field::Ansvar => {
                &["Ansvar", "Kostnadsställe", "Ansvarsenhet", "Kst", "Cost centre", "Cost center", "Responsibility"]
            }
            Field::Verksamhet => &["Verksamhet", "Verksamhetskod", "Activity"],
            Field::Projekt => &["Projekt", "Projektnr", "Projektkod", "Project", "Project code"],
            Field::Motpart => &["Motpart", "Leverantör", "Kund", "Counterparty", "Supplier", "Vendor"],
            Field::Verifikation => {
                &["Verifikation", "Verifikationsnummer", "Verifikationsnr", "Ver.nr", "Vernr", "Voucher", "Voucher no"]
            }
            Field::Text => {
                &["Text", "Beskrivning", "Verifikationstext", "Description", "Transaktionstext", "Benämning"]
            }
            Field::Belopp => &["Belopp", "Utfall", "Belopp kr", "Belopp (kr)", "Amount", "Amount SEK", "Value"],
            Field::Omrade => &["Område", "Omrade", "Area", "Typ"],
            Field::Kategori => &["Kategori", "Category"],
            Field::Beslutsar => &["Beslutsår", "Beslutsar", "Decision year", "Beslut år"],
            Field::Ar => &["År", "Ar", "Year", "Räkenskapsår"],
            Field::BeslutadRam => &[
                "Beslutad ram",
                "Beslutad",
                "Ram",
                "Investeringsram",
                "Beslutad investeringsram",
                "Decided frame",
                "Frame",
            ],
            Field::UtokadRam => &[
                "Utökad ram",
                "Utokad ram",
                "Utökning",
                "Tilläggsanslag",
                "Tilläggsram",
                "Extended frame",
                "Extension",
            ],
            Field::TotalRam => {
                &["Total ram", "Totalram", "Ram totalt", "Summa ram", "Total investeringsram", "Total frame"]
            }
            Field::Kostnadsslag => &["Kostnadsslag", "Cost type"],
            Field::Vo => &["VO", "Verksamhetsområde", "Business unit"],
            Field::Kommentar => &["Kommentar", "Comment", "Anmärkning", "Notering"],
            Field::Budget => &["Budget", "Årsbudget", "Budget helår", "Helårsbudget", "Budgetbelopp", "Annual budget"],
            Field::Prognos => &["Prognos", "Helårsprognos", "Prognos helår", "Forecast"],
            Field::Arbetade => &["Arbetade timmar", "Arbetad tid", "Arbetad tid (h)", "Timmar", "Worked hours"],
            Field::Overtid => &["Övertid", "Övertid timmar", "Övertid (h)", "Overtime", "Overtime hours"],
            Field::Mertid => &["Mertid", "Mertid timmar", "Mertid (h)", "Additional hours"],
            Field::Fyllnadstid => &["Fyllnadstid", "Fyllnadstid timmar", "Fyllnadstid (h)", "Top-up hours"],
            Field::Sjuk => &[
                "Sjukfrånvaro",
                "Sjukfrånvaro timmar",
                "Sjuktimmar",
                "Sjukfrånvaro (h)",
                "Sick hours",
                "Sick leave hours",
            ],
            Field::Anstallda => &["Antal anställda", "Anställda", "Antal", "Headcount", "Employees"],
            Field::Debet => {
                &["Debet", "Debit", "Debet SEK", "Debit SEK", "Belopp debet", "Debetbelopp", "Debit amount"]
            }
            Field::Kredit => {
                &["Kredit", "Credit", "Kredit SEK", "Credit SEK", "Belopp kredit", "Kreditbelopp", "Credit amount"]
            }
            Field::KontoNamn => &["Kontonamn", "Kontobenämning", "Kontotext", "Account name", "Account description"],
            Field::AnsvarNamn => &["Ansvarsnamn", "Ansvarsbenämning", "Kostnadsställenamn", "Cost centre name"],
            Field::VerksamhetNamn => &["Verksamhetsnamn", "Verksamhetsbenämning", "Activity name"],
            Field::ProjektNamn => &["Projektnamn", "Projektbenämning", "Project name", "Project description"],
            Field::MotpartNamn => &["Motpartsnamn", "Leverantörsnamn", "Counterparty name", "Supplier name"],
            Field::Objekt => &[
                "Objekt",
                "Objektnr",
                "Objektnummer",
                "Anläggning",
                "Anläggningsnummer",
                "Anläggningsnr",
                "Inventarienummer",
                "Inventarienr",
                "Asset",
                "Asset id",
                "Asset number",
            ],
            Field::Anskaffningsvarde => &[
                "Anskaffningsvärde",
                "Anskaffningsvarde",
                "Anskaffningsvärde (kr)",
                "Anskaffningsvärde kr",
                "Anskaffningsbelopp",
                "Acquisition value",
                "Acquisition cost",
            ],
            Field::Aktivering => &[
                "Aktiveringsdatum",
                "Aktiveringsperiod",
                "Aktiveringsmånad",
                "Aktiverad",
                "Aktivering",
                "Idrifttagning",
                "Driftsättning",
                "Activation date",
                "Activation period",
                "In service",
            ],
            Field::Nyttjandeperiod => &[
                "Nyttjandeperiod",
                "Nyttjandeperiod (år)",
                "Nyttjandeperiod år",
                "Nyttjandetid",
                "Avskrivningstid",
                "Avskrivningstid (år)",
                "Livslängd",
                "Useful life",
                "Useful life (years)",
            ],
            Field::Bestallningsdatum => &["Beställningsdatum", "Orderdatum", "Beställd", "Order date", "PO date"],
            Field::Bestallningsnummer => &[
                "Beställningsnummer",
                "Beställningsnr",
                "Ordernummer",
                "Ordernr",
                "Inköpsorder",
                "Order no",
                "Order number",
                "PO number",
            ],
        }
    }

    pub fn is_amount(self) -> bool {
        matches!(
            self,
            Field::Belopp
                | Field::BeslutadRam
                | Field::UtokadRam
                | Field::Debet
                | Field::Kredit
                | Field::TotalRam
                | Field::Anskaffningsvarde
        )
    }

    /// The name column that goes with a code column (Konto → Kontonamn).
    pub fn name_field(self) -> Option<Field> {
        match self {
            Field::Konto => Some(Field::KontoNamn),
            Field::Ansvar => Some(Field::AnsvarNamn),
            Field::Verksamhet => Some(Field::VerksamhetNamn),
            Field::Projekt => Some(Field::ProjektNamn),
            Field::Motpart => Some(Field::MotpartNamn),
            _ => None,
        }
    }

    /// The frame columns whose header may carry the year ("Ram 2018").
    const YEAR_IN_HEADER: [Field; 3] = [Field::BeslutadRam, Field::UtokadRam, Field::TotalRam];
}

/// The code fields whose cells may carry a name too ("1225 Inventarier IT").
pub const CODE_FIELDS: [Field; 5] = [Field::Konto, Field::Ansvar, Field::Verksamhet, Field::Projekt, Field::Motpart];

pub fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().trim_end_matches(':').to_string()
}

pub fn field_for_header(text: &str) -> Option<Field> {
    let n = normalize(text);
    if n.is_empty() {
        return None;
    }
    exact_field(&n).or_else(|| name_column(&n))
}

fn exact_field(n: &str) -> Option<Field> {
    Field::ALL.iter().copied().find(|f| f.synonyms().iter().any(|s| normalize(s) == n))
}

/// A code column's name written as the code's header plus a suffix, the way
/// ERPs label them: "Account(T)" (Unit4), "Konto benämning", "Ansvar text",
/// "Project name".
fn name_column(n: &str) -> Option<Field> {
    const SUFFIXES: [&str; 6] = ["(t)", " namn", " text", " benämning", " name", " description"];
    let base = SUFFIXES.iter().find_map(|s| n.strip_suffix(s))?.trim_end();
    exact_field(base)?.name_field()
}

/// Which fields each kind needs, and which it may use.
pub fn required(kind: Kind) -> &'static [&'static [Field]] {
    // each inner slice: at least one of these
    match kind {
        Kind::Ledger => &[&[Field::Belopp], &[Field::Period, Field::Date]],
        Kind::Frames => &[&[Field::Ar], &[Field::Omrade], &[Field::BeslutadRam]],
        Kind::Budget => &[&[Field::Ar], &[Field::Kostnadsslag], &[Field::Budget]],
        Kind::Staff => &[&[Field::Period, Field::Date], &[Field::Vo, Field::Ansvar], &[Field::Arbetade]],
        Kind::Assets => &[
            &[Field::Objekt, Field::Projekt],
            &[Field::Omrade],
            &[Field::Anskaffningsvarde],
            &[Field::Aktivering],
            &[Field::Nyttjandeperiod],
        ],
        // the order date, not a plain Datum: a ledger with Projekt, Belopp
        // and Datum must not be taken for an orders file
        Kind::Orders => &[&[Field::Projekt, Field::Omrade], &[Field::Belopp], &[Field::Bestallningsdatum]],
    }
}

pub fn allowed(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Ledger => &[
            Field::Period,
            Field::Date,
            Field::Konto,
            Field::Ansvar,
            Field::Verksamhet,
            Field::Projekt,
            Field::Motpart,
            Field::Verifikation,
            Field::Text,
            Field::Belopp,
            Field::Omrade,
            Field::Kategori,
            Field::Beslutsar,
            Field::Kostnadsslag,
            Field::Vo,
            Field::Ar,
            Field::Debet,
            Field::Kredit,
            Field::KontoNamn,
            Field::AnsvarNamn,
            Field::VerksamhetNamn,
            Field::ProjektNamn,
            Field::MotpartNamn,
        ],
        Kind::Frames => &[
            Field::Ar,
            Field::Omrade,
            Field::Kategori,
            Field::BeslutadRam,
            Field::UtokadRam,
            Field::TotalRam,
            Field::Beslutsar,
            Field::Kommentar,
        ],
        Kind::Budget => {
            &[Field::Ar, Field::Kostnadsslag, Field::Vo, Field::Ansvar, Field::Budget, Field::Prognos, Field::Kommentar]
        }
        Kind::Staff => &[
            Field::Period,
            Field::Date,
            Field::Vo,
            Field::Ansvar,
            Field::Arbetade,
            Field::Overtid,
            Field::Mertid,
            Field::Fyllnadstid,
            Field::Sjuk,
            Field::Anstallda,
        ],
        Kind::Assets => &[
            Field::Objekt,
            Field::Projekt,
            Field::Text,
            Field::Omrade,
            Field::Kategori,
            Field::Anskaffningsvarde,
            Field::Aktivering,
            Field::Nyttjandeperiod,
            Field::Kommentar,
        ],
        // Leverantör is the ledger's Motpart (its synonyms name the supplier)
        Kind::Orders => &[
            Field::Projekt,
            Field::Omrade,
            Field::Kategori,
            Field::Belopp,
            Field::Bestallningsdatum,
            Field::Motpart,
            Field::Bestallningsnummer,
            Field::Text,
        ],
    }
}

/// Column → field, plus the unknown columns kept as attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub fields: BTreeMap<Field, u32>,
    /// (column, header text) of columns that map to no field.
    pub extra: Vec<(u32, String)>,
    /// Budget monthly profile: month (1–12) → column.
    #[serde(default)]
    pub months: BTreeMap<u8, u32>,
    /// A field named by two columns: (field, first column, second column).
    #[serde(default)]
    pub duplicates: Vec<(Field, u32, u32)>,
    /// Frames: the year the frame columns' header names ("Beslutad ram
    /// 2018"), for a sheet without an År column.
    #[serde(default)]
    pub header_year: Option<i32>,
}

impl Mapping {
    pub fn col(&self, f: Field) -> Option<u32> {
        self.fields.get(&f).copied()
    }
    /// The required fields no column gives. Debet or Kredit stands in for a
    /// ledger's Belopp here; `locate::check` then asks for the other one.
    pub fn missing(&self, kind: Kind) -> Vec<&'static [Field]> {
        let has = |f: &Field| {
            self.fields.contains_key(f)
                || (*f == Field::Ar && kind == Kind::Frames && self.header_year.is_some())
                || (*f == Field::Belopp
                    && kind == Kind::Ledger
                    && (self.fields.contains_key(&Field::Debet) || self.fields.contains_key(&Field::Kredit)))
        };
        required(kind).iter().filter(|alts| !alts.iter().any(has)).copied().collect()
    }
    /// A ledger's amount is Debet − Kredit (no Belopp column, both given).
    pub fn debet_kredit(&self) -> bool {
        !self.fields.contains_key(&Field::Belopp)
            && self.fields.contains_key(&Field::Debet)
            && self.fields.contains_key(&Field::Kredit)
    }
}

/// "Beslutad ram 2018" → ("Beslutad ram", 2018): a header ending in a year.
fn split_year(text: &str) -> Option<(&str, i32)> {
    let t = text.trim();
    let (head, last) = t.rsplit_once(char::is_whitespace)?;
    let year = last.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y) && last.len() == 4)?;
    Some((head.trim_end(), year))
}

/// A frames header that names its year: "Ram 2018", "Tilläggsanslag 2018".
fn frame_field_with_year(text: &str) -> Option<Field> {
    let (head, _) = split_year(text)?;
    field_for_header(head).filter(|f| Field::YEAR_IN_HEADER.contains(f))
}

/// The year in the header of the frame columns mapped in `fields` (the
/// decided frame's first), for frames sheets without an År column.
pub fn header_year(kind: Kind, header: &[Cell], fields: &BTreeMap<Field, u32>) -> Option<i32> {
    if kind != Kind::Frames {
        return None;
    }
    Field::YEAR_IN_HEADER
        .iter()
        .filter_map(|f| fields.get(f))
        .find_map(|&c| header.get(c as usize).and_then(|cell| split_year(&cell.display()).map(|(_, y)| y)))
}

/// Map a header row. Duplicate header names: the first column wins, later
/// ones are kept as attributes.
pub fn map_header(kind: Kind, cells: &[Cell]) -> Mapping {
    let mut m = Mapping::default();
    let allowed = allowed(kind);
    for (i, c) in cells.iter().enumerate() {
        let text = c.display();
        if text.trim().is_empty() {
            continue;
        }
        let field = match field_for_header(&text) {
            None if kind == Kind::Frames => frame_field_with_year(&text),
            f => f,
        };
        match field {
            Some(f) if allowed.contains(&f) && !m.fields.contains_key(&f) => {
                m.fields.insert(f, i as u32);
            }
            Some(f) if allowed.contains(&f) => {
                if let Some(first) = m.fields.get(&f) {
                    m.duplicates.push((f, *first, i as u32));
                }
                m.extra.push((i as u32, text.trim().to_string()));
            }
            None if kind == Kind::Budget && month_header(&text).is_some() => {
                if let Some(mo) = month_header(&text) {
                    m.months.entry(mo).or_insert(i as u32);
                }
            }
            // "Typ" means område in a frames sheet but is just an attribute
            // elsewhere; "Utfall" is a ledger amount, not a frame.
            _ => m.extra.push((i as u32, text.trim().to_string())),
        }
    }
    m.header_year = header_year(kind, cells, &m.fields);
    m
}

/// "jan", "Januari", "feb." … "dec", "Mar" → month number (budget profiles).
pub fn month_header(text: &str) -> Option<u8> {
    let n = normalize(text);
    let n = n.trim_end_matches('.').trim_end_matches(" %").trim_end_matches('%').trim();
    if n.len() < 3 || n.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    crate::period::month_from_name(n).map(|m| m as u8)
}

/// How many rows from the top we look at for a header.
pub const HEADER_SCAN_ROWS: usize = 40;

/// The first row (of the rows given) whose cells map every required field.
/// Among candidates, the one with the most mapped fields wins.
pub fn detect(kind: Kind, rows: &[(u32, Vec<Cell>)]) -> Option<(u32, Mapping)> {
    let mut best: Option<(u32, Mapping)> = None;
    for (r, cells) in rows.iter().take(HEADER_SCAN_ROWS) {
        // header cells are text; a row of numbers is data
        if !cells.iter().any(|c| matches!(c, Cell::Text(_))) {
            continue;
        }
        let m = map_header(kind, cells);
        if m.missing(kind).is_empty() && best.as_ref().is_none_or(|(_, b)| m.fields.len() > b.fields.len()) {
            best = Some((*r, m));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_all_is_in_declaration_order() {
        // `import::cells::RowCtx` indexes columns by `Field as usize`
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i, "{f:?}");
        }
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn finds_header_below_titles() {
        let rows = vec![
            (0, vec![t("Huvudbok Länsteknik")]),
            (1, vec![t("Uttag 2019-01-15")]),
            (3, vec![t(" PERIOD "), t("Konto"), t("Cost centre"), t("belopp"), t("Attest")]),
            (4, vec![Cell::Int(201801), t("1221"), t("51200"), Cell::Float(12.5)]),
        ];
        let (r, m) = detect(Kind::Ledger, &rows).unwrap();
        assert_eq!(r, 3);
        assert_eq!(m.col(Field::Period), Some(0));
        assert_eq!(m.col(Field::Ansvar), Some(2));
        assert_eq!(m.col(Field::Belopp), Some(3));
        assert_eq!(m.extra, vec![(4, "Attest".to_string())]);
    }

    #[test]
    fn no_header_without_amount() {
        let rows = vec![(0, vec![t("Period"), t("Konto")])];
        assert!(detect(Kind::Ledger, &rows).is_none());
    }

    #[test]
    fn frames_header_with_the_year_and_other_names() {
        let header =
            [t("Område"), t("Kategori"), t("Beslutad ram 2018"), t("Tilläggsanslag"), t("Total ram"), t("Kommentar")];
        let (_, m) = detect(Kind::Frames, &[(3, header.to_vec())]).unwrap();
        assert_eq!(m.header_year, Some(2018));
        assert_eq!(m.col(Field::BeslutadRam), Some(2));
        assert_eq!(m.col(Field::UtokadRam), Some(3));
        assert_eq!(m.col(Field::TotalRam), Some(4));
        assert_eq!(m.col(Field::Kommentar), Some(5));
        for (h, f) in [
            ("Investeringsram 2018", Field::BeslutadRam),
            ("Ram 2019", Field::BeslutadRam),
            ("Tilläggsram 2019", Field::UtokadRam),
        ] {
            let m = map_header(Kind::Frames, &[t("Område"), t(h)]);
            assert_eq!(m.col(f), Some(1), "{h}");
            assert!(m.header_year.is_some(), "{h}");
        }
        // a year in the header means nothing outside a frames sheet, nor a number that is no year
        assert_eq!(map_header(Kind::Ledger, &[t("Ram 2018")]).col(Field::BeslutadRam), None);
        assert_eq!(map_header(Kind::Frames, &[t("Ram 20188")]).header_year, None);
        // without År nor a year in the header, År is missing
        let m = map_header(Kind::Frames, &[t("Område"), t("Beslutad ram")]);
        assert_eq!(m.missing(Kind::Frames), vec![&[Field::Ar][..]]);
    }

    #[test]
    fn asset_register_header() {
        let rows = vec![
            (0, vec![t("Anläggningsregister")]),
            (
                2,
                vec![
                    t("Objekt"),
                    t("Projekt"),
                    t("Område"),
                    t("Anskaffningsvärde"),
                    t("Aktiveringsdatum"),
                    t("Nyttjandeperiod (år)"),
                ],
            ),
        ];
        let (r, m) = detect(Kind::Assets, &rows).unwrap();
        assert_eq!(r, 2);
        assert_eq!(m.col(Field::Aktivering), Some(4));
        assert_eq!(m.col(Field::Nyttjandeperiod), Some(5));
        // either Objekt or Projekt will do
        let rows = vec![(0, vec![t("Asset"), t("Area"), t("Acquisition value"), t("In service"), t("Useful life")])];
        assert!(detect(Kind::Assets, &rows).is_some());
        let rows = vec![(0, vec![t("Område"), t("Anskaffningsvärde"), t("Aktiveringsdatum"), t("Nyttjandeperiod")])];
        assert!(detect(Kind::Assets, &rows).is_none());
    }

    #[test]
    fn orders_header_in_swedish_and_english() {
        let sv = [t("Beställningsnummer"), t("Leverantör"), t("Projekt"), t("Beställningsdatum"), t("Belopp")];
        let (_, m) = detect(Kind::Orders, &[(2, sv.to_vec())]).unwrap();
        assert_eq!(
            (m.col(Field::Bestallningsnummer), m.col(Field::Motpart), m.col(Field::Bestallningsdatum)),
            (Some(0), Some(1), Some(3))
        );
        let en = [t("Order no"), t("Supplier"), t("Project"), t("Order date"), t("Amount")];
        let (_, m) = detect(Kind::Orders, &[(0, en.to_vec())]).unwrap();
        assert_eq!((m.col(Field::Projekt), m.col(Field::Belopp)), (Some(2), Some(4)));
        // Område/Kategori instead of a project will do; neither will not
        assert!(detect(Kind::Orders, &[(0, vec![t("Område"), t("Kategori"), t("Belopp"), t("Orderdatum")])]).is_some());
        assert!(detect(Kind::Orders, &[(0, vec![t("Leverantör"), t("Belopp"), t("Orderdatum")])]).is_none());
        assert!(detect(Kind::Orders, &[(0, vec![t("Projekt"), t("Belopp"), t("Datum")])]).is_none());
    }

    #[test]
    fn name_columns_beside_their_codes() {
        for (h, f) in [
            ("Account(T)", Field::KontoNamn),
            ("Account (T)", Field::KontoNamn),
            ("Kontonamn", Field::KontoNamn),
            ("Konto benämning", Field::KontoNamn),
            ("Kontobenämning", Field::KontoNamn),
            ("Ansvar text", Field::AnsvarNamn),
            ("Ansvarsnamn", Field::AnsvarNamn),
            ("Cost centre(T)", Field::AnsvarNamn),
            ("Projektnamn", Field::ProjektNamn),
            ("Project name", Field::ProjektNamn),
            ("Verksamhet benämning", Field::VerksamhetNamn),
            ("Motpart namn", Field::MotpartNamn),
            ("Debet SEK", Field::Debet),
            ("belopp KREDIT", Field::Kredit),
            ("Credit", Field::Kredit),
        ] {
            assert_eq!(field_for_header(h), Some(f), "{h}");
        }
        // "Text" is the line's text, not a name
        assert_eq!(field_for_header("Text"), Some(Field::Text));
        assert_eq!(field_for_header("Verifikationstext"), Some(Field::Text));
    }

    #[test]
    fn debet_and_kredit_stand_in_for_belopp() {
        let rows = vec![(0, vec![t("År"), t("Månad"), t("Account"), t("Account(T)"), t("Debit"), t("Credit")])];
        let (_, m) = detect(Kind::Ledger, &rows).unwrap();
        assert!(m.debet_kredit());
        assert_eq!((m.col(Field::Ar), m.col(Field::Period), m.col(Field::KontoNamn)), (Some(0), Some(1), Some(3)));
    }

    #[test]
    fn frames_header() {
        let rows = vec![(0, vec![t("År"), t("Område"), t("Kategori"), t("Beslutad ram"), t("Utökad ram")])];
        let (_, m) = detect(Kind::Frames, &rows).unwrap();
        assert_eq!(m.col(Field::UtokadRam), Some(4));
    }
}

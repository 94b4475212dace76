//! What an SIE file says, as plain data: accounts, dimensions and objects,
//! vouchers with their transactions, balances and budgets, financial years.

use super::encoding::TextEncoding;
use crate::money::Amount;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The ledger field a dimension feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum LedgerField {
    Ansvar,
    Verksamhet,
    Projekt,
    Motpart,
}

impl LedgerField {
    pub const ALL: [LedgerField; 4] =
        [LedgerField::Ansvar, LedgerField::Verksamhet, LedgerField::Projekt, LedgerField::Motpart];

    /// The field's name as the rest of Ramkoll spells it (`ledger_line` columns).
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerField::Ansvar => "ansvar",
            LedgerField::Verksamhet => "verksamhet",
            LedgerField::Projekt => "projekt",
            LedgerField::Motpart => "motpart",
        }
    }

    /// The field a dimension's declared name stands for.
    fn from_name(name: &str) -> Option<LedgerField> {
        let n = name.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        if has(&["ansvar", "kostnadsställe", "resultatenhet"]) {
            Some(LedgerField::Ansvar)
        } else if has(&["verksamhet"]) {
            Some(LedgerField::Verksamhet)
        } else if has(&["projekt"]) {
            Some(LedgerField::Projekt)
        } else if has(&["motpart"]) {
            Some(LedgerField::Motpart)
        } else {
            None
        }
    }

    /// The reserved dimension numbers of SIE 4B §8.17 that match a ledger
    /// field: 1 Kostnadsställe/resultatenhet, 6 Projekt. (2 Kostnadsbärare,
    /// 7 Anställd, 8 Kund, 9 Leverantör and 10 Faktura have no ledger field;
    /// Verksamhet and Motpart have no reserved number and are found by name.)
    fn reserved(number: u32) -> Option<LedgerField> {
        match number {
            1 => Some(LedgerField::Ansvar),
            6 => Some(LedgerField::Projekt),
            _ => None,
        }
    }
}

/// One entry of an object list: dimension number and object code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectRef {
    pub dim: u32,
    pub code: String,
}

/// `#DIM` or `#UNDERDIM` (which has a parent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    pub number: u32,
    pub name: String,
    pub parent: Option<u32>,
}

/// `#RAR`: index 0 is the current year, -1 the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinancialYear {
    pub index: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransKind {
    /// `#TRANS`.
    Normal,
    /// `#RTRANS`, a row added afterwards. Its mirror `#TRANS` (for readers
    /// that don't know `#RTRANS`) is not kept, so the row counts once.
    Added,
    /// `#BTRANS`, a row struck out afterwards: kept, never counted.
    Removed,
}

/// A row of a voucher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    pub kind: TransKind,
    pub konto: String,
    pub objects: Vec<ObjectRef>,
    pub amount: Amount,
    /// `transdat` when the row gives one; otherwise the voucher's date holds.
    pub date: Option<NaiveDate>,
    pub text: String,
    pub quantity: Option<Decimal>,
    pub sign: String,
    /// 0-based line in the file.
    pub line: u32,
}

impl Transaction {
    /// Whether the row is part of the books (a struck-out row is not).
    pub fn counts(&self) -> bool {
        self.kind != TransKind::Removed
    }
}

/// `#VER` with its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voucher {
    pub series: String,
    pub number: String,
    pub date: NaiveDate,
    pub text: String,
    pub reg_date: Option<NaiveDate>,
    pub sign: String,
    pub line: u32,
    pub transactions: Vec<Transaction>,
}

impl Voucher {
    /// "A 123", or just the number or series when the other is empty.
    pub fn id(&self) -> String {
        match (self.series.is_empty(), self.number.is_empty()) {
            (false, false) => format!("{} {}", self.series, self.number),
            (true, _) => self.number.clone(),
            (false, true) => self.series.clone(),
        }
    }

    /// The date a row is booked on.
    pub fn date_of(&self, t: &Transaction) -> NaiveDate {
        t.date.unwrap_or(self.date)
    }

    /// Sum of the counted rows; zero in a balanced voucher.
    pub fn balance(&self) -> Amount {
        self.transactions.iter().filter(|t| t.counts()).map(|t| t.amount).sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceKind {
    /// `#IB` opening balance.
    Ib,
    /// `#UB` closing balance.
    Ub,
    /// `#RES` result account's year balance.
    Res,
    /// `#OIB` opening balance per object.
    Oib,
    /// `#OUB` closing balance per object.
    Oub,
}

/// `#IB`, `#UB`, `#RES`, `#OIB`, `#OUB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearBalance {
    pub kind: BalanceKind,
    pub year_index: i32,
    pub konto: String,
    pub objects: Vec<ObjectRef>,
    pub amount: Amount,
    pub quantity: Option<Decimal>,
    pub line: u32,
}

/// `#PSALDO` (the period's change on an account) or `#PBUDGET` (its budget).
/// An empty object list means the account as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRow {
    pub year_index: i32,
    /// YYYYMM.
    pub period: u32,
    pub konto: String,
    pub objects: Vec<ObjectRef>,
    pub amount: Amount,
    pub quantity: Option<Decimal>,
    pub line: u32,
}

/// A code and its name, for the code → name table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeName {
    /// `"konto"` or a [`LedgerField::as_str`].
    pub field: &'static str,
    pub code: String,
    pub name: String,
}

/// A whole SIE file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SieFile {
    pub encoding: TextEncoding,
    /// `#FLAGGA`: 0 until an importing program marks the file as read.
    pub flag: Option<String>,
    /// `#FORMAT` as written (normally `PC8`, whatever the bytes really are).
    pub format: Option<String>,
    /// `#SIETYP`: 1–4.
    pub sie_type: Option<String>,
    /// `#PROGRAM` name and version.
    pub program: Option<String>,
    /// `#GEN` date.
    pub generated: Option<NaiveDate>,
    /// `#FNAMN`.
    pub company: Option<String>,
    /// `#ORGNR`.
    pub orgnr: Option<String>,
    pub years: Vec<FinancialYear>,
    /// `#KONTO`: code → name.
    pub accounts: BTreeMap<String, String>,
    /// `#KTYP`: code → T, S, K or I.
    pub account_types: BTreeMap<String, String>,
    pub dimensions: BTreeMap<u32, Dimension>,
    /// `#OBJEKT`: (dimension, code) → name.
    pub objects: BTreeMap<(u32, String), String>,
    pub vouchers: Vec<Voucher>,
    pub balances: Vec<YearBalance>,
    /// `#PSALDO`.
    pub period_balances: Vec<PeriodRow>,
    /// `#PBUDGET`.
    pub period_budgets: Vec<PeriodRow>,
    /// The `#KSUMMA` the file stated, when it had one (it was checked).
    pub checksum: Option<u32>,
}

impl SieFile {
    pub(crate) fn new(encoding: TextEncoding) -> Self {
        SieFile {
            encoding,
            flag: None,
            format: None,
            sie_type: None,
            program: None,
            generated: None,
            company: None,
            orgnr: None,
            years: Vec::new(),
            accounts: BTreeMap::new(),
            account_types: BTreeMap::new(),
            dimensions: BTreeMap::new(),
            objects: BTreeMap::new(),
            vouchers: Vec::new(),
            balances: Vec::new(),
            period_balances: Vec::new(),
            period_budgets: Vec::new(),
            checksum: None,
        }
    }

    /// The financial year with this `#RAR` index (0 current, -1 previous).
    pub fn year(&self, index: i32) -> Option<&FinancialYear> {
        self.years.iter().find(|y| y.index == index)
    }

    /// Which dimension feeds which ledger field. A dimension whose declared
    /// name says Ansvar/Kostnadsställe, Verksamhet, Projekt or Motpart wins;
    /// otherwise the reserved numbers 1 (ansvar) and 6 (projekt) hold even
    /// undeclared (§8.4). Each field gets at most one dimension, the lowest
    /// number among equals. Sub-dimensions never map: their codes are
    /// concatenations that belong to the parent's object.
    pub fn field_map(&self) -> BTreeMap<u32, LedgerField> {
        let mut by_name = BTreeMap::new();
        for d in self.dimensions.values().filter(|d| d.parent.is_none()) {
            if let Some(f) = LedgerField::from_name(&d.name) {
                by_name.entry(f).or_insert(d.number);
            }
        }
        let mut map = BTreeMap::new();
        for f in LedgerField::ALL {
            let reserved = [1, 6].into_iter().find(|n| LedgerField::reserved(*n) == Some(f));
            let chosen = by_name.get(&f).copied().or_else(|| {
                // A reserved number declared under another field's name is taken.
                reserved.filter(|n| !by_name.values().any(|v| v == n) && self.is_plain_dim(*n))
            });
            if let Some(n) = chosen {
                map.insert(n, f);
            }
        }
        map
    }

    /// Declared as a top-level dimension, or not declared at all.
    fn is_plain_dim(&self, number: u32) -> bool {
        self.dimensions.get(&number).is_none_or(|d| d.parent.is_none())
    }

    /// The control sum: all counted transaction amounts (`#TRANS`, `#RTRANS`
    /// once, never `#BTRANS`). Zero when every voucher balances.
    pub fn control_sum(&self) -> Amount {
        self.vouchers.iter().map(Voucher::balance).sum()
    }

    /// Number of counted transaction rows.
    pub fn transaction_count(&self) -> usize {
        self.vouchers.iter().map(|v| v.transactions.iter().filter(|t| t.counts()).count()).sum()
    }

    /// Vouchers whose counted rows do not sum to zero (the standard requires
    /// balance; the reader reports rather than refuses).
    pub fn unbalanced_vouchers(&self) -> Vec<&Voucher> {
        self.vouchers.iter().filter(|v| !v.balance().is_zero()).collect()
    }

    /// Every named code: accounts, and the objects of mapped dimensions.
    pub fn code_names(&self) -> Vec<CodeName> {
        let mut out: Vec<CodeName> = self
            .accounts
            .iter()
            .filter(|(_, name)| !name.is_empty())
            .map(|(code, name)| CodeName { field: "konto", code: code.clone(), name: name.clone() })
            .collect();
        let fields = self.field_map();
        for ((dim, code), name) in &self.objects {
            if let (Some(f), false) = (fields.get(dim), name.is_empty()) {
                out.push(CodeName { field: f.as_str(), code: code.clone(), name: name.clone() });
            }
        }
        out
    }
}

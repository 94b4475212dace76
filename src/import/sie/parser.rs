//! The file's lines into a [`SieFile`]: the `#VER { … }` blocks, the
//! `#RTRANS` mirror rows, the `#KSUMMA` bracket, and an error naming the
//! file and line for everything that is not SIE. Unknown labels are skipped,
//! as the standard requires (§7.1); so are unknown fields at a record's end.

use super::checksum::{self, Running};
use super::encoding::TextEncoding;
use super::lexer::{self, Field, Lexed, Record};
use super::model::{BalanceKind, Dimension, SieFile, TransKind, Voucher};
use super::records::{self as rec, Fields};
use crate::error::{CellError, Error, Location, Result};

/// How many value errors are collected before the reader gives up.
const MAX_ERRORS: usize = 200;

/// Labels of records that may stand outside a `#VER` block. Met inside an
/// open block, they mean its `}` is missing.
const TOP_LEVEL: [&str; 20] = [
    "#FLAGGA",
    "#FORMAT",
    "#SIETYP",
    "#PROGRAM",
    "#GEN",
    "#FNAMN",
    "#ORGNR",
    "#RAR",
    "#KONTO",
    "#KTYP",
    "#DIM",
    "#UNDERDIM",
    "#OBJEKT",
    "#VER",
    "#IB",
    "#UB",
    "#RES",
    "#PSALDO",
    "#PBUDGET",
    "#KSUMMA",
];

enum Sum {
    Off,
    /// Opened on this line.
    Running(u32, Box<Running>),
    Closed,
}

struct Parser {
    path: std::path::PathBuf,
    at: Location,
    file: SieFile,
    errors: Vec<CellError>,
    /// A `#VER` read, its `{` not yet.
    pending: Option<Voucher>,
    /// A `#VER` whose rows are being read.
    open: Option<Voucher>,
    /// The fields of the `#RTRANS` just read: an identical `#TRANS` next is its mirror.
    added: Option<Vec<Field>>,
    sum: Sum,
    records: usize,
}

/// Parse decoded text. `path` only names the file in errors.
pub fn parse(text: &str, encoding: TextEncoding, path: &std::path::Path) -> Result<SieFile> {
    let mut p = Parser {
        path: path.to_path_buf(),
        at: Location::file(path),
        file: SieFile::new(encoding),
        errors: Vec::new(),
        pending: None,
        open: None,
        added: None,
        sum: Sum::Off,
        records: 0,
    };
    for (i, line) in text.split('\n').enumerate() {
        if p.line(i as u32, line).is_err() || p.errors.len() >= MAX_ERRORS {
            return Err(Error::Input(p.errors));
        }
    }
    p.finish()
}

/// Stop reading: the structure is broken past this point.
struct Stop;

impl Parser {
    fn fail(&mut self, line: u32, message: impl Into<String>) {
        self.errors.push(CellError { location: self.at.clone().row(line), message: message.into() });
    }

    fn stop(&mut self, line: u32, message: impl Into<String>) -> std::result::Result<(), Stop> {
        self.fail(line, message);
        Err(Stop)
    }

    fn line(&mut self, n: u32, line: &str) -> std::result::Result<(), Stop> {
        let lexed = match lexer::lex(line) {
            Ok(l) => l,
            Err(e) => return self.stop(n, e.to_string()),
        };
        match lexed {
            Lexed::Blank => Ok(()),
            Lexed::Open => match self.pending.take() {
                Some(v) => {
                    self.open = Some(v);
                    Ok(())
                }
                None if self.open.is_some() => self.stop(n, "{ inne i en öppen verifikation"),
                None => self.stop(n, "{ utan föregående #VER"),
            },
            Lexed::Close => match self.open.take() {
                Some(v) => {
                    self.added = None;
                    self.file.vouchers.push(v);
                    Ok(())
                }
                None => self.stop(n, "} utan en öppnad verifikation (#VER)"),
            },
            Lexed::Record(r) => self.record(n, r),
        }
    }

    fn record(&mut self, n: u32, r: Record) -> std::result::Result<(), Stop> {
        self.records += 1;
        let kind = r.kind();
        if let Some(v) = &self.pending {
            let ver = v.line;
            return self.stop(ver, "#VER ska följas av { på egen rad och sedan dess #TRANS-rader");
        }
        if let Some(v) = &self.open {
            if TOP_LEVEL.contains(&kind.as_str()) {
                let ver = v.line;
                return self.stop(ver, "verifikationen (#VER) avslutas aldrig med }");
            }
        }
        if r.opens_block && kind != "#VER" {
            return self.stop(n, lexer::LexError::UnclosedList.to_string());
        }
        if kind == "#KSUMMA" {
            return self.ksumma(n, &r);
        }
        if let Sum::Running(_, crc) = &mut self.sum {
            crc.add(&r);
        }
        let f = Fields { label: &kind, fields: &r.fields };
        let mirror = self.added.take();
        let outcome = match kind.as_str() {
            "#TRANS" | "#RTRANS" | "#BTRANS" if self.open.is_none() => {
                return self.stop(n, format!("{kind} står utanför en verifikation (#VER följd av {{ … }})"));
            }
            "#TRANS" if mirror.as_ref() == Some(&r.fields) => Ok(()),
            "#TRANS" => self.trans(TransKind::Normal, &f, n),
            "#RTRANS" => {
                self.added = Some(r.fields.clone());
                self.trans(TransKind::Added, &f, n)
            }
            "#BTRANS" => self.trans(TransKind::Removed, &f, n),
            "#VER" => rec::voucher(&f, n).map(|v| {
                if r.opens_block {
                    self.open = Some(v);
                } else {
                    self.pending = Some(v);
                }
            }),
            _ => self.declaration(&kind, &f, n),
        };
        if let Err(message) = outcome {
            self.fail(n, message);
            if kind == "#VER" {
                // Its rows cannot be read without it.
                return Err(Stop);
            }
        }
        Ok(())
    }

    fn trans(&mut self, kind: TransKind, f: &Fields, n: u32) -> std::result::Result<(), rec::Msg> {
        let t = rec::transaction(kind, f, n)?;
        if let Some(v) = &mut self.open {
            v.transactions.push(t);
        }
        Ok(())
    }

    /// Everything outside the voucher blocks.
    fn declaration(&mut self, kind: &str, f: &Fields, n: u32) -> std::result::Result<(), rec::Msg> {
        let file = &mut self.file;
        match kind {
            "#FLAGGA" => file.flag = f.text(0).map(str::to_string),
            "#FORMAT" => file.format = f.text(0).map(str::to_string),
            "#SIETYP" => file.sie_type = f.text(0).map(str::to_string),
            "#PROGRAM" => {
                let words: Vec<&str> = (0..2).filter_map(|i| f.text(i)).filter(|s| !s.is_empty()).collect();
                file.program = (!words.is_empty()).then(|| words.join(" "));
            }
            // Metadata only: a malformed #GEN date is not worth refusing a file.
            "#GEN" => file.generated = f.text(0).and_then(rec::parse_date),
            "#FNAMN" => file.company = f.text(0).map(str::to_string),
            "#ORGNR" => file.orgnr = f.text(0).map(str::to_string),
            "#RAR" => file.years.push(rec::financial_year(f)?),
            "#KONTO" => {
                file.accounts.insert(f.required(0, "kontonummer")?.to_string(), f.opt(1));
            }
            "#KTYP" => {
                file.account_types.insert(f.required(0, "kontonummer")?.to_string(), f.opt(1));
            }
            "#DIM" | "#UNDERDIM" => {
                let number = rec::dim_number(f, 0)?;
                let parent = if kind == "#UNDERDIM" { Some(rec::dim_number(f, 2)?) } else { None };
                file.dimensions.insert(number, Dimension { number, name: f.opt(1), parent });
            }
            "#OBJEKT" => {
                let dim = rec::dim_number(f, 0)?;
                file.objects.insert((dim, f.required(1, "objektnummer")?.to_string()), f.opt(2));
            }
            "#IB" => file.balances.push(rec::year_balance(BalanceKind::Ib, f, n)?),
            "#UB" => file.balances.push(rec::year_balance(BalanceKind::Ub, f, n)?),
            "#RES" => file.balances.push(rec::year_balance(BalanceKind::Res, f, n)?),
            "#OIB" => file.balances.push(rec::year_balance(BalanceKind::Oib, f, n)?),
            "#OUB" => file.balances.push(rec::year_balance(BalanceKind::Oub, f, n)?),
            "#PSALDO" => file.period_balances.push(rec::period_row(f, n)?),
            "#PBUDGET" => file.period_budgets.push(rec::period_row(f, n)?),
            _ => {} // unknown or unused (#ADRESS, #SRU, #ENHET …): allowed, skipped
        }
        Ok(())
    }

    /// A bare `#KSUMMA` opens the checksum; `#KSUMMA <sum>` closes and checks it.
    fn ksumma(&mut self, n: u32, r: &Record) -> std::result::Result<(), Stop> {
        let stated = match r.fields.first() {
            None => None,
            Some(Field::Text(s)) => match checksum::parse_stated(s) {
                Some(v) => Some(v),
                None => return self.stop(n, format!("#KSUMMA: kontrollsumman \"{s}\" är inte ett heltal")),
            },
            Some(Field::List(_)) => return self.stop(n, "#KSUMMA: förväntade en kontrollsumma (ett heltal)"),
        };
        match (std::mem::replace(&mut self.sum, Sum::Closed), stated) {
            (Sum::Off, None) => self.sum = Sum::Running(n, Box::new(Running::new(self.file.encoding))),
            (Sum::Running(_, crc), Some(v)) => {
                if !crc.matches(v) && self.errors.is_empty() {
                    let computed = crc.value();
                    return self
                        .stop(n, format!("kontrollsumman #KSUMMA stämmer inte: filen anger {v}, beräknad {computed}"));
                }
                self.file.checksum = Some(v);
            }
            (Sum::Off, Some(_)) => return self.stop(n, "#KSUMMA med kontrollsumma utan inledande #KSUMMA"),
            (Sum::Running(..), None) | (Sum::Closed, _) => {
                return self.stop(n, "#KSUMMA förekommer mer än två gånger");
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<SieFile> {
        if let Some(v) = self.open.take().or(self.pending.take()) {
            self.fail(v.line, "verifikationen (#VER) avslutas aldrig med }");
        } else if let Sum::Running(opened, _) = self.sum {
            self.fail(
                opened,
                "filen har en inledande #KSUMMA men ingen avslutande kontrollsumma (filen kan vara avkortad)",
            );
        }
        if self.records == 0 && self.errors.is_empty() {
            let message = "filen innehåller inga SIE-poster (#FLAGGA, #KONTO, #VER …)".to_string();
            return Err(Error::File { path: self.path, message });
        }
        if self.errors.is_empty() {
            Ok(self.file)
        } else {
            Err(Error::Input(self.errors))
        }
    }
}

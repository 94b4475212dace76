//! The checks calamine's .xls reader does not make, made before it opens the
//! file. `calamine::Xls` builds every sheet as a whole range when it opens a
//! workbook, trusting what the file says: a DIMENSIONS record's rows ×
//! columns are reserved up front (4 G rows: an 800 GB allocation), a sheet's
//! range spans its farthest cells (BIFF cells carry u16 columns: one at
//! column 65 536 makes 4 G cells), 200 sheets may point at the same cells,
//! and a sector chain of the compound file that loops is read until memory
//! runs out. Each of those aborts the process, which no panic guard catches.
//!
//! So this reads the file as calamine will — the same directory entry, the
//! same sector chains, the same records of each sheet's substream — but
//! bounded, and refuses a workbook whose sheets' ranges together, or one
//! DIMENSIONS reservation, would pass [`MAX_XLS_RANGE_CELLS`] (resp. the
//! format's [`MAX_XLS_CELLS`]), a cell beyond the
//! format's column IV, or a chain that loops. What calamine refuses by itself (a bad header, a
//! truncated record) is left to it, for its own message.

use super::limits::fmt_int;
use crate::error::{col_letters, Error, Location, Result};
use std::path::Path;

/// One full sheet of the old format (65 536 rows × 256 columns): the most a
/// DIMENSIONS record may reserve.
pub const MAX_XLS_CELLS: u64 = 65_536 * 256;

/// The cells of every sheet's range together, as calamine holds them (32–40
/// bytes each): 65 536 rows × 64 columns, ~160 MB, so memory stays under the
/// 200 MiB a hostile file may cost. A full grid of the old format took 1,1 GB.
/// A real .xls ledger (at most 65 536 rows of some 10–30 columns) is far below.
pub const MAX_XLS_RANGE_CELLS: u64 = 65_536 * 64;

/// The old format's last column (IV).
const MAX_XLS_COLS: u32 = 256;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// Refuse `path` (an OLE file sniffed as .xls) when calamine's reading of it
/// would loop or allocate past the budget; Ok when it is fine or when
/// calamine will refuse it itself.
pub fn check(path: &Path) -> Result<()> {
    let file = std::fs::read(path)?;
    let loc = Location::file(path);
    let Some(stream) = workbook_stream(&file).map_err(|why| broken(&loc, &why))? else {
        return Ok(());
    };
    check_stream(&loc, &stream)
}

fn broken(loc: &Location, why: &str) -> Error {
    Error::input(loc.clone(), format!("kan inte läsa arbetsboken: {why}; filen är trasig eller manipulerad"))
}

/// The compound file's sectors as calamine's reader sees them: sector `id`
/// at byte `(id + 1) × size` (the header takes the first sector).
struct Sectors<'a> {
    file: &'a [u8],
    size: usize,
    maxid: u32,
}

impl<'a> Sectors<'a> {
    fn get(&self, id: u32) -> std::result::Result<&'a [u8], String> {
        if id > self.maxid {
            return Err(format!("sektor {id} ligger bortom filens slut"));
        }
        let start = (id as usize + 1) * self.size;
        Ok(self.file.get(start..(start + self.size).min(self.file.len())).unwrap_or(&[]))
    }

    /// The chain from `start`, at most `len` bytes; refused when it visits
    /// more sectors than the file has (it loops) or leaves the FAT.
    fn chain(&self, mut id: u32, fat: &[u32], len: usize, what: &str) -> std::result::Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut steps: u64 = 0;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > u64::from(self.maxid) + 1 {
                return Err(format!("{what}s sektorkedja går i ring"));
            }
            let sector = self.get(id)?;
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            if out.len() >= len {
                break;
            }
            id = *fat.get(id as usize).ok_or_else(|| format!("{what}s sektorkedja lämnar FAT-tabellen"))?;
        }
        Ok(out)
    }
}

/// The "Workbook" (else "Book") stream calamine would read; `None` where
/// calamine refuses the file by itself.
fn workbook_stream(file: &[u8]) -> std::result::Result<Option<Vec<u8>>, String> {
    if file.len() < 512 {
        return Ok(None);
    }
    let size = match u16_at(file, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    let h = |i| u32_at(file, i).unwrap_or(0);
    let (version, dir_start, mini_fat_start, mini_fat_len, mut difat_at) =
        (u16_at(file, 26).unwrap_or(0), h(48), h(60), h(64) as usize, h(68));
    let sectors = Sectors { file, size, maxid: (file.len() / size) as u32 };
    let mut difat: Vec<u32> = u32s(&file[76..512]).collect();
    let mut n = 0u64;
    while difat_at < RESERVED {
        n += 1;
        if n > u64::from(sectors.maxid) + 1 {
            return Err("DIFAT-kedjan går i ring".into());
        }
        difat.extend(u32s(sectors.get(difat_at)?));
        difat_at = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    // each FAT sector maps sectors of the file; more of them than the file
    // has sectors can only be the same ones over and over (calamine reads them all)
    let fat_ids: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_ids.len() as u64 > u64::from(sectors.maxid) + 1 {
        return Err(format!("OLE-filen anger {} FAT-sektorer men har {}", fat_ids.len(), sectors.maxid + 1));
    }
    let mut fat = Vec::new();
    for id in fat_ids {
        fat.extend(u32s(sectors.get(id)?));
    }
    let dirs = sectors.chain(dir_start, &fat, usize::MAX, "katalogen")?;
    let entries: Vec<(String, u32, u64)> = dirs
        .chunks_exact(128)
        .map(|e| {
            let units: Vec<u16> = e[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            let name: String = String::from_utf16_lossy(&units).split('\0').next().unwrap_or("").to_string();
            let len = if size == 512 { u64::from(h_u32(e, 120)) } else { h_u64(e, 120) };
            (name, h_u32(e, 116), len)
        })
        .collect();
    let Some(root) = entries.first() else { return Ok(None) };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Ok(None);
    }
    let find = |n: &str| entries.iter().find(|(name, _, _)| name.eq_ignore_ascii_case(n));
    let Some(&(_, start, len)) = find("Workbook").or_else(|| find("Book")) else { return Ok(None) };
    if len >= 4096 {
        // a stream longer than the file is read to the end of its chain
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        return Ok(Some(sectors.chain(start, &fat, len, "arbetsbokens")?));
    }
    if mini_fat_len == 0 {
        return Ok(Some(Vec::new()));
    }
    let mini = sectors.chain(root.1, &fat, usize::try_from(root.2).unwrap_or(usize::MAX), "ministrömmen")?;
    let mini_fat: Vec<u32> =
        u32s(&sectors.chain(mini_fat_start, &fat, mini_fat_len.saturating_mul(size), "mini-FAT")?).collect();
    // the mini stream's 64-byte sectors; one past its end calamine would fill
    // from wherever its reader stands, so such a file is refused
    let (mut id, mut out, mut steps) = (start, Vec::new(), 0usize);
    while id != ENDOFCHAIN && out.len() < len as usize {
        steps += 1;
        let at = id as usize * 64;
        let sector = mini.get(at..at + 64).filter(|_| steps <= mini.len() / 64 + 1);
        let sector = sector.ok_or("arbetsbokens sektorkedja i ministrömmen går i ring eller ut ur den")?;
        out.extend_from_slice(&sector[..64.min(len as usize - out.len())]);
        id = *mini_fat.get(id as usize).ok_or("arbetsbokens sektorkedja lämnar mini-FAT-tabellen")?;
    }
    Ok(Some(out))
}

fn h_u32(b: &[u8], i: usize) -> u32 {
    u32_at(b, i).unwrap_or(0)
}

fn h_u64(b: &[u8], i: usize) -> u64 {
    u64::from(h_u32(b, i)) | (u64::from(h_u32(b, i + 4)) << 32)
}

/// BIFF records as calamine iterates them: (type, data, the data of the
/// CONTINUE records that follow it). Ends at a truncated record.
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8], Vec<&[u8]>)> {
    std::iter::from_fn(move || {
        let (t, len) = (u16_at(s, 0)?, u16_at(s, 2)? as usize);
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        let mut conts = Vec::new();
        while s.len() > 4 && u16_at(s, 0) == Some(0x003C) {
            let l = u16_at(s, 2).unwrap_or(0) as usize;
            conts.push(s.get(4..4 + l)?);
            s = &s[4 + l..];
        }
        Some((t, data, conts))
    })
}

/// The length in characters of each string of an SST record, read as
/// calamine reads them (a string may run on into CONTINUE records, each
/// starting with its own flags byte). Stops where calamine would fail.
fn sst_lengths(data: &[u8], conts: &[&[u8]]) -> Vec<u64> {
    let mut parts = std::iter::once(data.get(8..).unwrap_or(&[])).chain(conts.iter().copied());
    let mut cur: &[u8] = parts.next().unwrap_or(&[]);
    let mut out = Vec::new();
    // skip `n` bytes across record boundaries
    fn skip<'a>(cur: &mut &'a [u8], parts: &mut impl Iterator<Item = &'a [u8]>, mut n: usize) -> Option<()> {
        while n > 0 {
            if cur.is_empty() {
                *cur = parts.next()?;
            }
            let l = n.min(cur.len());
            *cur = &cur[l..];
            n -= l;
        }
        Some(())
    }
    loop {
        if cur.is_empty() {
            match parts.next() {
                Some(p) => cur = p,
                None => return out,
            }
            continue;
        }
        if cur.len() < 3 {
            return out;
        }
        let (cch, flags) = (u16::from_le_bytes([cur[0], cur[1]]) as usize, cur[2]);
        cur = &cur[3..];
        let runs = if flags & 0x8 != 0 { u16_at(cur, 0).map(|n| n as usize * 4) } else { Some(0) };
        if flags & 0x8 != 0 {
            cur = cur.get(2..).unwrap_or(&[]);
        }
        let ext = if flags & 0x4 != 0 { u32_at(cur, 0).map(|n| n as usize) } else { Some(0) };
        if flags & 0x4 != 0 {
            cur = cur.get(4..).unwrap_or(&[]);
        }
        let (Some(runs), Some(ext)) = (runs, ext) else { return out };
        let (mut left, mut wide) = (cch, flags & 0x1 != 0);
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let n = left.min(cur.len() / width);
            cur = &cur[n * width..];
            left -= n;
            if left > 0 {
                let Some(next) = parts.next().filter(|p| !p.is_empty()) else { return out };
                wide = next[0] & 0x1 != 0;
                cur = &next[1..];
            }
        }
        out.push(cch as u64);
        if skip(&mut cur, &mut parts, runs).and_then(|_| skip(&mut cur, &mut parts, ext)).is_none() {
            return out;
        }
    }
}

/// The farthest cells seen, as calamine's `Range::from_sparse` spans them.
#[derive(Default)]
struct Span(Option<(u32, u32, u32, u32)>);

impl Span {
    fn add(&mut self, r: u32, c: u32) {
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }
    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1))
    }
}

/// What one sheet costs calamine, in cells: the ranges of its values and
/// formulas (kept while the workbook is open); refused when a cell lies
/// beyond IV or its DIMENSIONS reservation alone passes the budget.
fn sheet_cost(loc: &Location, sheet: &[u8], sst: &[u64]) -> Result<(u64, u64)> {
    let (mut values, mut formulas, mut text) = (Span::default(), Span::default(), 0u64);
    let (mut seen_bof, mut depth, mut fmla) = (false, 0usize, (0u32, 0u32));
    for (t, d, _) in records(sheet) {
        if depth > 0 {
            match t {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |d: &[u8]| Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)));
        let cell = match t {
            0x0809 if seen_bof => {
                depth += 1;
                None
            }
            0x0809 => {
                seen_bof = true;
                None
            }
            0x0200 => {
                let (rows, cols) = dimensions(d);
                if rows.saturating_mul(cols) > MAX_XLS_CELLS {
                    return Err(Error::input(
                        loc.clone(),
                        format!(
                            "bladet anger {} rader × {} kolumner (DIMENSIONS); det gamla Excel-formatet rymmer \
                             högst 65 536 × 256, så filen är trasig eller manipulerad",
                            fmt_int(rows),
                            fmt_int(cols)
                        ),
                    ));
                }
                None
            }
            0x00FD => {
                // each cell clones its shared string: up to 3 bytes a character
                if let Some(n) = u32_at(d, 6).and_then(|i| sst.get(i as usize)) {
                    text = text.saturating_add(n * 3);
                }
                at(d)
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => at(d),
            0x0207 => Some(fmla),
            0x00BD => {
                // MULRK: one row, columns first..=last
                if let (Some((r, c0)), Some(c1)) = (at(d), d.len().checked_sub(2).and_then(|i| u16_at(d, i))) {
                    values.add(r, c0);
                    values.add(r, u32::from(c1).max(c0));
                }
                None
            }
            0x0006 => {
                if let Some(p) = at(d) {
                    fmla = p;
                    formulas.add(p.0, p.1);
                    values.add(p.0, p.1);
                }
                None
            }
            0x000A => break,
            _ => None,
        };
        if let Some((r, c)) = cell {
            values.add(r, c);
        }
    }
    for span in [&values, &formulas] {
        if let Some((_, _, _, c1)) = span.0.filter(|s| s.3 >= MAX_XLS_COLS) {
            return Err(Error::input(
                loc.clone(),
                format!(
                    "en cell i kolumn {} ligger utanför det gamla Excel-formatets gräns (IV, {} kolumner)",
                    col_letters(c1),
                    MAX_XLS_COLS
                ),
            ));
        }
    }
    Ok((values.cells().saturating_add(formulas.cells()), text))
}

/// The rows and columns calamine reserves for a DIMENSIONS record (its own
/// arithmetic; where that would underflow calamine panics, which its guard catches).
fn dimensions(d: &[u8]) -> (u64, u64) {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u32::from(u16_at(d, 4).unwrap_or(0)),
            u32::from(u16_at(d, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u32::from(u16_at(d, 8).unwrap_or(0)),
            u32::from(u16_at(d, 10).unwrap_or(0)),
        ),
        _ => return (0, 0),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        let rows = (rl - 1).checked_sub(rf).map_or(0, |n| u64::from(n) + 1);
        let cols = (cl - 1).checked_sub(cf).map_or(0, |n| u64::from(n) + 1);
        (rows, cols)
    } else {
        (1, 1)
    }
}

/// What the sheets may cost together: cells in their ranges, and bytes of
/// shared strings cloned into cells.
#[derive(Debug, Clone, Copy)]
struct Budget {
    cells: u64,
    text: u64,
}

/// 256 MB of text from shared strings: a real ledger has some tens of MB.
const MAX_XLS_TEXT: u64 = 256 << 20;

const BUDGET: Budget = Budget { cells: MAX_XLS_RANGE_CELLS, text: MAX_XLS_TEXT };

/// The sheets the globals name (BOUNDSHEET: position, name), each costed once
/// per position and counted once per name, against the budget.
fn check_stream(loc: &Location, stream: &[u8]) -> Result<()> {
    check_stream_with(loc, stream, BUDGET)
}

fn check_stream_with(loc: &Location, stream: &[u8], budget: Budget) -> Result<()> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut sst = Vec::new();
    for (t, d, conts) in records(stream) {
        match t {
            0x0085 if d.len() >= 8 => {
                let pos = u32_at(d, 0).unwrap_or(0) as usize;
                let n = d[6] as usize;
                let name = if d[7] & 1 == 1 {
                    let units: Vec<u16> =
                        d[8..].chunks_exact(2).take(n).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                    String::from_utf16_lossy(&units)
                } else {
                    d[8..].iter().take(n).map(|&b| b as char).collect()
                };
                sheets.push((pos, name));
            }
            0x00FC => sst = sst_lengths(d, &conts),
            0x000A => break,
            _ => {}
        }
    }
    let mut cost_at: std::collections::HashMap<usize, (u64, u64)> = std::collections::HashMap::new();
    let (mut cells, mut text) = (0u64, 0u64);
    for (pos, name) in &sheets {
        let Some(sheet) = stream.get(*pos..) else { continue };
        let cost = match cost_at.get(pos) {
            Some(c) => *c,
            None => {
                let c = sheet_cost(&loc.clone().sheet(name), sheet, &sst)?;
                cost_at.insert(*pos, c);
                c
            }
        };
        cells = cells.saturating_add(cost.0);
        text = text.saturating_add(cost.1);
        if cells > budget.cells {
            return Err(Error::input(
                loc.clone().sheet(name),
                format!(
                    "arbetsbokens {} blad spänner tillsammans över fler än {} celler (65 536 rader × 64 kolumner), \
                     långt mer än en huvudboksexport; filen är trasig eller manipulerad",
                    fmt_int(sheets.len() as u64),
                    fmt_int(budget.cells)
                ),
            ));
        }
        if text > budget.text {
            return Err(Error::input(
                loc.clone().sheet(name),
                format!(
                    "bladens celler upprepar arbetsbokens delade texter till mer än {} MB text (en export har \
                     några tiotal MB); filen är trasig eller manipulerad",
                    budget.text >> 20
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "xlsguard_tests.rs"]
mod tests;

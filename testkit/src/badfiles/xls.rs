//! A minimal .xls writer (BIFF8 records in an OLE compound file), enough for
//! the catalogue's good ledger and for the hostile forms calamine once
//! trusted: a DIMENSIONS record declaring 4 G rows, cells at the far corner of
//! BIFF's u16 grid, 200 sheets over one grid, a directory chain that loops.

use super::csv::kr_sv;
use super::workbook::{utf16le, OLE_MAGIC};
use super::{Entry, GOOD_LINES, HEADER};
use ramkoll::Result;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
const FATSECT: u32 = 0xFFFF_FFFD;
const NOSTREAM: u32 = 0xFFFF_FFFF;

/// One BIFF record.
fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = 0x0600u16.to_le_bytes().to_vec();
    d.extend(dt.to_le_bytes());
    d.extend(0x0DBBu16.to_le_bytes()); // build
    d.extend(1996u16.to_le_bytes()); // year
    d.extend([0u8; 8]); // history and lowest version
    rec(0x0809, &d)
}

/// DIMENSIONS (BIFF8): first row, last row + 1, first column, last column + 1.
fn dimensions(rows: (u32, u32), cols: (u16, u16)) -> Vec<u8> {
    let mut d = rows.0.to_le_bytes().to_vec();
    d.extend(rows.1.to_le_bytes());
    d.extend(cols.0.to_le_bytes());
    d.extend(cols.1.to_le_bytes());
    d.extend([0u8; 2]);
    rec(0x0200, &d)
}

fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes()); // XF
    d.extend((text.encode_utf16().count() as u16).to_le_bytes());
    d.push(1); // UTF-16LE characters
    d.extend(utf16le(text));
    rec(0x0204, &d)
}

fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(v.to_le_bytes());
    rec(0x0203, &d)
}

/// The catalogue's three good lines as BIFF cell records (row 0 the header).
fn ledger_cells() -> Vec<u8> {
    let mut c = Vec::new();
    for (i, h) in HEADER.iter().enumerate() {
        c.extend(label(0, i as u16, h));
    }
    for (r, (p, k, pr, t, ore)) in GOOD_LINES.iter().enumerate() {
        let r = r as u16 + 1;
        c.extend(number(r, 0, f64::from(*p)));
        c.extend(label(r, 1, k));
        c.extend(label(r, 2, pr));
        c.extend(label(r, 3, t));
        c.extend(label(r, 4, &kr_sv(*ore)));
    }
    c
}

/// A workbook stream: globals naming `names` (each pointing at the sheet
/// substream `sheet_of[i]`), then the substreams (records between BOF and EOF).
fn workbook(names: &[String], sheet_of: &[usize], sheets: &[Vec<u8>]) -> Vec<u8> {
    let bound = |pos: u32, name: &str| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend([0u8, 0u8, name.len() as u8, 0u8]); // visible worksheet, Latin-1 name
        d.extend(name.as_bytes());
        rec(0x0085, &d)
    };
    let globals_len: usize = bof(0x0005).len()
        + rec(0x0042, &1200u16.to_le_bytes()).len()
        + names.iter().map(|n| bound(0, n).len()).sum::<usize>()
        + rec(0x000A, &[]).len();
    let mut starts = Vec::new();
    let mut at = globals_len;
    let bodies: Vec<Vec<u8>> = sheets
        .iter()
        .map(|cells| {
            let mut s = bof(0x0010);
            s.extend_from_slice(cells);
            s.extend(rec(0x000A, &[]));
            starts.push(at as u32);
            at += s.len();
            s
        })
        .collect();
    let mut w = bof(0x0005);
    w.extend(rec(0x0042, &1200u16.to_le_bytes())); // CODEPAGE: UTF-16
    for (name, &s) in names.iter().zip(sheet_of) {
        w.extend(bound(starts[s], name));
    }
    w.extend(rec(0x000A, &[]));
    for b in bodies {
        w.extend(b);
    }
    w
}

/// An OLE compound file (version 3, 512-byte sectors) holding `stream` as
/// "Workbook": sector 0 the FAT, 1 the directory, then the stream, padded to
/// 4 096 bytes so that it lives in regular sectors, not the mini stream.
/// `loop_directory` makes the directory's chain point back at itself.
fn ole(stream: &[u8], loop_directory: bool) -> Vec<u8> {
    let mut data = stream.to_vec();
    data.resize(data.len().max(4096).div_ceil(512) * 512, 0);
    let n = (data.len() / 512) as u32;
    assert!(n + 2 <= 128, "one FAT sector maps 128 sectors");
    let u32s = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let mut h = OLE_MAGIC.to_vec();
    h.extend([0u8; 16]);
    h.extend(0x003Eu16.to_le_bytes());
    h.extend(3u16.to_le_bytes());
    h.extend(0xFFFEu16.to_le_bytes());
    h.extend(9u16.to_le_bytes());
    h.extend(6u16.to_le_bytes());
    h.extend([0u8; 6]);
    h.extend(u32s(&[0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0]));
    let mut difat = vec![FREESECT; 109];
    difat[0] = 0;
    h.extend(u32s(&difat));
    let mut fat = vec![FREESECT; 128];
    fat[0] = FATSECT;
    fat[1] = if loop_directory { 1 } else { ENDOFCHAIN };
    for i in 0..n {
        fat[(2 + i) as usize] = if i + 1 == n { ENDOFCHAIN } else { 3 + i };
    }
    h.extend(u32s(&fat));
    let entry = |name: &str, typ: u8, child: u32, start: u32, size: u32| {
        let mut e = utf16le(name);
        e.resize(64, 0);
        e.extend(((name.len() as u16 + 1) * 2).to_le_bytes());
        e.extend([typ, 1]); // type, black
        e.extend(u32s(&[NOSTREAM, NOSTREAM, child]));
        e.extend([0u8; 36]); // CLSID, state bits, times
        e.extend(u32s(&[start, size, 0]));
        e
    };
    h.extend(entry("Root Entry", 5, 1, ENDOFCHAIN, 0));
    h.extend(entry("Workbook", 2, NOSTREAM, 2, data.len() as u32));
    h.extend([0u8; 256]);
    h.extend(data);
    h
}

/// One sheet "Huvudbok" with the good ledger, a DIMENSIONS that says so, and `extra` records.
fn ledger_xls(dims: (u32, u32), extra: &[u8], loop_directory: bool) -> Vec<u8> {
    let mut cells = dimensions(dims, (0, 5));
    cells.extend(ledger_cells());
    cells.extend_from_slice(extra);
    ole(&workbook(&["Huvudbok".into()], &[0], &[cells]), loop_directory)
}

pub(super) fn xls_files(out: &mut Vec<Entry>) -> Result<()> {
    out.push(("xls_ledger.xls", ledger_xls((0, 4), &[], false)));
    // calamine reserved DIMENSIONS' rows × columns cells up front: 4 G rows
    // × 5 columns of 40 bytes is 800 GB, and the allocation aborts the process
    out.push(("xls_dimensions_4g_rows.xls", ledger_xls((0, u32::MAX), &[], false)));
    // BIFF cells carry u16 columns: one at (65535, 65535) made the sheet's
    // grid 4 G cells (137 GB) in calamine's range
    out.push(("xls_cell_at_u16_corner.xls", ledger_xls((0, 4), &number(65_535, 65_535, 1.0), false)));
    // the whole grid of the format (a stray value in IV65536): 1,1 GB in
    // calamine's range, refused by the range budget (65 536 × 64 cells)
    out.push(("xls_full_grid.xls", {
        let mut cells = dimensions((0, 65_536), (0, 256));
        cells.extend(ledger_cells());
        cells.extend(number(65_535, 255, 1.0));
        ole(&workbook(&["Huvudbok".into()], &[0], &[cells]), false)
    }));
    // each sheet within Excel 97's grid (65 536 × 256: 0,5 GB as a range), but
    // 200 sheets over the same cells, and calamine builds every sheet at open
    out.push(("xls_200_sheets_one_grid.xls", {
        let mut cells = dimensions((0, 65_536), (0, 256));
        cells.extend(ledger_cells());
        cells.extend(number(65_535, 255, 1.0));
        let names: Vec<String> = (1..=200).map(|i| format!("Blad{i}")).collect();
        ole(&workbook(&names, &[0; 200], &[cells]), false)
    }));
    // the directory's sector chain points back at itself: calamine read it
    // until memory ran out
    out.push(("xls_directory_chain_loops.xls", ledger_xls((0, 4), &[], true)));
    Ok(())
}

//! Unit tests of `xlsguard.rs`: hand-made compound files and BIFF streams.

use super::*;

fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

fn le(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A workbook stream: globals naming one sheet "Blad1" whose substream
/// holds `cells` (records).
fn stream(cells: &[u8]) -> Vec<u8> {
    let bof = |dt: u16| rec(0x0809, &[&[0x00, 0x06][..], &dt.to_le_bytes(), &[0; 12]].concat());
    let globals = bof(5).len() + 4 + 13 + 4;
    let mut s = bof(5);
    s.extend(rec(0x0085, &[&(globals as u32).to_le_bytes()[..], &[0, 0, 5, 0], b"Blad1"].concat()));
    s.extend(rec(0x000A, &[]));
    assert_eq!(s.len(), globals);
    s.extend(bof(0x10));
    s.extend_from_slice(cells);
    s.extend(rec(0x000A, &[]));
    s
}

fn number(row: u16, col: u16) -> Vec<u8> {
    rec(0x0203, &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0, 0], &1.0f64.to_le_bytes()].concat())
}

/// An OLE file (512-byte sectors) with `stream` (< 4 096 bytes) as
/// "Workbook" in the mini stream: sector 0 the FAT, 1 the directory, 2
/// the mini FAT, 3.. the mini stream. `mini_fat` overrides the mini chain.
fn ole_mini(stream: &[u8], mini_fat: Option<Vec<u32>>) -> Vec<u8> {
    assert!(stream.len() < 4096);
    let minis = stream.len().div_ceil(64) as u32;
    let mut mini = stream.to_vec();
    mini.resize(stream.len().div_ceil(512).max(1) * 512, 0);
    let big = (mini.len() / 512) as u32;
    let mut h = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    h.extend([0u8; 16]);
    h.extend([0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    h.extend(le(&[0, 1, 1, 0, 4096, 2, 1, ENDOFCHAIN, 0, 0]));
    h.extend(le(&[0xFFFF_FFFF; 108]));
    let mut fat = vec![0xFFFF_FFFD, ENDOFCHAIN, ENDOFCHAIN];
    fat.extend((0..big).map(|i| if i + 1 == big { ENDOFCHAIN } else { 4 + i }));
    fat.resize(128, 0xFFFF_FFFF);
    h.extend(le(&fat));
    let entry = |name: &str, typ: u8, child: u32, start: u32, size: u32| {
        let mut e: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        e.resize(64, 0);
        e.extend(((name.len() as u16 + 1) * 2).to_le_bytes());
        e.extend([typ, 1]);
        e.extend(le(&[0xFFFF_FFFF, 0xFFFF_FFFF, child]));
        e.extend([0u8; 36]);
        e.extend(le(&[start, size, 0]));
        e
    };
    h.extend(entry("Root Entry", 5, 1, 3, mini.len() as u32));
    h.extend(entry("Workbook", 2, 0xFFFF_FFFF, 0, stream.len() as u32));
    h.extend([0u8; 256]);
    let chain =
        mini_fat.unwrap_or_else(|| (0..minis).map(|i| if i + 1 == minis { ENDOFCHAIN } else { i + 1 }).collect());
    let mut mf = le(&chain);
    mf.resize(512, 0xFF);
    h.extend(mf);
    h.extend(mini);
    h
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A small workbook lives in the mini stream: read there as calamine
/// reads it, byte for byte, and calamine opens what was checked.
#[test]
fn the_mini_stream_is_read_as_calamine_reads_it() {
    let s = stream(&[number(0, 0), number(2, 1)].concat());
    let file = ole_mini(&s, None);
    assert_eq!(workbook_stream(&file).unwrap().unwrap(), s);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "liten.xls", &file);
    check(&path).unwrap();
    let mut wb = super::super::Workbook::open(&path).unwrap();
    let mut rows = Vec::new();
    wb.for_each_row("Blad1", &mut |r, c| {
        rows.push((r, c.len()));
        Ok(true)
    })
    .unwrap();
    // calamine hands over the range: every row as wide as the sheet
    assert_eq!(rows, vec![(0, 2), (1, 2), (2, 2)]);
}

/// A mini chain that loops ends at the stream's length (< 4 096 bytes), as
/// in calamine; one that leaves the mini stream is refused (calamine
/// would read whatever its reader stands on).
#[test]
fn a_mini_chain_out_of_the_mini_stream_is_refused() {
    let s = stream(&[number(0, 0), number(2, 1)].concat());
    let dir = tempfile::tempdir().unwrap();
    let looped = workbook_stream(&ole_mini(&s, Some(vec![0]))).unwrap().unwrap();
    assert_eq!((looped.len(), &looped[..64]), (s.len(), &s[..64]));
    let path = write(dir.path(), "ring.xls", &ole_mini(&s, Some(vec![100])));
    assert_eq!(
        check(&path).unwrap_err().to_string(),
        "ring.xls: kan inte läsa arbetsboken: arbetsbokens sektorkedja i ministrömmen går i ring eller ut ur \
         den; filen är trasig eller manipulerad"
    );
}

/// The costs: DIMENSIONS as calamine reserves it, a formula's range on
/// top of the values', MULRK's last column.
#[test]
fn sheet_costs_follow_calamine() {
    let loc = Location::file(Path::new("x.xls")).sheet("Blad1");
    let dims = |r: (u32, u32), c: (u16, u16)| {
        rec(0x0200, &[&le(&[r.0, r.1])[..], &c.0.to_le_bytes(), &c.1.to_le_bytes(), &[0, 0]].concat())
    };
    assert_eq!(dimensions(&dims((0, 65_536), (0, 256))[4..]), (65_536, 256));
    assert_eq!(dimensions(&dims((0, 0), (0, 0))[4..]), (1, 1));
    // first column past 0xFF counts from 0, as calamine does
    assert_eq!(dimensions(&dims((10, 20), (300, 5))[4..]), (10, 5));
    let globals = stream(&[]).len() - 24;
    let sheet = |cells: Vec<u8>| stream(&cells)[globals..].to_vec();
    assert_eq!(sheet_cost(&loc, &sheet([number(1, 1), number(10, 3)].concat()), &[]).unwrap(), (30, 0));
    let formula = rec(0x0006, &[&100u16.to_le_bytes()[..], &[0, 0, 0, 0], &[0u8; 16]].concat());
    assert_eq!(sheet_cost(&loc, &sheet([number(0, 0), formula].concat()), &[]).unwrap(), (101 + 1, 0));
    let mulrk = rec(0x00BD, &[&[5, 0, 2, 0][..], &[0u8; 12], &[3, 1]].concat());
    assert_eq!(
        sheet_cost(&loc, &sheet(mulrk), &[]).unwrap_err().to_string(),
        "x.xls, blad \"Blad1\": en cell i kolumn IZ ligger utanför det gamla Excel-formatets gräns (IV, 256 \
         kolumner)"
    );
}

/// globals with an SST of two strings: 1 000 characters split over a
/// CONTINUE record (the rest in UTF-16), then "sju tkn".
fn stream_with_sst(cells: &[u8]) -> Vec<u8> {
    let mut sst = le(&[2, 2]);
    sst.extend([0xE8, 0x03, 0x00]); // 1 000 characters, 8-bit
    sst.extend([b'a'; 500]);
    let mut cont = vec![0x01]; // the rest is 16-bit
    cont.extend("b".repeat(500).encode_utf16().flat_map(|u| u.to_le_bytes()));
    cont.extend([7, 0, 0]);
    cont.extend(b"sju tkn");
    let mut s = stream(cells);
    // the SST goes into the globals, before their EOF: shift the sheet's position
    let extra = [rec(0x00FC, &sst), rec(0x003C, &cont)].concat();
    let eof = s.windows(4).position(|w| w == [0x0A, 0, 0, 0]).unwrap();
    s.splice(eof..eof, extra.iter().copied());
    let pos = u32::from_le_bytes(s[24..28].try_into().unwrap()) + extra.len() as u32;
    s[24..28].copy_from_slice(&pos.to_le_bytes());
    s
}

fn label_sst(row: u16, col: u16, i: u32) -> Vec<u8> {
    rec(0x00FD, &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0, 0], &i.to_le_bytes()].concat())
}

/// Shared strings are measured as calamine reads them, across CONTINUE
/// records, and each cell that names one costs its length again.
#[test]
fn shared_strings_cost_per_cell() {
    let s = stream_with_sst(&[label_sst(0, 0, 0), label_sst(0, 1, 1)].concat());
    let (t, d, conts) = records(&s).find(|r| r.0 == 0x00FC).unwrap();
    assert_eq!((t, sst_lengths(d, &conts)), (0x00FC, vec![1000, 7]));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "delade.xls", &ole_mini(&s, None));
    let mut wb = super::super::Workbook::open(&path).unwrap();
    let mut got = Vec::new();
    wb.for_each_row("Blad1", &mut |_, c| {
        got = c.to_vec();
        Ok(true)
    })
    .unwrap();
    let want = format!("{}{}", "a".repeat(500), "b".repeat(500));
    assert_eq!(got, vec![super::super::Cell::Text(want), super::super::Cell::Text("sju tkn".into())]);
    // 100 cells of the long string: 300 000 bytes at 3 a character
    let cells: Vec<u8> = (0..100).flat_map(|r| label_sst(r, 0, 0)).collect();
    let s = stream_with_sst(&cells);
    let loc = Location::file(Path::new("delade.xls"));
    check_stream_with(&loc, &s, Budget { cells: 1000, text: 300_000 }).unwrap();
    assert_eq!(
        check_stream_with(&loc, &s, Budget { cells: 1000, text: 299_999 }).unwrap_err().to_string(),
        "delade.xls, blad \"Blad1\": bladens celler upprepar arbetsbokens delade texter till mer än 0 MB text \
         (en export har några tiotal MB); filen är trasig eller manipulerad"
    );
    assert!(check_stream_with(&loc, &s, Budget { cells: 99, text: 1 << 30 }).is_err());
}

//! Zip containers (xlsx, ods) are checked twice: what their directory
//! declares, before anything is unpacked ([`sniff_zip`]), and what they
//! really inflate to, as the bytes arrive ([`Reframed`] for calamine's xlsx
//! reader, [`Watched`] for our .ods reader). A part may not inflate past
//! what it declares, no XML token may be larger than [`MAX_XML_RUN`], and a
//! sheet must make cells out of its bytes and tags ([`JUNK_GRACE`],
//! [`TAG_GRACE`]): megabytes of `<x/>` would otherwise keep the reader busy
//! for minutes.

use super::limits::fmt_int;
use super::Format;
use crate::error::{Error, Location, Result};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Take};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// Zip containers whose parts declare more than this uncompressed are refused
/// before anything is unpacked, and no part is read past what it declares.
/// The 1 M-row × 10-column benchmark ledger unpacks to 382 MiB; a sheet at
/// the cell budget (`limits::MAX_CELLS`, ~40 bytes a cell) to ~1 GiB.
pub const MAX_UNZIPPED_BYTES: u64 = 1536 * 1024 * 1024;

/// The shared-string table is held in memory whole; cap it separately (the
/// benchmark ledger's is 12 MiB, a million distinct texts ~60 MiB).
pub const MAX_SHARED_STRINGS_BYTES: u64 = 128 * 1024 * 1024;

/// Workbook parts calamine parses when it opens a file (styles, workbook,
/// relationships) are kilobytes in real files; one past this is refused
/// before it is unpacked, since its parse has no cells to count.
pub const MAX_META_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Longest stretch of XML without a `<`: one text or tag, which the XML
/// reader buffers whole. Excel's cells hold at most 32 767 characters.
pub const MAX_XML_RUN: u64 = 16 * 1024 * 1024;

/// Sheet XML allowed before the first cell, and …
pub const JUNK_GRACE: u64 = 128 * 1024 * 1024;

/// … per cell after it (a real cell takes ~40 bytes; a million formatted
/// empty rows, which Excel does write, ~100 MB and no cells).
pub const JUNK_PER_CELL: u64 = 4096;

/// Tags (`<`) a sheet may have before its first cell, and …
/// The parse costs per tag, so 128 MiB of `<x/>` would still take the
/// reader half a minute; a million formatted empty rows are a million tags.
pub const TAG_GRACE: u64 = 2_000_000;

/// … per cell after it (a cell is 3–6 tags, rich inline text a few dozen).
pub const TAGS_PER_CELL: u64 = 64;

/// Tags are counted once a sheet's bytes pass this …
const SCAN_GRACE: u64 = 1 << 20;

/// … and this many a cell (a real cell takes ~40; long inline texts more).
const SCAN_PER_CELL: u64 = 256;

fn broken(path: &Path, what: impl Into<String>) -> Error {
    Error::input(Location::file(path), what)
}

/// Everything a zip must pass before its parts are opened: declared sizes,
/// and what the container holds (xlsx, ods, or neither).
pub(super) fn sniff_zip(path: &Path) -> Result<Format> {
    let mut zip = zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(|e| {
        broken(
            path,
            format!("filen ser ut som en zip (xlsx/ods) men går inte att läsa, den är trasig eller avkortad: {e}"),
        )
    })?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            return Err(broken(path, "zip-filen är trasig (en post går inte att läsa)"));
        };
        total = total.saturating_add(entry.size());
        if is_meta_part(entry.name()) && entry.size() > MAX_META_PART_BYTES {
            return Err(broken(
                path,
                format!(
                    "delen {} av arbetsboken är för stor ({} MB uppackad, högst {} MB)",
                    entry.name(),
                    entry.size() >> 20,
                    MAX_META_PART_BYTES >> 20
                ),
            ));
        }
        if entry.name().ends_with("sharedStrings.xml") && entry.size() > MAX_SHARED_STRINGS_BYTES {
            return Err(broken(
                path,
                format!(
                    "arbetsbokens tabell med delade texter är för stor ({} MB uppackad, högst {} MB)",
                    entry.size() >> 20,
                    MAX_SHARED_STRINGS_BYTES >> 20
                ),
            ));
        }
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(broken(
            path,
            format!("arbetsboken är för stor uppackad ({} MB, högst {} MB)", total >> 20, MAX_UNZIPPED_BYTES >> 20),
        ));
    }
    if names.iter().any(|n| n == "content.xml") {
        return Ok(Format::Ods);
    }
    if names.iter().any(|n| n == "xl/workbook.bin") {
        return Err(broken(
            path,
            "binär Excel-arbetsbok (xlsb) stöds inte: spara som Excel-arbetsbok (.xlsx) och importera igen",
        ));
    }
    if names.iter().any(|n| n == "xl/workbook.xml") {
        for n in names.iter().filter(|n| n.ends_with("sharedStrings.xml")) {
            check_shared_strings_head(&mut zip, n).map_err(|m| broken(path, m))?;
        }
        return Ok(Format::Xlsx);
    }
    if names.iter().any(|n| n.starts_with("xl/")) {
        return Err(broken(path, "Excel-filen saknar xl/workbook.xml; den är trasig eller ofullständig"));
    }
    Err(broken(path, "zip-filen är varken en Excel- (xlsx) eller OpenDocument-fil (ods)"))
}

/// calamine reserves room for the `uniqueCount` the shared-string table
/// declares before reading it: a forged count (`uniqueCount="583079215080"`)
/// makes the allocation fail and aborts the process, which no panic guard
/// can catch. Each `<si>` takes at least 12 bytes, so a count above a twelfth
/// of the part's size is a lie; refuse the file before calamine sees it.
fn check_shared_strings_head<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> std::result::Result<(), String> {
    let broken = || "arbetsbokens tabell med delade texter (sharedStrings.xml) är trasig".to_string();
    let entry = zip.by_name(name).map_err(|_| broken())?;
    let size = entry.size();
    let mut head = Vec::with_capacity(4096);
    entry.take(64 * 1024).read_to_end(&mut head).map_err(|_| broken())?;
    let text = String::from_utf8_lossy(&head);
    let Some(start) = text.find("<sst") else {
        return Err(broken());
    };
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    for attr in ["uniqueCount=", "count="] {
        let Some(i) = tag.find(attr) else { continue };
        let rest = &tag[i + attr.len()..];
        let value: String = rest.chars().skip(1).take_while(|c| *c != '"' && *c != '\'').collect();
        if let Ok(n) = value.trim().parse::<u64>() {
            if attr == "uniqueCount=" && n > size / 12 + 16 {
                return Err(format!(
                    "arbetsbokens tabell med delade texter anger {n} texter men rymmer högst {}; filen är trasig",
                    size / 12 + 16
                ));
            }
        }
    }
    Ok(())
}

/// What the reader of a workbook's parts and the loop over a sheet's cells
/// share: the loop says how many cells it has seen, the reader refuses bytes
/// that make none, and keeps the reason for the error the caller shows.
#[derive(Debug)]
pub struct Guard {
    in_sheet: AtomicBool,
    sheet_bytes: AtomicU64,
    sheet_tags: AtomicU64,
    cells: AtomicU64,
    junk_grace: AtomicU64,
    /// every byte inflated, for tests that check each part is read once
    inflated: AtomicU64,
    refusal: Mutex<Option<String>>,
}

impl Default for Guard {
    fn default() -> Self {
        Guard {
            in_sheet: AtomicBool::new(false),
            sheet_bytes: AtomicU64::new(0),
            sheet_tags: AtomicU64::new(0),
            cells: AtomicU64::new(0),
            junk_grace: AtomicU64::new(JUNK_GRACE),
            inflated: AtomicU64::new(0),
            refusal: Mutex::new(None),
        }
    }
}

impl Guard {
    /// Lower [`JUNK_GRACE`] (tests).
    pub fn set_junk_grace(&self, bytes: u64) {
        self.junk_grace.store(bytes, Relaxed);
    }

    /// Bytes inflated so far, all parts and passes.
    pub fn inflated(&self) -> u64 {
        self.inflated.load(Relaxed)
    }

    /// Start counting a pass over a sheet; it ends when the pass is dropped.
    pub fn sheet_pass(&self) -> SheetPass<'_> {
        self.sheet_bytes.store(0, Relaxed);
        self.sheet_tags.store(0, Relaxed);
        self.cells.store(0, Relaxed);
        self.in_sheet.store(true, Relaxed);
        if let Ok(mut r) = self.refusal.lock() {
            *r = None;
        }
        SheetPass(self)
    }

    /// Why the last read was refused, if it was.
    pub fn refusal(&self) -> Option<String> {
        self.refusal.lock().ok().and_then(|r| r.clone())
    }

    fn refuse(&self, why: String) -> io::Error {
        if let Ok(mut r) = self.refusal.lock() {
            *r = Some(why.clone());
        }
        io::Error::new(io::ErrorKind::InvalidData, why)
    }

    /// Count a chunk of inflated bytes of `part` against the rules.
    fn see(&self, part: &str, chunk: &[u8]) -> io::Result<()> {
        let n = chunk.len() as u64;
        self.inflated.fetch_add(n, Relaxed);
        if !self.in_sheet.load(Relaxed) {
            return Ok(());
        }
        let bytes = self.sheet_bytes.fetch_add(n, Relaxed) + n;
        let cells = self.cells.load(Relaxed);
        // Tags are counted only where the bytes run ahead of the cells: a
        // real sheet (~40 bytes a cell) never gets here, and counting every
        // chunk would cost the hot path ~5 % (0,1 s of the benchmark's 2,5 s).
        if bytes > SCAN_GRACE.saturating_add(cells.saturating_mul(SCAN_PER_CELL)) {
            let here = count_tags(chunk);
            let tags = self.sheet_tags.fetch_add(here, Relaxed) + here;
            let allowed = TAG_GRACE.saturating_add(cells.saturating_mul(TAGS_PER_CELL));
            if tags > allowed {
                return Err(self.refuse(format!(
                    "bladet ({part}) har fler än {} XML-taggar men bara {} celler; en export har några taggar \
                     per cell, så filen är trasig eller gjord för att ta lång tid att läsa",
                    fmt_int(allowed),
                    fmt_int(cells)
                )));
            }
        }
        if bytes > self.junk_grace.load(Relaxed).saturating_add(cells.saturating_mul(JUNK_PER_CELL)) {
            return Err(self.refuse(format!(
                "bladet ({part}) har {} MB XML men bara {} celler; en export har en cell per några tiotal byte, \
                 så filen är trasig eller gjord för att ta lång tid att läsa",
                bytes >> 20,
                fmt_int(cells)
            )));
        }
        Ok(())
    }
}

/// The `<` in `chunk`, counted in blocks of 255 so the compiler can use a
/// byte-wide vector sum (a plain `filter().count()` is four times slower).
fn count_tags(chunk: &[u8]) -> u64 {
    chunk.chunks(255).map(|block| u64::from(block.iter().fold(0u8, |n, &b| n + u8::from(b == b'<')))).sum()
}

/// A pass over one sheet, counted by its [`Guard`] (see [`Guard::sheet_pass`]).
pub struct SheetPass<'g>(&'g Guard);

impl SheetPass<'_> {
    /// The cells the loop has seen so far in this pass (published once a row).
    pub fn cells(&self, n: u64) {
        self.0.cells.store(n, Relaxed);
    }
}

impl Drop for SheetPass<'_> {
    fn drop(&mut self) {
        self.0.in_sheet.store(false, Relaxed);
    }
}

/// The state of one pass over one part: bytes so far, and since the last `<`.
#[derive(Debug, Default)]
struct Watch {
    served: u64,
    run: u64,
}

impl Watch {
    /// Check one chunk of `part` (declared `size` bytes) as it arrives. Only
    /// the chunk's tail is scanned for `<`, so this costs a few comparisons a
    /// chunk, not one a byte; a run is missed by at most one chunk.
    fn see(&mut self, guard: &Guard, part: &str, xml: bool, chunk: &[u8]) -> io::Result<()> {
        self.served += chunk.len() as u64;
        if xml {
            match chunk.iter().rposition(|&b| b == b'<') {
                Some(p) => self.run = (chunk.len() - 1 - p) as u64,
                None => self.run += chunk.len() as u64,
            }
            if self.run > MAX_XML_RUN {
                return Err(guard.refuse(format!(
                    "{part} har en enskild text eller tagg på mer än {} MB (en cell i Excel rymmer högst 32 767 \
                     tecken); filen är trasig eller gjord för att fylla minnet",
                    MAX_XML_RUN >> 20
                )));
            }
        }
        guard.see(part, chunk)
    }
}

/// Parts read whole when a workbook is opened, whose size says nothing about
/// the data (xlsx: styles, workbook, relationships; ods: the manifest).
fn is_meta_part(name: &str) -> bool {
    name.ends_with(".rels")
        || name == "xl/styles.xml"
        || name == "xl/workbook.xml"
        || name == "[Content_Types].xml"
        || name == "META-INF/manifest.xml"
}

fn is_xml(name: &str) -> bool {
    name.ends_with(".xml") || name.ends_with(".rels")
}

fn overlong(guard: &Guard, part: &str, size: u64) -> io::Error {
    guard.refuse(format!(
        "{part} packas upp till mer än de {} byte zip-filen anger; filen är trasig eller manipulerad",
        fmt_int(size)
    ))
}

fn short(guard: &Guard, part: &str, size: u64) -> io::Error {
    guard.refuse(format!("{part} är kortare än de {} byte zip-filen anger; filen är trasig", fmt_int(size)))
}

/// A part of a zip that we inflate ourselves (the .ods reader's content.xml),
/// watched as its bytes arrive: never past the declared size.
pub struct Watched<R> {
    inner: R,
    part: String,
    size: u64,
    watch: Watch,
    guard: Arc<Guard>,
}

impl<R: Read> Watched<R> {
    pub fn new(inner: R, part: &str, size: u64, guard: Arc<Guard>) -> Self {
        Watched { inner, part: part.to_string(), size, watch: Watch::default(), guard }
    }
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.watch.served + n as u64 > self.size {
            return Err(overlong(&self.guard, &self.part, self.size));
        }
        self.watch.see(&self.guard, &self.part, is_xml(&self.part), &buf[..n])?;
        Ok(n)
    }
}

/// One part of the real zip, and where it sits in the re-framed one.
#[derive(Debug)]
struct Part {
    name: String,
    header: Vec<u8>,
    /// offset of the local header in the re-framed zip
    at: u64,
    /// declared (uncompressed) size: exactly what the re-framed zip serves
    size: u64,
    /// where its compressed bytes start in the real file, and how many
    data_start: u64,
    compressed: u64,
    deflated: bool,
}

impl Part {
    fn data_at(&self) -> u64 {
        self.at + self.header.len() as u64
    }
    fn end(&self) -> u64 {
        self.data_at() + self.size
    }
}

type Src = Take<BufReader<File>>;

enum Source {
    Stored(Src),
    Deflated(flate2::bufread::DeflateDecoder<Src>),
}

impl Source {
    fn into_file(self) -> BufReader<File> {
        match self {
            Source::Stored(t) => t.into_inner(),
            Source::Deflated(d) => d.into_inner().into_inner(),
        }
    }
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Stored(t) => t.read(buf),
            Source::Deflated(d) => d.read(buf),
        }
    }
}

/// The inflation of one part under way: which part, how far, and its watch.
struct Inflating {
    part: usize,
    source: Source,
    watch: Watch,
}

/// The real zip presented to calamine as a zip of *stored* parts that we
/// inflate on the fly: calamine's reader then reads exactly the bytes we
/// produce, in the one pass it makes, and we count and check them (a
/// second pass over a sheet would double the hot path). Every part serves
/// exactly its declared size; inflating past it, or short of it, is an error.
/// Only central-directory fields are used, so the re-framed zip needs no
/// zip64 (its total is capped by [`MAX_UNZIPPED_BYTES`]).
pub struct Reframed {
    parts: Vec<Part>,
    /// [`GAP`], the central directory and its end record, after the last part
    tail: Vec<u8>,
    tail_at: u64,
    pos: u64,
    idle: Option<BufReader<File>>,
    cur: Option<Inflating>,
    guard: Arc<Guard>,
}

impl Reframed {
    /// Re-frame the zip at `path` (already through [`sniff_zip`]).
    pub fn open(path: &Path, guard: Arc<Guard>) -> Result<Reframed> {
        let bad = |m: &str| broken(path, format!("zip-filen är trasig: {m}"));
        let mut zip = zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(|e| bad(&e.to_string()))?;
        if zip.len() >= 0xFFFF {
            return Err(bad("för många delar"));
        }
        let mut parts = Vec::with_capacity(zip.len());
        let mut central = Vec::new();
        let mut at: u64 = 0;
        for i in 0..zip.len() {
            let e = zip.by_index_raw(i).map_err(|e| bad(&e.to_string()))?;
            let deflated = match e.compression() {
                zip::CompressionMethod::Stored => false,
                zip::CompressionMethod::Deflated => true,
                m => return Err(bad(&format!("{} använder komprimeringen {m:?}, som inte stöds", e.name()))),
            };
            if e.encrypted() {
                return Err(broken(
                    path,
                    "arbetsboken är lösenordsskyddad/krypterad: spara en kopia utan lösenord och importera den",
                ));
            }
            let name = e.name().to_string();
            if name.len() > 0xFFFF {
                return Err(bad("en del har ett för långt namn"));
            }
            let size = u32::try_from(e.size()).map_err(|_| bad("en del är större än 4 GB"))?;
            let offset = u32::try_from(at).map_err(|_| bad("för stor uppackad"))?;
            let header = local_header(&name, e.crc32(), size);
            central.extend(central_header(&name, e.crc32(), size, offset));
            let part = Part {
                name,
                header,
                at,
                size: size.into(),
                data_start: e.data_start(),
                compressed: e.compressed_size(),
                deflated,
            };
            at = part.end();
            parts.push(part);
        }
        let (Ok(dir_at), Ok(dir_len)) = (u32::try_from(at + GAP), u32::try_from(central.len())) else {
            return Err(bad("för stor uppackad"));
        };
        let count = parts.len() as u16;
        let mut tail = vec![0u8; GAP as usize];
        tail.extend(central);
        tail.extend(b"PK\x05\x06");
        tail.extend([0u8; 4]); // disk numbers
        tail.extend(count.to_le_bytes());
        tail.extend(count.to_le_bytes());
        tail.extend(dir_len.to_le_bytes());
        tail.extend(dir_at.to_le_bytes());
        tail.extend([0u8; 2]); // comment length
        let file = zip.into_inner();
        Ok(Reframed { parts, tail, tail_at: at, pos: 0, idle: Some(file), cur: None, guard })
    }

    /// The file handle, from whichever part had it.
    fn take_file(&mut self) -> io::Result<BufReader<File>> {
        if let Some(f) = self.idle.take() {
            return Ok(f);
        }
        match self.cur.take() {
            Some(c) => Ok(c.source.into_file()),
            None => Err(io::Error::other("zip-filen är redan stängd")),
        }
    }

    /// Start inflating part `i` from its beginning.
    fn start(&mut self, i: usize) -> io::Result<()> {
        let mut file = self.take_file()?;
        let p = &self.parts[i];
        file.seek(SeekFrom::Start(p.data_start))?;
        let src = file.take(p.compressed);
        let source =
            if p.deflated { Source::Deflated(flate2::bufread::DeflateDecoder::new(src)) } else { Source::Stored(src) };
        self.cur = Some(Inflating { part: i, source, watch: Watch::default() });
        Ok(())
    }

    fn read_data(&mut self, i: usize, off: u64, buf: &mut [u8]) -> io::Result<usize> {
        if self.cur.as_ref().is_none_or(|c| c.part != i || c.watch.served > off) {
            self.start(i)?;
        }
        let guard = Arc::clone(&self.guard);
        let p = &self.parts[i];
        let Some(cur) = self.cur.as_mut() else { return Err(io::Error::other("ingen del öppen")) };
        // a seek forward inside a part (zip does not do that): inflate up to it
        let mut skip = [0u8; 8192];
        while cur.watch.served < off {
            let want = (off - cur.watch.served).min(skip.len() as u64) as usize;
            let n = cur.source.read(&mut skip[..want])?;
            if n == 0 {
                return Err(short(&guard, &p.name, p.size));
            }
            cur.watch.see(&guard, &p.name, is_xml(&p.name), &skip[..n])?;
        }
        let want = (p.size - off).min(buf.len() as u64) as usize;
        if want == 0 {
            return Ok(0);
        }
        let n = cur.source.read(&mut buf[..want])?;
        if n == 0 {
            return Err(short(&guard, &p.name, p.size));
        }
        cur.watch.see(&guard, &p.name, is_xml(&p.name), &buf[..n])?;
        if cur.watch.served == p.size && cur.source.read(&mut skip[..1])? > 0 {
            return Err(overlong(&guard, &p.name, p.size));
        }
        Ok(n)
    }
}

impl Read for Reframed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let pos = self.pos;
        let n = if pos >= self.tail_at {
            copy_from(&self.tail, pos - self.tail_at, buf)
        } else {
            // the part whose header or data holds `pos`
            let i = self.parts.partition_point(|p| p.end() <= pos);
            let Some(p) = self.parts.get(i) else { return Ok(0) };
            if pos < p.data_at() {
                copy_from(&p.header, pos - p.at, buf)
            } else {
                self.read_data(i, pos - p.data_at(), buf)?
            }
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Reframed {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let len = self.tail_at + self.tail.len() as u64;
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "sökning före filens början"))?;
        Ok(self.pos)
    }
}

fn copy_from(src: &[u8], off: u64, buf: &mut [u8]) -> usize {
    let Some(rest) = usize::try_from(off).ok().and_then(|o| src.get(o..)) else { return 0 };
    let n = rest.len().min(buf.len());
    buf[..n].copy_from_slice(&rest[..n]);
    n
}

/// Zeros between the last part and the central directory: a zip reader looks
/// for the end record by reading backwards from the end (zip reads 1 KiB at
/// a time), and must not reach into the last part's data, which we would
/// have to inflate from its start to serve.
const GAP: u64 = 64 * 1024 + 22;

/// Version 2.0, UTF-8 names (bit 11), stored, no time.
const VERSION: u16 = 20;
const FLAGS: u16 = 1 << 11;

fn local_header(name: &str, crc: u32, size: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(30 + name.len());
    h.extend(b"PK\x03\x04");
    h.extend(VERSION.to_le_bytes());
    h.extend(FLAGS.to_le_bytes());
    h.extend([0u8; 2 + 4]); // method stored, time and date
    h.extend(crc.to_le_bytes());
    h.extend(size.to_le_bytes());
    h.extend(size.to_le_bytes());
    h.extend((name.len() as u16).to_le_bytes());
    h.extend([0u8; 2]); // extra field length
    h.extend(name.as_bytes());
    h
}

fn central_header(name: &str, crc: u32, size: u32, offset: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(46 + name.len());
    h.extend(b"PK\x01\x02");
    h.extend(VERSION.to_le_bytes()); // made by
    h.extend(VERSION.to_le_bytes()); // needed
    h.extend(FLAGS.to_le_bytes());
    h.extend([0u8; 2 + 4]); // method stored, time and date
    h.extend(crc.to_le_bytes());
    h.extend(size.to_le_bytes());
    h.extend(size.to_le_bytes());
    h.extend((name.len() as u16).to_le_bytes());
    h.extend([0u8; 2 + 2 + 2 + 2 + 4]); // extra, comment, disk, internal and external attributes
    h.extend(offset.to_le_bytes());
    h.extend(name.as_bytes());
    h
}

#[cfg(test)]
mod tests {
    use super::super::testfiles::zip;
    use super::*;

    /// The re-framed zip is a zip any reader takes: same names, same bytes,
    /// every part stored; read in any order, twice.
    #[test]
    fn reframed_zip_serves_the_same_parts() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..300_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        let parts: [(&str, &[u8]); 4] =
            [("mimetype", b"x/y"), ("a.xml", b"<a>hej</a>"), ("data/stor.bin", &big), ("ö/å.xml", b"<b/>")];
        let path = zip(&dir.path().join("z.zip"), &parts);
        let guard = Arc::new(Guard::default());
        let mut z = zip::ZipArchive::new(Reframed::open(&path, Arc::clone(&guard)).unwrap()).unwrap();
        assert_eq!(z.len(), 4);
        for _ in 0..2 {
            for (name, body) in parts.iter().rev() {
                let mut f = z.by_name(name).unwrap();
                assert_eq!(f.compression(), zip::CompressionMethod::Stored);
                let mut got = Vec::new();
                f.read_to_end(&mut got).unwrap();
                assert_eq!(&got, body, "{name}");
            }
        }
        let total: u64 = parts.iter().map(|(_, b)| b.len() as u64).sum();
        assert_eq!(guard.inflated(), 2 * total);
    }

    /// Declared sizes are summed before anything is unpacked.
    #[test]
    fn parts_read_at_open_are_capped_by_their_declared_size() {
        let dir = tempfile::tempdir().unwrap();
        let path =
            zip(&dir.path().join("stil.xlsx"), &[("xl/workbook.xml", b"<workbook/>"), ("xl/styles.xml", b"<x/>")]);
        super::super::testfiles::declare_size(&path, "xl/styles.xml", 100 << 20);
        assert_eq!(
            sniff_zip(&path).err().map(|e| e.to_string()),
            Some("stil.xlsx: delen xl/styles.xml av arbetsboken är för stor (100 MB uppackad, högst 64 MB)".into())
        );
    }
}

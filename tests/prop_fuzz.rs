//! Property tests and a bounded mutation fuzzer, std only (runs on stable in
//! CI; cargo-fuzz needs nightly and libFuzzer):
//!
//! - `money::parse_amount` and `period::parse_period` never panic on any
//!   string, and round-trip every amount/period they are meant to accept.
//! - Whole-file `import` and `preview` by the real CLI on mutated bytes of
//!   the fixtures and of the hostile shapes of issue 18 — raw byte mutations
//!   and structure-aware ones inside the xlsx/ods zip (XML tokens, numbers,
//!   cell references, repeat counts) — end in exit 0 or 2. Each input runs in
//!   a child process under a 3 GiB address-space limit (`memlimit`), so an
//!   allocation the input provokes aborts the child (SIGABRT) and fails the
//!   test naming the input, as a signal, a hang or an uncaught panic does. A
//!   panic inside a reader (calamine, zip) is caught by `source.rs` and
//!   becomes an input error; inputs that did so are kept in
//!   `fixtures/bad/fuzz/` (with RAMKOLL_FUZZ_SAVE=1) and re-run by
//!   `fuzz_regressions_are_errors`. A panic in our own code fails the test.
//!
//! RAMKOLL_FUZZ_SECS (default 20) bounds the import fuzzing, RAMKOLL_FUZZ_SEED
//! picks the seed, RAMKOLL_PROP_CASES (default 200 000) the parser cases.

mod common;
mod memlimit;
use common::*;
use ramkoll::import::{self, ImportOptions, Kind};
use ramkoll::money::{parse_amount, Amount};
use ramkoll::period::parse_period;
use ramkoll::store::Store;
use ramkoll_testkit::rng::Rng;
use std::io::{Read, Write};
use std::panic::catch_unwind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

// --- parsers -----------------------------------------------------------------

const AMOUNT_ALPHABET: &[&str] = &[
    "0", "1", "2", "5", "9", "0", "3", "7", " ", "\u{a0}", "\u{202f}", "\u{2009}", ",", ".", "-", "\u{2212}",
    "\u{2013}", "+", "(", ")", "kr", "SEK", "kronor", ":-", "'", "e", "E", "x", "#N/A", "é", "🚑", "\t", "000", "999",
    "٣",
];

fn group(mut n: u64, sep: &str) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join(sep)
}

#[test]
fn parse_amount_never_panics_and_round_trips() {
    let cases = env_u64("RAMKOLL_PROP_CASES", 200_000);
    let mut rng = Rng::new(env_u64("RAMKOLL_FUZZ_SEED", 1));
    let mut accepted = 0u64;
    for _ in 0..cases {
        // 1. arbitrary strings: Ok or Err, never a panic
        let len = rng.index(12);
        let s: String = (0..len).map(|_| *rng.pick(AMOUNT_ALPHABET)).collect();
        match catch_unwind(|| parse_amount(&s)) {
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(_)) => {}
            Err(_) => panic!("parse_amount panicked on {s:?}"),
        }
        // 2. every amount, in every form the importer promises to read, exactly
        let ore = (rng.next_u64() % 100_000_000_000_000) as i64 * if rng.chance(30) { -1 } else { 1 };
        let (kr, o) = (ore.unsigned_abs() / 100, ore.unsigned_abs() % 100);
        let neg = ore < 0;
        let forms = [
            format!("{}{},{o:02}", if neg { "-" } else { "" }, kr),
            format!("{}{},{o:02}", if neg { "\u{2212}" } else { "" }, group(kr, " ")),
            format!("{}{},{o:02}", if neg { "-" } else { "" }, group(kr, "\u{a0}")),
            format!("{}{}.{o:02}", if neg { "-" } else { "" }, kr),
            if neg { format!("({},{o:02})", group(kr, " ")) } else { format!("{},{o:02} kr", group(kr, " ")) },
            format!("{},{o:02}{}", group(kr, "."), if neg { "-" } else { "" }),
            format!("{}{}.{o:02}", if neg { "-" } else { "" }, group(kr, ",")),
        ];
        for f in forms {
            assert_eq!(parse_amount(&f), Ok(Amount(ore)), "{f:?}");
        }
        // 3. a third decimal that is not zero is refused, never rounded
        let f = format!("{kr},{o:02}{}", 1 + rng.index(9));
        assert!(parse_amount(&f).is_err(), "{f:?} must not be rounded");
    }
    eprintln!("parse_amount: {} cases ({} arbitrary strings accepted)", cases * 9, accepted);
}

use ramkoll::period::MONTHS_SV as MONTHS;

#[test]
fn parse_period_never_panics_and_round_trips() {
    let cases = env_u64("RAMKOLL_PROP_CASES", 200_000);
    let mut rng = Rng::new(env_u64("RAMKOLL_FUZZ_SEED", 2));
    let alphabet: &[&str] = &[
        "2018",
        "201813",
        "20",
        "18",
        "0",
        "1",
        "3",
        "12",
        "13",
        "-",
        "/",
        ".",
        " ",
        "mars",
        "okt",
        "Mar",
        "T",
        "00",
        "\u{a0}",
        "ö",
        "99999999999",
    ];
    for _ in 0..cases {
        let len = rng.index(6);
        let s: String = (0..len).map(|_| *rng.pick(alphabet)).collect();
        let got = catch_unwind(|| parse_period(&s)).unwrap_or_else(|_| panic!("parse_period panicked on {s:?}"));
        if let Some(p) = got {
            assert!((190001..=220012).contains(&p) && (1..=12).contains(&(p % 100)), "{s:?} → {p}");
        }
        let y = 1900 + rng.index(301) as u32;
        let m = 1 + rng.index(12) as u32;
        let want = Some(y * 100 + m);
        for f in [
            format!("{y}{m:02}"),
            format!("{y}-{m:02}"),
            format!("{y}/{m}"),
            format!("{m:02}/{y}"),
            format!("{} {y}", MONTHS[m as usize - 1]),
            format!("{y} {}", &MONTHS[m as usize - 1][..3]),
            format!("{y}-{m:02}-{:02}", 1 + rng.index(28)),
        ] {
            assert_eq!(parse_period(&f), want, "{f:?}");
        }
        let bad_month = [0, 13, 20, 99][rng.index(4)];
        assert_eq!(parse_period(&format!("{y}{bad_month:02}")), None);
    }
    eprintln!("parse_period: {} cases", cases * 9);
}

// --- whole-file import ---------------------------------------------------------

const XML_TOKENS: &[&str] = &[
    "<c r=\"A1\" t=\"s\"><v>99999</v></c>",
    "<c r=\"XFD1048577\"><v>1</v></c>",
    "<c r=\"A0\"><v>1</v></c>",
    "<c r=\"\" t=\"n\"><v></v></c>",
    " t=\"e\"",
    " t=\"d\"",
    " t=\"b\"",
    " t=\"str\"",
    " t=\"inlineStr\"",
    " s=\"999\"",
    " s=\"-1\"",
    "<v>1e308</v>",
    "<v>-1e308</v>",
    "<v>NaN</v>",
    "<v>inf</v>",
    "<v>-0</v>",
    "<v>2958466</v>",
    "<v>-1</v>",
    "<v>18446744073709551616</v>",
    "<v>2018-13-45T25:61:61</v>",
    "</row>",
    "<row r=\"0\">",
    "<row r=\"4294967296\">",
    "<row>",
    "&#0;",
    "&#xFFFF;",
    "&amp;",
    "&bogus;",
    "<f>A1</f>",
    "<is><t>x</t></is>",
    "<mergeCell ref=\"A1:B\"/>",
    "<mergeCell ref=\"XFD1048576:A1\"/>",
    " date1904=\"1\"",
    " numFmtId=\"14\"",
    " numFmtId=\"999999\"",
    " formatCode=\"yyyy-mm-dd\"",
    "<dimension ref=\"A1:XFD1048576\"/>",
    " office:value-type=\"date\" office:date-value=\"2018-99-99\"",
    " office:value-type=\"float\" office:value=\"x\"",
    " table:number-columns-repeated=\"16384\"",
    " table:number-rows-repeated=\"1048576\"",
    " table:number-columns-repeated=\"0\"",
    " table:number-columns-repeated=\"4294967295\"",
    " table:number-rows-repeated=\"99999999\"",
    "<c r=\"ZZZZZZ1\"><v>1</v></c>",
    "<table:table-cell/>",
    "<text:s text:c=\"999999\"/>",
    "<si><t>x</t></si>",
    " count=\"-5\"",
    "\u{0}",
    "\u{feff}",
    "]]>",
    "<![CDATA[",
];

const NUMBERS: &[&str] =
    &["0", "-1", "4294967295", "4294967296", "1048577", "16385", "999999999999", "1e400", "", "-0", "0.5"];

fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>, tokens: bool) {
    for _ in 0..1 + rng.index(4) {
        let len = data.len();
        match rng.index(if tokens { 8 } else { 6 }) {
            0 if len > 0 => {
                let i = rng.index(len);
                data[i] ^= 1 << rng.index(8);
            }
            1 if len > 0 => {
                let i = rng.index(len);
                data[i] = rng.next_u64() as u8;
            }
            2 if len > 1 => {
                let a = rng.index(len);
                let b = (a + 1 + rng.index(64)).min(len);
                data.drain(a..b);
            }
            3 if len > 1 => {
                let a = rng.index(len);
                let b = (a + 1 + rng.index(256)).min(len);
                let chunk = data[a..b].to_vec();
                let at = rng.index(len);
                data.splice(at..at, chunk);
            }
            4 if len > 0 => data.truncate(rng.index(len)),
            5 => {
                let at = rng.index(len + 1);
                let b = [b'"', b';', b',', b'\n', b'\r', 0, 0xFF, b'<'][rng.index(8)];
                data.insert(at, b);
            }
            6 => {
                let at = rng.index(len + 1);
                let t = rng.pick(XML_TOKENS).as_bytes().to_vec();
                data.splice(at..at, t);
            }
            7 => {
                // replace a run of digits by an extreme number
                let digits: Vec<usize> = (0..len).filter(|&i| data[i].is_ascii_digit()).collect();
                if !digits.is_empty() {
                    let start = *rng.pick(&digits);
                    let mut end = start;
                    while end < len && data[end].is_ascii_digit() {
                        end += 1;
                    }
                    data.splice(start..end, rng.pick(NUMBERS).bytes());
                }
            }
            _ => {}
        }
    }
}

fn unzip(data: &[u8]) -> Option<Entries> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(data)).ok()?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).ok()?;
        let mut b = Vec::new();
        f.read_to_end(&mut b).ok()?;
        out.push((f.name().to_string(), b));
    }
    Some(out)
}

fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, b) in files {
        z.start_file(n.as_str(), opts).unwrap();
        z.write_all(b).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// A zip's entries: (name, bytes).
type Entries = Vec<(String, Vec<u8>)>;

/// (extension, bytes, the entries when it is a zip)
fn seeds() -> Vec<(String, Vec<u8>, Option<Entries>)> {
    let f = fixtures();
    let mut names: Vec<PathBuf> = ["huvudbok_2015.csv", "huvudbok_2016.xlsx", "huvudbok_2017.ods", "ramar.xlsx"]
        .iter()
        .map(|n| f.join(n))
        .collect();
    names.extend(["alt/huvudbok_2018_komma.csv", "alt/huvudbok_2018_en.xlsx"].iter().map(|n| f.join(n)));
    for n in [
        "merged_header.xlsx",
        "dates_1904_system.xlsx",
        "formula_cached_value.xlsx",
        "hidden_first_sheet.xlsx",
        "total_row_ok.csv",
        "quoted_newline.csv",
        "utf16le_tab.txt",
        "amount_error_ref.xlsx",
        // issue 18's hostile shapes: mutations of them stay near the limits
        "far_column_zzzzzz.xlsx",
        "ods_repeat_bomb_16m.ods",
        "ods_repeat_bomb_98m.ods",
        "wide_csv_20000_fields.csv",
        "zip_part_lies_about_size.xlsx",
        "zip_declares_3_5gb.xlsx",
        "xls_ledger.xls",
        "xls_dimensions_4g_rows.xls",
        "xls_200_sheets_one_grid.xls",
    ] {
        names.push(f.join("bad").join(n));
    }
    names
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let ext = p.extension().unwrap().to_string_lossy().into_owned();
            let files = unzip(&bytes);
            (ext, bytes, files)
        })
        .collect()
}

fn regression_dir() -> PathBuf {
    fixtures().join("bad").join("fuzz")
}

/// Where the fuzzer's databases go: tmpfs when there is one (an import
/// syncs its journal; on disk that is most of a run's time).
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().unwrap()
}

/// `ramkoll --db DIR/fuzz.db VERB KIND FILE` under the memory limit, on a
/// fresh database (the one before is removed with its backups and marker).
fn run_cli(dir: &Path, verb: &str, kind: &str, file: &Path) -> memlimit::Run {
    let db = dir.join("db");
    let _ = std::fs::remove_dir_all(&db);
    std::fs::create_dir_all(&db).unwrap();
    let mut cmd = command(["--db", db.join("fuzz.db").to_str().unwrap(), verb, kind, file.to_str().unwrap()]);
    // a caught reader panic prints a backtrace under RUST_BACKTRACE: slow, and no finding
    cmd.env_remove("RAMKOLL_DB").env("RUST_BACKTRACE", "0");
    // far more than any catalogue file takes (< 2 s in debug): a hang is a finding
    memlimit::run(cmd, Duration::from_secs(30))
}

/// The locations of the panics the child reported ("panicked at FILE:LINE").
fn panic_locations(stderr: &str) -> Vec<&str> {
    stderr.lines().filter_map(|l| l.split_once("panicked at ").map(|(_, at)| at.trim_end_matches(':'))).collect()
}

fn is_ours(location: &str) -> bool {
    location.starts_with("src/") || location.contains("/ramkoll/src/")
}

#[test]
fn the_memory_limit_is_in_force() {
    let mut sh = std::process::Command::new("sh");
    sh.args(["-c", "ulimit -v"]);
    if !memlimit::limit(&mut sh) {
        eprintln!("no address-space limit on this platform or runner");
        return;
    }
    let out = sh.output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), (memlimit::ADDRESS_SPACE >> 10).to_string());
    // an abort is seen as one, as a failed allocation ends the CLI
    let mut sh = std::process::Command::new("sh");
    sh.args(["-c", "kill -ABRT $$"]);
    let run = memlimit::run(sh, Duration::from_secs(10));
    assert!(!run.clean() && run.signal == Some(6), "{run:?}");
    assert!(run.describe().starts_with("aborted (SIGABRT"), "{}", run.describe());
    // and a child past its deadline is killed and reported
    let mut sh = std::process::Command::new("sh");
    sh.args(["-c", "exec sleep 5"]);
    let run = memlimit::run(sh, Duration::from_millis(200));
    assert!(run.timed_out && !run.clean(), "{run:?}");
}

#[test]
fn import_of_mutated_files_never_panics() {
    let secs = env_u64("RAMKOLL_FUZZ_SECS", 20);
    let mut rng = Rng::new(env_u64("RAMKOLL_FUZZ_SEED", 20_181_231));
    let seeds = seeds();
    let tmp = scratch();
    let save = std::env::var("RAMKOLL_FUZZ_SAVE").is_ok_and(|v| v == "1");
    let started = Instant::now();
    let (mut execs, mut ok, mut refused, mut reader_panics) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    let mut failures = Vec::new();
    while started.elapsed() < Duration::from_secs(secs) {
        // the small catalogue files most of the time: far more executions
        let (ext, bytes, files) = if rng.chance(80) { rng.pick(&seeds[6..]) } else { rng.pick(&seeds[..6]) };
        let data = match files {
            // structure-aware: mutate one part inside the zip, then re-zip
            Some(files) if rng.chance(70) => {
                let mut files = files.clone();
                let xmls: Vec<usize> = (0..files.len()).filter(|&i| files[i].0.ends_with(".xml")).collect();
                let i = if xmls.is_empty() { rng.index(files.len()) } else { *rng.pick(&xmls) };
                mutate_bytes(&mut rng, &mut files[i].1, true);
                if rng.chance(10) {
                    files.remove(rng.index(files.len()));
                }
                rezip(&files)
            }
            _ => {
                let mut d = bytes.clone();
                mutate_bytes(&mut rng, &mut d, ext == "csv" || ext == "txt");
                d
            }
        };
        // the extension is a hint at most: sometimes lie
        let ext = if rng.chance(10) { *rng.pick(&["csv", "xlsx", "ods", "xls", "txt"]) } else { ext.as_str() };
        let path = tmp.path().join(format!("fuzz.{ext}"));
        std::fs::write(&path, &data).unwrap();
        let kind = if rng.chance(25) { "frames" } else { "ledger" };
        // the app previews every file it is given before it imports
        let verb = if rng.chance(20) { "preview" } else { "import" };
        let run = run_cli(tmp.path(), verb, kind, &path);
        execs += 1;
        slowest = slowest.max(run.took);
        let panics = panic_locations(&run.stderr);
        if run.clean() && panics.is_empty() {
            if run.code == Some(0) {
                ok += 1;
            } else {
                refused += 1;
            }
            continue;
        }
        let name = format!("{:016x}.{ext}", {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in &data {
                h = (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
            }
            h
        });
        if save {
            std::fs::create_dir_all(regression_dir()).unwrap();
            std::fs::write(regression_dir().join(&name), &data).unwrap();
        }
        // a reader's panic caught by source.rs is an input error (exit 2)
        if run.code == Some(2) && !panics.iter().any(|l| is_ours(l)) {
            reader_panics += 1;
            eprintln!("reader panic caught ({name}): {panics:?}");
            continue;
        }
        let kept = std::env::temp_dir().join(format!("ramkoll-fuzz-{name}"));
        let _ = std::fs::write(&kept, &data);
        failures.push(format!("{verb} {kind} {name} (kept as {}): {}", kept.display(), run.describe()));
    }
    eprintln!(
        "import fuzz: {execs} executions in {:?} under a {} GiB address-space limit ({ok} imported or previewed, \
         {refused} refused with exit 2, {reader_panics} of them reader panics caught; slowest {slowest:?})",
        started.elapsed(),
        memlimit::ADDRESS_SPACE >> 30
    );
    assert!(failures.is_empty(), "inputs that ended the CLI badly:\n{}", failures.join("\n"));
    assert!(execs > 0);
}

/// Every input that once made a reader panic (calamine's cell-reference
/// parser overflows on references like `A4294967296`) is now an input error
/// naming the file, for both kinds, and stores nothing; and the CLI under
/// the memory limit refuses it with exit 2.
#[test]
fn fuzz_regressions_are_errors() {
    let Ok(rd) = std::fs::read_dir(regression_dir()) else { return };
    let tmp = scratch();
    let mut n = 0;
    for e in rd {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        for kind in [Kind::Ledger, Kind::Frames] {
            let mut store = Store::open_in_memory().unwrap();
            let e = import::import_file(&mut store, kind, &p, &ImportOptions::default(), &mut |_| {}).expect_err(&name);
            let msg = e.to_string();
            assert_eq!(e.exit_code(), 2, "{msg}");
            assert!(msg.starts_with(&name), "{msg}");
            assert!(store.batches().unwrap().is_empty());
        }
        let run = run_cli(tmp.path(), "import", "ledger", &p);
        assert!(run.code == Some(2) && run.stderr.contains(&name), "{name}: {}", run.describe());
        n += 1;
    }
    eprintln!("{n} fuzz regression inputs checked");
}

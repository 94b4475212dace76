//! OS errors in Ramkoll's words. Windows gives its error texts in the OS
//! language (and Wine in English), so a message carries our own Swedish
//! sentence and the OS code; the OS text is added only where we have no
//! sentence of our own.

use std::io;
use std::path::Path;

/// Windows: "the process cannot access the file because it is being used by
/// another process" (a handle that does not share what we ask for).
const ERROR_SHARING_VIOLATION: i32 = 32;
/// Windows: another process has locked a portion of the file.
const ERROR_LOCK_VIOLATION: i32 = 33;
const ERROR_ACCESS_DENIED: i32 = 5;
const ERROR_PATH_NOT_FOUND: i32 = 3;
const ERROR_BAD_NETPATH: i32 = 53;
const ERROR_BAD_NET_NAME: i32 = 67;
const ERROR_DISK_FULL: i32 = 112;
const ERROR_FILENAME_EXCED_RANGE: i32 = 206;

/// Whether `e` says another program has the file open (Windows' sharing or
/// lock violation). Never on Linux, where nothing locks a file that way.
pub fn is_sharing_violation(e: &io::Error) -> bool {
    sharing_violation_on(cfg!(windows), e)
}

fn sharing_violation_on(windows: bool, e: &io::Error) -> bool {
    windows && matches!(e.raw_os_error(), Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION))
}

/// Whether a failed replace of an existing file (the rename of a finished
/// temporary file onto it) means another program has that file open: on
/// Windows a sharing violation, or "access denied", which is what replacing a
/// file opened without delete sharing gives — we had just written the
/// temporary file beside it, so the directory itself is writable.
pub fn replace_refused(e: &io::Error) -> bool {
    replace_refused_on(cfg!(windows), e)
}

fn replace_refused_on(windows: bool, e: &io::Error) -> bool {
    sharing_violation_on(windows, e) || (windows && e.raw_os_error() == Some(ERROR_ACCESS_DENIED))
}

/// Ramkoll's sentence for `e` with the OS code: `filen eller katalogen finns
/// inte (Windows-fel 2)`. An error that is not the OS's (no code) keeps its
/// own text.
pub fn describe(e: &io::Error) -> String {
    describe_on(cfg!(windows), e)
}

fn describe_on(windows: bool, e: &io::Error) -> String {
    let Some(code) = e.raw_os_error() else { return e.to_string() };
    let label = if windows { "Windows-fel" } else { "OS-fel" };
    match sentence(windows, code, e.kind()) {
        Some(s) => format!("{s} ({label} {code})"),
        // std's text ends in "(os error N)": keep the text, say the code once
        None => {
            let text = e.to_string();
            let text = text.strip_suffix(&format!(" (os error {code})")).unwrap_or(&text);
            format!("oväntat fel från operativsystemet ({label} {code}: {text})")
        }
    }
}

fn sentence(windows: bool, code: i32, kind: io::ErrorKind) -> Option<&'static str> {
    use io::ErrorKind as K;
    if windows {
        // the codes std maps to no kind of their own, or to a too general one
        match code {
            ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION => return Some("filen är öppen i ett annat program"),
            ERROR_PATH_NOT_FOUND => return Some("katalogen finns inte"),
            ERROR_BAD_NETPATH | ERROR_BAD_NET_NAME => return Some("nätverkssökvägen går inte att nå"),
            ERROR_DISK_FULL => return Some("disken är full"),
            ERROR_FILENAME_EXCED_RANGE => return Some("sökvägen är för lång"),
            _ => {}
        }
    }
    Some(match kind {
        K::NotFound => "filen eller katalogen finns inte",
        K::PermissionDenied => "åtkomst nekad: behörighet saknas, eller filen är skrivskyddad eller används",
        K::AlreadyExists => "filen finns redan",
        K::StorageFull | K::QuotaExceeded => "disken är full",
        K::ReadOnlyFilesystem => "enheten är skrivskyddad",
        K::InvalidFilename => "ogiltigt filnamn: för långt, eller med tecken som inte är tillåtna",
        K::IsADirectory => "sökvägen är en katalog, inte en fil",
        K::NotADirectory => "en del av sökvägen är inte en katalog",
        K::TimedOut => "operativsystemet svarade inte i tid",
        K::ResourceBusy => "filen används av ett annat program",
        _ => return None,
    })
}

/// On Windows: the error opening `path` the way SQLite does (read and write,
/// sharing read and write) when another process holds it so that SQLite could
/// not write it (opened without write sharing: a backup or antivirus program,
/// a copy in progress). None when it opens, is missing, or on Linux. Opening
/// for writing without truncating changes nothing in the file.
#[cfg(windows)]
pub fn held_by_another_process(path: &Path) -> Option<io::Error> {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_SHARE_READ: u32 = 1;
    const FILE_SHARE_WRITE: u32 = 2;
    match std::fs::OpenOptions::new().read(true).write(true).share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE).open(path) {
        Err(e) if is_sharing_violation(&e) => Some(e),
        _ => None,
    }
}

#[cfg(not(windows))]
pub fn held_by_another_process(_path: &Path) -> Option<io::Error> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(code: i32) -> io::Error {
        io::Error::from_raw_os_error(code)
    }

    #[test]
    fn sharing_and_lock_violations_are_windows_codes_only() {
        assert!(sharing_violation_on(true, &os(32)));
        assert!(sharing_violation_on(true, &os(33)));
        assert!(!sharing_violation_on(true, &os(2)));
        assert!(!sharing_violation_on(true, &os(5)));
        assert!(!sharing_violation_on(true, &io::Error::other("32")));
        // 32 is EPIPE on Linux: not a locked file
        assert!(!sharing_violation_on(false, &os(32)));
        assert_eq!(is_sharing_violation(&os(32)), cfg!(windows));
    }

    #[test]
    fn a_refused_replace_is_a_sharing_violation_or_access_denied_on_windows() {
        assert!(replace_refused_on(true, &os(32)));
        assert!(replace_refused_on(true, &os(5)));
        assert!(!replace_refused_on(true, &os(2)));
        assert!(!replace_refused_on(false, &os(5)));
        assert!(!replace_refused_on(false, &os(13)));
    }

    #[test]
    fn windows_codes_get_swedish_sentences_with_the_code() {
        assert_eq!(describe_on(true, &os(32)), "filen är öppen i ett annat program (Windows-fel 32)");
        assert_eq!(describe_on(true, &os(206)), "sökvägen är för lång (Windows-fel 206)");
        assert_eq!(describe_on(true, &os(53)), "nätverkssökvägen går inte att nå (Windows-fel 53)");
        // a code the sentence table has no word for keeps the OS text, once, after the code
        let odd = describe_on(true, &os(1_234_567));
        assert!(odd.starts_with("oväntat fel från operativsystemet (Windows-fel 1234567: "), "{odd}");
        assert!(!odd.contains("os error"), "{odd}");
    }

    #[test]
    fn linux_errors_are_described_by_kind() {
        let libc_enoent = 2;
        let libc_eacces = 13;
        let libc_enospc = 28;
        assert_eq!(describe_on(false, &os(libc_enoent)), "filen eller katalogen finns inte (OS-fel 2)");
        assert!(describe_on(false, &os(libc_eacces)).starts_with("åtkomst nekad"));
        assert_eq!(describe_on(false, &os(libc_enospc)), "disken är full (OS-fel 28)");
        // not an OS error: its own text
        assert_eq!(describe_on(false, &io::Error::other("zip: trasig")), "zip: trasig");
    }

    #[test]
    fn a_file_nobody_holds_is_not_held() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("fri.db");
        std::fs::write(&f, b"x").unwrap();
        let held = std::fs::File::open(&f).unwrap();
        // a reader that shares everything (Rust's default, as Excel shares reading) holds nothing back
        assert!(held_by_another_process(&f).is_none());
        drop(held);
        assert!(held_by_another_process(&dir.path().join("saknas.db")).is_none());
        assert_eq!(std::fs::read(&f).unwrap(), b"x");
    }
}

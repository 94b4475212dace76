//! Whether a path is on a network share: a UNC path (`\\server\share\…`,
//! `//server/share/…`), on Windows a mapped network drive
//! (`GetDriveTypeW` = `DRIVE_REMOTE`), on Linux an NFS/CIFS/SMB mount (the
//! filesystem type in `/proc/self/mountinfo`). SQLite's file locking is
//! unreliable there, so a database on one is warned about.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// `\\server\share\…` or `//server/share/…` (also `\\?\UNC\…`).
    Unc,
    /// A drive letter Windows says is a network drive.
    MappedDrive(char),
    /// A Linux mount of a network filesystem (its type: nfs4, cifs, …).
    Mount(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Unc => write!(f, "en nätverkssökväg (UNC)"),
            Reason::MappedDrive(d) => write!(f, "enheten {d}: är en nätverksenhet"),
            Reason::Mount(fs) => write!(f, "katalogen är en nätverksmontering ({fs})"),
        }
    }
}

/// Why `path` is on a network share, or None for a local one.
pub fn network_path(path: &Path) -> Option<Reason> {
    let text = path.to_string_lossy();
    if is_unc(&text) {
        return Some(Reason::Unc);
    }
    remote_drive(path).or_else(|| network_mount(path))
}

/// `\\server\share`, `//server/share`, `\\?\UNC\server\share`; not the local
/// verbatim and device forms `\\?\C:\…`, `\\.\…`.
fn is_unc(p: &str) -> bool {
    let sep = |c: char| c == '\\' || c == '/';
    let mut chars = p.chars();
    if !(chars.next().is_some_and(sep) && chars.next().is_some_and(sep)) {
        return false;
    }
    let rest: &str = &p[2..];
    if let Some(verbatim) = rest.strip_prefix("?\\").or_else(|| rest.strip_prefix("??\\")) {
        return verbatim.get(..4).is_some_and(|u| u.eq_ignore_ascii_case("UNC\\"));
    }
    if rest.starts_with(".\\") || rest.starts_with("./") {
        return false;
    }
    // a server name, then a separator: `\\\x` or `///x` is no UNC path
    rest.split(sep).next().is_some_and(|server| !server.is_empty()) && rest.contains(sep)
}

/// The absolute form of `path` (against the current directory), as far as
/// it can be had.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(windows)]
fn remote_drive(path: &Path) -> Option<Reason> {
    use std::os::windows::ffi::OsStrExt;
    #[link(name = "kernel32")]
    extern "system" {
        fn GetDriveTypeW(root: *const u16) -> u32;
    }
    const DRIVE_REMOTE: u32 = 4;
    let abs = absolute(path);
    let s = abs.to_string_lossy();
    // `C:\…` or the verbatim `\\?\C:\…`
    let s = s.strip_prefix(r"\\?\").unwrap_or(&s);
    let mut chars = s.chars();
    let (letter, colon) = (chars.next()?, chars.next()?);
    if !letter.is_ascii_alphabetic() || colon != ':' {
        return None;
    }
    let root: Vec<u16> = std::ffi::OsStr::new(&format!("{letter}:\\")).encode_wide().chain([0]).collect();
    // SAFETY: `root` is a NUL-terminated UTF-16 string that lives across the call.
    let kind = unsafe { GetDriveTypeW(root.as_ptr()) };
    (kind == DRIVE_REMOTE).then(|| Reason::MappedDrive(letter.to_ascii_uppercase()))
}

#[cfg(not(windows))]
fn remote_drive(_path: &Path) -> Option<Reason> {
    None
}

#[cfg(target_os = "linux")]
fn network_mount(path: &Path) -> Option<Reason> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    // the database may not exist yet: its nearest existing directory decides
    let mut dir = absolute(path);
    let real = loop {
        if let Ok(r) = dir.canonicalize() {
            break r;
        }
        if !dir.pop() {
            return None;
        }
    };
    mount_type(&mountinfo, &real).filter(|fs| is_network_fs(fs)).map(Reason::Mount)
}

#[cfg(not(target_os = "linux"))]
fn network_mount(_path: &Path) -> Option<Reason> {
    None
}

#[cfg(any(target_os = "linux", test))]
/// The filesystem type of the mount that holds `path` (the longest mount
/// point above it) in mountinfo's format: `id parent major:minor root
/// mountpoint options [optional…] - fstype source superoptions`.
fn mount_type(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let mut fields = line.split(' ');
        let Some(point) = fields.nth(4) else { continue };
        let Some(fstype) = fields.skip_while(|f| *f != "-").nth(1) else { continue };
        let point = unescape(point);
        let depth = Path::new(&point).components().count();
        if path.starts_with(&point) && best.as_ref().is_none_or(|(d, _)| depth >= *d) {
            best = Some((depth, fstype.to_string()));
        }
    }
    best.map(|(_, fs)| fs)
}

#[cfg(any(target_os = "linux", test))]
/// mountinfo writes a space in a mount point as `\040` (and tab, newline, `\` alike).
fn unescape(s: &str) -> String {
    s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")
}

#[cfg(any(target_os = "linux", test))]
fn is_network_fs(fs: &str) -> bool {
    matches!(
        fs,
        "nfs" | "nfs4" | "cifs" | "smb3" | "smbfs" | "ncpfs" | "afs" | "ceph" | "glusterfs" | "lustre" | "davfs"
    ) || fs == "fuse.sshfs"
        || fs == "fuse.davfs2"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unc_paths_in_both_spellings() {
        assert!(is_unc(r"\\filserver\ekonomi\ramkoll.db"));
        assert!(is_unc("//filserver/ekonomi/ramkoll.db"));
        assert!(is_unc(r"\\?\UNC\filserver\ekonomi\ramkoll.db"));
        assert!(is_unc(r"\\fil server\Ekonomi åäö\r.db"));
        assert_eq!(network_path(Path::new(r"\\filserver\ekonomi\r.db")), Some(Reason::Unc));
        assert_eq!(network_path(Path::new("//filserver/ekonomi/r.db")), Some(Reason::Unc));
    }

    #[test]
    fn local_paths_are_not_unc() {
        for p in [r"C:\Users\anna\ramkoll.db", r"\\?\C:\Users\anna\ramkoll.db", r"\\.\pipe\x", "/tmp/r.db", "r.db"] {
            assert!(!is_unc(p), "{p}");
        }
        assert!(!is_unc(r"\\"));
        assert!(!is_unc(r"\\\x"));
        assert!(!is_unc("//"));
        assert!(!is_unc(r"\\server"));
        assert!(network_path(&std::env::temp_dir().join("r.db")).is_none());
    }

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /mnt/ekonomi rw,relatime shared:9 - cifs //filserver/ekonomi rw,vers=3.1.1
31 30 8:2 / /mnt/ekonomi/lokal rw - ext4 /dev/sdb1 rw
32 22 0:41 / /home/anna/Delad\\040mapp rw - nfs4 srv:/export rw
33 22 0:42 / /run/user/1000/gvfs rw,nosuid - fuse.gvfsd-fuse gvfsd-fuse rw
";

    #[test]
    fn the_longest_mount_point_decides_the_filesystem() {
        assert_eq!(mount_type(MOUNTINFO, Path::new("/mnt/ekonomi/ramkoll.db")).as_deref(), Some("cifs"));
        assert_eq!(mount_type(MOUNTINFO, Path::new("/mnt/ekonomi/lokal/r.db")).as_deref(), Some("ext4"));
        assert_eq!(mount_type(MOUNTINFO, Path::new("/home/anna/Delad mapp/r.db")).as_deref(), Some("nfs4"));
        assert_eq!(mount_type(MOUNTINFO, Path::new("/home/anna/r.db")).as_deref(), Some("ext4"));
        // `/mnt/ekonomi2` is not under `/mnt/ekonomi`
        assert_eq!(mount_type(MOUNTINFO, Path::new("/mnt/ekonomi2/r.db")).as_deref(), Some("ext4"));
        assert!(is_network_fs("cifs") && is_network_fs("nfs4") && is_network_fs("fuse.sshfs"));
        assert!(!is_network_fs("ext4") && !is_network_fs("tmpfs") && !is_network_fs("fuse.gvfsd-fuse"));
    }

    #[test]
    fn reasons_read_as_swedish() {
        assert_eq!(Reason::MappedDrive('N').to_string(), "enheten N: är en nätverksenhet");
        assert_eq!(Reason::Mount("cifs".into()).to_string(), "katalogen är en nätverksmontering (cifs)");
    }
}

#![allow(dead_code)]
//! The CLI run as a child under an address-space limit (`RLIMIT_AS`, 3 GiB as
//! issue 18 asks), so that an allocation the input provokes fails inside the
//! child — "memory allocation of N bytes failed", SIGABRT — and the test sees
//! an abort or a signal, not just a panic. `catch_unwind` in-process cannot
//! see those: they end the whole test binary, and no input is named.
//!
//! The limit applies on Linux when the CLI runs natively; under
//! `RAMKOLL_TEST_RUNNER` (Wine, whose loader reserves address space of its
//! own) the child runs without it.

use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// 3 GiB: the limit of the "done when".
pub const ADDRESS_SPACE: u64 = 3 << 30;

/// Put `cmd`'s child under [`ADDRESS_SPACE`]; true when the limit applies.
pub fn limit(cmd: &mut Command) -> bool {
    if std::env::var_os("RAMKOLL_TEST_RUNNER").is_some() {
        return false;
    }
    apply(cmd)
}

#[cfg(target_os = "linux")]
fn apply(cmd: &mut Command) -> bool {
    use std::os::unix::process::CommandExt;
    let lim = libc::rlimit { rlim_cur: ADDRESS_SPACE as libc::rlim_t, rlim_max: ADDRESS_SPACE as libc::rlim_t };
    // SAFETY: setrlimit is async-signal-safe and touches no memory of the
    // parent; the closure only reads `lim`, copied into it.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &lim) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    true
}

#[cfg(not(target_os = "linux"))]
fn apply(_cmd: &mut Command) -> bool {
    false
}

/// How a limited child ended.
#[derive(Debug)]
pub struct Run {
    /// The exit code, or `None` when a signal ended it (or the deadline).
    pub code: Option<i32>,
    /// The signal that ended it (SIGABRT = 6 after a failed allocation).
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

impl Run {
    /// Ended by itself with exit code 0 (done) or 2 (the input refused).
    pub fn clean(&self) -> bool {
        matches!(self.code, Some(0) | Some(2))
    }

    /// What went wrong, for a failure message naming the input.
    pub fn describe(&self) -> String {
        let how = match (self.timed_out, self.signal, self.code) {
            (true, _, _) => format!("still running after {:?}: killed", self.took),
            (_, Some(6), _) => "aborted (SIGABRT: an allocation failed under the limit?)".to_string(),
            (_, Some(s), _) => format!("ended by signal {s}"),
            (_, _, Some(101)) => "panicked (exit 101)".to_string(),
            (_, _, Some(c)) => format!("exit code {c}"),
            _ => "no exit status".to_string(),
        };
        let tail: String =
            self.stderr.lines().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
        format!("{how} in {:?}; stderr: {tail}", self.took)
    }
}

#[cfg(unix)]
fn signal_of(s: &ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    s.signal()
}

#[cfg(not(unix))]
fn signal_of(_: &ExitStatus) -> Option<i32> {
    None
}

/// Run `cmd` (stdin closed, output captured) under the limit, killing it
/// after `deadline`.
pub fn run(mut cmd: Command, deadline: Duration) -> Run {
    limit(&mut cmd);
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let child = cmd.spawn().expect("start the CLI");
    let (out, timed_out) = wait(child, deadline);
    Run {
        code: out.status.code(),
        signal: signal_of(&out.status),
        timed_out,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: started.elapsed(),
    }
}

/// Wait for `child`, reading its pipes on threads (a chatty child would
/// block on a full pipe), and kill it at the deadline.
fn wait(mut child: Child, deadline: Duration) -> (Output, bool) {
    use std::io::Read;
    let pipe = |p: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            if let Some(mut p) = p {
                let _ = p.read_to_end(&mut b);
            }
            b
        })
    };
    let out = pipe(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = pipe(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for the CLI") {
            break s;
        }
        if started.elapsed() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait for the killed CLI");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    (Output { status, stdout, stderr }, timed_out)
}

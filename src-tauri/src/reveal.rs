//! "Open the folder" after an export, without a shell plugin: the shell
//! starts the platform's file manager on the saved file's folder itself.

use std::path::Path;
use std::process::Command;

pub fn reveal(path: &Path) -> std::io::Result<()> {
    let mut cmd = if cfg!(windows) {
        // Explorer opens the folder with the file selected.
        let mut c = Command::new("explorer");
        c.arg(format!("/select,{}", path.display()));
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg("-R").arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path.parent().unwrap_or(Path::new(".")));
        c
    };
    let mut child = cmd.spawn()?;
    // Reap it in the background; Explorer's exit code means nothing.
    std::thread::spawn(move || child.wait());
    Ok(())
}

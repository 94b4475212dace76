// The command table (src/commands/table.rs) is a macro that names only
// tokens, so the build script can expand it too: here into the app manifest's
// command list. tauri-build generates an `allow-…` permission for each;
// `capabilities/main.json` grants them to the main window (tests/acl.rs
// checks that it grants exactly these).
include!("src/commands/table.rs");

macro_rules! command_names {
    ($( $area:ident { $( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty; )* } )*) => {
        const COMMANDS: &[&str] = &[$($(stringify!($name)),*),*];
    };
}
command_table!(command_names);

/// `generate_context!` embeds ../ui/dist and fails without it. On a fresh
/// checkout (cargo clippy/test before `npm --prefix ui run build`) put a page
/// there that says what to do; the real build replaces it.
fn ensure_ui_dist() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    if !dist.join("index.html").exists() {
        let _ = std::fs::create_dir_all(&dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Ramkoll</title>\
             <p>Gränssnittet är inte byggt: kör <code>npm --prefix ui run build</code> och bygg om appen.</p>",
        );
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src/commands/table.rs");
    ensure_ui_dist();
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}

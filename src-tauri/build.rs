/// The app's own commands. tauri-build generates an `allow-…` permission for
/// each; `capabilities/main.json` grants them to the main window. Keep in
/// sync with `app_commands!` in src/lib.rs (tests/acl.rs checks both).
pub const COMMANDS: &[&str] = &[
    "app_info",
    "choose_database",
    "use_default_database",
    "pick_import_files",
    "preview_file",
    "import_files",
    "batches",
    "undo_batch",
    "redo_batch",
    "investments",
    "categories",
    "operating",
    "staffing_report",
    "plans",
    "add_plan",
    "remove_plan",
    "lines",
    "set_comment",
    "comments",
    "rules",
    "save_rules",
    "load_demo",
    "export_variance",
    "export_staffing",
    "get_settings",
    "set_setting",
    "reveal_path",
];

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
    ensure_ui_dist();
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}

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
    "lines",
    "set_comment",
    "comments",
    "rules",
    "save_rules",
    "load_demo",
    "export_variance",
    "reveal_path",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}

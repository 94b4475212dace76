//! Ramkoll's desktop shell: a thin Tauri 2 layer over the `ramkoll` library.
//! Commands (src/commands/, one file per area, listed once in
//! src/commands/table.rs) call the core and map its error to
//! `{code, message, details}`; files are read and written by Rust only, with
//! paths that come from the native dialog or a drop on the window.

pub mod commands;
pub mod dialog;
pub mod error;
pub mod reveal;
pub mod server;
pub mod startup;
pub mod state;
pub mod webview;
pub mod window;

use tauri::{DragDropEvent, Manager, Runtime, WindowEvent};

/// Set up a builder (real or mock runtime) with the plugin, state, commands
/// and the drop handler. The database: `RAMKOLL_DB`, else the per-user default.
pub fn setup<R: Runtime>(builder: tauri::Builder<R>, db: std::path::PathBuf) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::open(db))
        .setup(|app| {
            let db = app.state::<state::AppState>().db_label();
            commands::set_title(app.handle(), &db);
            if let Some(w) = app.get_webview_window("main") {
                window::place(&w);
            }
            startup::mark(startup::Event::Window);
            Ok(())
        })
        .on_window_event(|w, event| match event {
            WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) => commands::files_dropped(w.app_handle(), paths),
            WindowEvent::CloseRequested { .. } => window::remember(w),
            _ => {}
        })
        // Every command of the table in src/commands/table.rs.
        .invoke_handler(commands::handler())
}

pub fn run() {
    startup::begin();
    webview::configure();
    setup(tauri::Builder::default(), ramkoll::store::default_db_path())
        .run(tauri::generate_context!())
        .expect("error while running tauri application");
}

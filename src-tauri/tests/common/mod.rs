//! The app on Tauri's mock runtime, for the command tests: the real setup and
//! context (its capability and app manifest decide which commands the window
//! may call, as in the shipped app) and an invoke as the webview makes it.

use serde_json::Value;
use std::path::Path;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

pub type Window = WebviewWindow<MockRuntime>;

/// The app on the database `db`, with its main window.
pub fn app(db: &Path) -> (tauri::App<MockRuntime>, Window) {
    let app = ramkoll_app::setup(mock_builder(), db.to_path_buf()).build(tauri::generate_context!()).expect("mock app");
    let w = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    (app, w)
}

/// A command as the webview calls it; the error is the command's JSON error.
pub fn invoke(w: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin on Linux/macOS (Windows: http://tauri.localhost).
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

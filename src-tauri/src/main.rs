// No console window behind the app in Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK composites the page with OpenGL; without a GPU (Xvfb, CI, many
    // VMs) that is Mesa's software renderer, and its repaints of our plain
    // tables took 5–8 s of a core during a 1M-row import, on a machine whose
    // two cores the import needs (PERFORMANCE.md, session 3). Painting without
    // compositing costs the webview a fifth of that. Set before any thread
    // starts; a user's own setting wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    ramkoll_app::run()
}

//! How the webview paints on Linux. WebKitGTK composites the page with
//! OpenGL; on a machine without a GPU (a VM, a thin client, CI) that is
//! Mesa's software rasteriser, and every frame costs the web process tens of
//! milliseconds of CPU: measured on a 2-core VM, a progress bar updated ten
//! times a second took 60–70 % of a core composited, 3 % painted directly
//! (PERFORMANCE.md, session 6) — CPU the import needs. So without a GPU the
//! app asks WebKitGTK not to composite. Windows' WebView2 and macOS are not
//! concerned.
//!
//! `RAMKOLL_COMPOSITING=gl` keeps compositing, `=off` turns it off whatever
//! the GPU; a `WEBKIT_DISABLE_COMPOSITING_MODE` already set is left alone.

use std::path::Path;

/// Whether to turn compositing off, from the override, WebKit's own switch
/// and whether a GPU render node is there.
pub fn disable_compositing(override_: Option<&str>, webkit_switch_set: bool, has_render_node: bool) -> bool {
    if webkit_switch_set {
        return false; // the user's (or a test's) own setting stands
    }
    match override_.map(str::trim) {
        Some("gl") => false,
        Some("off") => true,
        _ => !has_render_node,
    }
}

/// A DRM render node (`/dev/dri/renderD128` …): what WebKitGTK renders with
/// on a GPU. Without one, its OpenGL is software.
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Apply the choice to this process's environment, which the web process
/// inherits. Called first thing in `run()`, before any thread is started.
pub fn configure() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let override_ = std::env::var("RAMKOLL_COMPOSITING").ok();
    let set = std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some();
    if disable_compositing(override_.as_deref(), set, has_render_node(Path::new("/dev/dri"))) {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositing_is_turned_off_only_without_a_gpu_or_when_asked() {
        assert!(disable_compositing(None, false, false));
        assert!(!disable_compositing(None, false, true));
        assert!(!disable_compositing(Some("gl"), false, false));
        assert!(disable_compositing(Some("off"), false, true));
        assert!(!disable_compositing(Some("off"), true, false), "WebKit's own switch stands");
        assert!(disable_compositing(Some("nonsense"), false, false));
    }

    #[test]
    fn a_render_node_is_found_by_its_name() {
        let dir = std::env::temp_dir().join(format!("ramkoll-dri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("card0"), b"").unwrap();
        assert!(!has_render_node(&dir), "a card without a render node");
        std::fs::write(dir.join("renderD128"), b"").unwrap();
        assert!(has_render_node(&dir));
        assert!(!has_render_node(&dir.join("missing")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! The main window's size: it fits the work area of the screen it opens on
//! (a 1366×768 laptop has about 728 pixels under its taskbar, less than the
//! 860 the window asks for), is centred there, and comes back at the size the
//! user last left it (`window.json` in the app's config directory).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{LogicalSize, Manager, PhysicalPosition, Runtime, WebviewWindow};

/// The size a new window asks for, in logical pixels.
pub const DEFAULT: Size = Size { width: 1320.0, height: 860.0 };
/// Below this the screens' tables no longer fit (tauri.conf.json's minimum).
pub const MIN: Size = Size { width: 960.0, height: 600.0 };

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// The window's size: the remembered one (or the default), never larger than
/// the work area and never smaller than the minimum unless the screen is.
pub fn fit(saved: Option<Size>, work: Size) -> Size {
    let want = saved.filter(|s| s.width.is_finite() && s.height.is_finite()).unwrap_or(DEFAULT);
    let side = |want: f64, min: f64, room: f64| want.max(min).min(room).max(1.0).round();
    Size { width: side(want.width, MIN.width, work.width), height: side(want.height, MIN.height, work.height) }
}

fn file<R: Runtime>(app: &tauri::AppHandle<R>) -> Option<PathBuf> {
    app.path().app_config_dir().ok().map(|d| d.join("window.json"))
}

pub fn load(path: &Path) -> Option<Size> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

pub fn save(path: &Path, size: Size) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, serde_json::to_vec(&size).unwrap_or_default())
}

/// Size and centre the window on the work area of its monitor. A failure
/// leaves the window as the config made it: this is comfort, not function.
pub fn place<R: Runtime>(window: &WebviewWindow<R>) {
    let Ok(Some(monitor)) = window.current_monitor().or_else(|_| window.primary_monitor()) else { return };
    let scale = monitor.scale_factor();
    let area = monitor.work_area();
    let work = Size { width: area.size.width as f64 / scale, height: area.size.height as f64 / scale };
    let saved = file(window.app_handle()).and_then(|p| load(&p));
    let size = fit(saved, work);
    let _ = window.set_size(LogicalSize::new(size.width, size.height));
    let (w, h) = ((size.width * scale) as i32, (size.height * scale) as i32);
    let x = area.position.x + (area.size.width as i32 - w).max(0) / 2;
    let y = area.position.y + (area.size.height as i32 - h).max(0) / 2;
    let _ = window.set_position(PhysicalPosition::new(x, y));
}

/// Remember the window's size (logical pixels) for the next start.
pub fn remember<R: Runtime>(window: &tauri::Window<R>) {
    let (Ok(inner), Ok(scale)) = (window.inner_size(), window.scale_factor()) else { return };
    let logical = inner.to_logical::<f64>(scale);
    if let Some(path) = file(window.app_handle()) {
        let _ = save(&path, Size { width: logical.width.round(), height: logical.height.round() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: Size = Size { width: 1366.0, height: 728.0 };
    const DESKTOP: Size = Size { width: 1920.0, height: 1040.0 };

    #[test]
    fn a_new_window_fits_a_1366_laptop_and_keeps_its_size_on_a_desktop() {
        assert_eq!(fit(None, LAPTOP), Size { width: 1320.0, height: 728.0 });
        assert_eq!(fit(None, DESKTOP), DEFAULT);
    }

    #[test]
    fn a_remembered_size_comes_back_within_the_screen_and_the_minimum() {
        assert_eq!(fit(Some(Size { width: 1800.0, height: 1000.0 }), DESKTOP), Size { width: 1800.0, height: 1000.0 });
        assert_eq!(fit(Some(Size { width: 1800.0, height: 1000.0 }), LAPTOP), LAPTOP);
        assert_eq!(fit(Some(Size { width: 300.0, height: 200.0 }), DESKTOP), MIN);
        assert_eq!(fit(Some(Size { width: f64::NAN, height: 700.0 }), DESKTOP), DEFAULT);
    }

    #[test]
    fn the_size_survives_a_restart_and_a_broken_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg").join("window.json");
        assert_eq!(load(&path), None);
        save(&path, Size { width: 1200.0, height: 700.0 }).unwrap();
        assert_eq!(load(&path), Some(Size { width: 1200.0, height: 700.0 }));
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(load(&path), None);
    }
}

//! The app's commands are listed three times: in build.rs (the app manifest
//! that generates `allow-…` permissions), in the capability granted to the
//! main window, and in `generate_handler!`. They must agree, and the
//! capability must grant nothing beyond them and event listening.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let a = s.find(start).unwrap_or_else(|| panic!("{start} not found")) + start.len();
    let b = a + s[a..].find(end).unwrap();
    &s[a..b]
}

#[test]
fn manifest_capability_and_handler_agree() {
    let build = read("build.rs");
    let manifest: BTreeSet<String> = between(&build, "COMMANDS: &[&str] = &[", "];")
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect();

    let lib = read("src/lib.rs");
    let handler: BTreeSet<String> = between(&lib, "generate_handler![", "]")
        .split(',')
        .map(|s| s.trim().trim_start_matches("commands::").to_string())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(manifest, handler, "build.rs COMMANDS vs generate_handler!");

    let cap: serde_json::Value = serde_json::from_str(&read("capabilities/main.json")).unwrap();
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let perms: BTreeSet<String> =
        cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut expected: BTreeSet<String> = manifest.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(perms, expected, "capabilities/main.json grants exactly the app's commands and event listening");
}

#[test]
fn csp_is_strict() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let sec = &conf["app"]["security"];
    assert_eq!(sec["freezePrototype"], true);
    let csp = sec["csp"].as_object().unwrap();
    for (directive, value) in csp {
        let v = value.as_str().unwrap();
        assert!(!v.contains("http://") || v.contains("ipc.localhost"), "{directive} allows a remote origin: {v}");
        assert!(!v.contains("https:") && !v.contains('*'), "{directive} allows a remote origin: {v}");
        assert!(!v.contains("unsafe-eval") && !v.contains("unsafe-inline"), "{directive}: {v}");
    }
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
}

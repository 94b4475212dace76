// Command payload types: generated from the Rust types by ts-rs
// (src-tauri/tests/bindings.rs), never written by hand.
export type * from "./bindings";

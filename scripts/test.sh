#!/usr/bin/env bash
# Every test: the Rust library, CLI and end-to-end tests over fixtures/,
# lints, and (when ui/ and src-tauri/ are present) the UI unit tests and
# the desktop end-to-end test under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

echo "== cargo test (library, CLI, end-to-end over fixtures/)"
cargo test --workspace

echo "== benchmark smoke run (correctness only, no timings asserted)"
cargo run --quiet -- bench --rows 20000 --db-lines 200000 --check

if [ -f ui/package.json ]; then
  echo "== UI: type check and unit tests"
  (cd ui && npm ci --no-audit --no-fund && npx tsc --noEmit && npx vitest run)
fi

if [ -x scripts/e2e.sh ]; then
  echo "== desktop end-to-end (WebDriver, Xvfb)"
  scripts/e2e.sh
fi

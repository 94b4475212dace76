#!/usr/bin/env bash
# Every test: formatting and lints, the UI's type check and unit tests, the
# library/CLI/end-to-end tests over fixtures/ (on SQLite and on a throwaway
# PostgreSQL cluster) and the desktop shell's command tests, a benchmark smoke
# run, and the desktop end-to-end test (a real window under Xvfb, driven
# through WebDriver).
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
# each step with the minutes so far and the build's disk (CI has a time limit
# and a disk of its own: both ran out once)
step() { echo "== $* ($(((SECONDS - t0) / 60)) min; target $(du -sh target 2>/dev/null | cut -f1))"; }

step "PostgreSQL: a throwaway cluster for the suites that run on both backends"
# RAMKOLL_TEST_PG already set: that server is used, nothing is started.
# Otherwise a cluster owned by this run (scripts/pg.sh), stopped and removed
# on exit, also when a step fails. RAMKOLL_REQUIRE_PG=1 makes a suite that
# finds no server fail instead of skipping its PostgreSQL half.
if [ -z "${RAMKOLL_TEST_PG:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    echo "PostgreSQL is not installed; the tests need it: apt-get install -y postgresql" >&2
    exit 1
  fi
  pg="$PWD/scripts/pg.sh"
  pgdir=$(mktemp -d /tmp/ramkoll-pg.XXXXXX)
  trap '"$pg" stop "$pgdir" || true; rm -rf "$pgdir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  "$pg" start "$pgdir"
  eval "$("$pg" env "$pgdir")"
  # the TLS test (tests/server.rs) needs the cluster's certificate: not skipped here
  if [ -z "${RAMKOLL_TEST_PG_CERT:-}" ]; then
    echo "the test cluster serves no TLS (the openssl command is missing: apt-get install -y openssl)" >&2
    exit 1
  fi
fi
export RAMKOLL_TEST_PG
export RAMKOLL_REQUIRE_PG=1

step "UI: install, type check, unit tests, build (the app embeds ui/dist)"
npm --prefix ui ci --no-audit --no-fund
(cd ui && npx vitest run)
npm --prefix ui run build

step "cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --features ramkoll-app/ts,ramkoll-app/e2e -- -D warnings

step "cargo test (library, CLI, end-to-end over fixtures/, app commands, bindings, bench smoke)"
# The benchmark's smoke run is a test (testkit/tests/bench_smoke.rs: every
# figure checked, never a time; with --pg on the test server).
# ramkoll-app/e2e: the dialog stand-ins (RAMKOLL_E2E_*) the command tests and
# the desktop end-to-end test use; the app binary this builds is the one the
# end-to-end test below drives.
cargo test --workspace --features ramkoll-app/ts,ramkoll-app/e2e

step "the CLI suites again, on PostgreSQL (issue 15: the same assertions on both backends)"
# RAMKOLL_TEST_BACKEND=postgres: tests/common gives each test a fresh database
# on the test server instead of a file. Suites that look at the database file
# itself (backups, crash recovery, hostile files, Windows' file sharing) are
# SQLite's only; tests/server.rs (several people at once) already ran above.
# The binaries the step above built (scripts/suites.sh: no second build).
exes=$(scripts/suites.sh reference batches errors operating bad_input forecast orders replace \
  export export_quoting injection real_ledgers sie capital app_layer)
for exe in $exes; do
  RAMKOLL_TEST_BACKEND=postgres "$exe" -q
done

step "desktop end-to-end (tauri-driver + WebKitWebDriver under Xvfb)"
# the app binary `cargo test` just built (with e2e, no second tauri build)
RAMKOLL_APP="$PWD/target/debug/ramkoll-app" scripts/e2e.sh

step "desktop shell without e2e (as a release build): the dialog stand-ins are ignored"
# the shell's unit tests only (src-tauri/src/dialog.rs), not a second app build;
# last, so the app binary the end-to-end test used is not touched before it ran
cargo test -p ramkoll-app --features ts --lib
step "done"

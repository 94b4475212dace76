#!/usr/bin/env bash
# Time to a usable first window, release build: starts the desktop app N times
# (default 5) under Xvfb on a database with the demo data and prints, per run,
# the milliseconds from start to the window being set up, to the UI's script
# asking for the app's state, and to the first report reaching the Översikt
# screen (RAMKOLL_STARTUP_LOG, see src-tauri/src/startup.rs), then the median.
#
#   scripts/startup-time.sh [runs]      # builds ui/ and the release app first
#   scripts/startup-time.sh --smoke     # one run of the debug builds already there
#                                       # (RAMKOLL_APP, target/debug/ramkoll): scripts/e2e.sh
#
# Needs: libwebkit2gtk-4.1-dev, xvfb (see .ci/run). The figures are a release
# build's; the smoke run (in the test run) only shows the script works and that
# a report reaches the window, and prints a debug build's times.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
if [ "${1:-}" = "--smoke" ]; then
  runs=1
  app="${RAMKOLL_APP:-$CARGO_TARGET_DIR/debug/ramkoll-app}"
  cli="$CARGO_TARGET_DIR/debug/ramkoll"
  [ -x "$cli" ] || cargo build --bin ramkoll
else
  runs="${1:-5}"
  [ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
  npm --prefix ui run build >/dev/null
  cargo build --release -p ramkoll-app --bin ramkoll-app
  cargo build --release --bin ramkoll
  app="$CARGO_TARGET_DIR/release/ramkoll-app"
  cli="$CARGO_TARGET_DIR/release/ramkoll"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cli" --db "$work/demo.db" demo >/dev/null
firsts=()
for i in $(seq "$runs"); do
  log="$work/run$i.log"
  RAMKOLL_DB="$work/demo.db" RAMKOLL_STARTUP_LOG=1 RAMKOLL_STARTUP_EXIT=1 \
    timeout 60 xvfb-run -a --server-args="-screen 0 1400x900x24" \
    "$app" 2>"$log" >/dev/null || true
  line="$(grep '^ramkoll-startup' "$log" | awk '{printf "%s %s ms  ", $2, $3}')"
  echo "körning $i: $line"
  ms="$(grep '^ramkoll-startup FirstReport' "$log" | awk '{print $3}')"
  [ -n "$ms" ] || { echo "ingen rapport nådde fönstret; logg:" >&2; cat "$log" >&2; exit 1; }
  firsts+=("$ms")
done
median="$(printf '%s\n' "${firsts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo "första rapporten i fönstret, median av $runs: $median ms"

#!/usr/bin/env bash
# The Windows check, on Linux: builds the CLI and the desktop app for
# x86_64-pc-windows-gnu (debug, mingw-w64), runs the CLI's end-to-end suites
# a second time against ramkoll.exe under Wine (same tests, same assertions;
# tests/common/mod.rs picks the binary from RAMKOLL_TEST_EXE), and builds the
# NSIS installer through Tauri's bundler.
#
#   scripts/windows.sh                         # all of it
#   WINDOWS_SUITES="reference errors" scripts/windows.sh
#   WINDOWS_INSTALLER=0 scripts/windows.sh     # app .exe only, no installer
#
# Run after scripts/test.sh to reuse its ui/dist and Linux test build.
# Needs (see .ci/run): gcc-mingw-w64-x86-64, wine64, nsis, Node 20+,
#   rustup target add x86_64-pc-windows-gnu
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
triple=x86_64-pc-windows-gnu
out="$CARGO_TARGET_DIR/$triple/debug"
suites="${WINDOWS_SUITES:-reference batches errors bad_input operating export injection}"
t0=$SECONDS
step() { echo "== windows: $* (${SECONDS}s)"; }

wine="$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)"
wineserver="$(command -v wineserver || echo /usr/lib/wine/wineserver)"
for tool in x86_64-w64-mingw32-gcc "$wine" "$wineserver"; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install gcc-mingw-w64-x86-64 wine64" >&2; exit 1; }
done
rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"

step "CLI for $triple"
cargo build --target "$triple" -p ramkoll --bin ramkoll

# Wine 8 lacks ProcessPrng, which Rust's std calls at start (ci/wine/).
x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" ci/wine/bcryptprimitives.c -ladvapi32

step "Wine prefix"
WINEPREFIX="$(mktemp -d)"
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap '"$wineserver" -k 2>/dev/null || true; rm -rf "$WINEPREFIX"' EXIT
"$wine" wineboot -i >/dev/null 2>&1 || true
"$wineserver" -p # stay up between the tests' hundreds of short runs
"$wine" "$out/ramkoll.exe" --version

step "CLI suites under Wine: $suites"
tests=()
for s in $suites; do tests+=(--test "$s"); done
# The test binaries are Linux ones; only the CLI they drive is the .exe.
RAMKOLL_TEST_EXE="$out/ramkoll.exe" RAMKOLL_TEST_RUNNER="$wine" \
  cargo test -p ramkoll "${tests[@]}"

[ -f ui/dist/index.html ] || {
  step "UI (the app embeds ui/dist)"
  [ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
  npm --prefix ui run build
}
if [ "${WINDOWS_INSTALLER:-1}" = 1 ]; then
  step "app and NSIS installer (Tauri bundler)"
  [ -x ui/node_modules/.bin/tauri ] || npm --prefix ui ci --no-audit --no-fund
  # ui/dist is built already; the bundler builds the app itself (one build).
  ui/node_modules/.bin/tauri build --debug --target "$triple" --bundles nsis \
    --config '{"build":{"beforeBuildCommand":""}}'
  ls -l "$out"/bundle/nsis/*-setup.exe
else
  step "app for $triple"
  cargo build --target "$triple" -p ramkoll-app
fi
ls -l "$out/ramkoll.exe" "$out/ramkoll-app.exe"
step "done in $((SECONDS - t0)) s"

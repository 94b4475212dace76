#!/usr/bin/env bash
# The Windows check, on Linux: builds the CLI and the desktop app for
# x86_64-pc-windows-gnu (debug, mingw-w64) and runs the CLI's end-to-end
# suites a second time against ramkoll.exe under Wine — the same tests and
# assertions; tests/common/mod.rs takes the binary from RAMKOLL_TEST_EXE.
#
#   scripts/windows.sh                          # what CI runs
#   WINDOWS_SUITES="reference errors" scripts/windows.sh
#   WINDOWS_INSTALLER=1 scripts/windows.sh      # also the NSIS installer (needs internet, see README)
#
# Run after scripts/test.sh to reuse its ui/dist and Linux test build.
# Needs (.ci/run installs them): gcc-mingw-w64-x86-64, wine64, Node 20+,
#   rustup target add x86_64-pc-windows-gnu; nsis for the installer.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
triple=x86_64-pc-windows-gnu
out="$CARGO_TARGET_DIR/$triple/debug"
suites="${WINDOWS_SUITES:-reference batches errors bad_input operating export injection windows_files windows_db}"
t0=$SECONDS
step() { echo "== windows: $* ($((SECONDS - t0)) s)"; }

wine="$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)"
wineserver="$(command -v wineserver || echo /usr/lib/wine/wineserver)"
for tool in x86_64-w64-mingw32-gcc "$wine" "$wineserver"; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install gcc-mingw-w64-x86-64 wine64" >&2; exit 1; }
done
rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"

if [ ! -f ui/dist/index.html ]; then
  step "UI (the app embeds ui/dist)"
  [ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
  npm --prefix ui run build
fi

# One cargo run for both binaries: built apart, the CLI's dependencies would be
# built twice (different feature sets without the app). Not the testkit's.
step "CLI and app for $triple"
cargo build --target "$triple" -p ramkoll -p ramkoll-app --bins
ls -l "$out/ramkoll.exe" "$out/ramkoll-app.exe"

# Wine 8 lacks ProcessPrng, which Rust's std calls at start (ci/wine/); and a
# process that holds a file open the way Excel or SQLite does, for the tests of
# what Windows' file locking does (RAMKOLL_TEST_HOLDOPEN).
x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" ci/wine/bcryptprimitives.c -ladvapi32
x86_64-w64-mingw32-gcc -municode -O2 -o "$out/holdopen.exe" ci/wine/holdopen.c

step "Wine prefix"
WINEPREFIX="$(mktemp -d)"
# Wine turns arguments into UTF-16 by the Unix locale: in "C" `Nät` arrives mangled.
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LC_ALL=C.UTF-8
netdir="$(mktemp -d)"
trap '"$wineserver" -k 2>/dev/null || true; rm -rf "$WINEPREFIX" "$netdir"' EXIT
"$wineserver" -p || true # stays up across the tests' hundreds of short runs
"$wine" wineboot -i >/dev/null 2>&1 || true
# A network share and a mapped network drive, each over a directory here, for
# tests/windows_db.rs: Wine resolves \\server\share through dosdevices/unc/, and
# a drive of type "network" makes GetDriveTypeW say DRIVE_REMOTE (read when
# the wineserver starts again).
mkdir -p "$netdir/unc" "$netdir/n" "$WINEPREFIX/dosdevices/unc/filserver"
ln -sfn "$netdir/unc" "$WINEPREFIX/dosdevices/unc/filserver/ekonomi"
ln -sfn "$netdir/n" "$WINEPREFIX/dosdevices/n:"
"$wine" reg add 'HKLM\Software\Wine\Drives' /v n: /d network /f >/dev/null
"$wineserver" -k || true
"$wineserver" -w || true
"$wineserver" -p || true
export RAMKOLL_TEST_UNC_DB='\\filserver\ekonomi\ramkoll.db' RAMKOLL_TEST_UNC_DIR="$netdir/unc" RAMKOLL_TEST_NET_DRIVE=N:
"$wine" "$out/ramkoll.exe" --version

step "CLI suites under Wine: $suites"
# The test binaries are Linux ones, those scripts/test.sh built
# (scripts/suites.sh: no second build); only the CLI they drive is the .exe.
# shellcheck disable=SC2086 # suite names are words
exes=$(scripts/suites.sh $suites)
for exe in $exes; do
  echo "-- $(basename "$exe")"
  RAMKOLL_TEST_EXE="$out/ramkoll.exe" RAMKOLL_TEST_RUNNER="$wine" RAMKOLL_TEST_HOLDOPEN="$out/holdopen.exe" "$exe" -q
done

if [ "${WINDOWS_INSTALLER:-0}" = 1 ]; then
  step "NSIS installer (Tauri bundler)"
  [ -x ui/node_modules/.bin/tauri ] || npm --prefix ui ci --no-audit --no-fund
  ui/node_modules/.bin/tauri build --debug --target "$triple" --bundles nsis \
    --config '{"build":{"beforeBuildCommand":""}}'
  ls -l "$out"/bundle/nsis/*-setup.exe
fi
step "done"

#!/usr/bin/env bash
# Desktop end-to-end test: builds the UI and the app (debug), then drives the
# real app in a real window under Xvfb through WebDriver (tauri-driver +
# WebKitWebDriver): empty database → import fixtures/ → reference figures on
# Investeringar → drill-down → comment → export → read the workbook back
# (run.mjs); then every screen at 1366×768 and 1920×1080 in both languages
# (layout.mjs), the forecast rounds on Avvikelser (forecast.mjs), and with
# RAMKOLL_TEST_PG set the app on a PostgreSQL server (server.mjs).
# Screenshots of every screen land in $E2E_SHOTS (default ui/e2e/out).
#
# Needs: Debian packages libwebkit2gtk-4.1-dev webkit2gtk-driver xvfb,
#        `cargo install tauri-driver --locked`, Node 20+.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver missing: apt-get install webkit2gtk-driver" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: apt-get install xvfb" >&2; exit 1; }
command -v tauri-driver >/dev/null || [ -x "$HOME/.cargo/bin/tauri-driver" ] || {
  echo "tauri-driver missing: cargo install tauri-driver --locked" >&2; exit 1; }

[ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
# RAMKOLL_APP may name an app binary built already with the feature e2e
# (scripts/test.sh passes the one `cargo test --features ramkoll-app/e2e`
# built); otherwise build the UI and the app here. Without e2e the app ignores
# the dialog stand-ins (RAMKOLL_E2E_*) this test drives it with.
if [ -z "${RAMKOLL_APP:-}" ] || [ ! -x "$RAMKOLL_APP" ]; then
  npm --prefix ui run build
  cargo build -p ramkoll-app --features e2e
  RAMKOLL_APP="$CARGO_TARGET_DIR/debug/ramkoll-app"
fi
RAMKOLL_APP="$RAMKOLL_APP" \
  xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/run.mjs
# Layout and language at 1366×768 and 1920×1080, Swedish and English (issue 20).
RAMKOLL_APP="$RAMKOLL_APP" \
  xvfb-run -a --server-args="-screen 0 1920x1080x24" node ui/e2e/layout.mjs
# Forecast rounds on Avvikelser: the budget's round, a round entered in the app, a lock (issue 13).
RAMKOLL_APP="$RAMKOLL_APP" \
  xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/forecast.mjs
RAMKOLL_APP="$RAMKOLL_APP" xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/orders.mjs  # orders + a round's file (issue 13)
# The app during an import: other screens show the state before it, then the new one (issue 16).
RAMKOLL_APP="$RAMKOLL_APP" xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/usable.mjs
# The import's progress measurement in its smoke form (issue 16): a 100 000-line
# ledger; the figures are printed, the bar's moving, the saving phase and the
# webview at rest checked. With WebKitGTK's compositing, which the app turns off
# here (no GPU: src-tauri/src/webview.rs) but keeps on a Linux desktop with
# one: there a native scrollbar repainted without end (100 % of a core at rest).
RAMKOLL_COMPOSITING=gl RAMKOLL_APP="$RAMKOLL_APP" xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/progress.mjs --smoke
# The app on a shared PostgreSQL database: connect, import, Investeringar (issue 15); needs a server.
if [ -n "${RAMKOLL_TEST_PG:-}" ]; then
  RAMKOLL_APP="$RAMKOLL_APP" xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/server.mjs
else
  echo "e2e.sh: RAMKOLL_TEST_PG is not set: server.mjs (the app on PostgreSQL) skipped" >&2
fi
# The start-up measurement in its smoke form (one run of this debug build; issue 16).
RAMKOLL_APP="$RAMKOLL_APP" scripts/startup-time.sh --smoke

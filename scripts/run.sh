#!/usr/bin/env bash
# Set up and run Ramkoll on the embedded SQLite default database.
# With a display: the desktop app (it offers to load the demo fixtures).
# Without one: the CLI demo, which imports fixtures/ and prints the
# reference investment table.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -f src-tauri/Cargo.toml ] && [ "${RAMKOLL_CLI:-}" != 1 ]; then
  if ! pkg-config --exists webkit2gtk-4.1 2>/dev/null; then
    echo "Installing the desktop libraries (needs root)…"
    apt-get update -qq && apt-get install -y --no-install-recommends libwebkit2gtk-4.1-dev
  fi
  (cd ui && npm ci --no-audit --no-fund && npm run build)
  exec cargo run -p ramkoll-app
else
  exec cargo run --quiet --bin ramkoll -- demo "$@"
fi

#!/usr/bin/env bash
# The full crash test: the real CLI imports a generated ledger and is killed
# with SIGKILL at seeded random moments, 100 times (plus ~50 killed undos);
# after every kill the database must pass PRAGMA integrity_check and hold the
# complete old or the complete new state. CI runs the reduced form (10 kills
# on 20 000 rows) as part of `cargo test`.
#
#   scripts/crash-test.sh                 # 100 kills, 200 000 rows, ≤ 15 min
#   KILLS=300 ROWS=50000 SEED=7 scripts/crash-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export RAMKOLL_CRASH_KILLS="${KILLS:-100}"
export RAMKOLL_CRASH_ROWS="${ROWS:-200000}"
export RAMKOLL_CRASH_SEED="${SEED:-20181231}"
export RAMKOLL_CRASH_SECS="${SECS:-900}"
exec cargo test -p ramkoll --test crash sigkill_during_import_and_undo_leaves_old_or_new_state -- --nocapture

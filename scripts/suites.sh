#!/usr/bin/env bash
# The executables of the named integration-test suites of the workspace test
# build, one path per line, in the order named:
#
#   scripts/suites.sh reference batches      # builds first if needed
#
# The same packages and features as the `cargo test` of scripts/test.sh, so
# after it nothing is rebuilt. Running a suite again (on PostgreSQL, against
# the Windows .exe) through `cargo test -p ramkoll …` or `--test NAME` would
# unify features over another package selection and build the library, half
# its dependencies and every test binary a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
features="${RAMKOLL_TEST_FEATURES:-ramkoll-app/ts,ramkoll-app/e2e}"
json=$(cargo test --workspace --features "$features" --no-run --message-format=json)
for s in "$@"; do
  # a compiler-artifact line of kind "test" whose source is tests/NAME.rs
  exe=$(printf '%s\n' "$json" | grep '"reason":"compiler-artifact"' | grep '"kind":\["test"\]' |
    grep "\"src_path\":\"[^\"]*/tests/$s\.rs\"" | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | head -n 1)
  [ -n "$exe" ] || { echo "no test suite named $s in the workspace" >&2; exit 1; }
  echo "$exe"
done

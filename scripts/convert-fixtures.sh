#!/usr/bin/env bash
# The two fixtures the Rust generator cannot write itself: the 2018 ledger as
# legacy Excel 97–2003 (.xls, BIFF8) and as macro-enabled .xlsm, converted
# from the generated fixtures/huvudbok_2018.xlsx by LibreOffice. Committed;
# rerun only when that file changes. Needs: apt-get install libreoffice-calc
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cp fixtures/huvudbok_2018.xlsx "$tmp/"
(cd "$tmp" && libreoffice --headless --convert-to xls huvudbok_2018.xlsx >/dev/null \
  && libreoffice --headless --convert-to 'xlsm:Calc MS Excel 2007 VBA XML' huvudbok_2018.xlsx >/dev/null)
cp "$tmp/huvudbok_2018.xls" "$tmp/huvudbok_2018.xlsm" fixtures/alt/
rm -rf "$tmp"

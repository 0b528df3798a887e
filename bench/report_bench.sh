#!/usr/bin/env bash
# Times `nara report` for the administration's T1 on the synthetic Halland at scale 1:
# the HTML alone (goal < 2 s) and HTML + PDF + XLSX (goal < 10 s). Numbers go into
# closing notes, never into tests.
#
#   bench/report_bench.sh [NARA] [DB]
#
# NARA defaults to build/release/apps/nara, DB to build/halland.db (make run builds
# it). The database is copied to a scratch folder first: the report opens the
# comments table, and the copy keeps the served database untouched.
set -euo pipefail
nara=${1:-build/release/apps/nara}
db=${2:-build/halland.db}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$db" "$scratch/halland.db"
run() {
  local start end
  start=$(date +%s.%N)
  "$nara" report --db "$scratch/halland.db" --period 2024-T1 --out "$scratch/out" --force "$@" 2>/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
for i in 1 2 3; do echo "html only: $(run --no-pdf --no-xlsx) s"; done
for i in 1 2 3; do echo "html + pdf + xlsx: $(run) s"; done
pdfinfo "$scratch/out/nämndsdialog-2024-T1.pdf" | grep Pages

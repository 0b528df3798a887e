#!/usr/bin/env bash
# Times `nara plan run` for the baseline scenario on the synthetic Halland at scale 1,
# 2025–2030 (2024 simulated too), ten runs: the goal is under 30 s for the ten, on
# a two-core machine. Prints each run's simulate and compute times, the total and
# the peak memory. Numbers go into closing notes, never into tests.
#
#   bench/plan_bench.sh [NARA] [RUNS]
#
# NARA defaults to build/release/apps/nara (cmake --preset release && cmake --build
# --preset release), RUNS to 10.
set -euo pipefail
nara=${1:-build/release/apps/nara}
runs=${2:-10}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
/usr/bin/time -f "total %e s, peak %M KB" "$nara" plan run --config data/halland \
  --scenario data/halland/scenarios/baseline.toml --years 2025-2030 --runs "$runs" --out "$scratch/out"

#!/usr/bin/env bash
# Benchmark (not a test): `mzrules check` against `promtool check rules` on the same rule files,
# alternating runs, reporting medians, their ratio and peak memory.
#   tests/bench/check_vs_promtool.sh [RUNS]   (needs build/mzrules, promtool and ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
corpus=../shared/corpus/real
mz=build/mzrules

# seconds and peak KiB of one command, with its output discarded
measure() {
  /usr/bin/time -f "%e %M" "$@" >/dev/null 2>/tmp/mzbench.err || true
  tail -1 /tmp/mzbench.err
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

bench() {
  local name=$1
  shift
  local files=("$@")
  local mt=() pt=() mm=0 pm=0
  for ((i = 0; i < runs; i++)); do
    read -r t m < <(measure "$mz" check "${files[@]}")
    mt+=("$t"); ((m > mm)) && mm=$m
    read -r t m < <(measure promtool check rules "${files[@]}")
    pt+=("$t"); ((m > pm)) && pm=$m
  done
  local mzm pm_
  mzm=$(printf '%s\n' "${mt[@]}" | median)
  pm_=$(printf '%s\n' "${pt[@]}" | median)
  awk -v n="$name" -v a="$mzm" -v b="$pm_" -v ma="$mm" -v mb="$pm" 'BEGIN {
    printf "%-28s mzrules %6.3fs %7d KiB | promtool %6.3fs %7d KiB | promtool/mzrules %.2fx\n", n, a, ma, b, mb, (a > 0 ? b / a : 0) }'
}

bench "rules_large.yml" "$corpus/prometheus-testdata/cmd/promtool/testdata/rules_large.yml"
mapfile -t kp < <(ls "$corpus"/kube-prometheus/split/rules/*.yaml)
bench "kube-prometheus (split)" "${kp[@]}"

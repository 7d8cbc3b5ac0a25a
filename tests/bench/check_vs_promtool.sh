#!/usr/bin/env bash
# Benchmark (not a test): `mzrules check` against `promtool check rules` on the same rule files,
# alternating runs, reporting medians of wall time, their ratio, peak memory, and medians of CPU
# time (user + system; promtool's runtime uses several threads, and on a busy machine wall time
# mostly measures waiting for a core).
#   tests/bench/check_vs_promtool.sh [RUNS]   (needs build/mzrules, promtool and ../shared/corpus)
# MZRULES=path measures another mzrules binary; BASELINE=path also measures a second one in the
# same rotation (e.g. a build of an earlier commit) and prints its line after the first.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
corpus=../shared/corpus/real
mz=${MZRULES:-build/mzrules}
baseline=${BASELINE:-}

# wall seconds, peak KiB and CPU seconds of one command, with its output discarded. Read from
# the kernel's rusage of the child in microseconds (GNU time prints hundredths of a second,
# too coarse for runs of a few tens of milliseconds).
measure() {
  python3 - "$@" <<'PY'
import os, resource, sys, time
# The interpreter may already have waited for children of its own: count from here.
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, _, r = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(f"{wall:.4f} {r.ru_maxrss} {r.ru_utime + r.ru_stime:.4f}")
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

bench() {
  local name=$1
  shift
  local files=("$@")
  local mt=() pt=() mc=() pc=() bt=() bc=() mm=0 pm=0 bm=0
  for ((i = 0; i < runs; i++)); do
    read -r t m c < <(measure "$mz" check "${files[@]}")
    mt+=("$t"); mc+=("$c"); ((m > mm)) && mm=$m
    read -r t m c < <(measure promtool check rules "${files[@]}")
    pt+=("$t"); pc+=("$c"); ((m > pm)) && pm=$m
    if [[ -n $baseline ]]; then
      read -r t m c < <(measure "$baseline" check "${files[@]}")
      bt+=("$t"); bc+=("$c"); ((m > bm)) && bm=$m
    fi
  done
  local pm_ pc_
  pm_=$(printf '%s\n' "${pt[@]}" | median)
  pc_=$(printf '%s\n' "${pc[@]}" | median)
  line "$name" "$(printf '%s\n' "${mt[@]}" | median)" "$mm" "$(printf '%s\n' "${mc[@]}" | median)" \
    "$pm_" "$pm" "$pc_"
  if [[ -n $baseline ]]; then
    line "  baseline" "$(printf '%s\n' "${bt[@]}" | median)" "$bm" \
      "$(printf '%s\n' "${bc[@]}" | median)" "$pm_" "$pm" "$pc_"
  fi
}

# name, mzrules wall/KiB/cpu, promtool wall/KiB/cpu
line() {
  awk -v n="$1" -v a="$2" -v ma="$3" -v ca="$4" -v b="$5" -v mb="$6" -v cb="$7" 'BEGIN {
    printf "%-24s mzrules %6.3fs %6d KiB | promtool %6.3fs %6d KiB | wall %.2fx | cpu %.3fs vs %.3fs %.2fx\n",
      n, a, ma, b, mb, (a > 0 ? b / a : 0), ca, cb, (ca > 0 ? cb / ca : 0) }'
}

bench "rules_large.yml" "$corpus/prometheus-testdata/cmd/promtool/testdata/rules_large.yml"
mapfile -t kp < <(ls "$corpus"/kube-prometheus/split/rules/*.yaml)
bench "kube-prometheus (split)" "${kp[@]}"

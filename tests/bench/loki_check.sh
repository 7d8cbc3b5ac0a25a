#!/usr/bin/env bash
# Benchmark (not a test): parse and check throughput of `mzrules check` on the large Loki rule
# files of the corpus, with peak memory.
#   tests/bench/loki_check.sh [RUNS]   (needs build/mzrules and ../shared/corpus)
#
# The two large files are Loki operator AlertingRule/RecordingRule resources; their `spec.groups`
# are Loki rule file groups, so each file becomes one rule file under a folder that is passed as
# `--loki-rules`. A second input repeats those groups ten times (renamed) to show how the time
# grows with the input.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
corpus=../shared/corpus/real/loki-logql/operator/hack
mz=build/mzrules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The groups of every resource in a multi-document file, as one rule file. Group names are made
# unique per `groups` list (resources in different namespaces reuse them; one resource of the
# infra file has two) and per `copy`.
to_rule_file() {
  awk -v copy="$2" '
    /^  groups:/ { inside = 1; doc++; next }
    /^---/ || /^[^ ]/ || /^  [^ ]/ { inside = 0; next }
    inside {
      line = substr($0, 3)
      if (line ~ /^  - name: /) line = line "-" doc (copy != "" ? "-" copy : "")
      print line
    }' "$1"
}

mkdir -p "$work/x1" "$work/x10"
for f in large-rules-app large-rules-infra; do
  { echo "groups:"; to_rule_file "$corpus/$f.yaml" ""; } >"$work/x1/$f.yaml"
  {
    echo "groups:"
    for i in $(seq 1 10); do to_rule_file "$corpus/$f.yaml" "$i"; done
  } >"$work/x10/$f.yaml"
done
echo "groups: []" >"$work/empty.yaml"

# wall seconds, user CPU seconds and peak KiB of one command, its output discarded. On a shared
# machine the CPU time is the steadier figure.
measure() {
  /usr/bin/time -f "%e %U %M" "$@" >/dev/null 2>"$work/time.err" || true
  tail -1 "$work/time.err"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

bench() {
  local name=$1 dir=$2
  local bytes rules ts=() us=() peak=0
  bytes=$(cat "$dir"/*.yaml | wc -c)
  rules=$(grep -c '^ *expr:' "$dir"/*.yaml | awk -F: '{s+=$2} END {print s}')
  # The check must find no errors, or the numbers measure error reporting. (The synthetic files
  # repeat one alert many times, which is worth a warning.)
  "$mz" check --loki-rules "$dir" "$dir" >/dev/null 2>"$work/check.err" || {
    echo "$name: mzrules check failed:" >&2
    head -20 "$work/check.err" >&2
    exit 1
  }
  for ((i = 0; i < runs; i++)); do
    read -r t u m < <(measure "$mz" check --loki-rules "$dir" "$dir")
    ts+=("$t")
    us+=("$u")
    ((m > peak)) && peak=$m
  done
  local t u
  t=$(printf '%s\n' "${ts[@]}" | median)
  u=$(printf '%s\n' "${us[@]}" | median)
  awk -v n="$name" -v t="$t" -v u="$u" -v b="$bytes" -v r="$rules" -v m="$peak" 'BEGIN {
    printf "%-22s %8.1f KiB %5d rules | wall %6.2fs %6.0f rules/s %5.2f MiB/s | cpu %6.2fs %6.0f rules/s %5.2f MiB/s | peak %6d KiB\n",
      n, b / 1024, r, t, (t > 0 ? r / t : 0), (t > 0 ? b / 1048576 / t : 0),
      u, (u > 0 ? r / u : 0), (u > 0 ? b / 1048576 / u : 0), m }'
}

read -r t u m < <(measure "$mz" check --loki-rules "$work/empty.yaml" "$work/empty.yaml")
echo "start-up (an empty rule file): wall ${t}s, cpu ${u}s, peak ${m} KiB"
bench "large Loki rules (x1)" "$work/x1"
bench "large Loki rules (x10)" "$work/x10"

#!/usr/bin/env bash
# Benchmark (not a test): `mzrules build` on a synthetic repository of N rules in N/20 groups,
# written in .mzr, half recording rules and half alerts. Prints wall time, CPU time and peak
# memory for each size.
#
#   tests/bench/build_synthetic.sh [MZRULES] [SIZES...]    # default: build/mzrules 1000 10000 100000
set -euo pipefail
mzrules=$(realpath "${1:-build/mzrules}")
shift || true
sizes=("${@:-1000 10000 100000}")
sizes=(${sizes[*]})

generate() {
  local dir=$1 n=$2 groups=$(( $2 / 20 ))
  mkdir -p "$dir/rules"
  printf 'sources: [rules]\noutput: out\n' > "$dir/mzrules.yaml"
  # One file per 50 groups, as a repository would split them.
  awk -v groups="$groups" -v dir="$dir/rules" 'BEGIN {
    for (g = 0; g < groups; g++) {
      file = sprintf("%s/part%04d.mzr", dir, int(g / 50))
      if (g % 2 == 0) {
        printf "rules app%d.recording every 1m {\n", g > file
        for (r = 0; r < 20; r++) {
          printf "  record job_code:app%d_requests_%d:rate5m =\n", g, r > file
          printf "    sum by (job, code) (rate(app%d_requests_%d_total{code!=\"\"}[5m]))\n", g, r > file
        }
      } else {
        printf "alerts app%d.alerts every 1m {\n", g > file
        for (r = 0; r < 20; r++) {
          printf "  alert App%dErrors%d for 5m {\n", g, r > file
          printf "    expr sum by (job) (job_code:app%d_requests_%d:rate5m{code=~\"5..\"})\n", g - 1, r > file
          printf "      / sum by (job) (job_code:app%d_requests_%d:rate5m) > 0.05\n", g - 1, r > file
          printf "    labels { severity = \"warning\", team = \"app\" }\n" > file
          printf "    summary \"{{ $labels.job }} answers {{ $value | humanizePercentage }} errors\"\n" > file
          printf "    runbook \"https://runbooks.example/app-errors\"\n" > file
          printf "  }\n" > file
        }
      }
      printf "}\n\n" > file
    }
  }'
}

printf '%8s %8s %10s %10s %12s\n' rules groups wall_s cpu_s peak_rss_mb
for n in "${sizes[@]}"; do
  dir=$(mktemp -d)
  generate "$dir" "$n"
  ( cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o time.txt "$mzrules" build > /dev/null )
  read -r wall user sys rss < "$dir/time.txt"
  printf '%8d %8d %10.2f %10.2f %12.1f\n' "$n" $(( n / 20 )) "$wall" \
    "$(echo "$user + $sys" | bc)" "$(echo "scale=1; $rss / 1024" | bc)"
  rm -rf "$dir"
done

#!/usr/bin/env bash
# Benchmark (not a test): label sets routed per second through a generated 500-node routing tree,
# `mzrules routes test --jsonl` (one process for the whole batch) against one
# `amtool config routes test` invocation per label set, the way amtool is used in CI scripts.
#   tests/bench/routes_vs_amtool.sh [MZ_LABEL_SETS] [AMTOOL_LABEL_SETS]
# Needs build/mzrules and amtool (Debian prometheus-alertmanager: scripts/setup --with-test-tools).
set -euo pipefail
cd "$(dirname "$0")/../.."
n_mz=${1:-20000}
n_am=${2:-200}
mz=build/mzrules
command -v amtool >/dev/null || { echo "amtool not found (scripts/setup --with-test-tools)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1 root + 20 teams x (1 team route + 4 severities x (1 + 5 services)) = 501 nodes.
python3 - "$work" "$n_mz" <<'PY'
import json, random, sys
work, n = sys.argv[1], int(sys.argv[2])
teams = [f"team{i}" for i in range(20)]
sevs = ["critical", "warning", "info", "notice"]
services = [f"svc{i}" for i in range(5)]
receivers = {"default"}
routes = []
for t in teams:
    sev_routes = []
    for s in sevs:
        svc_routes = []
        for v in services:
            r = f"{t}-{s}-{v}"
            receivers.add(r)
            svc_routes.append({"receiver": r, "matchers": [f'service=~"{v}|{v}-.*"']})
        r = f"{t}-{s}"
        receivers.add(r)
        sev_routes.append({"receiver": r, "matchers": [f'severity="{s}"'],
                           "continue": s == "critical", "routes": svc_routes})
    receivers.add(t)
    routes.append({"receiver": t, "matchers": [f'team="{t}"'], "routes": sev_routes})
with open(f"{work}/am.yml", "w") as f:
    json.dump({"route": {"receiver": "default", "group_by": ["alertname"], "routes": routes},
               "receivers": [{"name": r} for r in sorted(receivers)]}, f)
rnd = random.Random(1)
with open(f"{work}/labels.jsonl", "w") as f, open(f"{work}/labels.args", "w") as g:
    for _ in range(n):
        ls = {"alertname": f"A{rnd.randrange(100)}",
              "team": rnd.choice(teams + ["other"]),
              "severity": rnd.choice(sevs + ["page"]),
              "service": rnd.choice(services + ["svc1-x", "web"])}
        f.write(json.dumps(ls) + "\n")
        g.write(" ".join(f"{k}={v}" for k, v in ls.items()) + "\n")
PY
nodes=$(grep -o '"receiver"' "$work/am.yml" | wc -l)
echo "routing tree: $nodes nodes"

start=$(date +%s.%N)
"$mz" routes test --config.file "$work/am.yml" --jsonl <"$work/labels.jsonl" >"$work/mz.out"
end=$(date +%s.%N)
mz_rate=$(awk -v n="$n_mz" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
echo "mzrules routes test --jsonl: $n_mz label sets in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b-a}')s, $mz_rate/s"

start=$(date +%s.%N)
head -n "$n_am" "$work/labels.args" | while read -r line; do
  # shellcheck disable=SC2086
  amtool config routes test --config.file "$work/am.yml" $line >>"$work/am.out" 2>/dev/null || true
done
end=$(date +%s.%N)
am_rate=$(awk -v n="$n_am" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", n / (b - a) }')
echo "amtool config routes test:   $n_am label sets in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b-a}')s, $am_rate/s"

# The same answers for the label sets both routed.
python3 - "$work" "$n_am" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
mz = [",".join(json.loads(l)["receivers"]) for l in open(f"{work}/mz.out")][:n]
am = [l.strip() for l in open(f"{work}/am.out")][:n]
diff = sum(1 for a, b in zip(mz, am) if a != b)
print(f"agreement on {len(am)} label sets: {len(am) - diff} same, {diff} different")
PY
awk -v a="$mz_rate" -v b="$am_rate" 'BEGIN { printf "ratio (mzrules/amtool): %.0fx\n", a / b }'

#!/usr/bin/env python3
"""Writes a large promqltest script for timing mzrules' evaluator against Prometheus' engine:
many series over a day at a 30s interval, and range queries over the whole day.

  bench_script.py OUT [--series N] [--samples M] [--load-only]

Then: mzr_promqltest --record REC OUT (mzrules' results as expectations), and time
`mzr_promqltest REC` against `PROMQLEVAL_FILES=REC promqleval -test.run Scripts`.
"""
import argparse
import random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--series", type=int, default=200)
ap.add_argument("--samples", type=int, default=2880)
ap.add_argument("--load-only", action="store_true", help="the series without queries")
args = ap.parse_args()
rng = random.Random(7)
lines = ["load 30s"]
for i in range(args.series):
    job, inst = f"j{i % 10}", str(i)
    start = rng.randint(0, 1000)
    lines.append(f'  requests_total{{job="{job}", instance="{inst}"}} {start}+{rng.randint(1, 9)}x{args.samples}')
    lines.append(f'  temperature{{job="{job}", instance="{inst}"}} {rng.randint(-5, 30)}+0.{rng.randint(1, 9)}x{args.samples}')
for le in ["0.1", "0.5", "1", "+Inf"]:
    for j in range(10):
        lines.append(f'  latency_bucket{{job="j{j}", le="{le}"}} 0+{int(float(le.replace("+Inf", "10")) * 10) + 1}x{args.samples}')
lines.append("")
day = args.samples * 30 // 60
queries = [
    "sum by (job) (rate(requests_total[5m]))",
    "avg_over_time(temperature[10m])",
    "max by (job) (temperature) - min by (job) (temperature)",
    "histogram_quantile(0.9, sum by (le) (rate(latency_bucket[5m])))",
    "sum(topk(3, rate(requests_total[5m])))",
    "requests_total / on(job, instance) group_left temperature",
    "quantile_over_time(0.5, temperature[30m])",
    "count by (job) (temperature > 10)",
    "increase(requests_total[1h])",
    "max_over_time(sum by (job) (rate(requests_total[5m]))[30m:5m])",
]
for q in [] if args.load_only else queries:
    lines.append(f"eval range from 0 to {day}m step 5m {q}")
    lines.append("")
open(args.out, "w").write("\n".join(lines) + "\n")

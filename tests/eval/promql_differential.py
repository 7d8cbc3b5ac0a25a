#!/usr/bin/env python3
"""Randomized differential test of mzrules' PromQL evaluator against Prometheus' own engine.

Each round writes a promqltest script with random series (floats, gaps, staleness markers,
counter resets) and random well-typed queries built from PromQL's grammar and function table;
mzr_promqltest evaluates it and writes the script back with its results as the expectations
(--record); Prometheus v0.316.0's engine, through its own test harness (promqleval, built from
tests/oracles/promtool/promqleval), then checks every expectation. Any eval the harness rejects
is a difference between the engines; it is printed with the query and Prometheus' message.

  promql_differential.py MZR_PROMQLTEST PROMQLEVAL [--seconds N] [--seed K] [--keep DIR]

Documented exceptions, kept out of the generator:
- limitk keeps the first k series in the engine's input order, and topk/bottomk break ties by
  it; Prometheus' test storage does not fix that order (series are created from a map), so only
  count(limitk(...)) and sum(topk(...)) are compared.
- sin and cos of huge arguments (beyond 2^29, e.g. of exp(...)): Go's math library reduces the
  argument differently from the C library, and results differ completely; trigonometric
  functions are tested by the corpus (trig_functions.test) instead.

Exit status: 0 when no difference was found, 1 otherwise, 77 when a binary is missing (a skip,
or a failure when the CI environment variable is set).
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time

METRICS = ["m_total", "gauge", "req_count"]
LABELS = {"job": ["a", "b"], "inst": ["0", "1", "2"]}
RANGE_FUNCS = ["rate", "increase", "delta", "irate", "idelta", "resets", "changes", "deriv",
               "avg_over_time", "sum_over_time", "count_over_time", "min_over_time",
               "max_over_time", "last_over_time", "first_over_time", "stddev_over_time",
               "stdvar_over_time", "present_over_time", "absent_over_time", "mad_over_time",
               "ts_of_max_over_time", "ts_of_min_over_time", "ts_of_last_over_time"]
VECTOR_FUNCS = ["abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "round",
                "tanh", "deg", "rad", "timestamp", "absent", "sort", "sort_desc",
                "clamp_min", "clamp_max", "clamp", "-"]
AGGS = ["sum", "avg", "min", "max", "count", "group", "stddev", "stdvar"]
# limitk keeps the first k series in the engine's input order, which Prometheus' test storage
# does not fix (series are created from a map), so only its count is compared; topk and bottomk
# break ties by that order too, so only their sum is.
AGGS_PARAM = ["topk", "bottomk", "quantile", "limitk"]
BINOPS = ["+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "atan2"]
SETOPS = ["and", "or", "unless"]


def series_values(rng, steps, counter):
    out, v = [], rng.choice([0, 1, 5, 100])
    for _ in range(steps):
        r = rng.random()
        if r < 0.08:
            out.append("_")
            continue
        if r < 0.11:
            out.append("stale")
            continue
        if counter:
            v = 0 if rng.random() < 0.05 else v + rng.choice([0, 1, 2, 5, 10, 0.5])
        else:
            v = rng.choice([v + rng.uniform(-10, 10), rng.randint(-5, 20), v, 0.25 * rng.randint(-8, 8)])
            v = round(v, 3)
        out.append(repr(float(v)) if not float(v).is_integer() else str(int(v)))
    return " ".join(out)


def selector(rng, with_name=True):
    name = rng.choice(METRICS)
    matchers = []
    if rng.random() < 0.5:
        label = rng.choice(list(LABELS))
        op = rng.choice(["=", "!=", "=~", "!~"])
        value = rng.choice(LABELS[label])
        if op in ("=~", "!~"):
            value = value + "|" + rng.choice(LABELS[label])
        matchers.append(f'{label}{op}"{value}"')
    sel = name + ("{" + ", ".join(matchers) + "}" if matchers else "")
    if rng.random() < 0.1:
        sel += f" offset {rng.choice([1, 2, 5])}m"
    return sel


def duration(rng):
    return rng.choice(["1m", "2m", "3m", "5m", "90s", "10m"])


def range_expr(rng, depth):
    if depth > 0 and rng.random() < 0.2:
        return f"({vector(rng, depth - 1)})[{duration(rng)}:{rng.choice(['30s', '1m', ''])}]"
    return f"{selector(rng)}[{duration(rng)}]"


def grouping(rng):
    r = rng.random()
    if r < 0.4:
        return ""
    labels = ", ".join(rng.sample(list(LABELS), rng.randint(1, 2)))
    return f" {'by' if r < 0.75 else 'without'} ({labels})"


def scalar(rng, depth):
    r = rng.random()
    if depth <= 0 or r < 0.6:
        return rng.choice(["1", "2", "0.5", "-1", "3", "0", "10"])
    if r < 0.8:
        return f"scalar({vector(rng, depth - 1)})"
    return f"({scalar(rng, depth - 1)} {rng.choice(['+', '-', '*'])} {scalar(rng, depth - 1)})"


def vector(rng, depth):
    r = rng.random()
    if depth <= 0 or r < 0.2:
        return selector(rng)
    if r < 0.4:
        return f"{rng.choice(RANGE_FUNCS)}({range_expr(rng, depth - 1)})"
    if r < 0.5:
        f = rng.choice(VECTOR_FUNCS)
        inner = vector(rng, depth - 1)
        if f == "-":
            return f"-({inner})"
        if f in ("clamp_min", "clamp_max"):
            return f"{f}({inner}, {scalar(rng, 0)})"
        if f == "clamp":
            return f"clamp({inner}, {rng.choice(['0', '-1'])}, {rng.choice(['5', '1'])})"
        if f == "round":
            return f"round({inner}, {rng.choice(['1', '0.5', '3'])})"
        return f"{f}({inner})"
    if r < 0.65:
        op = rng.choice(AGGS)
        return f"{op}{grouping(rng)} ({vector(rng, depth - 1)})"
    if r < 0.72:
        op = rng.choice(AGGS_PARAM)
        param = rng.choice(["0.5", "0.9", "0", "1"]) if op == "quantile" else rng.choice(["1", "2", "5"])
        expr = f"{op}{grouping(rng)} ({param}, {vector(rng, depth - 1)})"
        # topk and bottomk choose among equal values by input order too: the sum of what they
        # keep is the same either way.
        if op == "limitk":
            return f"count({expr})"
        return f"sum({expr})" if op in ("topk", "bottomk") else expr
    if r < 0.85:
        op = rng.choice(BINOPS)
        b = " bool" if op in ("==", "!=", ">", "<", ">=", "<=") and rng.random() < 0.4 else ""
        if rng.random() < 0.5:
            return f"({vector(rng, depth - 1)}) {op}{b} {scalar(rng, depth - 1)}"
        agg = rng.choice(AGGS)
        match = rng.choice(["", " on (job)", " ignoring (inst)"])
        lhs = vector(rng, depth - 1)
        rhs = f"{agg} by (job) ({vector(rng, depth - 1)})" if match == " on (job)" else vector(rng, depth - 1)
        card = " group_left" if match == " on (job)" and rng.random() < 0.5 else ""
        return f"({lhs}) {op}{b}{match}{card} ({rhs})"
    if r < 0.93:
        return f"({vector(rng, depth - 1)}) {rng.choice(SETOPS)} ({vector(rng, depth - 1)})"
    return f'label_replace({vector(rng, depth - 1)}, "x", "$1", "job", "(.*)")'


def script(rng):
    interval = rng.choice(["30s", "1m"])
    steps = rng.randint(8, 30)
    lines = [f"load {interval}"]
    for name in METRICS:
        for job in LABELS["job"]:
            for inst in LABELS["inst"]:
                if rng.random() < 0.6:
                    lines.append(f'  {name}{{job="{job}", inst="{inst}"}} '
                                 + series_values(rng, steps, name.endswith(("_total", "_count"))))
    lines.append("")
    for _ in range(25):
        q = vector(rng, rng.randint(1, 3)) if rng.random() < 0.9 else scalar(rng, 2)
        if rng.random() < 0.7:
            lines.append(f"eval instant at {rng.randint(0, steps + 6)}m {q}")
        else:
            start = rng.randint(0, steps)
            lines.append(f"eval range from {start}m to {start + rng.randint(1, 8)}m step "
                         f"{rng.choice(['30s', '1m', '2m'])} {q}")
        lines.append("")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mzr")
    ap.add_argument("promqleval")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=0,
                    help="run exactly this many scripts (deterministic), ignoring --seconds")
    ap.add_argument("--keep", help="folder to keep the scripts with differences in")
    args = ap.parse_args()
    for b in (args.mzr, args.promqleval):
        if not os.access(b, os.X_OK):
            print(f"missing: {b}", file=sys.stderr)
            ci = os.environ.get("CI", "") not in ("", "0")
            sys.exit(1 if ci else 77)
    rng = random.Random(args.seed)
    deadline = time.time() + args.seconds
    rounds = evals = differences = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        while (rounds < args.rounds) if args.rounds else (time.time() < deadline or rounds == 0):
            rounds += 1
            gen = os.path.join(tmp, "gen.test")
            rec = os.path.join(tmp, "rec.test")
            with open(gen, "w") as f:
                f.write(script(rng))
            subprocess.run([args.mzr, "--record", rec, gen], capture_output=True, text=True,
                           timeout=120)
            env = dict(os.environ, PROMQLEVAL_FILES=rec)
            out = subprocess.run([args.promqleval, "-test.run", "Scripts", "-test.v"],
                                 capture_output=True, text=True, env=env, timeout=300).stdout
            evals += len(re.findall(r"--- (?:PASS|FAIL): TestScripts/rec/line_", out))
            # Instant evals whose range variant fails or differs (Prometheus renames a series of
            # a range query as a whole) are left out by the recording.
            skipped += open(rec).read().count("# not compared")
            failed = re.findall(r"--- FAIL: TestScripts/rec/(line_\d+)/", out)
            if failed:
                differences += len(failed)
                text = open(rec).read().split("\n")
                for name in failed:
                    line = int(name.split("_")[1])
                    print(f"round {rounds}, seed {args.seed}: {text[line - 1].strip()}")
                    msg = re.search(re.escape(name) + r".*?\n(.*?)--- ", out, re.S)
                    detail = msg.group(1) if msg else ""
                    for m in re.findall(r"Error:\s+(.*)", detail)[:1]:
                        print(f"  prometheus: {m.strip()[:400]}")
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    os.replace(rec, os.path.join(args.keep, f"diff-{args.seed}-{rounds}.test"))
    budget = f"{args.rounds} rounds" if args.rounds else f"{args.seconds:.0f}s budget"
    print(f"{rounds} scripts, {evals} evals compared, {differences} differences, {skipped} not "
          f"compared, {budget}, seed {args.seed}")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()

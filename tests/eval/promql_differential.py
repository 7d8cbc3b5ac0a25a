#!/usr/bin/env python3
"""Randomized differential test of mzrules' PromQL evaluator against Prometheus' own engine.

Each round writes a promqltest script with random series (floats, gaps, staleness markers,
counter resets) and random well-typed queries built from PromQL's grammar and function table
(anchored and smoothed selectors included);
mzr_promqltest evaluates it and writes the script back with its results as the expectations
(--record); Prometheus v0.316.0's engine, through its own test harness (promqleval, built from
tests/oracles/promtool/promqleval), then checks every expectation. Any eval the harness rejects
is a difference between the engines; it is printed with the query and Prometheus' message.

  promql_differential.py MZR_PROMQLTEST PROMQLEVAL [--seconds N] [--seed K] [--keep DIR]

Native histograms: counter histograms (exponential buckets with a zero bucket and negative
buckets, schema changes and resets, and custom buckets whose bounds change) and gauge histograms
(with counts in tenths, whose sums show Kahan compensation)
are loaded next to the floats; histogram queries go through the rate family, sum/avg_over_time,
sum/avg/count aggregations, +, -, * and /, the trim operators, ==/!=, and end in a float through
histogram_count/_sum/_avg/_fraction/_quantile/_stddev/_stdvar or histogram_quantiles.

Documented exceptions, kept out of the generator:
- limitk keeps the first k series in the engine's input order, and topk/bottomk break ties by
  it; Prometheus' test storage does not fix that order (series are created from a map), so only
  count(limitk(...)) and sum(topk(...)) are compared.
- A range query whose result holds histograms straight from the storage: Prometheus' harness
  compares them by exact bucket layout, and Prometheus' TSDB gives the histograms of a chunk the
  chunk's layout (empty buckets of other samples included), mzrules each sample its own; the
  counts are the same. Range queries are generated over histograms only through functions that
  end in a float.
- histogram_count, histogram_sum and histogram_avg over a selector (through sum_over_time,
  say): Prometheus decodes only the statistics with its HistogramStatsIterator, whose
  counter-reset hint of a histogram comes from the one it decoded before; in a range query whose
  step is longer than the range, the iterator seeks past the gap between windows and forgets
  that one, where mzrules takes the previous sample since the first window. The values agree;
  the hint can differ, and with it sum_over_time's "conflicting counter resets" warning. Such
  differences are this exception; the generator does not rule the combination out.
- A binary operation whose element operations raise different annotations (a warning for
  incompatible bucket layouts, an info for a float against a histogram): Prometheus keeps only
  the last one, and the order of its inputs, from its test storage, changes from run to run;
  mzrules keeps the last one in its own order. Prometheus' own verdict then varies between runs.
- Counter histograms with counts that are not integers: Prometheus' TSDB cuts a new chunk once a
  float histogram chunk holds about 1 KiB (and at least 10 samples), which such counts reach
  within the generated series, and the first histogram of a chunk reads back with an unknown
  counter-reset hint where mzrules, which keeps no chunks, says not_reset. Only the hint of a
  histogram straight from the storage shows it; the generator gives counters integer counts.
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
HIST_METRICS = ["hist_total", "hgauge", "nhcb"]
HIST_RANGE_FUNCS = ["rate", "increase", "delta", "irate", "idelta", "sum_over_time",
                    "avg_over_time", "last_over_time", "first_over_time"]
HIST_FLOAT_RANGE_FUNCS = ["resets", "changes", "count_over_time", "present_over_time"]
HIST_TO_FLOAT = ["histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev",
                 "histogram_stdvar"]


def histogram_value(rng, state, gauge, custom):
    """One histogram in promqltest notation; state carries a counter's buckets between steps."""
    if custom:
        if not state or rng.random() < 0.1:
            state.clear()
            state["bounds"] = rng.choice([[1, 5, 10], [1, 2, 5, 10], [5, 10]])
            state["b"] = [0] * (len(state["bounds"]) + 1)
        if rng.random() < 0.08:  # the bounds change (a reset or a reconciliation)
            state["bounds"] = rng.choice([[1, 5, 10], [1, 2, 5, 10], [5, 10]])
            state["b"] = [0] * (len(state["bounds"]) + 1)
        state["b"] = [c + rng.choice([0, 0, 1, 2, 3]) for c in state["b"]]
        count = round(sum(state["b"]), 6)
        bounds = " ".join(str(x) for x in state["bounds"])
        buckets = " ".join(str(x) for x in state["b"])
        return (f"{{{{schema:-53 sum:{count * 2} count:{count} custom_values:[{bounds}] "
                f"buckets:[{buckets}]}}}}")
    if not state or (not gauge and rng.random() < 0.06):
        state.clear()
        state.update(schema=rng.choice([0, 1, -1]), z=0, pos=[0, 0, 0], neg=[0, 0], off=0)
    if not gauge and rng.random() < 0.05 and state["schema"] > -1:
        state["schema"] -= 1  # a lower resolution later on: the rate reduces the schema
        # offset 0: bucket i+1 at the new schema holds buckets 2i+1 and 2i+2 of the old one.
        merge = lambda b: [sum(b[i:i + 2]) for i in range(0, len(b), 2)]
        state["pos"], state["neg"] = merge(state["pos"]), merge(state["neg"])
    # Gauges take tenths too: their sums are inexact, where Kahan compensation shows. (Not the
    # counters: see the documented exceptions.)
    inc = (lambda: rng.choice([-2, -1, 0, 1, 2, 3, 0.1, -0.3])) if gauge else (lambda: rng.choice([0, 0, 1, 2, 4]))
    state["z"] = round(max(0, state["z"] + inc()), 6)
    state["pos"] = [round(max(0, c + inc()), 6) for c in state["pos"]]
    state["neg"] = [round(max(0, c + inc()), 6) for c in state["neg"]]
    count = round(state["z"] + sum(state["pos"]) + sum(state["neg"]), 6)
    total = round(sum(state["pos"]) * 1.5 - sum(state["neg"]) * 0.5, 6)
    hint = " counter_reset_hint:gauge" if gauge else ""
    pos = " ".join(str(c) for c in state["pos"])
    neg = " ".join(str(c) for c in state["neg"])
    return (f"{{{{schema:{state['schema']} sum:{total} count:{count} z_bucket:{state['z']} "
            f"z_bucket_w:0.001 offset:{state['off']} buckets:[{pos}] n_buckets:[{neg}]{hint}}}}}")


def histogram_series(rng, steps, name):
    state, out = {}, []
    for _ in range(steps):
        r = rng.random()
        if r < 0.06:
            out.append("_")
        elif r < 0.08:
            out.append("stale")
        else:
            out.append(histogram_value(rng, state, name == "hgauge", name == "nhcb"))
    return " ".join(out)


def hist_selector(rng, rng_dur=None):
    name = rng.choice(HIST_METRICS)
    sel = name
    if rng.random() < 0.4:
        sel += f'{{job="{rng.choice(LABELS["job"])}"}}'
    if rng_dur:
        sel += f"[{rng_dur}]"
    if rng.random() < 0.1:
        sel += f" offset {rng.choice([1, 2])}m"
    return sel


def hist_vector(rng, depth):
    """A histogram-valued instant vector expression."""
    r = rng.random()
    if depth <= 0 or r < 0.15:
        return hist_selector(rng) + (" smoothed" if rng.random() < 0.1 else "")
    if r < 0.45:
        rng_expr = hist_selector(rng, duration(rng))
        if rng.random() < 0.15:
            rng_expr = f"({hist_selector(rng)})[{duration(rng)}:{rng.choice(['1m', '30s'])}]"
        fn = rng.choice(HIST_RANGE_FUNCS)
        if fn in ("rate", "increase", "delta") and "[" in rng_expr and ":" not in rng_expr \
                and rng.random() < 0.3:
            rng_expr += rng.choice([" anchored", " smoothed"])
        return f"{fn}({rng_expr})"
    if r < 0.6:
        return f"{rng.choice(['sum', 'avg'])}{grouping(rng)} ({hist_vector(rng, depth - 1)})"
    if r < 0.75:
        op = rng.choice(["+", "-"])
        match = rng.choice(["", " ignoring (inst)", " on (job, inst)"])
        return f"({hist_vector(rng, depth - 1)}) {op}{match} ({hist_vector(rng, depth - 1)})"
    if r < 0.85:
        if rng.random() < 0.5:
            return f"({hist_vector(rng, depth - 1)}) {rng.choice(['*', '/'])} {rng.choice(['2', '0.5', '-1', '0'])}"
        return f"{rng.choice(['2', '-1'])} * ({hist_vector(rng, depth - 1)})"
    if r < 0.9:
        return f"({hist_vector(rng, depth - 1)}) {rng.choice(['</', '>/'])} {rng.choice(['0', '1', '1.5', '-0.5', '7'])}"
    if r < 0.95:
        return f"-({hist_vector(rng, depth - 1)})"
    return f"({hist_vector(rng, depth - 1)}) {rng.choice(['and', 'unless', 'or'])} ({vector(rng, 0)})"


def hist_float(rng, depth):
    """A float-valued expression over histograms."""
    inner = hist_vector(rng, depth)
    r = rng.random()
    if r < 0.45:
        return f"{rng.choice(HIST_TO_FLOAT)}({inner})"
    if r < 0.6:
        lo, hi = rng.choice([("0", "2"), ("-Inf", "1"), ("1", "+Inf"), ("-1", "1"), ("0.5", "4")])
        return f"histogram_fraction({lo}, {hi}, {inner})"
    if r < 0.75:
        return f"histogram_quantile({rng.choice(['0', '0.25', '0.5', '0.9', '1'])}, {inner})"
    if r < 0.8:
        return f'histogram_quantiles({inner}, "q", 0.1, 0.5)'
    if r < 0.9:
        return f"{rng.choice(HIST_FLOAT_RANGE_FUNCS)}({hist_selector(rng, duration(rng))})"
    return f"count{grouping(rng)} ({inner})"


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


def selector(rng, rng_dur=None):
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
    if rng_dur:  # a range goes before the offset
        sel += f"[{rng_dur}]"
    if rng.random() < 0.1:
        sel += f" offset {rng.choice([1, 2, 5])}m"
    return sel


def duration(rng):
    return rng.choice(["1m", "2m", "3m", "5m", "90s", "10m"])


def range_expr(rng, depth):
    if depth > 0 and rng.random() < 0.2:
        return f"({vector(rng, depth - 1)})[{duration(rng)}:{rng.choice(['30s', '1m', ''])}]"
    return selector(rng, duration(rng))


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
        return selector(rng) + (" smoothed" if rng.random() < 0.05 else "")
    if r < 0.4:
        fn, arg = rng.choice(RANGE_FUNCS), range_expr(rng, depth - 1)
        if ":" not in arg and rng.random() < 0.2:
            if fn in ("rate", "increase", "delta"):
                arg += rng.choice([" anchored", " smoothed"])
            elif fn in ("resets", "changes"):
                arg += " anchored"
        return f"{fn}({arg})"
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
        # group_left with its (empty) label list written: "group_left (expr)" would read the
        # parenthesis as the label list.
        card = " group_left()" if match == " on (job)" and rng.random() < 0.5 else ""
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
    if rng.random() < 0.7:
        for name in HIST_METRICS:
            for job in LABELS["job"]:
                for inst in LABELS["inst"][:2]:
                    if rng.random() < 0.6:
                        lines.append(f'  {name}{{job="{job}", inst="{inst}"}} '
                                     + histogram_series(rng, steps, name))
    lines.append("")
    for _ in range(25):
        r = rng.random()
        instant = rng.random() < 0.7
        if r < 0.3:
            hist = instant and rng.random() < 0.25
            q = hist_vector(rng, rng.randint(1, 2)) if hist else hist_float(rng, rng.randint(1, 3))
        else:
            q = vector(rng, rng.randint(1, 3)) if r < 0.93 else scalar(rng, 2)
        if instant:
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
            if not failed and "--- FAIL: TestScripts/rec " in out:
                # The harness rejected the script as a whole (e.g. an expectation it cannot
                # parse): every eval of it is uncompared, which counts as a difference.
                differences += 1
                print(f"round {rounds}, seed {args.seed}: the script was rejected")
                for m in re.findall(r"Error:\s+(.*)\n\s+(.*)", out)[:1]:
                    print(f"  prometheus: {' '.join(m).strip()[:400]}")
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    os.replace(rec, os.path.join(args.keep, f"diff-{args.seed}-{rounds}.test"))
                continue
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

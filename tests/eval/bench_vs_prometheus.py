#!/usr/bin/env python3
"""Benchmark (not a test): mzrules' PromQL evaluator against Prometheus v0.316.0's engine.

  bench_vs_prometheus.py MZR_PROMQLTEST PROMQLEVAL CORPUS_PROMQLTEST_DIR [--runs N]

Both run as whole processes, in turns (mzrules, Prometheus, mzrules, ...), on
  - the promqltest corpus (every script of CORPUS_PROMQLTEST_DIR), and
  - a large generated script (bench_script.py: 440 series of 2881 samples, ten range queries
    over the whole day at a 5m step), with mzrules' own results as its expectations
    (mzr_promqltest --record), so that both engines evaluate and compare everything;
and the medians of wall and CPU time (user + system, from the kernel's accounting of the child)
are printed with their ratio (Prometheus / mzrules: above 1 means mzrules is faster), and the
peak memory. Memory per loaded sample: the peak memory of loading the large script's series
without queries, less that of loading one series of one sample, over the number of samples.
Prometheus' engine runs in Go's promqltest harness (promqleval, built by scripts/oracles).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT = 100_000_000


def measure(cmd, env=None):
    """wall seconds, CPU seconds and peak KiB of one run, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            os.execvpe(cmd[0], cmd, env or os.environ)
        finally:
            os._exit(127)
    _, status, r = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, r.ru_utime + r.ru_stime, r.ru_maxrss


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def commands(mzr, go, files, limit):
    env = dict(os.environ, PROMQLEVAL_FILES=" ".join(files))
    a = [mzr] + files
    if limit:  # the large script's range queries are beyond the harness' default sample limit
        env["PROMQLEVAL_MAX_SAMPLES"] = str(limit)
        a = [mzr, "--max-samples", str(limit)] + files
    return a, [go, "-test.run", "Scripts"], env


def bench(name, mzr, go, files, runs, limit=0):
    a, b, env = commands(mzr, go, files, limit)
    # On the large script both must pass every eval: a failing run would not measure the same
    # work. (On the corpus each fails the same 26 evals, newer than Prometheus v0.316.0.)
    for cmd, e in ((a, None), (b, env)) if limit else ():
        r = subprocess.run(cmd, env=e, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"{name}: {cmd[0]} fails:\n{(r.stdout + r.stderr)[-2000:]}")
    measure(a)
    measure(b, env)  # warm-up
    ma, mb = [], []
    for _ in range(runs):
        ma.append(measure(a))
        mb.append(measure(b, env))
    wa, wb = median([x[0] for x in ma]), median([x[0] for x in mb])
    ca, cb = median([x[1] for x in ma]), median([x[1] for x in mb])
    ra = median([wb_ / wa_ for (wa_, _, _), (wb_, _, _) in zip(ma, mb)])
    pa, pb = max(x[2] for x in ma), max(x[2] for x in mb)
    print(f"{name:<22} mzrules {wa:7.3f}s cpu {ca:7.3f}s {pa:8d} KiB | "
          f"prometheus {wb:7.3f}s cpu {cb:7.3f}s {pb:8d} KiB | wall {ra:.2f}x cpu {cb / ca:.2f}x")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mzr")
    ap.add_argument("promqleval")
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    corpus = sorted(os.path.join(args.corpus, f) for f in os.listdir(args.corpus)
                    if f.endswith(".test"))
    with tempfile.TemporaryDirectory() as tmp:
        gen, rec = os.path.join(tmp, "large.test"), os.path.join(tmp, "large_rec.test")
        subprocess.run([sys.executable, os.path.join(HERE, "bench_script.py"), gen], check=True)
        # The generated evals have no expectations: they "fail", and the recording is written.
        subprocess.run([args.mzr, "--max-samples", str(LIMIT), "--record", rec, gen],
                       capture_output=True)
        if not os.path.exists(rec):
            sys.exit("mzr_promqltest --record wrote nothing")
        bench("promqltest corpus", args.mzr, args.promqleval, corpus, args.runs)
        bench("large script", args.mzr, args.promqleval, [rec], args.runs, LIMIT)
        # Memory per loaded sample.
        load, tiny = os.path.join(tmp, "load.test"), os.path.join(tmp, "tiny.test")
        subprocess.run([sys.executable, os.path.join(HERE, "bench_script.py"), load,
                        "--load-only"], check=True)
        with open(tiny, "w") as f:
            f.write("load 30s\n  m 1\n")
        samples = sum(len(line.split()[-1].split("x")) and int(line.split("x")[-1]) + 1
                      for line in open(load) if line.startswith("  "))
        for name, run in (("mzrules", lambda f: measure([args.mzr, f])),
                          ("prometheus", lambda f: measure(
                              [args.promqleval, "-test.run", "Scripts"],
                              dict(os.environ, PROMQLEVAL_FILES=f)))):
            big = median([run(load)[2] for _ in range(3)])
            small = median([run(tiny)[2] for _ in range(3)])
            print(f"{name:<11} {samples} samples loaded: peak {big} KiB, {small} KiB with one "
                  f"sample: {(big - small) * 1024 / samples:.1f} bytes per sample")


if __name__ == "__main__":
    main()

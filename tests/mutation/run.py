#!/usr/bin/env python3
"""Mutation benchmark: how many deliberate one-line bugs does the test suite catch?

Applies each mutant of a list (tests/mutation/mutants.txt) in turn to a scratch checkout of a
commit, builds mzrules and its tests incrementally, runs the suite and reports whether a test
failed ("caught") or everything passed ("survived"). A mutant that does not compile is reported
apart and left out of the score. This is a benchmark to run by hand, not a CI gate.

  tests/mutation/run.py [--rev REV] [--scratch DIR] [--only 1,5,7] [--list FILE]

The scratch checkout is a detached git worktree (default: ../<repository>-mutants), so the
repository's own tree and build are never touched. Keep it beside the repository (or set
MZR_CORPUS_DIR): the tests find the shared corpus at ../shared/corpus from the checkout, and a
scratch elsewhere skips every corpus test, so mutants only those tests catch survive. Builds go through ccache when it is
installed (set CCACHE_DIR/CCACHE_BASEDIR to share a cache). The suite is the gtest binary (two
shards in parallel, stopping at the first failure) and the ctest tests that check the emitted
output; the formatting check is left out, since a mutant is not formatted. Set
MZR_LEZER_LOGQL_DIR as for the suite. Exit status: 0 when every compiling mutant was caught.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUTPUT_TESTS = "^(out_is_fresh|promtool_accepts_output|amtool_accepts_output|alertmanager_e2e)$"


class Mutant:
    def __init__(self, number, path, original, replacement):
        self.number = number
        self.path = path
        self.original = original
        self.replacement = replacement

    def describe(self):
        return "%s: %s  ->  %s" % (self.path, self.original, self.replacement)


def read_mutants(list_file):
    mutants = []
    with open(list_file, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.rstrip("\n").split("|||")]
            if len(parts) != 3 or not parts[0] or not parts[1]:
                sys.exit("%s:%d: expected 'file ||| original ||| replacement'" % (list_file, lineno))
            mutants.append(Mutant(len(mutants) + 1, *parts))
    return mutants


def run(cmd, cwd, timeout=None, env=None):
    """Runs cmd; returns (exit status or None on timeout, combined output)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors="replace")
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return None, out


def prepare(scratch, rev, launcher):
    if not os.path.isdir(scratch):
        code, out = run(["git", "worktree", "add", "--detach", scratch, rev], REPO)
        if code != 0:
            sys.exit("cannot create the scratch worktree:\n" + out)
    else:
        for cmd in (["git", "checkout", "--detach", "--force", rev], ["git", "clean", "-fdq",
                                                                      "-e", "build"]):
            code, out = run(cmd, scratch)
            if code != 0:
                sys.exit("cannot reset the scratch worktree:\n" + out)
    configure = ["cmake", "-S", ".", "-B", "build", "-G", "Ninja",
                 "-DCMAKE_BUILD_TYPE=RelWithDebInfo"]
    if launcher:
        configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=" + launcher)
    code, out = run(configure, scratch)
    if code != 0:
        sys.exit("cmake failed:\n" + out)


def build(scratch, timeout):
    return run(["nice", "ninja", "-C", "build", "-j2", "mzrules", "mzrules_tests"], scratch,
               timeout=timeout)


def run_suite(scratch, timeout):
    """Returns (passed, the first failure's name or a reason)."""
    binary = os.path.join(scratch, "build", "tests", "mzrules_tests")
    env = dict(os.environ)
    shards = 2
    procs = []
    start = time.time()
    for i in range(shards):
        shard_env = dict(env, GTEST_TOTAL_SHARDS=str(shards), GTEST_SHARD_INDEX=str(i))
        procs.append(subprocess.Popen(["nice", binary, "--gtest_fail_fast", "--gtest_brief=1"],
                                      cwd=scratch, env=shard_env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, errors="replace"))
    failure = None
    for p in procs:
        try:
            out, _ = p.communicate(timeout=max(1, timeout - (time.time() - start)))
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            failure = failure or "timeout"
            continue
        if p.returncode != 0 and failure is None:
            failed = [l for l in out.splitlines() if l.startswith("[  FAILED  ]")]
            failure = failed[0][len("[  FAILED  ] "):].split(" (")[0] if failed else (
                "exit %d" % p.returncode)
    if failure:
        return False, failure
    code, out = run(["ctest", "--test-dir", "build", "-R", OUTPUT_TESTS, "--output-on-failure"],
                    scratch, timeout=timeout, env=env)
    if code != 0:
        return False, "ctest: " + (out.strip().splitlines() or ["timeout"])[-1]
    return True, ""


def apply(scratch, m):
    path = os.path.join(scratch, m.path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    hits = [i for i, l in enumerate(lines) if l.strip() == m.original]
    if len(hits) != 1:
        return None, "the line occurs %d times" % len(hits)
    i = hits[0]
    indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
    lines[i] = indent + m.replacement
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return text, ""


def restore(scratch, m, text):
    with open(os.path.join(scratch, m.path), "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", default=os.path.join(HERE, "mutants.txt"))
    ap.add_argument("--rev", default="HEAD", help="commit whose sources and tests are used")
    ap.add_argument("--scratch", default=os.path.join(os.path.dirname(REPO),
                                                      os.path.basename(REPO) + "-mutants"))
    ap.add_argument("--only", help="comma-separated mutant numbers")
    ap.add_argument("--timeout", type=int, default=1200, help="seconds per build or suite run")
    ap.add_argument("--results", help="append one JSON line per mutant to this file")
    ap.add_argument("--launcher", default="ccache" if shutil.which("ccache") else "",
                    help="compiler launcher for the scratch build (default: ccache if installed)")
    args = ap.parse_args()

    mutants = read_mutants(args.list)
    if args.only:
        wanted = {int(n) for n in args.only.split(",")}
        mutants = [m for m in mutants if m.number in wanted]
    rev = run(["git", "rev-parse", args.rev], REPO)[1].strip()
    prepare(args.scratch, rev, args.launcher)
    print("mutation run at %s, %d mutants, scratch %s" % (rev[:12], len(mutants), args.scratch),
          flush=True)

    code, out = build(args.scratch, args.timeout)
    if code != 0:
        sys.exit("the unmutated sources do not build:\n" + out[-3000:])
    passed, why = run_suite(args.scratch, args.timeout)
    if not passed:
        sys.exit("the unmutated suite fails (%s); fix that first" % why)

    caught, survived, stillborn = [], [], []
    for m in mutants:
        t0 = time.time()
        original, problem = apply(args.scratch, m)
        if original is None:
            verdict, detail = "invalid", problem
        else:
            try:
                code, out = build(args.scratch, args.timeout)
                if code != 0:
                    verdict, detail = "stillborn", "does not compile"
                else:
                    passed, why = run_suite(args.scratch, args.timeout)
                    verdict, detail = ("survived", "") if passed else ("caught", why)
            finally:
                restore(args.scratch, m, original)
        {"caught": caught, "survived": survived}.get(verdict, stillborn).append(m)
        print("%2d %-9s %4.0fs  %s%s" % (m.number, verdict, time.time() - t0, m.describe(),
                                          "  [" + detail + "]" if detail else ""), flush=True)
        if args.results:
            with open(args.results, "a", encoding="utf-8") as f:
                f.write(json.dumps({"number": m.number, "mutant": m.describe(), "rev": rev,
                                    "verdict": verdict, "detail": detail}) + "\n")

    scored = len(caught) + len(survived)
    score = 100.0 * len(caught) / scored if scored else 0.0
    print("\nscore: %d of %d caught (%.1f%%); %d did not compile" % (
        len(caught), scored, score, len(stillborn)))
    for m in survived:
        print("survived: %d %s" % (m.number, m.describe()))
    return 0 if not survived else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`mzrules check` and promtool 3 `check rules` give the same verdict on every rule file.

Every Prometheus rule file of the real corpus (a YAML file whose top-level key is `groups`) is
checked by both; a file is accepted when the tool exits 0. The Loki rule files (LogQL, which
promtool cannot parse) are left out. Disagreements must be listed, each with its reason, in
promtool_exceptions.txt beside this script; a listed file that agrees again fails the test too,
so the list stays true. Then every rule file mzrules emits (out/thanos/rules) must pass promtool 3.

Usage: promtool_rule_verdicts.py MZRULES REPOSITORY ORACLE_DIR
"""
import os
import re
import sys
import tempfile
import time

import oracle_common as oc

GROUPS = re.compile(r"""^["']?groups["']?\s*:""", re.M)

# LogQL rule files: mzrules checks them as Loki rules (tests/load), promtool cannot.
LOKI = ("loki-logql/production/", "loki-logql/examples/", "loki-logql/pkg/tool/rules/testdata/loki_")


def rule_files(real):
    files = []
    for root, _, names in os.walk(real):
        for name in names:
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, real)
            if rel.startswith(LOKI):
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                if GROUPS.search(f.read()):
                    files.append(rel)
    return sorted(files)


def main():
    mzrules, repo, oracle_dir = sys.argv[1:4]
    promtool = oc.oracle(oracle_dir, "promtool")
    real = os.path.join(oc.corpus(repo), "real")
    here = os.path.dirname(os.path.abspath(__file__))
    exceptions = oc.read_exceptions(os.path.join(here, "promtool_exceptions.txt"))

    files = rule_files(real)
    agree, failures, excused = 0, [], []
    started = time.monotonic()
    # Outside any repository, so that no mzrules.yaml changes the checks.
    with tempfile.TemporaryDirectory() as cwd:
        for rel in files:
            path = os.path.join(real, rel)
            ours = oc.run([mzrules, "check", "--color=never", path], cwd=cwd)
            theirs = oc.run([promtool, "check", "rules", path], cwd=cwd)
            if ours.returncode not in (0, 1) or theirs.returncode not in (0, 1):
                failures.append(f"{rel}: unexpected exit status mzrules={ours.returncode} "
                                f"promtool={theirs.returncode}\n  {oc.first_line(ours.stderr)}"
                                f"\n  {oc.first_line(theirs.stderr)}")
                continue
            ok_ours, ok_theirs = ours.returncode == 0, theirs.returncode == 0
            if ok_ours == ok_theirs:
                agree += 1
                if rel in exceptions:
                    failures.append(f"{rel}: listed as an exception but both now "
                                    f"{'accept' if ok_ours else 'reject'} it; remove it from the list")
                continue
            if rel in exceptions:
                excused.append(rel)
                continue
            rejecting = ours if not ok_ours else theirs
            why = [l.strip() for l in (rejecting.stdout + rejecting.stderr).splitlines() if l.strip()]
            failures.append(f"{rel}: mzrules {'accepts' if ok_ours else 'rejects'}, promtool 3 "
                            f"{'accepts' if ok_theirs else 'rejects'}\n  " + "\n  ".join(why[:4]))
    for rel in exceptions:
        if rel not in files:
            failures.append(f"{rel}: listed as an exception but is not a rule file of the corpus")

    # What mzrules emits: promtool 3 accepts it. Thanos' group field is unknown to promtool.
    emitted_dir = os.path.join(repo, "out", "thanos", "rules")
    emitted = sorted(n for n in os.listdir(emitted_dir) if n.endswith(".yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        for name in emitted:
            with open(os.path.join(emitted_dir, name), encoding="utf-8") as src, \
                    open(os.path.join(tmp, name), "w", encoding="utf-8") as dst:
                dst.writelines(l for l in src if not l.lstrip().startswith("partial_response_strategy:"))
        r = oc.run([promtool, "check", "rules"] + [os.path.join(tmp, n) for n in emitted])
        if r.returncode != 0 or not emitted:
            failures.append(f"promtool 3 rejects out/thanos/rules:\n{r.stdout}{r.stderr}")

    elapsed = time.monotonic() - started
    for f in failures:
        print("FAIL " + f)
    print(f"promtool 3 agreement: {agree}/{len(files)} rule files same verdict, "
          f"{len(excused)} listed exceptions ({', '.join(excused) or 'none'}); "
          f"{len(emitted)} emitted rule files accepted; {elapsed:.1f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    oc.run_main(main)

#!/usr/bin/env python3
"""`mzrules test` and promtool 3 `test rules` give the same verdict on every rule unit-test file.

For each test file (kubernetes-mixin's suite and the test files of promtool's own test data), a
scratch repository is made with the test file under tests/ and the rule files it names beside it
(their relative layout kept), and both `promtool test rules FILE` and `mzrules test FILE` run
there. The verdict (exit status 0 or not) must agree per file; on failures, the failing test
groups (by name, where the group has one) and within them the mismatching expectations (the
alert and eval time, or the query and eval time, or the rule whose evaluation failed) must be the
same sets. Prints one line per file and a summary; exits 1 on any disagreement.

Usage: promtool_rule_tests.py MZRULES REPOSITORY ORACLE_DIR
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

import oracle_common as oc


def test_files(corpus):
    out = sorted(glob.glob(os.path.join(corpus, "real/kubernetes-mixin/tests/*.yaml")))
    td = os.path.join(corpus, "real/prometheus-testdata/cmd/promtool/testdata")
    for path in sorted(glob.glob(os.path.join(td, "*.yml"))):
        with open(path) as f:
            text = f.read()
        # A test file has top-level 'tests' (bad-input-series.yml is not even valid YAML).
        if text.startswith("tests:") or "\ntests:" in text:
            out.append(path)
    return out


def stage(test_file, root):
    """Copies the test file to root/tests/t/ and its rule files to the same relative places."""
    try:
        with open(test_file) as f:
            doc = yaml.safe_load(f) or {}
    except yaml.YAMLError:
        doc = {}
    src_dir = os.path.dirname(test_file)
    # The folder of the test file sits two levels down, so '../x' stays inside the repository.
    dest_dir = os.path.join(root, "tests", "t")
    os.makedirs(dest_dir)
    shutil.copy(test_file, dest_dir)
    for pattern in doc.get("rule_files") or []:
        for rf in glob.glob(os.path.join(src_dir, pattern)):
            rel = os.path.relpath(rf, src_dir)
            dest = os.path.normpath(os.path.join(dest_dir, rel))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy(rf, dest)
    with open(os.path.join(root, "mzrules.yaml"), "w") as f:
        f.write("sources: [tests/t]\n")
    return os.path.join("tests", "t", os.path.basename(test_file))


FAILURE_LINE = re.compile(r"^    (name|alertname|expr|rule): (.*)$")


def failures(output):
    """The mismatches a run printed in promtool's words: a set of (group, what) pairs.

    promtool prints, per failing alert expectation, '    name: GROUP,' (named groups only), and
    per failing expectation
    '    alertname: A, time: T, ', '    expr: "Q", time: T,' or '    rule: R, time: T, err: ...'.
    An expression failure has no name line: it counts for the group named last.
    The lines mzrules adds (positions and diffs) are indented differently and are not read.
    """
    out = set()
    group = ""
    for line in output.splitlines():
        m = FAILURE_LINE.match(line)
        if not m:
            # promtool writes the blank lines between failures to stdout and the failures to
            # stderr, so blank lines say nothing; any other line less indented ends the file's
            # failures.
            if line.strip() and not line.startswith("        "):
                group = ""
            continue
        key, rest = m.groups()
        if key == "name":
            group = rest.rstrip(",")
            continue
        if key == "rule":
            rest = rest.split(", err:")[0]
        out.add((group, key + ": " + rest.rstrip().rstrip(",")))
    return out


def main():
    mzrules = os.path.abspath(sys.argv[1])
    corpus = oc.corpus(sys.argv[2])
    promtool = os.path.abspath(oc.oracle(sys.argv[3], "promtool"))
    files = test_files(corpus)
    if len(files) < 20:
        print("expected at least 20 rule unit test files under %s, found %d" % (corpus, len(files)))
        return 1
    disagree = 0
    groups_compared = 0
    t_mz = t_pt = 0.0
    for path in files:
        with tempfile.TemporaryDirectory() as root:
            rel = stage(path, root)
            start = time.monotonic()
            pt = subprocess.run([promtool, "test", "rules", rel], cwd=root, capture_output=True,
                                text=True)
            t_pt += time.monotonic() - start
            start = time.monotonic()
            mz = subprocess.run([mzrules, "test", rel], cwd=root, capture_output=True, text=True)
            t_mz += time.monotonic() - start
        same = (pt.returncode == 0) == (mz.returncode == 0)
        pt_fail = failures(pt.stdout + pt.stderr)
        mz_fail = failures(mz.stdout)
        same_groups = pt_fail == mz_fail
        groups_compared += 1 if pt.returncode != 0 else 0
        name = os.path.relpath(path, corpus)
        print("%-8s %s (promtool %d, mzrules %d; %d mismatching expectations)" %
              ("agree" if same and same_groups else "DIFFER", name, pt.returncode, mz.returncode,
               len(pt_fail)))
        if same and not same_groups:
            for g, what in sorted(pt_fail - mz_fail):
                print("  only promtool: [%s] %s" % (g, what))
            for g, what in sorted(mz_fail - pt_fail):
                print("  only mzrules:  [%s] %s" % (g, what))
            disagree += 1
        if not same:
            disagree += 1
            print("  promtool:", (pt.stdout + pt.stderr)[-1500:].replace("\n", "\n    "))
            print("  mzrules:", (mz.stdout + mz.stderr)[-1500:].replace("\n", "\n    "))
    print("%d files, %d agree, %d differ (%d failing files compared by group and expectation); "
          "promtool %.2fs, mzrules %.2fs" %
          (len(files), len(files) - disagree, disagree, groups_compared, t_pt, t_mz))
    return 1 if disagree else 0


if __name__ == "__main__":
    oc.run_main(main)

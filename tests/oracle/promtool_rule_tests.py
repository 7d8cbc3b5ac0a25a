#!/usr/bin/env python3
"""`mzrules test` and promtool 3 `test rules` give the same verdict on every rule unit-test file.

For each test file (kubernetes-mixin's suite and the test files of promtool's own test data), a
scratch repository is made with the test file under tests/ and the rule files it names beside it
(their relative layout kept), and both `promtool test rules FILE` and `mzrules test FILE` run
there. The verdict (exit status 0 or not) must agree per file, and per test group where promtool
names the failing group. Prints one line per file and a summary; exits 1 on any disagreement.

Usage: promtool_rule_tests.py MZRULES REPOSITORY ORACLE_DIR
"""
import glob
import os
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


def main():
    mzrules = os.path.abspath(sys.argv[1])
    corpus = oc.corpus(sys.argv[2])
    promtool = os.path.abspath(oc.oracle(sys.argv[3], "promtool"))
    files = test_files(corpus)
    if len(files) < 20:
        print("expected at least 20 rule unit test files under %s, found %d" % (corpus, len(files)))
        return 1
    disagree = 0
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
        name = os.path.relpath(path, corpus)
        print("%-8s %s (promtool %d, mzrules %d)" % ("agree" if same else "DIFFER", name,
                                                      pt.returncode, mz.returncode))
        if not same:
            disagree += 1
            print("  promtool:", (pt.stdout + pt.stderr)[-1500:].replace("\n", "\n    "))
            print("  mzrules:", (mz.stdout + mz.stderr)[-1500:].replace("\n", "\n    "))
    print("%d files, %d agree, %d differ; promtool %.2fs, mzrules %.2fs" %
          (len(files), len(files) - disagree, disagree, t_pt, t_mz))
    return 1 if disagree else 0


if __name__ == "__main__":
    oc.run_main(main)

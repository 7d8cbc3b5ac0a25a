#!/usr/bin/env python3
"""promtool 3 passes every rule unit test of the repository's own monitoring content.

The repository's alerts and recording rules have unit tests in promtool's format
(`*.test.yaml` in the source folders, naming the generated rule files under out/thanos/rules/).
`mzrules test` runs them; this test proves they mean what promtool means: each file is run with
`promtool test rules` in a scratch copy of the repository and must pass.

Thanos' group field `partial_response_strategy` is not part of Prometheus' rule format, and
promtool refuses a file that has it, so the scratch copies of the rule files leave that one field
out; nothing else is changed.

Usage: promtool_content_tests.py REPOSITORY ORACLE_DIR
"""
import glob
import os
import shutil
import sys
import tempfile

import yaml

import oracle_common as oc


def source_folders(repo):
    try:
        with open(os.path.join(repo, "mzrules.yaml")) as f:
            settings = yaml.safe_load(f) or {}
    except FileNotFoundError:
        settings = {}
    return settings.get("sources") or ["rules", "alerts", "dashboards"]


def test_files(repo):
    out = []
    for folder in source_folders(repo):
        out += glob.glob(os.path.join(repo, folder, "**", "*.test.yaml"), recursive=True)
    return sorted(out)


def strip_thanos_fields(path):
    with open(path) as f:
        lines = f.readlines()
    kept = [l for l in lines if not l.lstrip().startswith("partial_response_strategy:")]
    with open(path, "w") as f:
        f.writelines(kept)


def stage(repo, root):
    """Copies the source folders and out/thanos/rules/ to root, without the Thanos-only field."""
    for folder in source_folders(repo):
        src = os.path.join(repo, folder)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(root, folder))
    rules = os.path.join(repo, "out", "thanos", "rules")
    shutil.copytree(rules, os.path.join(root, "out", "thanos", "rules"))
    for path in glob.glob(os.path.join(root, "out", "thanos", "rules", "*.yaml")):
        strip_thanos_fields(path)


def main():
    repo, oracle_dir = sys.argv[1:3]
    promtool = oc.oracle(oracle_dir, "promtool")
    files = test_files(repo)
    if not files:
        print("FAILED: the repository has no rule unit-test file (*.test.yaml)")
        return 1
    failed = 0
    with tempfile.TemporaryDirectory() as root:
        stage(repo, root)
        for path in files:
            rel = os.path.relpath(path, repo)
            staged = os.path.join(root, rel)
            r = oc.run([promtool, "test", "rules", os.path.basename(staged)],
                       cwd=os.path.dirname(staged))
            if r.returncode == 0:
                print(f"ok    {rel}")
            else:
                failed += 1
                print(f"FAIL  {rel}\n{r.stdout}{r.stderr}")
    print(f"promtool test rules: {len(files) - failed} of {len(files)} files pass")
    return 1 if failed else 0


if __name__ == "__main__":
    oc.run_main(main)

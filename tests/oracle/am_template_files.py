#!/usr/bin/env python3
"""Notification template files: `mzrules check` refuses exactly the files Alertmanager 0.34's
loader refuses, with Go's message.

Alertmanager parses the template files a configuration names, with its functions, when it loads
the configuration. This writes one file per template (the fixed list and random templates of
template_cases.py with a fixed seed) and a configuration naming them all, loads each file with
Alertmanager's template.FromGlobs (the amconfig oracle's --templates mode) and checks the
configuration with mzrules, and compares per file: both accept it, or both refuse it with the
same message (E1100 or E1101, whose message ends with Go's after "template: FILE:LINE:").

Usage: am_template_files.py MZRULES REPOSITORY ORACLE_DIR [ROUNDS] [SEED]
"""
import json
import os
import re
import sys
import tempfile

import oracle_common as oc
from template_cases import FIXED, compare, random_templates

GO_ERROR = re.compile(r"^template: [^:]*:\d+: (.*)$", re.S)
OURS = re.compile(r"^template file '[^']*' does not parse: (.*)$", re.S)

CONFIG = """route:
  receiver: r
receivers:
- name: r
templates:
- 't/*.tmpl'
"""


def main():
    mzrules, _repo, oracle_dir = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 2026
    amconfig = oc.oracle(oracle_dir, "amconfig")
    templates = FIXED + random_templates(rounds, seed)

    with tempfile.TemporaryDirectory() as cwd:
        os.mkdir(os.path.join(cwd, "t"))
        names = [f"t/{i:05d}.tmpl" for i in range(1, len(templates) + 1)]
        for name, text in zip(names, templates):
            with open(os.path.join(cwd, name), "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(cwd, "alertmanager.yml"), "w", encoding="utf-8") as f:
            f.write(CONFIG)
        theirs_run = oc.run([amconfig, "--templates"] + names, cwd=cwd)
        ours_run = oc.run([mzrules, "check", "--format=json", "alertmanager.yml"], cwd=cwd)
    if theirs_run.returncode != 0:
        print(f"FAILED: amconfig exited {theirs_run.returncode}: {oc.first_line(theirs_run.stderr)}")
        return 1
    if ours_run.returncode not in (0, 1):
        print(f"FAILED: mzrules exited {ours_run.returncode}: {oc.first_line(ours_run.stderr)}")
        return 1

    theirs = {}
    for line in theirs_run.stdout.splitlines():
        v = json.loads(line)
        if not v["ok"]:
            m = GO_ERROR.match(v["error"])
            theirs[v["file"]] = m.group(1) if m else v["error"]
    ours = {}
    for d in json.loads(ours_run.stdout):
        if d["code"] in ("E1100", "E1101"):
            m = OURS.match(d["message"])
            ours[d["file"]] = m.group(1) if m else d["message"]

    return compare("template files", templates, names, ours, theirs, "Alertmanager", rounds, seed)

if __name__ == "__main__":
    oc.run_main(main)

#!/usr/bin/env python3
"""Alert templates: `mzrules check` refuses exactly what promtool 3 `check rules` refuses, with
Go's message.

Prometheus parses every alert label and annotation as a Go template when it loads a rule file.
This writes one rule file with an alert per template (a fixed list of the cases that matter,
then random templates built from Go's template syntax with a fixed seed), checks it with both
tools, and compares per template: both accept it, or both refuse it, and then mzrules' E0329
message is promtool's after "template:" and the file name, and an E0330 names the function
promtool says is not defined.

Usage: promtool_alert_templates.py MZRULES REPOSITORY ORACLE_DIR [ROUNDS] [SEED]
"""
import json
import os
import re
import sys
import tempfile

import oracle_common as oc
from template_cases import FIXED, compare, random_templates

TEMPLATE_ERROR = re.compile(
    r'group "g", rule (\d+), "A\d+": annotation "summary": template: [^:]*:\d+: (.*)$')


def rule_file(templates):
    """The rule file and, per template, the line its summary is written on."""
    lines = ["groups:", "- name: g", "  rules:"]
    at = []
    for i, t in enumerate(templates, 1):
        lines += [f"  - alert: A{i}", "    expr: up == 0", "    annotations:"]
        at.append(len(lines) + 1)
        # A JSON string is a YAML double-quoted scalar.
        lines.append("      summary: " + json.dumps(t))
    return "\n".join(lines) + "\n", at


def main():
    mzrules, _repo, oracle_dir = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 2026
    promtool = oc.oracle(oracle_dir, "promtool")
    templates = FIXED + random_templates(rounds, seed)
    text, lines = rule_file(templates)
    line_to_rule = {line: i for i, line in enumerate(lines, 1)}

    with tempfile.TemporaryDirectory() as cwd:
        path = os.path.join(cwd, "rules.yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        theirs_run = oc.run([promtool, "check", "rules", "rules.yml"], cwd=cwd)
        ours_run = oc.run([mzrules, "check", "--format=json", "rules.yml"], cwd=cwd)
    if ours_run.returncode not in (0, 1):
        print(f"FAILED: mzrules exited {ours_run.returncode}: {oc.first_line(ours_run.stderr)}")
        return 1

    theirs = {}
    for line in (theirs_run.stdout + theirs_run.stderr).splitlines():
        m = TEMPLATE_ERROR.search(line)
        if m:
            theirs[int(m.group(1))] = m.group(2)
    # Our messages as Go words them: E0329 quotes Go's message, E0330 names the function.
    ours = {}
    for d in json.loads(ours_run.stdout):
        if d["code"] not in ("E0329", "E0330") or d["line"] not in line_to_rule:
            continue
        message = d["message"]
        if d["code"] == "E0330":
            name = re.match(r"function '([^']*)'", message)
            message = f'function "{name.group(1)}" not defined' if name else message
        elif message.startswith("template does not parse: "):
            message = message[len("template does not parse: "):]
        ours[line_to_rule[d["line"]]] = message

    return compare("templates", templates, range(1, len(templates) + 1), ours, theirs,
                   "promtool 3", rounds, seed)

if __name__ == "__main__":
    oc.run_main(main)

#!/usr/bin/env python3
"""The table behind 'versions.alertmanager' agrees with real Alertmanager releases.

For every row of compiler/model/alertmanager_versions.cpp (a key, the Go type it belongs to, the
first release that accepts it), a minimal configuration with that key at a place of that type is
checked by:
  - Debian's amtool 0.25: it must report "field KEY not found" exactly for the keys the table
    dates after 0.25, on the key's line;
  - amtool of Alertmanager 0.34 (build/oracles): it must know every key of the table;
  - mzrules with 'versions.alertmanager: "0.25"': E0627 on the key's line exactly when amtool
    0.25 refuses it.

  am_version_pin.py MZRULES REPO ORACLE_DIR
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_common import Missing, oracle, run, run_main  # noqa: E402

PINNED = 25  # Debian's amtool

# Where Debian's amtool 0.25 is not Alertmanager v0.25.0: Debian builds it against its own
# golang-github-prometheus-common, newer than the v0.38.0 that v0.25.0's go.mod requires.
DEBIAN_DIFFERS = {
    ("HTTPClientConfig", "proxy_connect_header"):
        "prometheus/common v0.42 added proxy_connect_header; Debian's build of amtool 0.25 links a "
        "common that has it, upstream v0.25.0 (common v0.38.0) does not",
}


def read_table(repo):
    text = open(os.path.join(repo, "compiler/model/alertmanager_versions.cpp"), encoding="utf-8").read()
    keys = re.findall(r'^\s*\{"([^"]+)", "([^"]+)", (\d+)\},$', text, re.M)
    children = re.findall(r'^\s*\{"([^"]+)", "([^"]+)", "([^"]+)"\},$', text, re.M)
    if len(keys) < 200 or len(children) < 50:
        raise SystemExit(f"could not read the table ({len(keys)} keys, {len(children)} children)")
    return [(s, k, int(m)) for s, k, m in keys], children


# How to reach a value of each Go type from the top, as YAML lines: one path per type, found by
# a breadth-first walk over the table's children, so that every type is reached the shortest way.
def paths_to_types(children):
    edges = {}
    for parent, key, child in children:
        edges.setdefault(parent, []).append((key, child))
    paths = {"Config": []}
    queue = ["Config"]
    while queue:
        t = queue.pop(0)
        for key, child in edges.get(t, []):
            if child not in paths:
                paths[child] = paths[t] + [(t, key)]
                queue.append(child)
    return paths


# A list of items under these keys; everything else is a mapping.
LISTS = {"inhibit_rules", "receivers", "time_intervals", "mute_time_intervals", "routes", "times",
         "fields", "actions", "attachments", "images", "links", "responders", "file_outputs",
         "webhook_outputs", "kafka_outputs", "stdout_outputs"}
# Keys a mapping of some types needs besides the probe, so that the probe is read at all.
SKELETON = {"Receiver": ["name: r"], "TimeInterval": ["name: t"], "MuteTimeInterval": ["name: t"]}


def is_list(key):
    return key in LISTS or key.endswith("_configs")


def render(path, key, scope):
    """YAML text with the probe; returns (text, [(line, key)] of the probe and the keys above)."""
    out = []
    keyed = []
    indent = ""
    pending_dash = False
    steps = list(path) + [(scope, key)]
    for i, (t, k) in enumerate(steps):
        name = "X-Probe" if k == "*" else k
        is_last = i == len(steps) - 1
        prefix = indent + ("- " if pending_dash else "")
        if pending_dash:
            indent += "  "
            pending_dash = False
        out.append(f"{prefix}{name}: null" if is_last else f"{prefix}{name}:")
        keyed.append((len(out), name))
        if is_last:
            break
        nxt = steps[i + 1][0]
        indent += "  "
        if is_list(name):
            pending_dash = True
            for extra in SKELETON.get(nxt, []):
                out.append(indent + "- " + extra)
                indent += "  "
                pending_dash = False
    text = "\n".join(out) + "\n"
    if not any(l.startswith("route:") for l in out):
        text += "route: {receiver: r}\n"
    if not any(l.startswith("receivers:") for l in out):
        text += "receivers: [{name: r}]\n"
    return text, keyed


def main():
    mzrules, repo, oracle_dir = sys.argv[1:4]
    amtool25 = shutil.which("amtool")
    if amtool25 is None:
        raise Missing("Debian's amtool is not on PATH (scripts/setup installs prometheus-alertmanager)")
    version = run([amtool25, "--version"]).stdout + run([amtool25, "--version"]).stderr
    if "version 0.25." not in version:
        raise Missing(f"amtool on PATH is not 0.25: {version.splitlines()[:1]}")
    amtool34 = oracle(oracle_dir, "amtool")
    keys, children = read_table(repo)
    since = {(s, k): m for s, k, m in keys}
    paths = paths_to_types(children)
    problems = []
    checked = refused = 0
    with tempfile.TemporaryDirectory() as tmp:
        for scope, key, minor in keys:
            if scope not in paths:
                problems.append(f"{scope}.{key}: the table gives no way to reach {scope}")
                continue
            text, keyed = render(paths[scope], key, scope)
            cfg = os.path.join(tmp, "alerts", "alertmanager.yml")
            os.makedirs(os.path.dirname(cfg), exist_ok=True)
            with open(cfg, "w", encoding="utf-8") as f:
                f.write(text)
            with open(os.path.join(tmp, "mzrules.yaml"), "w", encoding="utf-8") as f:
                f.write(f'sources: [alerts]\nversions: {{alertmanager: "0.{PINNED}"}}\n')
            out25 = run([amtool25, "check-config", cfg])
            said25 = out25.stdout + out25.stderr
            # Refused: the probe, or a key above it that the release does not have either.
            unknown25 = any(f"line {l}: field {k} not found" in said25 for l, k in keyed)
            out34 = run([amtool34, "check-config", cfg])
            said34 = out34.stdout + out34.stderr
            mz = run([mzrules, "check", "--color=never", "--format=human"], cwd=tmp)
            e0627 = any(re.search(rf"alertmanager\.yml:{l}:\d+: error\[E0627\]: '{re.escape(k)}'",
                                  mz.stderr) for l, k in keyed)
            checked += 1
            refused += unknown25
            where = f"{scope}.{key} (since 0.{minor})"
            # The probe needs every key above it too: the newest of them decides.
            needed = max([minor] + [since.get(step, 0) for step in paths[scope]])
            if (scope, key) in DEBIAN_DIFFERS and unknown25 != (needed > PINNED):
                print(f"{where}: known difference of Debian's amtool: {DEBIAN_DIFFERS[(scope, key)]}")
                unknown25 = needed > PINNED
            if unknown25 != (needed > PINNED):
                problems.append(f"{where}: amtool 0.25 {'refuses' if unknown25 else 'accepts'} it:\n"
                                f"{text}{said25}")
            if f"field {key} not found" in said34:
                problems.append(f"{where}: amtool 0.34 does not know it:\n{text}{said34}")
            if e0627 != unknown25:
                problems.append(f"{where}: mzrules {'reports' if e0627 else 'does not report'} "
                                f"E0627 where amtool 0.25 {'refuses' if unknown25 else 'accepts'}:\n"
                                f"{text}{mz.stderr}")
    for p in problems:
        print(p)
    print(f"{checked} keys checked against amtool 0.25 and 0.34; 0.25 refuses {refused}; "
          f"{len(problems)} disagreements")
    return 1 if problems or checked < 200 else 0


if __name__ == "__main__":
    run_main(main)

#!/usr/bin/env python3
"""Randomized `mzrules build` on generated repositories: names, links and kills.

Each round writes a repository beside a folder that stands for the rest of the machine
("outside"), fills it with rule files, dashboards and Alertmanager configurations under random
names (dots, `..`, case twins, spaces, newlines, long names), symbolic links that lead outside or
loop, links planted inside out/, and tampered manifest lines; then runs `mzrules build`, sometimes
killing it at a random moment, and checks:

  - nothing outside the repository changes: the outside folder keeps its files, contents and
    links, and nothing appears next to the repository;
  - no build crashes (a signal other than our own kill, or exit codes other than 0, 1 and 2);
  - after a build that completes, `build --check` agrees (exit 0), and a fresh copy of the
    repository built from scratch writes the same out/, byte for byte.

  build_fuzz.py MZRULES [--rounds N] [--seconds S] [--seed K]

With --seconds the run goes on until the time is up (for long runs); a fixed --seed and
--rounds make it repeatable (the ctest entry). On a failure the round's folder is kept and named.
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

NAME_PARTS = ["a", "b", "Net", "net", "a-b", "v1..2", "x.y", "space d", "ünï", "LONG" * 30,
              "team..a", ".hidden", "-dash", "new\nline", "%25", "#hash"]


def snapshot(root):
    """Every entry below root: path -> (kind, content or link target)."""
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                seen[rel] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                seen[rel] = ("dir", None)
            else:
                with open(p, "rb") as f:
                    seen[rel] = ("file", f.read())
    return seen


def rule_file(rng, record):
    if rng.random() < 0.15:
        name = rng.choice(["x/../../../../escaped", "ok-name", "Net", "net", "a" * 300,
                           "..", "UPPER"])
        return ("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n"
                f"metadata:\n  name: '{name}'\nspec:\n  groups:\n    - name: g\n      rules:\n"
                f"        - record: {record}\n          expr: sum by (job) (up)\n")
    return f"groups:\n  - name: g{rng.randint(0, 3)}\n    rules:\n" \
           f"      - record: {record}\n        expr: sum by (job) (up)\n"


def dashboard(rng):
    uid = rng.choice(["Node-Overview", "node_overview", "NODE--OVERVIEW", "../../x", "a/b"]) \
        if rng.random() < 0.2 else f"d{rng.randint(0, 10**6)}"
    return '{"uid": "%s", "title": "T%d", "panels": []}' % (uid, rng.randint(0, 9))


def alertmanager(rng):
    template = rng.choice(["../../outside/*", "../outside-link/*", "/etc/alertmanager/x.tmpl"]) \
        if rng.random() < 0.3 else rng.choice(["../templates/*.tmpl", "../templates/[ab].tmpl"])
    return (f"templates: ['{template}']\nroute: {{receiver: a}}\nreceivers:\n- name: a\n")


def safe_write(path, text):
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    except OSError:
        pass  # a name the file system refuses is simply not part of this round


def symlink(target, path):
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.symlink(target, path)
    except OSError:
        pass


def make_round(rng, base, planted):
    repo = os.path.join(base, "repo")
    outside = os.path.join(base, "outside")
    os.makedirs(os.path.join(outside, "dir"))
    for name in ["creds", "dir/victim.yaml", "thanos.yaml"]:
        safe_write(os.path.join(outside, name), f"secret {name}\n")
    os.makedirs(repo)
    # The source folders mzrules.yaml names must exist (a missing one is an error), even when
    # this round puts nothing in them.
    for folder in ("rules", "dashboards", "alerts"):
        os.makedirs(os.path.join(repo, folder))
    safe_write(os.path.join(repo, "mzrules.yaml"),
               "sources: [rules, dashboards, alerts]\n" if rng.random() < 0.95
               else "sources: [rules, '../outside']\n")
    for i in range(rng.randint(1, 6)):
        odd = rng.random() < 0.25
        name = (rng.choice(NAME_PARTS) if odd else f"r{i}") + rng.choice([".yaml", ".yml"])
        folder = rng.choice(["rules", "rules/sub"]) if not odd or rng.random() < 0.5 \
            else "rules/" + rng.choice(NAME_PARTS)
        safe_write(os.path.join(repo, folder, name), rule_file(rng, f"job:up:r{i}"))
    for i in range(rng.randint(0, 3)):
        safe_write(os.path.join(repo, "dashboards", f"d{i}.json"), dashboard(rng))
    if rng.random() < 0.6:
        safe_write(os.path.join(repo, "alerts", "alertmanager.yml"), alertmanager(rng))
        safe_write(os.path.join(repo, "templates", "a.tmpl"), '{{ define "a" }}a{{ end }}\n')
    # Links that lead outside, loop, or sit where the build writes.
    for _ in range(rng.choice([0, 0, 1, 2])):
        kind = rng.choice(["dir", "file", "loop", "out", "proc", "root"])
        if kind == "dir":
            symlink(os.path.join(outside, "dir"), os.path.join(repo, "rules", "linkdir"))
        elif kind == "file":
            symlink(os.path.join(outside, "creds"), os.path.join(repo, "rules", "creds.yaml"))
        elif kind == "loop":
            symlink(".", os.path.join(repo, "rules", "loop"))
        elif kind == "out":
            sub = rng.choice(["thanos", "grafana", "alertmanager", "helm"])
            symlink(outside, os.path.join(repo, "out", sub))
            planted.append(sub)
        elif kind == "proc":
            symlink("/proc/self/status", os.path.join(repo, "rules", "p.yaml"))
        else:
            symlink("/", os.path.join(repo, "outside-link"))
    if rng.random() < 0.15:
        safe_write(os.path.join(repo, "out", ".mzrules-manifest"),
                   "# tampered\n../outside/creds\n/etc/passwd\nthanos/../../outside/thanos.yaml\n")
    return repo, outside


def run(binary, repo, args, kill_after=None):
    proc = subprocess.Popen([binary] + args, cwd=repo, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    if kill_after is not None:
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        return None, "timed out (hang)"
    return proc.returncode, err.decode("utf-8", "replace")


def one_round(binary, rng, base, stats):
    planted = []  # links planted in out/: never written through, and --check must name them
    repo, outside = make_round(rng, base, planted)
    before_outside = snapshot(outside)
    before_base = sorted(os.listdir(base))
    problems = []

    def check_crash(code, err, what, killed=False):
        if code is None:
            problems.append(f"{what}: {err}")
        elif code < 0 and not (killed and code == -signal.SIGKILL):
            problems.append(f"{what}: died of signal {-code}\n{err}")
        elif code not in (0, 1, 2) and code >= 0:
            problems.append(f"{what}: exit {code}\n{err}")

    for _ in range(rng.randint(0, 2)):
        code, err = run(binary, repo, ["build"], kill_after=rng.uniform(0.0, 0.02))
        stats["killed"] += code == -signal.SIGKILL
        check_crash(code, err, "killed build", killed=True)
    code, err = run(binary, repo, ["build"])
    check_crash(code, err, "build")
    completed = code == 0
    stats["completed"] += completed
    if completed:
        c, e = run(binary, repo, ["build", "--check"])
        if planted and os.path.islink(os.path.join(repo, "out", planted[0])):
            if c != 1 or f"out/{planted[0]}" not in e:
                problems.append(f"build --check does not name the link out/{planted[0]}: {e}")
            completed = False  # out/ holds the user's link; a fresh build cannot match it
        elif c != 0:
            problems.append(f"build --check after a complete build: exit {c}\n{e}")
    if snapshot(outside) != before_outside:
        problems.append("the folder outside the repository changed")
    if sorted(os.listdir(base)) != before_base:
        problems.append(f"new entries beside the repository: {sorted(os.listdir(base))}")
    if completed:
        # A fresh copy without out/ must build the same out/.
        fresh = os.path.join(base, "fresh")
        shutil.copytree(repo, fresh, symlinks=True,
                        ignore=lambda d, names: ["out"] if d == repo else [])
        c, e = run(binary, fresh, ["build"])
        if c != 0:
            problems.append(f"clean rebuild failed where the incremental one passed: {e}")
        elif snapshot(os.path.join(fresh, "out")) != snapshot(os.path.join(repo, "out")):
            problems.append("a clean rebuild writes a different out/")
        shutil.rmtree(fresh, ignore_errors=True)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mzrules")
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="mzr-build-fuzz-")
    start = time.time()
    rounds = 0
    failures = 0
    stats = {"completed": 0, "killed": 0}
    while True:
        if a.seconds:
            if time.time() - start > a.seconds:
                break
        elif rounds >= a.rounds:
            break
        base = os.path.join(work, f"round-{rounds}")
        os.makedirs(base)
        problems = one_round(os.path.abspath(a.mzrules), rng, base, stats)
        if problems:
            failures += 1
            print(f"round {rounds} ({base}):", file=sys.stderr)
            for p in problems:
                print("  " + p.replace("\n", "\n    "), file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)
        rounds += 1
    print(f"build fuzz: {rounds} rounds ({stats['completed']} builds completed, "
          f"{stats['killed']} killed midway), {failures} with problems, seed {a.seed}, "
          f"{time.time() - start:.1f}s")
    # A generator that only makes broken repositories would test nothing.
    if rounds >= 20 and stats["completed"] < rounds // 5:
        print("build fuzz: too few builds completed; the generator is broken", file=sys.stderr)
        return 1
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""mzrules' Alertmanager semantics against Alertmanager 0.34 itself (the version the chart deploys).

1. Loader verdicts: every Alertmanager configuration of the corpus (real/alertmanager-configs,
   kube-prometheus' config, and each routing tree of conformance/am-routing-cases.yaml made into
   a whole configuration) is loaded by mzrules (`mzrules routes show --config.file`, which reads
   it with mzrules' Alertmanager loader and nothing of the project's policy) and by 0.34's
   config.LoadFile (the amconfig oracle). Same verdict per file, or a listed exception
   (am_exceptions.txt beside this script, each with its reason).
2. Routing: for every configuration both accept, label sets from a seeded generator (values that
   equal, extend, truncate or surround the literal values of the configuration's matchers, and
   values no matcher names), plus the conformance cases' own label sets, reach the same
   receivers in the same order in `mzrules routes test --jsonl` and in amtool 0.34
   `config routes test`.
3. The emitted out/alertmanager/alertmanager.yml loads in 0.34, and `amtool check-config` 0.34
   accepts it with its templates.

Usage: alertmanager_oracle.py MZRULES REPOSITORY ORACLE_DIR
Environment: MZR_ORACLE_SEED (default 16), MZR_ORACLE_LABEL_SETS per configuration (default 24).
"""
import concurrent.futures
import json
import os
import random
import re
import sys
import tempfile
import time

import yaml

import oracle_common as oc

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.:/-]*$")
MATCHER = re.compile(r"""^\s*"?([^"!=~\s]+)"?\s*(=~|!~|!=|=)\s*(.*?)\s*$""")


def matchers_of(route, out):
    """Collects (name, op, value) of every matcher in a route tree."""
    if not isinstance(route, dict):
        return
    for name, value in (route.get("match") or {}).items():
        out.append((str(name), "=", str(value)))
    for name, value in (route.get("match_re") or {}).items():
        out.append((str(name), "=~", str(value)))
    for m in route.get("matchers") or []:
        for part in str(m).strip().strip("{}").split(","):
            g = MATCHER.match(part)
            if g:
                value = g.group(3)
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]
                out.append((g.group(1), g.group(2), value))
    for child in route.get("routes") or []:
        matchers_of(child, out)


def literals(op, value):
    """The literal strings a matcher's value is made of (a regex's plain alternatives)."""
    if op in ("=", "!="):
        return [value]
    text = re.sub(r"[()^$?]|\?:", "", value)
    found = []
    for alt in text.split("|"):
        alt = alt.replace(".*", "").replace(".+", "x")
        if SAFE_VALUE.match(alt):
            found.append(alt)
    return found


def candidate_values(matchers):
    """Per label name: the literal values and values that extend, truncate or surround them."""
    values = {}
    for name, op, value in matchers:
        if not NAME.match(name):
            continue
        v = values.setdefault(name, {"zz-other", ""})
        for lit in literals(op, value):
            v.add(lit)
            if lit:
                v.update({lit + "x", "pre" + lit, lit[:-1], lit[1:], lit.upper(), lit + "-" + lit})
    return {k: sorted(x for x in v if SAFE_VALUE.match(x)) for k, v in values.items()}


def label_sets(config_text, rng, count, extra):
    config = yaml.safe_load(config_text) or {}
    matchers = []
    matchers_of(config.get("route") or {}, matchers)
    values = candidate_values(matchers)
    sets = [dict(e) for e in extra]
    seen = {json.dumps(s, sort_keys=True) for s in sets}
    names = sorted(values)
    for _ in range(count * 4):
        if len(sets) >= count + len(extra):
            break
        s = {}
        for name in names:
            if rng.random() < 0.7:
                value = rng.choice(values[name])
                if value:  # an empty value is the label being absent
                    s[name] = value
        if rng.random() < 0.2:
            s["instance"] = "host-%d" % rng.randrange(3)
        key = json.dumps(s, sort_keys=True)
        if key not in seen:
            seen.add(key)
            sets.append(s)
    return sets


def amtool_receivers(amtool, config, labels):
    args = [amtool, "config", "routes", "test", "--config.file=" + config]
    args += ['%s="%s"' % (k, v) for k, v in sorted(labels.items())]
    r = oc.run(args)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return r.stdout.strip().split(",") if r.stdout.strip() else [], ""


def mzrules_receivers(mzrules, config, sets, cwd):
    r = oc.run([mzrules, "routes", "test", "--config.file=" + config, "--jsonl"], cwd=cwd,
               input="".join(json.dumps(s) + "\n" for s in sets))
    if r.returncode != 0:
        raise RuntimeError(f"mzrules routes test failed on {config}: {r.stderr.strip()}")
    lines = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    if len(lines) != len(sets):
        raise RuntimeError(f"mzrules routes test gave {len(lines)} answers for {len(sets)} label sets")
    return [l["receivers"] for l in lines]


def receivers_of(route, out):
    if isinstance(route, dict):
        if route.get("receiver"):
            out.add(str(route["receiver"]))
        for child in route.get("routes") or []:
            receivers_of(child, out)


def conformance_configs(conformance, tmp):
    """Each routing tree of am-routing-cases.yaml as a whole configuration, with its cases."""
    data = yaml.safe_load(open(os.path.join(conformance, "am-routing-cases.yaml"), encoding="utf-8"))
    configs = []
    for tree in data["trees"]:
        route = yaml.safe_load(tree["config"])
        names = set()
        receivers_of(route, names)
        text = "route:\n" + "".join("  " + l + "\n" for l in tree["config"].splitlines())
        text += "receivers:\n" + "".join(f"- name: '{n}'\n" for n in sorted(names))
        path = os.path.join(tmp, tree["name"] + ".yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        cases = [c["labels"] for c in data.get("cases", []) if c.get("tree") == tree["name"]]
        configs.append(("conformance:" + tree["name"], path, cases))
    return configs


def main():
    mzrules, repo, oracle_dir = sys.argv[1:4]
    amtool = oc.oracle(oracle_dir, "amtool")
    amconfig = oc.oracle(oracle_dir, "amconfig")
    corpus = oc.corpus(repo)
    here = os.path.dirname(os.path.abspath(__file__))
    exceptions = oc.read_exceptions(os.path.join(here, "am_exceptions.txt"))
    seed = int(os.environ.get("MZR_ORACLE_SEED", "16"))
    count = int(os.environ.get("MZR_ORACLE_LABEL_SETS", "24"))
    started = time.monotonic()
    failures = []

    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.path.join(tmp, "cwd")  # outside any repository
        os.mkdir(cwd)
        real = os.path.join(corpus, "real")
        configs = []
        for root, _, names in os.walk(os.path.join(real, "alertmanager-configs")):
            for n in names:
                if n.endswith((".yml", ".yaml")):
                    p = os.path.join(root, n)
                    configs.append(("real:" + os.path.relpath(p, real), p, []))
        configs.append(("real:kube-prometheus/split/alertmanager.yaml",
                        os.path.join(real, "kube-prometheus/split/alertmanager.yaml"), []))
        configs.sort()
        configs += conformance_configs(os.path.join(corpus, "conformance"), tmp)

        # 1. Loader verdicts.
        theirs = {}
        r = oc.run([amconfig] + [p for _, p, _ in configs])
        if r.returncode != 0:
            raise RuntimeError(f"amconfig failed: {r.stderr}")
        for line in r.stdout.splitlines():
            v = json.loads(line)
            theirs[v["file"]] = v
        agree, excused, accepted_by_both = 0, [], []
        for key, path, cases in configs:
            ours = oc.run([mzrules, "routes", "show", "--config.file=" + path], cwd=cwd)
            if ours.returncode not in (0, 1):
                failures.append(f"{key}: mzrules exited {ours.returncode}: {oc.first_line(ours.stderr)}")
                continue
            ok_ours, ok_theirs = ours.returncode == 0, theirs[path]["ok"]
            if ok_ours and ok_theirs:
                accepted_by_both.append((key, path, cases))
            if ok_ours == ok_theirs:
                agree += 1
                if key in exceptions:
                    failures.append(f"{key}: listed as an exception but the verdicts agree now")
                continue
            if key in exceptions:
                excused.append(key)
                continue
            failures.append(
                f"{key}: mzrules {'accepts' if ok_ours else 'rejects'}, Alertmanager 0.34 "
                f"{'accepts' if ok_theirs else 'rejects'}\n  mzrules: "
                f"{oc.first_line(ours.stderr) or '-'}\n  0.34: {theirs[path].get('error', '-')}")
        known = {k for k, _, _ in configs}
        for key in exceptions:
            if key not in known:
                failures.append(f"{key}: listed as an exception but is not a configuration of the corpus")
        print(f"Alertmanager 0.34 loader agreement: {agree}/{len(configs)} configurations same "
              f"verdict, {len(excused)} listed exceptions ({', '.join(excused) or 'none'})")

        # 2. Routing on label sets.
        rng = random.Random(seed)
        jobs = []
        for key, path, cases in accepted_by_both:
            sets = label_sets(open(path, encoding="utf-8").read(), rng, count, cases)
            want = mzrules_receivers(mzrules, path, sets, cwd)
            jobs += [(key, path, s, w) for s, w in zip(sets, want)]
        same = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = pool.map(lambda j: amtool_receivers(amtool, j[1], j[2]), jobs)
            for (key, path, s, ours), (got, err) in zip(jobs, results):
                if got is None:
                    failures.append(f"{key}: amtool could not test {s}: {err}")
                elif got == ours:
                    same += 1
                else:
                    labels = " ".join(f'{k}="{v}"' for k, v in sorted(s.items()))
                    failures.append(f"{key}: labels {labels}: mzrules {ours}, amtool 0.34 {got}\n"
                                    f"  reproduce: mzrules routes test --config.file={path} {labels}")
        print(f"amtool 0.34 routing agreement: {same}/{len(jobs)} label sets same receivers "
              f"(seed {seed}, {len(accepted_by_both)} configurations)")

        # 3. The emitted configuration, with its templates where the copy can find them.
        out = os.path.join(repo, "out", "alertmanager")
        text = open(os.path.join(out, "alertmanager.yml"), encoding="utf-8").read()
        text = re.sub(r"(?m)^(\s*- )/etc/alertmanager/([^/\s]+)$",
                      lambda m: m.group(1) + os.path.join(out, "templates", m.group(2)), text)
        emitted = os.path.join(tmp, "alertmanager.yml")
        with open(emitted, "w", encoding="utf-8") as f:
            f.write(text)
        v = json.loads(oc.run([amconfig, emitted]).stdout)
        if not v["ok"]:
            failures.append(f"Alertmanager 0.34 does not load out/alertmanager/alertmanager.yml: {v['error']}")
        r = oc.run([amtool, "check-config", emitted])
        if r.returncode != 0:
            failures.append(f"amtool 0.34 check-config rejects out/alertmanager/alertmanager.yml:\n{r.stdout}{r.stderr}")
        else:
            print("out/alertmanager/alertmanager.yml loads in Alertmanager 0.34 (templates included)")

    for f in failures:
        print("FAIL " + f)
    print(f"{time.monotonic() - started:.1f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    oc.run_main(main)

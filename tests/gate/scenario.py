#!/usr/bin/env python3
"""A team adopts mzrules as the CI gate of its existing repository, as a new user would.

A temporary git repository gets third-party rules (kube-prometheus, from the shared corpus), the
team's own rules, an Alertmanager configuration, route tests and a dashboard. Each step changes
the repository and checks that the findings the gate promises appear, or disappear, as described
in docs/ci-gate.md; the JSON and SARIF outputs must parse; `--changed-from` must report only the
change and what it broke.

Usage: scenario.py MZRULES SOURCE_DIR. Exit 77 (skipped) when the corpus is missing, unless the
CI environment variable is set.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

MZRULES = os.path.abspath(sys.argv[1])
SOURCE_DIR = os.path.abspath(sys.argv[2])
CORPUS = os.environ.get("MZR_CORPUS_DIR") or os.path.join(SOURCE_DIR, "..", "shared", "corpus")
KUBE_PROMETHEUS = os.path.join(CORPUS, "real", "kube-prometheus", "manifests")

failures = []
steps = 0


def expect(condition, what, output=""):
    global steps
    steps += 1
    if not condition:
        failures.append(what)
        print(f"FAIL {what}\n{output}", file=sys.stderr)
    else:
        print(f"ok   {what}")


def run(repo, *args):
    p = subprocess.run([MZRULES, *args, "--color=never"] if args[0] in ("check", "build", "test")
                       else [MZRULES, *args], cwd=repo, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


TEAM_RULES = """groups:
- name: team
  rules:
  - record: team:node_cpu_utilisation:avg
    expr: avg without (instance) (instance:node_cpu_utilisation:rate5m)
  - alert: TeamNodesBusy
    expr: team:node_cpu_utilisation:avg > 0.9
    for: 15m
    labels:
      severity: warning
      team: infra
    annotations:
      summary: The team's nodes are busy.
"""

# The team copied a recording rule of kube-prometheus into its own file.
COPIED_RULE = """groups:
- name: copied
  rules:
  - expr: |
      count without (cpu, mode) (
        node_cpu_seconds_total{job="node-exporter",mode="idle"}
      )
    record: instance:node_num_cpu:sum
"""

ALERTMANAGER = """route:
  receiver: default
  routes:
  - matchers: [team="infra"]
    receiver: infra
receivers:
- name: default
- name: infra
"""

ROUTE_TESTS = """route_tests:
- alert: TeamNodesBusy
  receivers: [infra]
"""

DASHBOARD = {
    "uid": "team-nodes",
    "title": "Team nodes",
    "schemaVersion": 39,
    "panels": [
        {"id": 1, "type": "timeseries", "title": "CPU",
         "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "percentunit"}},
         "targets": [{"refId": "A", "expr": "team:node_cpu_utilisation:avg"}]},
        {"id": 1, "type": "text", "title": "Notes",
         "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8}},
    ],
}


def codes(stdout):
    return [d["code"] for d in json.loads(stdout)]


def main():
    if not os.path.isdir(KUBE_PROMETHEUS):
        if os.environ.get("CI", "") not in ("", "0"):
            print(f"the corpus is missing: {KUBE_PROMETHEUS}", file=sys.stderr)
            return 1
        print(f"the corpus is missing: {KUBE_PROMETHEUS}; skipped", file=sys.stderr)
        return 77
    repo = tempfile.mkdtemp(prefix="mzrules-scenario-")
    try:
        scenario(repo)
    finally:
        shutil.rmtree(repo, ignore_errors=True)
    print(f"{steps - len(failures)} of {steps} expectations met")
    return 1 if failures else 0


def scenario(repo):
    git(repo, "init", "-q", "-b", "main")
    for name in ("nodeExporter-prometheusRule.yaml", "kubePrometheus-prometheusRule.yaml"):
        os.makedirs(os.path.join(repo, "vendor"), exist_ok=True)
        shutil.copy(os.path.join(KUBE_PROMETHEUS, name), os.path.join(repo, "vendor", name))
    write(repo, "team/rules.yaml", TEAM_RULES)

    # 1. No mzrules.yaml and the sources in other folders: an error naming what was searched.
    for command in ("check", "build"):
        code, out, err = run(repo, command)
        expect(code == 1 and "error[E1301]" in err and "'rules', 'alerts', 'dashboards'" in err,
               f"{command} without mzrules.yaml fails, naming the folders searched", err)

    # 2. A configured folder that does not exist is an error naming it.
    write(repo, "mzrules.yaml", "sources: [vendor, team, alerts, dashboards, monitoring]\n")
    write(repo, "team/copied.yaml", COPIED_RULE)
    write(repo, "alerts/alertmanager.yml", ALERTMANAGER)
    write(repo, "alerts/route-tests.yaml", ROUTE_TESTS)
    write(repo, "dashboards/team.json", json.dumps(DASHBOARD, indent=2) + "\n")
    code, out, err = run(repo, "check")
    expect(code == 1 and "error[E0001]: source folder 'monitoring' named in mzrules.yaml does "
           "not exist" in err, "a missing source folder is an error", err)
    write(repo, "mzrules.yaml", "sources: [vendor, team, alerts, dashboards]\n")

    # 2b. `mzrules init` proposes the same folders from what they hold.
    code, out, err = run(repo, "init", "--stdout")
    proposed = [line.split("#")[0].strip()[2:].strip() for line in out.splitlines()
                if line.startswith("  - ")]
    expect(code == 0 and proposed == ["alerts", "dashboards", "team", "vendor"],
           "init proposes the folders that hold sources", out + err)

    # 3. The human output ends with what was checked.
    code, out, err = run(repo, "check")
    last = err.strip().splitlines()[-1] if err.strip() else ""
    expect(last.startswith("checked 7 files: ") and "1 dashboard" in last and "2 routes" in last
           and "1 test" in last, "the output ends with what was checked", err)
    # A recording rule defined twice across files is a warning; duplicate panel ids too.
    expect("team/copied.yaml:8:13: warning[W1302]: recording rule 'instance:node_num_cpu:sum'"
           in err, "a recording rule defined in two files is a warning", err)
    expect("warning[W1308]: panel id 1 is also the id of panel 'CPU'" in err and
           "[E0812]" not in err, "duplicate panel ids are a warning, not an error", err)
    baseline_code = code

    # 4. JSON and SARIF are one document each.
    code, out, _ = run(repo, "check", "--format=json")
    found = codes(out)
    expect("W1302" in found and "W1308" in found, "check --format=json parses", out)
    code, out, _ = run(repo, "check", "--format=sarif")
    sarif = json.loads(out)
    expect(sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == len(found),
           "check --format=sarif parses and holds the same findings", out)

    # 5. The team commits; then a new warning appears, and --max-warnings stops it.
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "monitoring")
    code, out, err = run(repo, "check", "--max-warnings", "0")
    expect(code == 1 and "error[E1303]" in err, "--max-warnings 0 fails on warnings", err)

    # 6. A baseline accepts what is there; only new findings are reported.
    code, out, err = run(repo, "check", "--write-baseline", "mzrules-baseline.json")
    expect(code == 0 and os.path.exists(os.path.join(repo, "mzrules-baseline.json")),
           "--write-baseline writes the baseline", err)
    code, out, err = run(repo, "check", "--baseline", "mzrules-baseline.json", "--format=json")
    expect(code == 0 and json.loads(out) == [], "with the baseline, nothing is reported", out)
    with open(os.path.join(repo, "team/copied.yaml")) as f:
        copied = f.read()
    # Lines shift above the finding: still in the baseline.
    write(repo, "team/copied.yaml", "# Copied from kube-prometheus.\n\n" + copied)
    code, out, err = run(repo, "check", "--baseline", "mzrules-baseline.json", "--format=json")
    expect(code == 0 and json.loads(out) == [], "the baseline survives shifted lines", out)

    # 7. An inline suppression with a reason drops the finding; one without a reason is an error.
    write(repo, "team/copied.yaml", copied.replace(
        "    record: instance:node_num_cpu:sum",
        "    # mzrules-ignore W1302: the platform's Prometheus does not load vendor/ yet\n"
        "    record: instance:node_num_cpu:sum"))
    code, out, err = run(repo, "check", "--format=json")
    expect("W1302" not in codes(out), "a suppression with a reason drops the finding", out)
    write(repo, "team/copied.yaml", copied.replace(
        "    record: instance:node_num_cpu:sum",
        "    # mzrules-ignore W1302\n    record: instance:node_num_cpu:sum"))
    code, out, err = run(repo, "check", "--format=json")
    expect(code == 1 and "E1305" in codes(out) and "W1302" in codes(out),
           "a suppression without a reason is an error and suppresses nothing", out)
    write(repo, "team/copied.yaml", copied)

    # 8. Route tests: check finds a test naming an alert that does not exist; test reports a
    # failed expectation as one JSON document and as a GitHub annotation.
    write(repo, "alerts/route-tests.yaml", ROUTE_TESTS + "- alert: TeamNodeBusy\n"
          "  receivers: [infra]\n- alert: TeamNodesBusy\n  receivers: [default]\n")
    code, out, err = run(repo, "check")
    expect(code == 1 and "error[E0661]" in err, "check checks route-test files", err)
    write(repo, "alerts/route-tests.yaml", ROUTE_TESTS +
          "- alert: TeamNodesBusy\n  receivers: [default]\n")
    code, out, err = run(repo, "check")
    expect(code == baseline_code, "a failed expectation is for test, not check", err)
    code, out, err = run(repo, "test", "--format=json")
    failed = [d for d in json.loads(out) if d["code"] == "E1309"]
    expect(code == 1 and len(failed) == 1 and failed[0]["file"] == "alerts/route-tests.yaml"
           and failed[0]["line"] == 4,
           "test --format=json is one document holding the failed test", out)
    code, out, err = run(repo, "test", "--format=github")
    failed = [l for l in out.splitlines() if "title=E1309::" in l]
    expect(len(failed) == 1 and failed[0].startswith("::error file=alerts/route-tests.yaml,line=4,"),
           "test --format=github annotates the failed test", out)
    write(repo, "alerts/route-tests.yaml", ROUTE_TESTS)

    # 9. A renamed recording rule: the alert reading it and the dashboard get E0815.
    renamed = TEAM_RULES.replace("record: team:node_cpu_utilisation:avg",
                                 "record: team:node_cpu_util:avg")
    write(repo, "team/rules.yaml", renamed)
    code, out, err = run(repo, "check")
    expect(code == 1 and "team/rules.yaml:7:11: error[E0815]: no recording rule records "
           "'team:node_cpu_utilisation:avg', did you mean 'team:node_cpu_util:avg'?" in err,
           "an alert reading a renamed recording rule is E0815 with did you mean", err)
    expect("dashboards/team.json" in err and err.count("[E0815]") == 2,
           "the dashboard reading it is E0815 too", err)

    # 10. --changed-from: only the change and what it broke. The unchanged vendored duplicate
    # (W1302) and panel ids (W1308) are not reported; the dashboard broken by the rename is.
    code, out, err = run(repo, "check", "--changed-from", "main", "--format=json")
    doc = json.loads(out)
    where = sorted((d["code"], d.get("file", "")) for d in doc)
    expect(code == 1 and where == [("E0815", "dashboards/team.json"),
                                   ("E0815", "team/rules.yaml")],
           "--changed-from reports the change and the dashboard it broke", out + err)
    code, out, err = run(repo, "check", "--changed-from", "no-such-ref")
    expect(code == 1 and "error[E1307]" in err, "--changed-from with a bad ref is an error", err)
    write(repo, "team/rules.yaml", TEAM_RULES)
    code, out, err = run(repo, "check", "--changed-from", "main", "--format=json")
    expect(code == 0 and json.loads(out) == [], "undoing the change leaves nothing to report",
           out + err)

    # 11. A misspelt metric of a family the catalogs describe in full: W0816 with did you mean.
    write(repo, "team/rules.yaml", TEAM_RULES + """  - alert: TeamNodeDown
    expr: up{job="node-exporter"} == 0 or absent(node_uname_inf)
    for: 5m
    labels: {severity: warning, team: infra}
    annotations: {summary: A node is down.}
""")
    code, out, err = run(repo, "check", "--changed-from", "main")
    expect("team/rules.yaml:15:50: warning[W0816]: metric 'node_uname_inf' is not in the "
           "catalogs, which describe the 'node_' metrics in full, did you mean "
           "'node_uname_info'?" in err, "a misspelt metric in a rule is W0816 with did you mean",
           err)
    write(repo, "team/rules.yaml", TEAM_RULES)

    # 12. Pinning Alertmanager: a key newer than the pinned release is an error at the key.
    settings = open(os.path.join(repo, "mzrules.yaml"), encoding="utf-8").read()
    write(repo, "mzrules.yaml", settings + 'versions: {alertmanager: "0.27"}\n')
    write(repo, "alerts/alertmanager.yml", ALERTMANAGER + "tracing: {endpoint: 'otel:4317'}\n")
    code, out, err = run(repo, "check")
    expect(code == 1 and "alerts/alertmanager.yml:9:1: error[E0627]: 'tracing' needs "
           "Alertmanager 0.30 or newer" in err, "a key newer than the pinned Alertmanager is E0627",
           err)
    write(repo, "mzrules.yaml", settings)
    code, out, err = run(repo, "check")
    expect("E0627" not in err, "without the pin the deployed release's keys are accepted", err)

    # 13. Secrets substituted at deployment: refused by default, placeholders accepted and kept
    # when the repository says so, real secrets refused either way.
    hook = "  webhook_configs: [{url: '%s'}]\n"
    write(repo, "alerts/alertmanager.yml", ALERTMANAGER + hook % "${INFRA_WEBHOOK}")
    code, out, err = run(repo, "check")
    expect(code == 1 and "alerts/alertmanager.yml:9:" in err and "error[E0619]" in err,
           "a secret written inline is an error by default", err)
    write(repo, "mzrules.yaml", settings + "secrets: {inline: substituted}\n")
    code, out, err = run(repo, "build")
    emitted = open(os.path.join(repo, "out/alertmanager/alertmanager.yml"), encoding="utf-8").read()
    expect(code == 0 and "warning[W0626]" in err and "url: ${INFRA_WEBHOOK}" in emitted,
           "with 'secrets.inline: substituted' a placeholder is a warning and reaches out/",
           err + emitted)
    write(repo, "alerts/alertmanager.yml",
          ALERTMANAGER + hook % "https://hooks.example.org/T0A1B2C3D4E5F6G7H8J9")
    code, out, err = run(repo, "check")
    expect(code == 1 and "error[E0619]" in err and "T0A1B2C3D4E5F6G7H8J9" not in err,
           "a real secret stays an error and is never printed", err)
    write(repo, "mzrules.yaml", settings)
    write(repo, "alerts/alertmanager.yml", ALERTMANAGER)

    # 14. test and routes report what they need: a broken dashboard fails check, not the tests,
    # and routes still answers.
    write(repo, "dashboards/broken.json", '{"panels": [ {"id": 1,, } ]}\n')
    code, out, err = run(repo, "test")
    expect(code == 0 and "broken.json" not in err, "a broken dashboard does not fail 'test'",
           out + err)
    code, out, err = run(repo, "check")
    expect(code == 1 and "dashboards/broken.json:1:" in err, "check still reports it", err)
    code, out, err = run(repo, "routes", "show")
    expect(code == 0 and "receiver:" in out and "1 error in files the routing configuration is "
           "not read from" in err, "routes show answers despite the broken dashboard", out + err)
    code, out, err = run(repo, "routes", "test", "--format=json", "team=infra")
    expect(code == 0 and json.loads(out)["receivers"] == ["infra"],
           "routes test --format=json writes its answer as one document", out + err)
    os.remove(os.path.join(repo, "dashboards/broken.json"))

    # 15. Known label values: the deployment's node-exporter job is 'prometheus-node-exporter',
    # so the copied rule's job="node-exporter" selects nothing.
    write(repo, "mzrules.yaml", settings + "catalogs:\n  label_values:\n"
          "    node_exporter: {job: [prometheus-node-exporter]}\n")
    code, out, err = run(repo, "check", "--format=json")
    where = [d["file"] for d in json.loads(out) if d["code"] == "W1311"]
    expect("team/copied.yaml" in where, "a matcher for a job the deployment does not have is W1311",
           out)
    write(repo, "mzrules.yaml", settings)

    # 16. Pinning Prometheus 2 refuses what only Prometheus 3 has.
    write(repo, "team/new.yaml", "groups:\n- name: new\n  rules:\n  - record: team:up:first\n"
          "    expr: first_over_time(up[5m])\n")
    code, out, err = run(repo, "check")
    expect("team/new.yaml" not in err, "first_over_time is accepted for Prometheus 3", err)
    write(repo, "mzrules.yaml", settings + "versions: {prometheus: 2}\n")
    code, out, err = run(repo, "check")
    expect(code == 1 and "team/new.yaml:5:11: error[E0405]" in err,
           "with 'versions: {prometheus: 2}' first_over_time is an error", err)
    os.remove(os.path.join(repo, "team/new.yaml"))
    write(repo, "mzrules.yaml", settings)

    # 17. A PrometheusRule read from the repository keeps its name, namespace and labels in out/.
    code, out, err = run(repo, "build")
    emitted = os.path.join(repo, "out", "thanos", "prometheusrules")
    texts = [open(os.path.join(emitted, n), encoding="utf-8").read()
             for n in sorted(os.listdir(emitted))] if os.path.isdir(emitted) else []
    kept = [t for t in texts if "name: node-exporter-rules" in t]
    expect(code == 0 and len(kept) == 1 and "namespace: monitoring" in kept[0]
           and "prometheus: k8s" in kept[0] and "role: alert-rules" in kept[0],
           "a PrometheusRule keeps its name, namespace and labels in out/", err + "".join(texts))


if __name__ == "__main__":
    sys.exit(main())

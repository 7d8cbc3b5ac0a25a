#!/usr/bin/env python3
"""End-to-end check of the emitted Alertmanager configuration against the real Alertmanager.

Starts Debian's prometheus-alertmanager on loopback with out/alertmanager/alertmanager.yml,
posts one alert per label set found in the repository's alerts (alertname, severity, component,
with two namespaces), reads the aggregation groups back from /api/v2/alerts/groups and compares
each alert's receivers with what `mzrules routes test --jsonl` computes. Also confirms that a
critical alert inhibits the warning tier of its alert family in the same namespace, as the
inhibit rules say.

Usage: alertmanager_e2e.py MZRULES_BINARY REPOSITORY. Exits 77 (skipped) without the
Alertmanager binary, or fails when the CI environment variable is set.
"""
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

SKIP = 77
# The repository's alerts: fewer label sets means the walk over the emitted rules lost some.
MIN_ALERTS = 95


def in_ci():
    return os.environ.get("CI", "") not in ("", "0")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def label_sets(repo):
    """One label set per alert the build emitted (out/thanos/rules, out/loki/rules): its name
    and labels, in two namespaces, plus the Watchdog."""
    sets = []
    files = sorted(glob.glob(os.path.join(repo, "out", "thanos", "rules", "*.yaml")) +
                   glob.glob(os.path.join(repo, "out", "loki", "rules", "**", "*.yaml"),
                             recursive=True))
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for group in doc.get("groups") or []:
            for rule in group.get("rules") or []:
                if "alert" not in rule:
                    continue
                labels = {k: str(v) for k, v in (rule.get("labels") or {}).items()}
                labels["alertname"] = rule["alert"]
                for ns in ("environment-a", "environment-b"):
                    sets.append(dict(labels, namespace=ns))
    sets.append({"alertname": "Watchdog", "severity": "none"})
    return sets


def request(url, data=None):
    body = None if data is None else json.dumps(data).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def main():
    mzrules, repo = sys.argv[1], sys.argv[2]
    server = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
    if server is None:
        if in_ci():
            print("prometheus-alertmanager is not installed (required: CI is set)")
            return 1
        print("prometheus-alertmanager is not installed; skipped")
        return SKIP
    config = os.path.join(repo, "out", "alertmanager", "alertmanager.yml")
    sets = label_sets(repo)
    alerts = (len(sets) - 1) // 2
    if alerts < MIN_ALERTS:
        print("only %d alerts found in out/; expected at least %d" % (alerts, MIN_ALERTS))
        return 1

    routed = subprocess.run([mzrules, "routes", "test", "--jsonl"], cwd=repo, check=True,
                            input="\n".join(json.dumps(s) for s in sets), capture_output=True,
                            text=True).stdout.splitlines()
    if len(routed) != len(sets):
        print("mzrules routed %d of %d label sets" % (len(routed), len(sets)))
        return 1
    want = {}
    for line in routed:
        j = json.loads(line)
        want[json.dumps(j["labels"], sort_keys=True)] = sorted(set(j["receivers"]))

    tmp = tempfile.mkdtemp()
    port = free_port()
    proc = subprocess.Popen([server, "--config.file=" + config, "--storage.path=" + tmp,
                             "--web.listen-address=127.0.0.1:%d" % port,
                             "--cluster.listen-address="],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "log"), "w"))
    base = "http://127.0.0.1:%d" % port
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/-/ready", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        if proc.poll() is not None:
            print(open(os.path.join(tmp, "log")).read())
            print("alertmanager did not start")
            return 1
        request(base + "/api/v2/alerts", [{"labels": s} for s in sets])
        got = {}
        for _ in range(100):
            got = {}
            for g in request(base + "/api/v2/alerts/groups"):
                for a in g["alerts"]:
                    key = json.dumps(a["labels"], sort_keys=True)
                    got.setdefault(key, set()).add(g["receiver"]["name"])
            if len(got) == len(want):
                break
            time.sleep(0.1)
        failures = 0
        for key, receivers in sorted(want.items()):
            actual = sorted(got.get(key, set()))
            if actual != receivers:
                failures += 1
                print("%s: alertmanager %s, mzrules %s" % (key, actual, receivers))
        print("%d label sets, %d agree with alertmanager" % (len(want), len(want) - failures))

        # Inhibition: the critical and the warning tier of one alert family in one namespace,
        # with the repository's alert names (each tier has its own).
        pair = [{"labels": {"alertname": name, "namespace": "e2e", "severity": sev,
                            "component": "cockroachdb",
                            "alert_family": "cockroachdb-disk-usage"}}
                for name, sev in (("CockroachdbDiskUsageCritical", "critical"),
                                  ("CockroachdbDiskUsageHigh", "warning"))]
        request(base + "/api/v2/alerts", pair)
        inhibited = None
        for _ in range(100):
            for a in request(base + "/api/v2/alerts?filter=namespace%3D%22e2e%22"):
                if a["labels"]["severity"] == "warning" and a["status"]["inhibitedBy"]:
                    inhibited = a
            if inhibited:
                break
            time.sleep(0.1)
        if inhibited is None:
            failures += 1
            print("the warning was not inhibited by the critical alert")
        return 1 if failures else 0
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

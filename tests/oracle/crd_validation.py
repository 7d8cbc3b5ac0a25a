#!/usr/bin/env python3
"""Every custom resource in out/ passes the API server's validation against the CRDs the charts ship.

With MZRULES given, the fixture projects of FIXTURES (built with `mzrules build` into a temporary
copy) are validated the same way, so that resources the repository's own stack does not ask for
(the ThanosRuler of an operator-run Thanos ruler) are covered too.

The CRDs are read from ../shared/charts: the materialize-monitoring-crds chart rendered with
helm 4 (its CRDs are templates), and the plain CRD folders that Helm installs with the
umbrella's grafana-operator subchart and with the thanos chart's kube-prometheus-stack. Each
resource is validated by the crdvalidate oracle (k8s.io/apiextensions-apiserver: unknown fields
as strict field validation reports them, structural schema, defaults, metadata, list invariants
and CEL rules) against every shipped copy of its CRD: 0 errors. A resource no CRD describes fails.
The invalid resources in testdata/invalid_crs.yaml must each be rejected with the expected error,
so that the 0 cannot come from a validator that checks nothing.

Usage: crd_validation.py REPOSITORY ORACLE_DIR [MZRULES]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

import oracle_common as oc

# The error each invalid resource must give (a part of its text).
EXPECTED = {
    "two-folders": "Only one of folderUID or folderRef can be declared at the same time",
    "no-selector": 'spec.instanceSelector: Required value',
    "misspelt": 'unknown field "spec.titel"',
    "bad-duration": "spec.groups[0].rules[0].for: Invalid value",
    "Not_A_DNS_Name": "metadata.name: Invalid value",
}


def custom_resources(out):
    """Files below out/ with at least one document whose apiVersion has a group."""
    files = []
    for root, _, names in os.walk(out):
        for n in sorted(names):
            if not n.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(root, n)
            with open(path, encoding="utf-8") as f:
                docs = [d for d in yaml.safe_load_all(f) if isinstance(d, dict)]
            if any("." in str(d.get("apiVersion", "")).split("/")[0] and "/" in str(d.get("apiVersion", ""))
                   for d in docs):
                files.append(path)
    return sorted(files)


# Fixture projects (relative to the repository) whose output is validated besides out/, and the
# kinds each must produce, so that a fixture that stops emitting them fails.
FIXTURES = {
    "tests/thanosruler/project": {"ThanosRuler", "PrometheusRule"},
}


def build_fixture(mzrules, repo, fixture, tmp):
    """The output folder of a fresh build of the fixture project."""
    project = os.path.join(tmp, fixture.replace("/", "_"))
    shutil.copytree(os.path.join(repo, fixture), project)
    r = subprocess.run([mzrules, "build", "--color=never"], cwd=project, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"mzrules build of {fixture} exited {r.returncode}: {r.stderr}")
    return os.path.join(project, "out")


def main():
    repo, oracle_dir = sys.argv[1:3]
    mzrules = sys.argv[3] if len(sys.argv) > 3 else None
    helm = oc.oracle(oracle_dir, "helm")
    validator = oc.oracle(oracle_dir, "crdvalidate")
    charts = os.path.join(os.path.dirname(os.path.abspath(repo)), "shared", "charts")
    if not os.path.isdir(charts):
        raise oc.Missing(f"the charts are absent ({charts})")
    here = os.path.dirname(os.path.abspath(__file__))
    started = time.monotonic()
    failures = []

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HELM_CACHE_HOME=os.path.join(tmp, "cache"),
                   HELM_CONFIG_HOME=os.path.join(tmp, "config"), HELM_DATA_HOME=os.path.join(tmp, "data"))
        r = oc.run([helm, "template", "mzmon-crds", os.path.join(charts, "materialize-monitoring-crds"),
                    "--namespace", "monitoring"], env=env)
        if r.returncode != 0:
            print(f"FAIL helm template materialize-monitoring-crds: {r.stderr}")
            return 1
        rendered = os.path.join(tmp, "materialize-monitoring-crds.yaml")
        with open(rendered, "w", encoding="utf-8") as f:
            f.write(r.stdout)
        umbrella = os.path.join(charts, "materialize-monitoring", "charts")
        crds = [rendered,
                os.path.join(umbrella, "grafana-operator", "charts", "crds", "crds"),
                os.path.join(umbrella, "thanos", "charts", "kube-prometheus-stack", "charts", "crds", "crds")]
        crd_args = [a for c in crds for a in ("--crds", c)]

        files = custom_resources(os.path.join(repo, "out"))
        fixture_files = {}
        for fixture in FIXTURES if mzrules else []:
            try:
                fixture_files[fixture] = custom_resources(build_fixture(mzrules, repo, fixture, tmp))
            except RuntimeError as e:
                failures.append(str(e))
                fixture_files[fixture] = []
            files += fixture_files[fixture]
        r = oc.run([validator] + crd_args + files)
        if r.returncode not in (0, 1):
            print(f"FAIL crdvalidate could not run: {r.stderr}")
            return 1
        results = [json.loads(l) for l in r.stdout.splitlines()]
        resources = {(x["file"], x["doc"]) for x in results}
        errors = 0
        for x in results:
            for e in x["errors"]:
                errors += 1
                where = os.path.relpath(x["file"], repo)
                crd = os.path.relpath(x.get("crd") or "-", charts) if x.get("crd") else "no CRD"
                failures.append(f"{where} (document {x['doc']}, {x['kind']} {x['name']}) against {crd}: {e}")
        kinds = sorted({x["kind"] for x in results})
        print(f"CRD validation: {len(resources)} custom resources in {len(files)} files "
              f"({', '.join(kinds)}), {len(results)} resource/CRD pairs, {errors} errors")
        if not files:
            failures.append("no custom resource found in out/")
        for fixture, fixture_paths in fixture_files.items():
            kinds_here = {x["kind"] for x in results if x["file"] in fixture_paths}
            print(f"  of which {len({(x['file'], x['doc']) for x in results if x['file'] in fixture_paths})} "
                  f"from {fixture} ({', '.join(sorted(kinds_here))})")
            for missing in sorted(FIXTURES[fixture] - kinds_here):
                failures.append(f"{fixture} produced no {missing} to validate")

        # The control: each invalid resource is rejected with its error.
        r = oc.run([validator] + crd_args + [os.path.join(here, "testdata", "invalid_crs.yaml")])
        got = {}
        for line in r.stdout.splitlines():
            x = json.loads(line)
            got.setdefault(x["name"], []).extend(x["errors"])
        for name, want in EXPECTED.items():
            if not any(want in e for e in got.get(name, [])):
                failures.append(f"control: invalid resource '{name}' should give '{want}', got {got.get(name)}")
        if r.returncode != 1:
            failures.append(f"control: crdvalidate exited {r.returncode} on invalid resources")

    for f in failures:
        print("FAIL " + f)
    print(f"{time.monotonic() - started:.1f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    oc.run_main(main)

#!/usr/bin/env python3
"""The repository's notification templates rendered by mzrules and by amtool 0.34.

Usage: amtool_template_render.py MZRULES REPO ORACLE_DIR

Every text of the emitted alertmanager.yml that holds a template action, and every template the
emitted template files define (called as {{ template "NAME" . }}), is rendered by
`amtool template render` (Alertmanager 0.34, the version the chart deploys) and by
`mzrules template render --funcs alertmanager` with the same template files and the same
notification data. The data sets cover what the texts branch on: firing and resolved groups,
one and several alerts, labels and annotations present and missing, and characters that need
escaping. Every output must be byte-identical.
"""
import glob
import json
import os
import re
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_common import first_line, oracle, run, run_main  # noqa: E402


def alert(status, labels, annotations, starts="2026-12-01T10:00:00Z", ends="0001-01-01T00:00:00Z"):
    return {"status": status, "labels": labels, "annotations": annotations, "startsAt": starts,
            "endsAt": ends, "generatorURL": "http://thanos-query:9090/graph?g0.expr=up",
            "fingerprint": "c4d1e0b1f6e3a2b9"}


def data_sets():
    page = {"alertname": "EnvironmentdNotAcceptingConnections", "namespace": "environment-1",
            "severity": "critical", "component": "environmentd", "pod": "environmentd-0"}
    note = {"summary": "environmentd in environment-1 is not accepting connections",
            "runbook_url": "https://example.com/runbooks/environmentd.md#x"}
    other = dict(page, pod="environmentd-1", severity="warning")
    odd = {"alertname": "Odd<&>\"'", "severity": "notice", "component": "console",
           "namespace": "ns-é-✓"}
    common = {"alertname": page["alertname"], "component": "environmentd",
              "namespace": "environment-1"}
    return {
        "one-firing": {
            "receiver": "oncall-pager", "status": "firing",
            "alerts": [alert("firing", page, note)],
            "groupLabels": {"alertname": page["alertname"], "namespace": page["namespace"]},
            "commonLabels": page, "commonAnnotations": note,
            "externalURL": "http://alertmanager.monitoring:9093"},
        "two-firing-one-resolved": {
            "receiver": "oncall-slack", "status": "firing",
            "alerts": [alert("firing", page, note), alert("firing", other, {"summary": "s2"}),
                       alert("resolved", dict(page, pod="environmentd-2"), note,
                             ends="2026-12-01T11:00:00Z")],
            "groupLabels": {"alertname": page["alertname"]},
            "commonLabels": common, "commonAnnotations": {},
            "externalURL": "http://alertmanager.monitoring:9093"},
        "resolved": {
            "receiver": "team-adapter", "status": "resolved",
            "alerts": [alert("resolved", page, note, ends="2026-12-01T11:00:00Z")],
            "groupLabels": {"alertname": page["alertname"]},
            "commonLabels": page, "commonAnnotations": note,
            "externalURL": "http://alertmanager.monitoring:9093"},
        "no-namespace-no-runbook": {
            "receiver": "team-cloud", "status": "firing",
            "alerts": [alert("firing", {"alertname": "NodeUnreachable", "severity": "critical"},
                             {"summary": "node gone"})],
            "groupLabels": {}, "commonLabels": {"alertname": "NodeUnreachable",
                                               "severity": "critical"},
            "commonAnnotations": {"summary": "node gone"}, "externalURL": ""},
        "escaping": {
            "receiver": "team-adapter", "status": "firing",
            "alerts": [alert("firing", odd, {"summary": "a <b> & \"c\" é", "runbook_url": "x y"})],
            "groupLabels": {"alertname": odd["alertname"]}, "commonLabels": odd,
            "commonAnnotations": {"summary": "a <b> & \"c\" é"},
            "externalURL": "http://am/?q=1&r=2"},
    }


def texts_of(value, out):
    if isinstance(value, str):
        if "{{" in value:
            out.append(value)
    elif isinstance(value, list):
        for v in value:
            texts_of(v, out)
    elif isinstance(value, dict):
        for v in value.values():
            texts_of(v, out)


def main():
    mzrules, repo, oracle_dir = sys.argv[1:4]
    amtool = oracle(oracle_dir, "amtool")
    out_dir = os.path.join(repo, "out", "alertmanager")
    template_files = sorted(glob.glob(os.path.join(out_dir, "templates", "*.tmpl")))
    with open(os.path.join(out_dir, "alertmanager.yml"), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    texts = []
    for receiver in config.get("receivers") or []:
        texts_of({k: v for k, v in receiver.items() if k != "name"}, texts)
    for path in template_files:
        with open(path, encoding="utf-8") as f:
            for name in re.findall(r'{{-?\s*define\s+"([^"]+)"', f.read()):
                texts.append('{{ template "%s" . }}' % name)
    texts = sorted(set(texts))
    if not texts:
        print("FAILED: the emitted configuration has no template to render")
        return 1

    failures = 0
    compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        for data_name, data in sorted(data_sets().items()):
            data_path = os.path.join(tmp, data_name + ".json")
            with open(data_path, "w", encoding="utf-8") as f:
                json.dump(data, f)
            for text in texts:
                globs = [f"--template.glob={p}" for p in template_files]
                want = run([amtool, "template", "render", *globs, f"--template.text={text}",
                            f"--template.data={data_path}"])
                got_args = [mzrules, "template", "render", "--funcs", "alertmanager",
                            "--color=never", "--text", text, "--data", json.dumps(data)]
                for p in template_files:
                    got_args += ["--templates", p]
                got = run(got_args, cwd=repo)
                compared += 1
                want_out = want.stdout  # amtool prints the rendering as it is
                if want.returncode != 0 or got.returncode != 0 or want_out != got.stdout:
                    failures += 1
                    print(f"DIFFERENT [{data_name}] {text!r}")
                    print(f"  amtool ({want.returncode}): {want_out!r} {first_line(want.stderr)}")
                    print(f"  mzrules ({got.returncode}): {got.stdout!r} {first_line(got.stderr)}")
    print(f"{compared - failures}/{compared} renderings identical "
          f"({len(texts)} texts x {len(data_sets())} data sets, {len(template_files)} template files)")
    return 1 if failures else 0


if __name__ == "__main__":
    run_main(main)

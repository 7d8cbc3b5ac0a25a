#!/usr/bin/env python3
"""The ThanosRuler mzrules writes selects exactly the PrometheusRules mzrules writes.

Builds the operator-mode fixture project (tests/thanosruler/project) with `mzrules build`, then
works from the emitted YAML alone: it reads the ThanosRuler and every PrometheusRule of out/,
puts them in a model of a cluster beside PrometheusRules that mzrules does not write (other
labels, a subset of ours, ours plus an excluded label, ours in another namespace, none), and
applies Kubernetes' label-selector semantics (matchLabels, matchExpressions with In, NotIn,
Exists, DoesNotExist; an empty selector selects everything, a missing one nothing) to the
ThanosRuler's ruleSelector, and prometheus-operator's namespace rule to its
ruleNamespaceSelector (missing: the ThanosRuler's own namespace; empty: every namespace;
otherwise the namespaces whose labels match, each namespace carrying
kubernetes.io/metadata.name). The selected set must be exactly ours. Controls: an empty
selector in place of the emitted one selects the foreign rules too, so the foreign rules are
real competitors, and the selector logic is checked on a few cases with known answers.

Usage: selection.py MZRULES REPOSITORY
"""
import os
import shutil
import subprocess
import sys
import tempfile

import yaml


def requirement_matches(req, labels):
    key, op, values = req["key"], req["operator"], req.get("values") or []
    if op == "In":
        return key in labels and labels[key] in values
    if op == "NotIn":
        return key not in labels or labels[key] not in values
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    raise ValueError(f"unknown label selector operator {op}")


def selector_matches(selector, labels):
    """metav1.LabelSelectorAsSelector: None selects nothing, {} everything."""
    if selector is None:
        return False
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    return all(requirement_matches(r, labels) for r in selector.get("matchExpressions") or [])


def selected_namespaces(ruler, namespaces):
    sel = ruler["spec"].get("ruleNamespaceSelector")
    if sel is None:
        return {ruler["metadata"]["namespace"]}
    return {name for name, labels in namespaces.items() if selector_matches(sel, labels)}


def select(ruler, rules, namespaces):
    in_ns = selected_namespaces(ruler, namespaces)
    sel = ruler["spec"].get("ruleSelector")
    return {(r["metadata"]["namespace"], r["metadata"]["name"]) for r in rules
            if r["metadata"]["namespace"] in in_ns
            and selector_matches(sel, r["metadata"].get("labels") or {})}


def foreign_rules(ours):
    """PrometheusRules another team could have in the cluster, derived from one of ours."""
    ns = ours["metadata"]["namespace"]
    labels = dict(ours["metadata"].get("labels") or {})
    subset = dict(list(labels.items())[1:])  # all but managed-by
    def rule(name, namespace, lbls):
        return {"kind": "PrometheusRule", "metadata": {"name": name, "namespace": namespace, "labels": lbls}}
    return [
        rule("foreign-unlabelled", ns, {}),
        rule("foreign-other-team", ns, {"role": "mz-rules", "team": "storage"}),
        rule("foreign-subset", ns, subset),
        rule("foreign-experimental", ns, dict(labels, stage="experimental")),
        rule("foreign-elsewhere", "default", labels),
    ]


def self_test():
    failures = []
    cases = [
        (None, {"a": "1"}, False),
        ({}, {}, True),
        ({"matchLabels": {"a": "1"}}, {"a": "1", "b": "2"}, True),
        ({"matchLabels": {"a": "1"}}, {"a": "2"}, False),
        ({"matchExpressions": [{"key": "s", "operator": "NotIn", "values": ["x"]}]}, {}, True),
        ({"matchExpressions": [{"key": "s", "operator": "NotIn", "values": ["x"]}]}, {"s": "x"}, False),
        ({"matchExpressions": [{"key": "s", "operator": "In", "values": ["x"]}]}, {}, False),
        ({"matchExpressions": [{"key": "s", "operator": "Exists"}]}, {"s": ""}, True),
        ({"matchExpressions": [{"key": "s", "operator": "DoesNotExist"}]}, {"s": ""}, False),
    ]
    for sel, labels, want in cases:
        if selector_matches(sel, labels) != want:
            failures.append(f"self-test: selector {sel} on {labels} should give {want}")
    return failures


def main():
    mzrules, repo = sys.argv[1:3]
    failures = self_test()
    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "project")
        shutil.copytree(os.path.join(repo, "tests", "thanosruler", "project"), project)
        r = subprocess.run([mzrules, "build", "--color=never"], cwd=project, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL mzrules build exited {r.returncode}:\n{r.stdout}{r.stderr}")
            return 1
        docs = []
        out = os.path.join(project, "out")
        for root, _, names in os.walk(out):
            for n in sorted(names):
                if n.endswith(".yaml"):
                    with open(os.path.join(root, n), encoding="utf-8") as f:
                        docs.extend(d for d in yaml.safe_load_all(f) if isinstance(d, dict))
    rulers = [d for d in docs if d.get("kind") == "ThanosRuler"]
    ours = [d for d in docs if d.get("kind") == "PrometheusRule"]
    if len(rulers) != 1 or not ours:
        print(f"FAIL expected one ThanosRuler and some PrometheusRules in out/, got {len(rulers)} and {len(ours)}")
        return 1
    ruler = rulers[0]
    foreign = foreign_rules(ours[0])
    everything = ours + foreign
    namespaces = {}
    for d in everything + [ruler]:
        ns = d["metadata"]["namespace"]
        namespaces[ns] = {"kubernetes.io/metadata.name": ns}
    namespaces.setdefault("kube-system", {"kubernetes.io/metadata.name": "kube-system"})

    want = {(r["metadata"]["namespace"], r["metadata"]["name"]) for r in ours}
    got = select(ruler, everything, namespaces)
    print(f"ThanosRuler {ruler['metadata']['namespace']}/{ruler['metadata']['name']}: selects "
          f"{len(got)} of {len(everything)} PrometheusRules ({len(ours)} written by mzrules, "
          f"{len(foreign)} foreign) in {len(namespaces)} namespaces")
    for ns, name in sorted(got - want):
        failures.append(f"selects {ns}/{name}, which mzrules does not write")
    for ns, name in sorted(want - got):
        failures.append(f"does not select {ns}/{name}, which mzrules writes")

    # Control: without the selectors the foreign rules would be selected, so they compete.
    loose = {"metadata": ruler["metadata"], "spec": {"ruleSelector": {}, "ruleNamespaceSelector": {}}}
    if len(select(loose, everything, namespaces) - want) != len(foreign):
        failures.append("control: empty selectors should select every foreign PrometheusRule")

    for f in failures:
        print("FAIL " + f)
    if not failures:
        print("selected exactly the PrometheusRules mzrules writes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

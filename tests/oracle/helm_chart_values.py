#!/usr/bin/env python3
"""The generated values deploy the stack: helm 4 renders the materialize-monitoring umbrella
chart 0.18.1 (../shared/charts) with out/helm/materialize-monitoring-values.yaml plus only the
minimum site values its README names, and the rendered manifests are checked:

- the Thanos ruler is on, mounts exactly our rule files and nothing of the chart's examples,
  sends alerts to the Alertmanager this release deploys (an address that follows the release
  name and namespace: a second render under other names proves it), and does not also import
  PrometheusRules; a build with `rules prometheusrule` imports by our selector and mounts none;
- the Loki ruler loads our rule files per tenant from the storage the rendered configuration
  uses (`ruler_storage` with use_thanos_objstore, `ruler.storage` without), sends alerts to our
  Alertmanager and remote-writes to the thanos receive Service on the port it exposes;
- Alertmanager runs our alertmanager.yml with its templates and secret mounts;
- the Grafana datasources the chart provisions are the ones our dashboards reference, with no
  name or uid clash, and the chart's Grafana instance carries our dashboards' instance selector;
- the stack's chart settings (Thanos retention per resolution, replica labels, partial response,
  store time partitions; Loki retention global, per tenant, per stream) are in the manifests;
- the kube-state-metrics allowlist keeps every kube_* metric our rules and dashboards name
  (found here by a scan of out/, independent of mzrules);
- a value the chart passes through `tpl` is escaped in the values file and reaches the rule file
  intact, one it writes with `toYaml` is not escaped.

Usage: helm_chart_values.py MZRULES REPOSITORY ORACLE_DIR
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

import oracle_common as oc

VALUES = "out/helm/materialize-monitoring-values.yaml"

# The minimum site values a render needs (../shared/charts/README.md, "Values a test must supply").
SITE = """
loki:
  loki:
    storage:
      bucketNames: {chunks: test-chunks, ruler: test-ruler}
  networkPolicy:
    metrics: {namespaceSelector: {matchLabels: {test-metrics: "true"}}}
    ingress: {namespaceSelector: {matchLabels: {loki-ok: "true"}}}
thanos:
  global:
    objstore:
      createSecret: true
      config: |
        type: s3
        config: {bucket: test-thanos, endpoint: s3.amazonaws.com, region: us-east-1}
"""


class Checks:
    def __init__(self):
        self.passed = []
        self.failed = []

    def check(self, ok, what, detail=""):
        (self.passed if ok else self.failed).append(what + ("" if ok or not detail else f": {detail}"))
        return ok


def render(helm, charts, release, namespace, values_files):
    args = [helm, "template", release, os.path.join(charts, "materialize-monitoring"), "-n", namespace,
            "--kube-version", "1.31.0"]
    for v in values_files:
        args += ["-f", v]
    r = oc.run(args)
    docs = [d for d in yaml.safe_load_all(r.stdout) if isinstance(d, dict)] if r.returncode == 0 else []
    return r, docs


def find(docs, kind, name=None):
    return [d for d in docs if d.get("kind") == kind and (name is None or d["metadata"]["name"] == name)]


def one(docs, kind, name):
    found = find(docs, kind, name)
    return found[0] if len(found) == 1 else None


def container_args(workload, container=None):
    for c in workload["spec"]["template"]["spec"]["containers"]:
        if container is None or c["name"] == container:
            return c.get("args", [])
    return []


def alertmanager_service(docs, release, namespace):
    """The Service of the alertmanager subchart: its fullname, as the chart computes it."""
    name = release if "alertmanager" in release else f"{release}-alertmanager"
    svc = one(docs, "Service", name[:63].rstrip("-"))
    if svc is None or svc["metadata"].get("namespace") != namespace:
        return None
    if not any(p.get("port") == 9093 for p in svc["spec"]["ports"]):
        return None
    return f"{svc['metadata']['name']}.{namespace}.svc:9093"


def rule_files(repo, pattern):
    return {os.path.basename(p): yaml.safe_load(open(p, encoding="utf-8"))
            for p in sorted(glob.glob(os.path.join(repo, pattern)))}


def kube_metric_words_prefix(texts, prefix):
    words = set()
    for t in texts:
        words.update(re.findall(r"(?<![A-Za-z0-9_:])" + prefix + r"[A-Za-z0-9_]*[A-Za-z0-9](?![A-Za-z0-9_:])", t))
    return words


def kube_metric_words(texts):
    return kube_metric_words_prefix(texts, "kube_")


def query_texts(repo):
    """The PromQL of out/: rule expressions, and dashboard queries and variable queries."""
    texts = []
    for p in glob.glob(os.path.join(repo, "out/thanos/rules/*.yaml")):
        for g in (yaml.safe_load(open(p, encoding="utf-8")) or {}).get("groups", []):
            texts += [r["expr"] for r in g.get("rules", [])]
    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("expr", "query") and isinstance(v, str):
                    texts.append(v)
                elif isinstance(v, dict) and k == "query" and isinstance(v.get("query"), str):
                    texts.append(v["query"])
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    for p in glob.glob(os.path.join(repo, "out/grafana/dashboards/*.yaml")):
        walk(json.loads(yaml.safe_load(open(p, encoding="utf-8"))["spec"]["json"]))
    return texts


def check_thanos_ruler(c, docs, repo, release, namespace, inline, tag):
    rules = rule_files(repo, "out/thanos/rules/*.yaml")
    sts = one(docs, "StatefulSet", "thanos-ruler")
    c.check(sts is not None, f"{tag}: the Thanos ruler StatefulSet is rendered")
    cm = one(docs, "ConfigMap", "thanos-ruler-rules")
    data = (cm or {}).get("data") or {}
    c.check("ExampleAlwaysFiring" not in yaml.safe_dump_all(docs), f"{tag}: nothing of the chart's example rules")
    # The chart's values schema requires its example file: it stays, without groups.
    example = data.pop("example-alerts.yaml", None)
    c.check(example is not None and yaml.safe_load(example) == {"groups": []},
            f"{tag}: the chart's example rule file holds no group", f"{example!r}")
    if inline:
        c.check(set(data) == set(rules), f"{tag}: the ruler mounts exactly our {len(rules)} rule files",
                f"{sorted(set(data) ^ set(rules))}")
        same = all(yaml.safe_load(data[k]) == rules[k] for k in rules if k in data)
        c.check(same, f"{tag}: each mounted rule file equals out/thanos/rules (tpl unescaped)")
        c.check(not find(docs, "ConfigMap", "thanos-ruler-rule-importer") and
                "--rule-file=/etc/thanos/rules/generated/*.yaml" not in container_args(sts or {"spec": {
                    "template": {"spec": {"containers": []}}}}),
                f"{tag}: inline rules, so no PrometheusRule import")
    else:
        c.check(not data, f"{tag}: PrometheusRule import, so no rule file is mounted", f"{sorted(data)}")
        imp = one(docs, "ConfigMap", "thanos-ruler-rule-importer")
        script = (imp or {}).get("data", {}).get("import.sh", "")
        c.check('SELECTOR="role=mz-rules"' in script, f"{tag}: the importer selects by our rule selector")
    am = one(docs, "ConfigMap", "thanos-ruler-am")
    cfg = yaml.safe_load(((am or {}).get("data") or {}).get("alertmanagers.yaml", "")) or {}
    targets = [t for a in cfg.get("alertmanagers", []) for t in a.get("static_configs", [])]
    want = alertmanager_service(docs, release, namespace)
    c.check(want is not None and targets == [want],
            f"{tag}: the ruler alerts the release's Alertmanager ({want})", f"{targets}")


def check_loki(c, docs, repo, release, namespace, tag):
    cm = one(docs, "ConfigMap", "loki")
    config = yaml.safe_load(cm["data"]["config.yaml"]) if cm else {}
    thanos_store = (config.get("storage_config") or {}).get("use_thanos_objstore", False)
    ruler = config.get("ruler") or {}
    if thanos_store:
        rs = config.get("ruler_storage") or {}
        directory = (rs.get("local") or {}).get("directory")
        c.check(rs.get("backend") == "local" and directory,
                f"{tag}: use_thanos_objstore, so the rules come from ruler_storage: local {directory}", f"{rs}")
    else:
        st = ruler.get("storage") or {}
        directory = (st.get("local") or {}).get("directory")
        c.check(st.get("type") == "local" and directory, f"{tag}: ruler.storage is local {directory}", f"{st}")
    sts = one(docs, "StatefulSet", "loki-ruler")
    mounts = {}
    if sts:
        volumes = {v["name"]: v for v in sts["spec"]["template"]["spec"].get("volumes", [])}
        for ctr in sts["spec"]["template"]["spec"]["containers"]:
            for m in ctr.get("volumeMounts", []):
                v = volumes.get(m["name"], {})
                if "configMap" in v:
                    mounts[m["mountPath"]] = v["configMap"]["name"]
    tenants = sorted(os.path.basename(p) for p in glob.glob(os.path.join(repo, "out/loki/rules/*")))
    for tenant in tenants:
        files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(repo, "out/loki/rules", tenant, "*.yaml")))
        name = mounts.get(f"{directory}/{tenant}")
        cmt = one(docs, "ConfigMap", name) if name else None
        c.check(cmt is not None and sorted(cmt.get("data", {})) == files,
                f"{tag}: tenant '{tenant}': the ruler mounts {len(files)} rule files at {directory}/{tenant}",
                f"mounts {mounts}")
    want = alertmanager_service(docs, release, namespace)
    c.check(want is not None and ruler.get("alertmanager_url") == f"http://{want}",
            f"{tag}: the Loki ruler alerts the release's Alertmanager", f"{ruler.get('alertmanager_url')}")
    clients = ((ruler.get("remote_write") or {}).get("clients") or {})
    urls = [cl.get("url", "") for cl in clients.values()]
    svc = one(docs, "Service", "thanos-receive")
    ports = {p.get("name"): p.get("port") for p in (svc or {}).get("spec", {}).get("ports", [])}
    want_rw = f"http://thanos-receive.{namespace}.svc:{ports.get('remote-write')}/api/v1/receive"
    c.check(svc is not None and urls == [want_rw],
            f"{tag}: remote write reaches the thanos receive Service's remote-write port", f"{urls} vs {want_rw}")
    return config


def main():
    mzrules, repo, oracle_dir = (os.path.abspath(a) for a in sys.argv[1:4])
    helm = oc.oracle(oracle_dir, "helm")
    charts = os.path.join(os.path.dirname(os.path.abspath(repo)), "shared", "charts")
    if not os.path.isdir(charts):
        raise oc.Missing(f"the charts are absent ({charts})")
    values = os.path.join(repo, VALUES)
    c = Checks()
    c.check(os.path.isfile(values), f"{VALUES} is generated")
    c.check(not glob.glob(os.path.join(repo, "out/helm/*-values.yaml")) or
            sorted(glob.glob(os.path.join(repo, "out/helm/*.yaml"))) == [values],
            "one values file: the per-chart files are gone")
    values_text = open(values, encoding="utf-8").read()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site.yaml")
        with open(site, "w", encoding="utf-8") as f:
            f.write(SITE)
        r, docs = render(helm, charts, "mzmon", "monitoring", [values, site])
        if not c.check(r.returncode == 0, "helm template exits 0", oc.first_line(r.stderr)):
            return report(c, started)
        c.check(True, f"helm template rendered {len(docs)} manifests")
        check_thanos_ruler(c, docs, repo, "mzmon", "monitoring", True, "mzmon/monitoring")
        config = check_loki(c, docs, repo, "mzmon", "monitoring", "mzmon/monitoring")

        # Another release name and namespace: every address follows them.
        r2, docs2 = render(helm, charts, "obs", "telemetry", [values, site])
        if c.check(r2.returncode == 0, "helm template exits 0 as release obs in telemetry", oc.first_line(r2.stderr)):
            check_thanos_ruler(c, docs2, repo, "obs", "telemetry", True, "obs/telemetry")
            check_loki(c, docs2, repo, "obs", "telemetry", "obs/telemetry")
        c.check("mzmon-alertmanager" not in values_text and ".monitoring.svc" not in values_text,
                "no release name or namespace is written into the values")

        # Without use_thanos_objstore the Loki ruler reads ruler.storage.
        legacy = os.path.join(tmp, "legacy.yaml")
        with open(legacy, "w", encoding="utf-8") as f:
            f.write("loki:\n  loki:\n    storage:\n      use_thanos_objstore: false\n      type: s3\n"
                    "      s3: {region: us-east-1}\n")
        r3, docs3 = render(helm, charts, "mzmon", "monitoring", [values, site, legacy])
        if c.check(r3.returncode == 0, "helm template exits 0 without use_thanos_objstore", oc.first_line(r3.stderr)):
            check_loki(c, docs3, repo, "mzmon", "monitoring", "legacy storage")

        # Alertmanager: our configuration, templates and secret mounts.
        am_cm = one(docs, "ConfigMap", "mzmon-alertmanager")
        ours = yaml.safe_load(open(os.path.join(repo, "out/alertmanager/alertmanager.yml"), encoding="utf-8"))
        rendered = yaml.safe_load((am_cm or {}).get("data", {}).get("alertmanager.yml", "")) or {}
        rendered.pop("enabled", None)
        c.check(rendered == ours, "Alertmanager runs out/alertmanager/alertmanager.yml")
        tmpl = sorted(os.path.basename(p) for p in glob.glob(os.path.join(repo, "out/alertmanager/templates/*")))
        c.check(all(t in (am_cm or {}).get("data", {}) for t in tmpl), f"Alertmanager has the templates {tmpl}")
        am_sts = one(docs, "StatefulSet", "mzmon-alertmanager")
        secrets = sorted(v["secret"]["secretName"] for v in am_sts["spec"]["template"]["spec"].get("volumes", [])
                         if "secret" in v) if am_sts else []
        c.check(secrets and all(f"/etc/alertmanager/secrets/{s}/" in open(os.path.join(repo, "out/alertmanager/alertmanager.yml"), encoding="utf-8").read()
                                for s in secrets),
                f"Alertmanager mounts the Secrets its *_file settings read: {secrets}")

        # Grafana: datasources and the instance selector.
        ds = find(docs, "GrafanaDatasource")
        names = [d["spec"]["datasource"]["name"] for d in ds]
        uids = [d["spec"]["datasource"]["uid"] for d in ds]
        c.check(len(set(names)) == len(names) and len(set(uids)) == len(uids),
                f"Grafana datasources without name or uid clash: {sorted(zip(uids, names))}")
        referenced = set()
        selectors = []
        dash_texts = []
        for p in sorted(glob.glob(os.path.join(repo, "out/grafana/dashboards/*.yaml"))):
            d = yaml.safe_load(open(p, encoding="utf-8"))
            selectors.append(d["spec"]["instanceSelector"]["matchLabels"])
            dash_texts.append(d["spec"]["json"])
            def walk(x):
                if isinstance(x, dict):
                    src = x.get("datasource")
                    if isinstance(src, dict) and "uid" in src:
                        referenced.add(src["uid"])
                    for v in x.values():
                        walk(v)
                elif isinstance(x, list):
                    for v in x:
                        walk(v)
            walk(json.loads(d["spec"]["json"]))
        referenced = {u for u in referenced if not u.startswith("$") and u != "-- Grafana --"}
        c.check(referenced and referenced <= set(uids),
                f"every datasource the dashboards reference exists after the render: {sorted(referenced)}",
                f"missing {sorted(referenced - set(uids))}")
        grafana = find(docs, "Grafana")
        labels = grafana[0]["metadata"].get("labels", {}) if len(grafana) == 1 else {}
        c.check(selectors and all(all(labels.get(k) == v for k, v in s.items()) for s in selectors),
                "the chart's Grafana instance matches our dashboards' instance selector")
        c.check(all(d["spec"]["instanceSelector"].get("matchLabels", {}).items() <= labels.items() for d in ds),
                "the chart's datasources target the same instance")

        # Stack settings.
        comp = one(docs, "StatefulSet", "thanos-compactor")
        args = container_args(comp) if comp else []
        for flag in ["--retention.resolution-raw=30d", "--retention.resolution-5m=90d", "--retention.resolution-1h=365d"]:
            c.check(flag in args, f"compactor: {flag}")
        c.check("--downsampling.disable" not in args, "compactor: downsampling on")
        query = one(docs, "Deployment", "thanos-query")
        qargs = container_args(query) if query else []
        for label in ["prometheus_replica", "receive_replica", "ruler_replica"]:
            c.check(f"--query.replica-label={label}" in qargs, f"query: --query.replica-label={label}")
        c.check("--query.partial-response" in qargs, "query: --query.partial-response")
        shards = sorted(d["metadata"]["name"] for d in find(docs, "StatefulSet") if d["metadata"]["name"].startswith("thanos-storegateway"))
        times = []
        for s in shards:
            a = container_args(one(docs, "StatefulSet", s))
            times.append(sorted(x for x in a if x.startswith(("--min-time", "--max-time"))))
        c.check(times == [["--min-time=-2w"], ["--max-time=-2w"]] or
                sorted(map(tuple, times)) == sorted([("--min-time=-2w",), ("--max-time=-2w",)]),
                f"store gateway time partitions: {dict(zip(shards, times))}")
        limits = config.get("limits_config") or {}
        c.check(limits.get("retention_period") == "30d", "Loki: global retention_period 30d")
        c.check(limits.get("retention_stream") == [{"selector": '{namespace="kube-system"}', "priority": 1, "period": "7d"}],
                "Loki: global retention_stream", f"{limits.get('retention_stream')}")
        runtime = one(docs, "ConfigMap", "loki-runtime")
        rt = yaml.safe_load((runtime or {}).get("data", {}).get("runtime-config.yaml", "")) or {}
        tenant = (rt.get("overrides") or {}).get("loki") or {}
        c.check(tenant.get("retention_period") == "30d" and
                tenant.get("retention_stream") == [{"selector": '{container="environmentd"}', "priority": 2, "period": "90d"}],
                "Loki: tenant 'loki' retention and retention_stream in the runtime overrides", f"{tenant}")

        # kube-state-metrics: the allowlist keeps every kube_* metric the rules and dashboards name.
        ksm = [d for d in find(docs, "Deployment") if d["metadata"]["name"].endswith("kube-state-metrics")]
        allow = set()
        for a in container_args(ksm[0]) if ksm else []:
            if a.startswith("--metric-allowlist="):
                allow = set(a.split("=", 1)[1].split(","))
        rule_texts = [open(p, encoding="utf-8").read() for p in glob.glob(os.path.join(repo, "out/thanos/rules/*.yaml"))]
        used = kube_metric_words(rule_texts + dash_texts)
        c.check(used and used <= allow, f"kube-state-metrics keeps all {len(used)} kube_* metrics used",
                f"dropped {sorted(used - allow)}")
        bundled = [yaml.safe_dump(d["spec"]) for d in find(docs, "GrafanaManifest")]
        bundled_used = kube_metric_words(bundled)
        c.check(bundled_used <= allow,
                f"kube-state-metrics keeps the {len(bundled_used)} kube_* metrics of the chart's own bundled dashboards",
                f"dropped {sorted(bundled_used - allow)}")
        # node-exporter: the collectors of the used node_* metrics run; fewer than the chart's.
        ne = one(docs, "DaemonSet", "node-exporter")
        ne_args = container_args(ne, "node-exporter") if ne else []
        flags = [a for a in ne_args if re.fullmatch(r"--collector\.[a-z_]+", a)]
        r0, base = render(helm, charts, "mzmon", "monitoring", [site])
        base_ne = one(base, "DaemonSet", "node-exporter")
        base_flags = [a for a in container_args(base_ne, "node-exporter")
                      if re.fullmatch(r"--collector\.[a-z_]+", a)] if base_ne else []
        node_used = kube_metric_words_prefix(rule_texts + dash_texts, "node_")
        network = {w for w in node_used if w.startswith(("node_network_receive_", "node_network_transmit_"))}
        c.check("--collector.disable-defaults" in ne_args and (not network or "--collector.netdev" in flags)
                and set(flags) <= set(base_flags),
                f"node-exporter runs {len(flags)} of the chart's {len(base_flags)} collectors, netdev among them "
                f"for {sorted(network)}", f"{flags}")
        catalog = set(re.findall(r"^\s*(?:gauge|counter|histogram|summary|info|stateset|untyped)\s+(kube_[a-z0-9_]+)",
                                 open(os.path.join(repo, "compiler/stdlib/kube-state-metrics.mzr"), encoding="utf-8").read(), re.M))
        c.check(True, f"kube-state-metrics allowlist: {len(allow)} metric families kept of {len(catalog)} in the catalog")

        # tpl and toYaml: an alert annotation through each.
        c.check('{{ "{{" }} $labels.' in values_text and "{{ $labels." in "".join(
            one(docs, "ConfigMap", "thanos-ruler-rules")["data"].values()),
                "Thanos ruler rules (tpl): escaped in the values, Prometheus template intact after the render")
        loki_rules = "".join(v for d in find(docs, "ConfigMap") if d["metadata"]["name"].startswith("loki-ruler-rules-")
                             for v in d.get("data", {}).values())
        c.check("summary: heartbeat of the Loki ruler at {{ $externalURL }}" in values_text and
                "{{ $externalURL }}" in loki_rules,
                "Loki ruler rules (toYaml): written unescaped and intact after the render")

        # The other way of giving the Thanos ruler its rules: PrometheusRule import by our selector.
        proj = os.path.join(tmp, "proj")
        os.makedirs(proj)
        shutil.copy(os.path.join(repo, "mzrules.yaml"), proj)
        for folder in ["rules", "alerts", "dashboards"]:
            shutil.copytree(os.path.join(repo, folder), os.path.join(proj, folder))
        # The runbooks the alerts' runbook URLs point at (check E1500/E1501 reads them).
        shutil.copytree(os.path.join(repo, "docs", "runbooks"), os.path.join(proj, "docs", "runbooks"))
        stack = os.path.join(proj, "alerts", "stack.mzr")
        text = open(stack, encoding="utf-8").read()
        c.check("rules inline" in text, "the repository's stack mounts the rules inline")
        with open(stack, "w", encoding="utf-8") as f:
            f.write(text.replace("rules inline", "rules prometheusrule")
                    .replace("  chart {\n", "  chart {\n    pipeline { drop_unused true }\n", 1))
        b = oc.run([mzrules, "build"], cwd=proj)
        if c.check(b.returncode == 0, "mzrules build with 'rules prometheusrule'", oc.first_line(b.stderr + b.stdout)):
            r4, docs4 = render(helm, charts, "mzmon", "monitoring", [os.path.join(proj, VALUES), site])
            if c.check(r4.returncode == 0, "helm template exits 0 with PrometheusRule import", oc.first_line(r4.stderr)):
                check_thanos_ruler(c, docs4, proj, "mzmon", "monitoring", False, "import")
                # Asked for, the gateway drops the catalog metrics nothing uses, and none that is used.
                env = one(docs4, "ConfigMap", "mzmon-alloy-gateway-env")
                deny = set(((env or {}).get("data") or {}).get("GATEWAY_DENY_METRICS", "").split("|")) - {""}
                texts = query_texts(proj)
                words = set(re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", "\n".join(texts)))
                words |= {re.sub(r"_(bucket|sum|count|created)$", "", w) for w in words}
                wrongly = sorted(m for m in deny if m in words)
                c.check(deny and not wrongly,
                        f"pipeline filter (asked for): the gateway drops {len(deny)} catalog metric families, "
                        f"none that a rule or dashboard uses", f"used but dropped: {wrongly[:10]}")
    return report(c, started)


def report(c, started):
    for p in c.passed:
        print(f"ok    {p}")
    for f in c.failed:
        print(f"FAIL  {f}")
    print(f"{len(c.passed)} assertions passed, {len(c.failed)} failed ({time.monotonic() - started:.1f}s)")
    return 1 if c.failed else 0


if __name__ == "__main__":
    oc.run_main(main)

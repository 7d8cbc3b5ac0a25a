#!/usr/bin/env python3
"""The job values mzrules.yaml declares (catalogs.label_values) include every job of the chart's
classic scrape configuration (../shared/charts/materialize-monitoring/pre-rendered/scrapers/
classic/scrape_config.yaml), so a job the chart adds or renames fails here instead of turning
W1311 against correct queries, or leaving a stale value that lets a wrong matcher pass.

The jobs the Prometheus operator derives (PodMonitor namespace/name, ServiceMonitor jobLabel) are
declared by hand in mzrules.yaml, each with where it comes from; they are not compared here.

Usage: chart_job_values.py REPOSITORY
"""
import os
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import oracle_common as oc  # noqa: E402


def main():
    repo = sys.argv[1]
    charts = os.path.join(os.path.dirname(os.path.abspath(repo)), "shared", "charts")
    scrape = os.path.join(charts, "materialize-monitoring", "pre-rendered", "scrapers", "classic",
                          "scrape_config.yaml")
    if not os.path.isfile(scrape):
        raise oc.Missing(f"the chart's classic scrape configuration is absent ({scrape})")
    with open(scrape, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    configs = doc if isinstance(doc, list) else doc.get("scrape_configs", [])
    chart_jobs = {c["job_name"] for c in configs if isinstance(c, dict) and "job_name" in c}
    with open(os.path.join(repo, "mzrules.yaml"), encoding="utf-8") as f:
        settings = yaml.safe_load(f)
    declared = set()
    for labels in settings.get("catalogs", {}).get("label_values", {}).values():
        declared.update(labels.get("job", []))
    missing = sorted(chart_jobs - declared)
    print(f"{len(chart_jobs)} jobs in the chart's classic scrape configuration, "
          f"{len(declared)} job values declared in mzrules.yaml, {len(missing)} missing")
    if len(chart_jobs) < 5:
        print("FAILED: fewer than 5 jobs read from the scrape configuration; is it still the file "
              "this test was written for?")
        return 1
    for job in missing:
        print(f"  missing from catalogs.label_values: {job}")
    return 1 if missing else 0


if __name__ == "__main__":
    oc.run_main(main)

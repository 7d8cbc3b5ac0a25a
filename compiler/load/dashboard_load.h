#pragma once
// Grafana dashboards from YAML/JSON documents: classic dashboard JSON (also the `spec` of
// dashboard.grafana.app/v1beta1), dashboard.grafana.app/v2 and v2beta1 resources, and the
// grafana-operator resources that carry them (GrafanaDashboard with inline `json`,
// GrafanaManifest with a v2 `template`).

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/load/yaml.h"
#include "compiler/model/dashboard.h"

namespace mzr {

// True when the document is a dashboard or a resource carrying one.
bool is_dashboard_document(const yaml::Node* root);

// Every dashboard of the stream. JSON held in a string (GrafanaDashboard `spec.json`) is read as
// a source of its own, added to `sm`.
std::vector<model::Dashboard> load_dashboards(const yaml::Stream& stream, SourceId file,
                                              SourceManager& sm, Diagnostics& diags);

namespace dash {
class Reader;
model::Dashboard load_classic(const yaml::Node* root, Reader& r);
model::Dashboard load_v2(const yaml::Node* resource, Reader& r);
}  // namespace dash

}  // namespace mzr

#pragma once
// Dashboards evaluated from jsonnet, with their positions moved back into the jsonnet source:
// uid, title, tags and links, variables (name, query, datasource), panels (id, title, type,
// datasource, unit, repeat, links) and their queries (expression, legend, datasource), each
// where the jsonnet source writes it once; what is built there (concatenated, repeated by a
// function) keeps its position in the evaluated JSON.

#include "compiler/load/jsonnet.h"
#include "compiler/model/dashboard.h"

namespace mzr {

void relocate_to_jsonnet(const JsonnetSourceMap& map, model::Dashboard& dashboard);

}  // namespace mzr

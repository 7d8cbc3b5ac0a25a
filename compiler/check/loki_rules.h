#pragma once
// The expressions of Loki ruler rules (Loki groups of .mzr files, rule files under the settings'
// `loki_rules`): LogQL metric queries, checked at their place in the source; label sets inferred
// against the stream catalogs; alert templates checked against the labels their series can
// carry. Also the one diagnostic that replaces a parse failure when a rule is written in the
// other query language.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/promql.h"
#include "compiler/model/rules.h"
#include "compiler/model/streams.h"

namespace mzr {

void check_loki_rules(const std::vector<model::RuleSet>& sets,
                      const std::vector<model::StreamCatalog>& streams,
                      const promql::Options& promql_options, Diagnostics& diags,
                      const SourceManager* sources = nullptr);

// Moves the diagnostics of parsing `rule` in `language` into `diags`; when the expression has a
// syntax error (`syntax_ok` false) and reads without errors in the other query language, one
// diagnostic saying so (E0515, E0516) takes the place of the syntax errors.
void report_parse_diagnostics(const model::Rule& rule, model::QueryLanguage language,
                              bool syntax_ok, const Diagnostics& parse_diags,
                              const promql::Options& promql_options, Diagnostics& diags);

}  // namespace mzr

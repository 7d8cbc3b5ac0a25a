#pragma once
// Helpers for the Alertmanager tests: load a configuration from text and check it as
// Alertmanager's loader does (decoding, then the configuration-wide checks), and list its
// diagnostics as "line:col: CODE message" lines.

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/check/alertmanager_checks.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/yaml.h"

namespace mzr::testing {

struct LoadedAm {
  SourceManager sources;
  Diagnostics diags;
  yaml::Stream stream;
  model::AlertmanagerConfig config;

  std::vector<std::string> lines(Severity at_least = Severity::Warning) const {
    std::vector<std::string> out;
    for (const Diagnostic* d : diags.sorted()) {
      if (d->severity < at_least) continue;
      LineCol lc = sources.file(d->span.file).line_col(d->span.begin);
      out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " +
                    std::string(diag_info(d->kind).code) + " " + d->message);
    }
    return out;
  }
  bool has_errors() const { return diags.has_errors(); }
};

inline void load_am(LoadedAm& out, const std::string& text, const std::string& path = "am.yml") {
  SourceId id = out.sources.add(path, text);
  out.stream = yaml::parse(out.sources, id, out.diags);
  if (!out.stream.ok) return;
  out.config = load_alertmanager_config(out.stream, id, out.diags);
  check_alertmanager_config(out.config, out.diags);
}

}  // namespace mzr::testing

#pragma once
// Finding source files under the paths a user names, reading them safely into the source
// manager, and telling which standard format a YAML/JSON file is.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/base/source.h"
#include "compiler/load/read_bounds.h"
#include "compiler/load/yaml.h"

namespace mzr {

struct SourcePath {
  std::string path;
  bool explicit_file = false;  // named directly, not found in a directory
};

// Files and directories (searched recursively, hidden entries skipped) → source files in a
// stable order. Missing paths are diagnosed, and so are directories without sources when the
// user named them (`named`), but not the source folders of the project settings. Nothing
// outside `bounds` is listed or returned (a link leading out is diagnosed), and each real
// directory is searched once, so links back into the tree cost nothing.
std::vector<SourcePath> discover_sources(const FileSystem& fs,
                                         const std::vector<std::string>& paths, bool named,
                                         const ReadBounds& bounds, Diagnostics& diags);

bool is_source_name(const std::string& name);

inline constexpr uint64_t kMaxSourceBytes = 64ull << 20;

// Reads a file into the source manager after checking that it is a regular file, its size, that
// it is text (no NUL bytes) and that it is UTF-8. Returns nullopt, with a diagnostic, when it
// cannot be used.
std::optional<SourceId> read_source(const FileSystem& fs, const std::string& path,
                                    SourceManager& sm, Diagnostics& diags);

enum class DocumentFormat {
  Empty,               // no document, or only empty ones
  RuleFile,            // Prometheus/Thanos/Loki rule file: top-level 'groups'
  PrometheusRule,      // at least one document of kind PrometheusRule
  PromtoolTest,        // 'rule_files' / 'tests'
  RouteTests,          // 'route_tests'
  AlertmanagerConfig,  // 'route' / 'receivers'
  GrafanaDashboard,    // classic JSON ('panels' / 'dashboard') or dashboard.grafana.app
  KubernetesResource,  // another Kubernetes object
  FileSdTargets,       // Prometheus file_sd target groups: a list of {targets, labels}
  Unknown,
};
std::string_view format_description(DocumentFormat f);

DocumentFormat classify(const yaml::Stream& stream);

}  // namespace mzr

#pragma once
// Helpers shared by the tests: running the CLI in-process and locating the shared corpora.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/file_system.h"

namespace mzr::testing {

struct RunResult {
  int code;
  std::string out;
  std::string err;
};

// Runs `mzrules args...` in-process with `fs` as its file system.
RunResult run_cli(FileSystem& fs, const std::vector<std::string>& args,
                  const std::string& input = "");

std::string source_dir();
// The shared corpus (corpus_location() in tests/require.h: $MZR_CORPUS_DIR or ../shared/corpus
// beside the repository), or nullopt when it is absent; tests use MZR_REQUIRE_CORPUS, which
// skips then, or fails when CI is set.
std::optional<std::string> corpus_dir();

std::string read_file(const std::string& path);

// The dashboard files of the real corpus (`real` is its `real/` folder), relative to it, sorted:
// JSON files and YAML files with "dashboard" in their path, in kube-prometheus, kubernetes-mixin,
// materialize-monitoring and dashboard-linter.
std::vector<std::string> corpus_dashboard_files(const std::string& real);

// The dashboard and manifest resources among emitted files (path → bytes), as sources to load
// again: a file system holding them and their paths, in path order.
struct EmittedDashboards {
  MemoryFileSystem files;
  std::vector<std::string> paths;
};
EmittedDashboards emitted_dashboards(const std::map<std::string, std::string>& emitted);

}  // namespace mzr::testing

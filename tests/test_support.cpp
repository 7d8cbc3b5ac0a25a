#include "tests/test_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/driver.h"
#include "tests/require.h"

namespace mzr::testing {

RunResult run_cli(FileSystem& fs, const std::vector<std::string>& args, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out, err;
  driver::Environment env{fs, in, out, err, false, false, {}};
  int code = driver::run(args, env);
  return {code, out.str(), err.str()};
}

std::string source_dir() {
  return MZR_SOURCE_DIR;
}

std::string corpus_location() {
  if (const char* dir = std::getenv("MZR_CORPUS_DIR"); dir != nullptr && *dir != '\0') return dir;
  return (std::filesystem::path(MZR_SOURCE_DIR).parent_path() / "shared" / "corpus").string();
}

std::optional<std::string> corpus_dir() {
  std::filesystem::path p = corpus_location();
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return std::nullopt;
  return p.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> corpus_dashboard_files(const std::string& real) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const char* dir :
       {"kube-prometheus", "kubernetes-mixin", "materialize-monitoring", "dashboard-linter"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(real) / dir)) {
      if (!e.is_regular_file()) continue;
      std::string rel = fs::relative(e.path(), real).string();
      bool yaml = rel.ends_with(".yaml") || rel.ends_with(".yml");
      if (rel.ends_with(".json") || (yaml && rel.find("dashboard") != std::string::npos))
        out.push_back(rel);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

EmittedDashboards emitted_dashboards(const std::map<std::string, std::string>& emitted) {
  EmittedDashboards out;
  for (const auto& [path, bytes] : emitted) {
    if (path.starts_with("grafana/dashboards/") || path.starts_with("grafana/manifests/")) {
      out.files.add(path, bytes);
      out.paths.push_back(path);
    }
  }
  return out;
}

}  // namespace mzr::testing

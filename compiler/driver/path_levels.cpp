#include "compiler/driver/path_levels.h"

#include <string_view>
#include <vector>

#include "compiler/base/glob.h"

namespace mzr::driver {
namespace {

// The components of a path, without empty and "." components.
std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") out.push_back(part);
    start = slash + 1;
  }
  return out;
}

}  // namespace

bool path_matches(const std::string& root, const std::string& pattern, const std::string& file) {
  std::vector<std::string_view> want = components(root.empty() ? "." : root);
  for (std::string_view p : components(pattern)) want.push_back(p);
  std::vector<std::string_view> have = components(file);
  if (want.empty() || want.size() > have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == have[i]) continue;
    if (want[i] == "**") return true;  // everything below
    if (glob_match(want[i], have[i]) != GlobMatch::Yes) return false;
  }
  return true;
}

void apply_path_levels(const model::Settings& settings, const SourceManager& sources,
                       Diagnostics& diags) {
  if (settings.path_levels.empty()) return;
  diags.relevel([&](const Diagnostic& d) {
    if (!d.span.valid()) return d.severity;
    Severity level = d.severity;
    const std::string& file = sources.file(d.span.file).path();
    for (const model::PathLevels& entry : settings.path_levels) {
      auto it = entry.severities.find(d.kind);
      if (it == entry.severities.end()) continue;
      for (const std::string& p : entry.paths) {
        if (path_matches(settings.root, p, file)) {
          level = it->second;
          break;
        }
      }
    }
    return level;
  });
}

}  // namespace mzr::driver

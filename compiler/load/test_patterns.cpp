#include "compiler/load/test_patterns.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/base/glob.h"

namespace mzr {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

class Expander {
 public:
  Expander(const FileSystem& fs, const ReadBounds& bounds, std::set<std::string>& out)
      : fs_(fs), bounds_(bounds), out_(out) {}

  // Matches parts[i...] below `dir`.
  void walk(const std::string& dir, const std::vector<std::string>& parts, size_t i) {
    ReadBounds::Place at = bounds_.locate(dir);
    if (at.kind == FileKind::Missing || !at.inside) return;
    if (i == parts.size()) {
      if (at.kind == FileKind::Regular) out_.insert(dir);
      return;
    }
    if (at.kind != FileKind::Directory) return;
    const std::string& part = parts[i];
    if (part == "**") {
      walk(dir, parts, i + 1);  // no folder
      for (const std::string& name : fs_.list(dir)) {
        std::string child = join_path(dir, name);
        if (bounds_.locate(child).kind == FileKind::Directory) walk(child, parts, i);
      }
      return;
    }
    if (!glob_has_meta(part)) {
      walk(join_path(dir, part), parts, i + 1);
      return;
    }
    for (const std::string& name : fs_.list(dir)) {
      if (glob_match(part, name) == GlobMatch::Yes) walk(join_path(dir, name), parts, i + 1);
    }
  }

 private:
  const FileSystem& fs_;
  const ReadBounds& bounds_;
  std::set<std::string>& out_;
};

}  // namespace

std::vector<std::string> expand_test_patterns(const FileSystem& fs, const ReadBounds& bounds,
                                              const model::Settings& settings, Diagnostics& diags) {
  std::set<std::string> all;
  std::string root = settings.root.empty() ? std::string(".") : settings.root;
  for (const model::TestPattern& p : settings.tests.files) {
    std::set<std::string> found;
    if (p.glob.empty() || p.glob.front() == '/') {
      diags.report(DiagKind::InvalidSettings, p.span,
                   "a 'tests' pattern is a path relative to mzrules.yaml");
      continue;
    }
    Expander(fs, bounds, found).walk(root, split(lexically_normal(p.glob)), 0);
    if (found.empty()) {
      diags.report(DiagKind::RuleTestGlobNoMatch, p.span,
                   fmt::format("no file matches the test file pattern '{}'", p.glob));
    }
    for (const std::string& f : found) {
      all.insert(root == "." && f.starts_with("./") ? f.substr(2) : f);
    }
  }
  return {all.begin(), all.end()};
}

}  // namespace mzr

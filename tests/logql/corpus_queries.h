#pragma once
// The LogQL queries of the shared corpora, for the corpus and differential tests: every `expr`
// and benchmark `query` of corpus/real/loki-logql (placeholders substituted), and the `eval`
// queries of Loki's engine test scripts in corpus/conformance/logqltest.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/load/yaml.h"

namespace mzr::logql::testing {

namespace fs = std::filesystem;

struct Query {
  std::string file;  // relative to the corpus folder
  std::string text;
  bool rule;  // a ruler expression, which must be a metric query
};

inline void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// The placeholders that the files' own tooling substitutes before the text is LogQL.
inline std::string substitute(std::string s) {
  replace_all(s, "${SELECTOR}", R"({service_name="bench"})");
  replace_all(s, "${RANGE}", "5m");
  replace_all(s, "${LABEL_NAME}", "detected_level");
  replace_all(s, "${LABEL_VALUE}", "error");
  replace_all(s, "%%juju_topology%%", R"(juju_model="m", juju_application="app")");
  return s;
}

inline void collect(const yaml::Node* node, const std::string& file, std::vector<Query>& out) {
  if (node->is_mapping()) {
    for (const yaml::Entry& kv : node->entries) {
      std::string_view key = kv.key->is_scalar() ? std::string_view(kv.key->value) : "";
      if (key == "expr" && kv.value->is_scalar()) {
        out.push_back({file, substitute(kv.value->value), true});
      } else if (key == "query" && kv.value->is_scalar()) {
        out.push_back({file, substitute(kv.value->value), false});
      } else {
        collect(kv.value, file, out);
      }
    }
  } else if (node->is_sequence()) {
    for (const yaml::Node* item : node->items) collect(item, file, out);
  }
}

// Files in the folder that hold PromQL, not LogQL: canonical's Prometheus alert rules and the
// Prometheus namespaces of lokitool's test data.
inline bool is_promql_file(const std::string& rel) {
  return rel.find("/prometheus_alert_rules/") != std::string::npos ||
         rel == "pkg/tool/rules/testdata/basic_namespace.yaml" ||
         rel == "pkg/tool/rules/testdata/basic_namespace_repeated.yaml" ||
         rel == "pkg/tool/rules/testdata/multiple_namespace.yaml";
}

inline std::vector<Query> real_queries(const std::string& root, size_t& files) {
  std::vector<Query> out;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".rule")) {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& p : paths) {
    std::string rel = fs::relative(p, root).string();
    if (is_promql_file(rel)) continue;
    ++files;
    std::ifstream in(p, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SourceManager sm;
    Diagnostics diags;
    yaml::Stream stream = yaml::parse(sm, sm.add(p.string(), std::move(text)), diags);
    for (const yaml::Document& doc : stream.documents) collect(doc.root, rel, out);
  }
  return out;
}

struct Eval {
  std::string file;
  size_t line;
  std::string query;
  std::string expect_fail;  // empty when the query must succeed; "-" for a bare `expect fail`
};

inline std::vector<Eval> engine_evals(const std::string& dir) {
  static const std::regex instant(R"(^eval\s+instant\s+at\s+\S+\s+(.+)$)");
  static const std::regex range(R"(^eval\s+range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+\s+(.+)$)");
  std::vector<Eval> out;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".logqltest") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& p : paths) {
    std::ifstream in(p);
    std::string line;
    size_t n = 0;
    Eval* open = nullptr;
    while (std::getline(in, line)) {
      ++n;
      std::smatch m;
      if (std::regex_match(line, m, instant) || std::regex_match(line, m, range)) {
        out.push_back({p.filename().string(), n, m[1].str(), ""});
        open = &out.back();
        continue;
      }
      if (line.empty() || (line[0] != ' ' && line[0] != '\t')) {
        open = nullptr;
        continue;
      }
      size_t at = line.find("expect fail");
      if (open != nullptr && at != std::string::npos) {
        std::string rest = line.substr(at + 11);
        size_t colon = rest.find(':');
        open->expect_fail = colon == std::string::npos ? "-" : rest.substr(colon + 2);
      }
    }
  }
  return out;
}

}  // namespace mzr::logql::testing

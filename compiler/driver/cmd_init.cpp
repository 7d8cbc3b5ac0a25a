// `mzrules init`: scans an existing repository and writes a commented `mzrules.yaml` naming the
// folders that hold what mzrules reads (rule files, PrometheusRule resources, Alertmanager
// configurations, dashboards, unit and route tests, .mzr and jsonnet sources), which rule files
// are Loki's, and jsonnet library folders. Folders holding YAML that mzrules cannot read are
// narrowed to the subfolders that hold only what it can, so that the first `check` is quiet.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/emit/manifest.h"
#include "compiler/frontend/logql.h"
#include "compiler/frontend/promql.h"
#include "compiler/load/read_bounds.h"
#include "compiler/load/settings.h"
#include "compiler/load/sources.h"
#include "compiler/load/yaml.h"

namespace mzr::driver {
namespace {

// What one file is, as far as `init` cares.
enum class Found {
  Mzr,
  Jsonnet,
  PrometheusRules,
  LokiRules,
  PrometheusRuleResources,
  AlertmanagerConfig,
  Dashboards,
  RuleTests,
  RouteTests,
  Unreadable,  // YAML or JSON that is none of the formats mzrules reads
  Ignored,     // other Kubernetes objects, libsonnet, file_sd targets, empty files
};

std::string_view describe(Found f) {
  switch (f) {
    case Found::Mzr: return ".mzr source";
    case Found::Jsonnet: return "jsonnet program";
    case Found::PrometheusRules: return "Prometheus rule file";
    case Found::LokiRules: return "Loki rule file";
    case Found::PrometheusRuleResources: return "PrometheusRule resource file";
    case Found::AlertmanagerConfig: return "Alertmanager configuration";
    case Found::Dashboards: return "Grafana dashboard file";
    case Found::RuleTests: return "rule unit-test file";
    case Found::RouteTests: return "route test file";
    case Found::Unreadable: return "unreadable file";
    case Found::Ignored: return "ignored file";
  }
  return "";
}

bool wanted(Found f) {
  return f != Found::Unreadable && f != Found::Ignored;
}

// A rule file is Loki's when some expression parses as LogQL only and none as PromQL only
// (`count_over_time({job="x"}[5m])` is both, and says nothing).
bool is_loki_rule_file(const yaml::Stream& stream) {
  int logql = 0, promql = 0, seen = 0;
  for (const yaml::Document& doc : stream.documents) {
    const yaml::Node* groups =
        doc.root && doc.root->is_mapping() ? doc.root->get("groups") : nullptr;
    if (!groups || !groups->is_sequence()) continue;
    for (const yaml::Node* g : groups->items) {
      const yaml::Node* rules = g->is_mapping() ? g->get("rules") : nullptr;
      if (!rules || !rules->is_sequence()) continue;
      for (const yaml::Node* r : rules->items) {
        const yaml::Node* expr = r->is_mapping() ? r->get("expr") : nullptr;
        if (!expr || !expr->is_scalar()) continue;
        EmbeddedText text = EmbeddedText::verbatim(expr->value, kNoSource, 0);
        Diagnostics scratch;
        bool is_promql = promql::parse_expr(text, promql::Options{}, scratch).ok;
        Diagnostics scratch2;
        bool is_logql = logql::parse_logql(text, logql::Options{}, scratch2).ok;
        if (is_promql && !is_logql) ++promql;
        if (is_logql && !is_promql) ++logql;
        if (++seen >= 50) return logql > 0 && promql == 0;
      }
    }
  }
  return logql > 0 && promql == 0;
}

Found classify_file(const FileSystem& fs, const std::string& path, SourceManager& sm) {
  if (path.ends_with(".mzr")) return Found::Mzr;
  if (path.ends_with(".libsonnet")) return Found::Ignored;
  if (path.ends_with(".jsonnet")) return Found::Jsonnet;
  Diagnostics scratch;
  auto id = read_source(fs, path, sm, scratch);
  if (!id) return Found::Unreadable;
  yaml::Stream stream = yaml::parse(sm, *id, scratch);
  if (!stream.ok) return Found::Unreadable;
  switch (classify(stream)) {
    case DocumentFormat::RuleFile:
      return is_loki_rule_file(stream) ? Found::LokiRules : Found::PrometheusRules;
    case DocumentFormat::PrometheusRule: return Found::PrometheusRuleResources;
    case DocumentFormat::PromtoolTest: return Found::RuleTests;
    case DocumentFormat::RouteTests: return Found::RouteTests;
    case DocumentFormat::AlertmanagerConfig: return Found::AlertmanagerConfig;
    case DocumentFormat::GrafanaDashboard: return Found::Dashboards;
    case DocumentFormat::Unknown: return Found::Unreadable;
    default: return Found::Ignored;
  }
}

std::string parent_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// `a/b/c` → {"a", "a/b"}: the folders above a file, outermost first.
std::vector<std::string> folders_above(const std::string& path) {
  std::vector<std::string> out;
  for (size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    out.push_back(path.substr(0, slash));
  }
  return out;
}

bool below(const std::string& path, const std::string& folder) {
  return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
         path[folder.size()] == '/';
}

struct Scan {
  std::map<std::string, Found> files;  // relative path → what it is
  std::vector<std::string> skipped_outputs;
  bool has_vendor = false;  // a vendor/ folder, where jsonnet-bundler installs libraries
};

Scan scan(const FileSystem& fs, const std::string& root) {
  Scan s;
  SourceManager sm;
  Diagnostics scratch;
  ReadBounds bounds(fs, root);
  // Output folders of mzrules (they hold a manifest) are what it writes, not what it reads.
  std::set<std::string> outputs;
  std::vector<SourcePath> found = discover_sources(fs, {root}, false, bounds, scratch);
  for (const SourcePath& sp : found) {
    std::string rel = sp.path;
    if (root != "." && rel.starts_with(root + "/")) rel = rel.substr(root.size() + 1);
    if (rel.starts_with("./")) rel = rel.substr(2);
    bool in_output = false;
    for (const std::string& folder : folders_above(rel)) {
      if (outputs.contains(folder) ||
          fs.exists(join_path(join_path(root, folder), emit::kManifestName))) {
        outputs.insert(folder);
        in_output = true;
        break;
      }
    }
    if (in_output) continue;
    s.files[rel] = classify_file(fs, sp.path, sm);
  }
  s.skipped_outputs.assign(outputs.begin(), outputs.end());
  s.has_vendor = fs.is_directory(join_path(root, "vendor"));
  return s;
}

// For each file `take` accepts, the outermost folder above it that holds no file `avoid`
// accepts (the file itself when there is none); then only the entries no other entry covers.
template <typename Take, typename Avoid>
std::vector<std::string> outermost_folders(const Scan& s, Take take, Avoid avoid) {
  std::set<std::string> avoided;  // every folder above an avoided file
  for (const auto& [path, kind] : s.files) {
    if (!avoid(kind)) continue;
    for (const std::string& f : folders_above(path)) avoided.insert(f);
  }
  std::set<std::string> chosen;
  for (const auto& [path, kind] : s.files) {
    if (!take(kind)) continue;
    std::string pick = path;
    for (const std::string& f : folders_above(path)) {
      if (!avoided.contains(f)) {
        pick = f;
        break;
      }
    }
    chosen.insert(pick);
  }
  std::vector<std::string> out;
  for (const std::string& c : chosen) {
    bool covered =
        std::any_of(out.begin(), out.end(), [&](const std::string& o) { return below(c, o); });
    if (!covered) out.push_back(c);
  }
  return out;
}

// The source entries: folders whose files mzrules reads or ignores, never YAML it cannot read.
std::vector<std::string> choose_sources(const Scan& s) {
  return outermost_folders(s, wanted, [](Found f) { return f == Found::Unreadable; });
}

// The entries holding every Loki rule file and no Prometheus rule file.
std::vector<std::string> choose_loki(const Scan& s) {
  return outermost_folders(
      s, [](Found f) { return f == Found::LokiRules; },
      [](Found f) { return f == Found::PrometheusRules || f == Found::PrometheusRuleResources; });
}

// "3 Prometheus rule files, 1 Alertmanager configuration" for the files below `entry`.
std::string summary_below(const Scan& s, const std::string& entry) {
  std::map<Found, int> counts;
  for (const auto& [path, kind] : s.files) {
    if (wanted(kind) && (path == entry || below(path, entry))) ++counts[kind];
  }
  std::string out;
  for (const auto& [kind, n] : counts) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}{}", n, describe(kind), n == 1 ? "" : "s");
  }
  return out;
}

std::string quoted(const std::string& path) {
  // Plain YAML scalars cannot start with these or hold ": " / " #".
  bool plain =
      !path.empty() && path.find_first_of("\"'\\:#{}[],&*!|>%@`\n\t") == std::string::npos &&
      path.front() != '-' && path.front() != '?' && path.front() != ' ' && path.back() != ' ';
  if (plain) return path;
  std::string out = "\"";
  for (char c : path) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string render(const Scan& s) {
  std::vector<std::string> sources = choose_sources(s);
  std::vector<std::string> loki = choose_loki(s);
  std::string out =
      "# mzrules.yaml: what mzrules reads and where it writes. Written by `mzrules init` from\n"
      "# what it found in this repository; every key is described in docs/adoption.md of\n"
      "# mzrules.\n\n";
  out += "# Folders (searched recursively) and files to read.\n";
  out += "sources:\n";
  for (const std::string& entry : sources) {
    out += fmt::format("  - {}  # {}\n", quoted(entry), summary_below(s, entry));
  }
  if (!loki.empty()) {
    out += "\n# Rule files under these paths are Loki ruler files: their expressions are LogQL.\n";
    out += "loki_rules:\n";
    for (const std::string& entry : loki) out += fmt::format("  - {}\n", quoted(entry));
  }
  bool jsonnet = std::any_of(s.files.begin(), s.files.end(),
                             [](const auto& f) { return f.second == Found::Jsonnet; });
  if (jsonnet) {
    out +=
        "\n# Where jsonnet imports are searched besides the importing file's folder\n"
        "# (jsonnet-bundler installs into vendor/).\n";
    out += s.has_vendor ? "jsonnet:\n  library_paths: [vendor]\n"
                        : "# jsonnet:\n#   library_paths: [vendor]\n";
  }
  std::vector<std::string> unreadable;
  for (const auto& [path, kind] : s.files) {
    if (kind == Found::Unreadable) unreadable.push_back(path);
  }
  if (!unreadable.empty()) {
    out += fmt::format(
        "\n# Not read: {} YAML/JSON file{} that {} none of the formats mzrules reads, e.g.\n",
        unreadable.size(), unreadable.size() == 1 ? "" : "s",
        unreadable.size() == 1 ? "is" : "are");
    for (size_t i = 0; i < unreadable.size() && i < 5; ++i) {
      out += fmt::format("#   {}\n", unreadable[i]);
    }
  }
  for (const std::string& o : s.skipped_outputs) {
    out += fmt::format("\n# Not read: {}/ holds what mzrules wrote.\n", o);
  }
  out +=
      "\n# Where `mzrules build` writes; it only ever replaces or removes files it wrote itself.\n"
      "output: out\n"
      "\n"
      "# Vendored content you check but do not own can get its own levels, e.g.:\n"
      "# overrides:\n"
      "#   - paths: [vendor/]\n"
      "#     diagnostics: {W0314: off}\n";
  return out;
}

}  // namespace

int run_init(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Scan a repository and write a commented mzrules.yaml that names its sources (rule files, "
      "PrometheusRule resources, Alertmanager configurations, dashboards, tests, .mzr and "
      "jsonnet).",
      "init");
  std::string root = ".";
  bool print = false;
  bool force = false;
  app.add_option("dir", root, "the repository's root (default: the current folder)");
  app.add_flag("--stdout", print, "print the settings instead of writing mzrules.yaml");
  app.add_flag("--force", force, "replace an existing mzrules.yaml");
  if (int code = parse_args(app, args, env); code >= 0) return code;
  if (!env.fs.is_directory(root)) {
    env.err << fmt::format("mzrules init: error: '{}' is not a folder\n", root);
    return kExitUsage;
  }
  std::string target = join_path(root, kSettingsFile);
  if (!print && !force && env.fs.exists(target)) {
    env.err << fmt::format(
        "mzrules init: error: '{}' exists; --force replaces it, --stdout prints the proposal\n",
        target);
    return kExitErrors;
  }
  Scan s = scan(env.fs, root);
  bool any =
      std::any_of(s.files.begin(), s.files.end(), [](const auto& f) { return wanted(f.second); });
  if (!any) {
    env.err << fmt::format(
        "mzrules init: error: found nothing mzrules reads below '{}' (searched {} YAML, JSON, "
        "jsonnet and .mzr files); nothing written\n",
        root, s.files.size());
    return kExitErrors;
  }
  std::string text = render(s);
  if (print) {
    env.out << text;
    return kExitOk;
  }
  FsError error;
  if (!env.fs.write_atomic(target, text, error)) {
    env.err << fmt::format("mzrules init: error: cannot write '{}': {}\n", target, error.message);
    return kExitUsage;
  }
  env.err << fmt::format("wrote {}; run 'mzrules check' next\n", target);
  return kExitOk;
}

}  // namespace mzr::driver

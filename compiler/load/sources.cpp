#include "compiler/load/sources.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/base/utf8.h"
#include "compiler/load/dashboard_load.h"
#include "compiler/load/decode.h"

namespace mzr {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void report_outside(const std::string& path, const std::string& real, Diagnostics& diags) {
  diags.report(DiagKind::LinkOutsideRepository, {},
               fmt::format("'{}' leads to '{}', outside the repository; not read", path, real));
}

struct Walk {
  const FileSystem& fs;
  const ReadBounds& bounds;
  Diagnostics& diags;
  std::vector<SourcePath>& out;
  std::set<std::string> searched;  // real paths of the directories searched so far
};

void walk(Walk& w, const std::string& dir, int depth) {
  if (depth > 64) return;  // an absurd tree
  for (const std::string& name : w.fs.list(dir)) {
    if (name.empty() || name[0] == '.') continue;
    std::string path = join_path(dir, name);
    ReadBounds::Place at = w.bounds.locate(path);
    if (at.kind == FileKind::Directory) {
      if (!at.inside) {
        report_outside(path, at.real, w.diags);
      } else if (w.searched.insert(at.real).second) {
        walk(w, path, depth + 1);
      }
    } else if (is_source_name(name)) {
      if (at.kind != FileKind::Missing && !at.inside) {
        report_outside(path, at.real, w.diags);
      } else {
        w.out.push_back({path, false});
      }
    }
  }
}

// A Prometheus server configuration also has 'rule_files'; it is not a unit-test file.
bool is_prometheus_config(const yaml::Node* root) {
  for (const char* key : {"global", "scrape_configs", "scrape_config_files", "alerting",
                          "remote_write", "remote_read", "storage", "tracing", "otlp"}) {
    if (root->get(key)) return true;
  }
  return false;
}

}  // namespace

bool is_source_name(const std::string& name) {
  for (std::string_view ext : {".yaml", ".yml", ".json", ".mzr", ".jsonnet", ".libsonnet"}) {
    if (ends_with(name, ext)) return true;
  }
  return false;
}

std::vector<SourcePath> discover_sources(const FileSystem& fs,
                                         const std::vector<std::string>& paths, bool named,
                                         const ReadBounds& bounds, Diagnostics& diags) {
  std::vector<SourcePath> out;
  Walk w{fs, bounds, diags, out, {}};
  for (const std::string& p : paths) {
    if (!fs.exists(p)) {
      diags.report(DiagKind::FileNotFound, {}, fmt::format("no such file or directory: '{}'", p));
      continue;
    }
    ReadBounds::Place at = bounds.locate(p);
    if (!at.inside) {
      report_outside(p, at.real, diags);
      continue;
    }
    if (at.kind != FileKind::Directory) {
      out.push_back({p, true});
      continue;
    }
    // A folder named twice, or one already searched below another, is read once.
    if (!w.searched.insert(at.real).second) continue;
    size_t before = out.size();
    walk(w, p, 0);
    if (out.size() == before && named) {
      diags.report(DiagKind::NoSources, {},
                   fmt::format("directory '{}' contains no source files", p));
    }
  }
  return out;
}

std::optional<SourceId> read_source(const FileSystem& fs, const std::string& path,
                                    SourceManager& sm, Diagnostics& diags) {
  FileKind kind = fs.kind(path);
  if (kind == FileKind::Other) {
    diags.report(DiagKind::NotRegularFile, {},
                 fmt::format("'{}' is not a regular file (a device, a fifo, a socket or a file "
                             "of /proc or /sys); not read",
                             path));
    return std::nullopt;
  }
  auto size = fs.file_size(path);
  if (kind != FileKind::Regular || !size) {
    diags.report(DiagKind::FileNotFound, {},
                 fmt::format("cannot read '{}': not a regular file", path));
    return std::nullopt;
  }
  if (*size > kMaxSourceBytes) {
    diags.report(DiagKind::FileTooLarge, {},
                 fmt::format("'{}' is {} bytes, more than the {} bytes mzrules reads", path, *size,
                             kMaxSourceBytes));
    return std::nullopt;
  }
  std::string text;
  FsError err;
  if (!fs.read(path, text, err)) {
    diags.report(DiagKind::FileNotFound, {},
                 fmt::format("cannot read '{}': {}", path, err.message));
    return std::nullopt;
  }
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    SourceId id = sm.add(path, text.substr(0, text.find('\n', nul)));
    diags.report(DiagKind::BinaryFile,
                 {id, static_cast<uint32_t>(nul), static_cast<uint32_t>(nul + 1)},
                 "file contains NUL bytes; it is not a text file");
    return std::nullopt;
  }
  if (auto bad = find_invalid_utf8(text)) {
    auto at = static_cast<uint32_t>(*bad);
    SourceId id = sm.add(path, std::move(text));
    diags.report(DiagKind::InvalidUtf8, {id, at, at + 1},
                 fmt::format("invalid UTF-8: byte 0x{:02x} does not start a valid sequence",
                             static_cast<unsigned char>(sm.file(id).text()[at])));
    return std::nullopt;
  }
  return sm.add(path, std::move(text));
}

std::string_view format_description(DocumentFormat f) {
  switch (f) {
    case DocumentFormat::Empty: return "an empty file";
    case DocumentFormat::RuleFile: return "a rule file";
    case DocumentFormat::PrometheusRule: return "a PrometheusRule resource";
    case DocumentFormat::PromtoolTest: return "a promtool unit-test file";
    case DocumentFormat::RouteTests: return "a route test file";
    case DocumentFormat::AlertmanagerConfig: return "an Alertmanager configuration";
    case DocumentFormat::GrafanaDashboard: return "a Grafana dashboard";
    case DocumentFormat::KubernetesResource: return "a Kubernetes resource";
    case DocumentFormat::FileSdTargets: return "a file_sd target list";
    case DocumentFormat::Unknown: return "an unrecognised document";
  }
  return "";
}

DocumentFormat classify(const yaml::Stream& stream) {
  DocumentFormat first = DocumentFormat::Empty;
  for (const yaml::Document& doc : stream.documents) {
    const yaml::Node* root = doc.root;
    if (yaml::is_null_text(root)) continue;
    DocumentFormat f = DocumentFormat::Unknown;
    auto is_target_group = [](const yaml::Node* n) {
      return n->is_mapping() && (n->get("targets") || n->get("labels"));
    };
    if (root->is_sequence() &&
        std::any_of(root->items.begin(), root->items.end(), is_target_group)) {
      f = DocumentFormat::FileSdTargets;
    } else if (root->is_mapping()) {
      const yaml::Node* kind = root->get("kind");
      const yaml::Node* api = root->get("apiVersion");
      if (kind && kind->is_scalar() && kind->value == "PrometheusRule")
        return DocumentFormat::PrometheusRule;
      if (is_dashboard_document(root)) {
        f = DocumentFormat::GrafanaDashboard;
      } else if (kind && api) {
        f = DocumentFormat::KubernetesResource;
      } else if (root->get("groups")) {
        f = DocumentFormat::RuleFile;
      } else if (root->get("route_tests")) {
        f = DocumentFormat::RouteTests;
      } else if (root->get("tests") || (root->get("rule_files") && !is_prometheus_config(root))) {
        f = DocumentFormat::PromtoolTest;
      } else if (root->get("route") || root->get("receivers")) {
        f = DocumentFormat::AlertmanagerConfig;
      } else if (root->get("panels") || root->get("dashboard") || root->get("templating")) {
        f = DocumentFormat::GrafanaDashboard;
      }
    }
    if (first == DocumentFormat::Empty) first = f;
  }
  return first;
}

}  // namespace mzr

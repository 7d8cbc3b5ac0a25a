#include "compiler/driver/routing_scope.h"

#include <set>
#include <string>

#include "compiler/base/file_system.h"
#include "compiler/load/settings.h"

namespace mzr::driver {
namespace {

void add(std::set<SourceId>& files, const Span& s) {
  if (s.valid()) files.insert(s.file);
}

void add_route(std::set<SourceId>& files, const model::AmRoute& r) {
  add(files, r.span);
  if (r.receiver) add(files, r.receiver->span);
  for (const model::AmRoute& child : r.routes) add_route(files, child);
}

// Every file that holds part of the configuration, its notification template files included
// (Alertmanager refuses a configuration whose template files do not parse).
std::set<SourceId> routing_files(const model::AlertmanagerConfig& config,
                                 const SourceManager& sources) {
  std::set<SourceId> files;
  if (config.file != kNoSource) files.insert(config.file);
  add(files, config.route_key);
  add(files, config.route_at);
  add(files, config.global.span);
  if (config.route) add_route(files, *config.route);
  for (const model::AmReceiver& r : config.receivers) add(files, r.span);
  for (const model::AmInhibitRule& r : config.inhibit_rules) add(files, r.span);
  for (const model::AmTimeInterval& t : config.time_intervals) add(files, t.span);
  for (const model::Text& t : config.templates) add(files, t.span);
  std::set<std::string> template_paths;
  for (const model::AmTemplateFile& f : config.template_files) {
    template_paths.insert(f.path.empty() ? f.name : f.path);
  }
  for (SourceId id = 0; id < sources.size(); ++id) {
    if (template_paths.count(sources.file(id).path())) files.insert(id);
  }
  return files;
}

}  // namespace

RoutingErrors classify_routing_errors(const Compilation& c,
                                      const model::AlertmanagerConfig& config) {
  std::set<SourceId> files = routing_files(config, c.sources);
  std::string settings = join_path(c.settings.root, kSettingsFile);
  RoutingErrors out;
  for (const Diagnostic& d : c.diags.all()) {
    if (d.severity != Severity::Error) continue;
    bool blocking = !d.span.valid() || files.count(d.span.file) != 0 ||
                    d.kind == DiagKind::DslSyntax || c.sources.file(d.span.file).path() == settings;
    ++(blocking ? out.blocking : out.elsewhere);
  }
  return out;
}

}  // namespace mzr::driver

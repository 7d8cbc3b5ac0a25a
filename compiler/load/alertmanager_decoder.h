#pragma once
// The decoder behind alertmanager_config.h, shared by the files that read one part of the
// configuration each: alertmanager_config.cpp (the document, templates), alertmanager_route.cpp
// (the routing tree and matchers), alertmanager_inhibit.cpp, alertmanager_time_intervals.cpp,
// alertmanager_receivers.cpp (receivers and their integrations) and alertmanager_settings.cpp
// ('global' and the settings of integrations). It reads any value tree through yaml::NodeRef:
// a YAML document, or the DSL's blocks lowered into alertmanager.yml's shape.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/node_ref.h"
#include "compiler/model/alertmanager.h"
#include "compiler/model/alertmanager_integrations.h"

namespace mzr {

class AmDecoder {
 public:
  using NodeRef = yaml::NodeRef;
  using Text = model::Text;

  // Joins two spans of one file (a key and its value).
  static Span join(Span a, Span b) {
    return a.valid() && b.valid() ? Span{a.file, a.begin, b.end} : a;
  }

  AmDecoder(const AlertmanagerLoadOptions& options, Diagnostics& diags)
      : opts_(options), diags_(diags) {}

  model::AlertmanagerConfig load(NodeRef root, SourceId file, Span file_start);
  model::AmRoute load_route(NodeRef n);

 private:
  // alertmanager_route.cpp
  void load_match(NodeRef n, bool regex, std::string_view field,
                  std::vector<model::AmMatcher>& out);
  void load_matchers(NodeRef n, std::vector<model::AmMatcher>& out);
  std::vector<Text> load_group_by(NodeRef n);
  bool valid_grouping_label(std::string_view name) const;

  // alertmanager_inhibit.cpp
  std::optional<model::AmInhibitRule> load_inhibit_rule(NodeRef n);

  // alertmanager_time_intervals.cpp
  void load_time_intervals(NodeRef n, bool deprecated, model::AlertmanagerConfig& c);
  std::optional<model::AmTimeSpec> load_time_spec(NodeRef n);
  std::optional<std::vector<model::AmTimeOfDay>> load_times(NodeRef n);

  // alertmanager_receivers.cpp
  void load_receivers(NodeRef n, model::AlertmanagerConfig& c);
  void load_integration(const model::IntegrationKind& kind, NodeRef n, Span list_key,
                        model::AmReceiver& r);

  // alertmanager_versions.cpp: keys newer than opts_.version, in `n` and below.
  void check_versions(NodeRef n, std::string_view scope);

  // alertmanager_settings.cpp
  void load_global(NodeRef n, model::AmGlobal& g);
  // The entries of mapping `n` as settings; with `only`, just the keys it names.
  std::vector<model::AmSetting> settings(NodeRef n, std::span<const std::string_view> only = {});
  void check_url(const model::AmSetting* s);
  void check_host_port(const model::AmSetting* s);
  void check_secrets(std::string_view scope, const std::vector<model::AmSetting>& ss);
  void check_secret_files(const model::AmValue& v, std::string_view key);
  void check_settings(std::string_view scope, const std::vector<model::AmSetting>& ss);

  const AlertmanagerLoadOptions& opts_;
  Diagnostics& diags_;
};

}  // namespace mzr

#include "compiler/load/alertmanager_config.h"

#include "compiler/load/alertmanager_decoder.h"
#include "compiler/load/decode.h"

namespace mzr {

model::AlertmanagerConfig AmDecoder::load(NodeRef root, SourceId file, Span file_start) {
  model::AlertmanagerConfig c;
  c.file = file;
  if (!root || yaml::is_null_text(root)) {
    diags_.report(DiagKind::AmEmptyConfig, file_start, "no route provided in config");
    return c;
  }
  yaml::FieldReader f(root, "the Alertmanager configuration", diags_);
  if (!f.ok()) return c;
  c.read = true;
  c.secrets_substituted = opts_.secrets_by_reference && opts_.secrets_substituted;
  NodeRef global = f.field("global");
  NodeRef route = f.field("route");
  NodeRef inhibit = f.field("inhibit_rules");
  NodeRef receivers = f.field("receivers");
  NodeRef templates = f.field("templates");
  NodeRef mute = f.field("mute_time_intervals");
  NodeRef intervals = f.field("time_intervals");
  f.allow("tracing");
  f.allow("event_recorder");
  f.finish();

  check_versions(root, "Config");
  c.route_key = yaml::key_span(root, "route");
  Span root_span = root.span();
  c.route_at = route ? route.span() : Span{root_span.file, root_span.begin, root_span.begin};
  load_global(global, c.global);
  for (const Text& t : yaml::read_texts(templates, "'templates'", diags_)) {
    c.templates.push_back(t);
  }
  load_receivers(receivers, c);
  if (route && !yaml::is_null_text(route)) c.route = load_route(route);
  for (NodeRef n : yaml::read_items(inhibit, "inhibit rules", diags_)) {
    if (auto r = load_inhibit_rule(n)) c.inhibit_rules.push_back(std::move(*r));
  }
  load_time_intervals(mute, true, c);
  load_time_intervals(intervals, false, c);
  // Kept as written for the output.
  static constexpr std::string_view kPassthrough[] = {"tracing", "event_recorder"};
  c.passthrough = settings(root, kPassthrough);
  check_settings("any", c.passthrough);
  return c;
}

AlertmanagerLoadOptions repository_alertmanager_options(const model::Settings& settings) {
  AlertmanagerLoadOptions o;
  o.secrets_by_reference = true;
  o.secrets_substituted = settings.secrets_substituted;
  o.version = settings.alertmanager_version;
  return o;
}

model::AlertmanagerConfig load_alertmanager_config(const yaml::Stream& stream, SourceId file,
                                                   Diagnostics& diags,
                                                   const AlertmanagerLoadOptions& options) {
  const yaml::Node* root = stream.documents.empty() ? nullptr : stream.documents.front().root;
  AmDecoder decoder(options, diags);
  return decoder.load(root, file, Span{file, 0, 0});
}

model::AlertmanagerConfig load_alertmanager_document(const model::AmValue& root, SourceId file,
                                                     Diagnostics& diags,
                                                     const AlertmanagerLoadOptions& options) {
  AmDecoder decoder(options, diags);
  return decoder.load(yaml::NodeRef(&root), file, Span{file, 0, 0});
}

model::AmRoute load_alertmanager_route(const yaml::Node* route, Diagnostics& diags,
                                       const AlertmanagerLoadOptions& options) {
  AmDecoder decoder(options, diags);
  if (route == nullptr) return {};
  return decoder.load_route(route);
}

}  // namespace mzr

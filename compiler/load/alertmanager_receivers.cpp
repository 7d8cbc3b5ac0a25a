// The receivers of alertmanager.yml and their integrations ('<kind>_configs' lists). What each
// integration requires is checked on the model (check/alertmanager_checks.h); here only what
// decoding sees.

#include <fmt/format.h>

#include <set>
#include <utility>

#include "compiler/load/alertmanager_decoder.h"
#include "compiler/load/decode.h"

namespace mzr {

void AmDecoder::load_receivers(NodeRef n, model::AlertmanagerConfig& c) {
  for (NodeRef item : yaml::read_items(n, "receivers", diags_)) {
    yaml::FieldReader f(item, "receiver", diags_);
    if (!f.ok()) continue;
    model::AmReceiver r;
    r.span = item.span();
    NodeRef name = f.field("name");
    NodeRef labels = f.field("labels");
    std::vector<std::pair<const model::IntegrationKind*, NodeRef>> lists;
    for (const model::IntegrationKind& k : model::integration_kinds()) {
      if (NodeRef list = f.field(k.key)) lists.emplace_back(&k, list);
    }
    f.finish();
    r.name = yaml::read_text(name, "the receiver 'name'", diags_).value_or(Text{});
    if (r.name.value.empty()) {
      Span key = name && !yaml::is_null_text(name) ? name.span() : yaml::key_span(item, "name");
      diags_.report(DiagKind::AmMissingName, key.valid() ? key : item.span(),
                    "missing name in receiver");
      if (!name) r.name.span = item.span();
    }
    if (auto pairs = yaml::read_label_map(labels, "receiver labels", diags_)) r.labels = *pairs;
    for (auto [kind, list] : lists) {
      for (NodeRef entry : yaml::read_items(list, std::string(kind->key), diags_)) {
        load_integration(*kind, entry, yaml::key_span(item, kind->key), r);
      }
    }
    c.receivers.push_back(std::move(r));
  }
}

// `list_key` locates an empty entry, whose own position is not meaningful.
void AmDecoder::load_integration(const model::IntegrationKind& kind, NodeRef n, Span list_key,
                                 model::AmReceiver& r) {
  model::AmIntegration in;
  in.kind = std::string(kind.kind);
  in.span = n.span();
  static const std::set<std::string_view> empty_is_default = {"slack", "opsgenie", "wechat",
                                                              "rocketchat"};
  if (yaml::is_null_text(n) && !empty_is_default.count(kind.kind)) {
    diags_.report(DiagKind::AmMissingSetting, list_key,
                  fmt::format("missing {} config", kind.kind));
    return;
  }
  yaml::FieldReader f(n, fmt::format("{} config", kind.kind), diags_);
  if (!f.ok()) return;
  for (std::string_view s : kind.settings) f.allow(s);
  f.finish();
  in.settings = settings(n);
  check_settings(kind.kind, in.settings);
  for (const model::AmSetting& s : in.settings) {
    std::string_view name = s.name.value;
    if (name == "api_url" || name == "url" || name == "webhook_url" || name == "app_url") {
      check_url(&s);
    }
  }
  if (NodeRef sr = n.get("send_resolved")) yaml::read_bool(sr, "'send_resolved'", diags_);
  // The smarthost's form and the shape of the responders are decoding; what the integration
  // requires is not.
  if (kind.kind == "email") check_host_port(in.get("smarthost"));
  if (kind.kind == "opsgenie") yaml::read_items(n.get("responders"), "responders", diags_);
  r.integrations.push_back(std::move(in));
}

}  // namespace mzr

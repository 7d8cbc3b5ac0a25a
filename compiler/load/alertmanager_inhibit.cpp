// The inhibit rules of alertmanager.yml.

#include <fmt/format.h>

#include "compiler/load/alertmanager_decoder.h"
#include "compiler/load/decode.h"

namespace mzr {

std::optional<model::AmInhibitRule> AmDecoder::load_inhibit_rule(NodeRef n) {
  yaml::FieldReader f(n, "inhibit rule", diags_);
  if (!f.ok()) return std::nullopt;
  model::AmInhibitRule r;
  r.span = n.span();
  NodeRef name = f.field("name");
  NodeRef sm = f.field("source_match");
  NodeRef smr = f.field("source_match_re");
  NodeRef sms = f.field("source_matchers");
  NodeRef tm = f.field("target_match");
  NodeRef tmr = f.field("target_match_re");
  NodeRef tms = f.field("target_matchers");
  NodeRef equal = f.field("equal");
  f.finish();
  if (name && !yaml::is_null_text(name)) r.name = yaml::read_text(name, "'name'", diags_);
  load_match(sm, false, "source_match", r.source_matchers);
  load_match(smr, true, "source_match_re", r.source_matchers);
  load_matchers(sms, r.source_matchers);
  load_match(tm, false, "target_match", r.target_matchers);
  load_match(tmr, true, "target_match_re", r.target_matchers);
  load_matchers(tms, r.target_matchers);
  for (Text& t : yaml::read_texts(equal, "'equal'", diags_)) {
    if (!valid_grouping_label(t.value)) {
      diags_.report(DiagKind::AmInvalidLabelName, t.span,
                    fmt::format("invalid label name '{}' in equal list", t.value));
    }
    r.equal.push_back(std::move(t));
  }
  return r;
}

}  // namespace mzr

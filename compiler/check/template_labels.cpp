#include "compiler/check/template_labels.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "compiler/check/template_reads.h"
#include "compiler/check/templates.h"
#include "compiler/check/text_span.h"
#include "compiler/template/parse.h"

namespace mzr {
namespace {

// Alert templates: `.` is the alert data, whose `Labels` (also `$labels`, which Prometheus'
// prefix binds to it) is the map of the series' labels.
struct AlertData {
  enum class Kind : uint8_t { Data, Labels, Other };
  static Kind field(Kind base, std::string_view name) {
    return base == Kind::Data && name == "Labels" ? Kind::Labels : Kind::Other;
  }
  static bool is_map(Kind k) { return k == Kind::Labels; }
  static Kind element(Kind) { return Kind::Other; }  // a label value, a sample
};
using Kind = AlertData::Kind;

}  // namespace

std::vector<LabelRead> labels_read(const std::string& text) {
  if (text.find("{{") == std::string::npos) return {};
  tmpl::Set set;
  tmpl::ParseOptions options;  // every function name parses; E0330 reports unknown ones
  if (parse_alert_template(set, "", text, options)) return {};
  uint32_t prefix = alert_template_offset();
  std::vector<LabelRead> reads;
  TemplateReadWalker<AlertData> walker(
      nullptr, [&](Kind, const std::string& name, const tmpl::Node* at, uint32_t end) {
        if (at->pos < prefix) return;  // Prometheus' own definitions
        reads.push_back({name, at->pos - prefix, std::max(end, at->pos) - prefix});
      });
  for (const auto& [name, tree] : set.trees()) {
    // `{{define}}` bodies do not see the prefix's variables, and their dot is what the caller
    // passes: nothing is known of it.
    walker.run(tree.root, name == alert_template_name("") ? Kind::Data : Kind::Other);
  }
  return reads;
}

void check_template_labels(const model::RuleGroup& g, const model::Rule& r,
                           const std::function<bool(const std::string&)>& may_have,
                           const std::string& series_labels, const SourceManager* sources,
                           Diagnostics& diags) {
  auto check = [&](const model::LabelPair& p) {
    for (const LabelRead& read : labels_read(p.value.value)) {
      if (may_have(read.name)) continue;
      bool static_label = false;
      for (const auto* set : {&r.labels, &g.labels}) {
        for (const model::LabelPair& l : *set) static_label |= l.name.value == read.name;
      }
      auto& d =
          diags.report(DiagKind::TemplateLabelNeverSet,
                       locate_in_text(p.value.span, p.value.value, read.begin, read.end, sources),
                       fmt::format("'$labels.{}' is always empty: the series of alert '{}' "
                                   "never carry label '{}'",
                                   read.name, r.name.value, read.name));
      d.note(r.expr_span,
             fmt::format("the expression returns series with labels {}", series_labels));
      if (static_label) {
        d.note(p.value.span, fmt::format("'{}' is a label of the rule; write its value directly, "
                                         "$labels holds only the series' labels",
                                         read.name));
      }
    }
  };
  for (const model::LabelPair& p : r.annotations) check(p);
  for (const model::LabelPair& p : r.labels) check(p);
}

}  // namespace mzr

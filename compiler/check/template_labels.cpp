#include "compiler/check/template_labels.h"

#include <fmt/format.h>

#include <regex>

namespace mzr {

std::vector<std::string> labels_read(const std::string& tmpl) {
  static const std::regex kDot(R"((?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*))");
  static const std::regex kIndex(R"re(index\s+(?:\$labels|\.Labels)\s+"([^"]*)")re");
  std::vector<std::string> out;
  for (const std::regex* re : {&kDot, &kIndex}) {
    for (auto it = std::sregex_iterator(tmpl.begin(), tmpl.end(), *re);
         it != std::sregex_iterator(); ++it) {
      out.push_back((*it)[1].str());
    }
  }
  return out;
}

void check_template_labels(const model::RuleGroup& g, const model::Rule& r,
                           const std::function<bool(const std::string&)>& may_have,
                           const std::string& series_labels, Diagnostics& diags) {
  auto check = [&](const model::LabelPair& p) {
    for (const std::string& name : labels_read(p.value.value)) {
      if (may_have(name)) continue;
      bool static_label = false;
      for (const auto* set : {&r.labels, &g.labels}) {
        for (const model::LabelPair& l : *set) static_label |= l.name.value == name;
      }
      auto& d = diags.report(DiagKind::TemplateLabelNeverSet, p.value.span,
                             fmt::format("'$labels.{}' is always empty: the series of alert '{}' "
                                         "never carry label '{}'",
                                         name, r.name.value, name));
      d.note(r.expr_span,
             fmt::format("the expression returns series with labels {}", series_labels));
      if (static_label) {
        d.note(p.value.span, fmt::format("'{}' is a label of the rule; write its value directly, "
                                         "$labels holds only the series' labels",
                                         name));
      }
    }
  };
  for (const model::LabelPair& p : r.annotations) check(p);
  for (const model::LabelPair& p : r.labels) check(p);
}

}  // namespace mzr

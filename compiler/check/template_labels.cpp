#include "compiler/check/template_labels.h"

#include <fmt/format.h>

#include <string_view>

namespace mzr {

namespace {

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// `$labels` or `.Labels` at `i`.
bool labels_at(std::string_view s, size_t i) {
  std::string_view rest = s.substr(i);
  return rest.starts_with("$labels") || rest.starts_with(".Labels");
}
constexpr size_t kLabelsLength = 7;

// `$labels.x` and `.Labels.x`, leftmost first, not overlapping.
void dot_forms(std::string_view s, std::vector<std::string>& out) {
  for (size_t i = 0; i < s.size();) {
    size_t name = i + kLabelsLength + 1;
    if (!labels_at(s, i) || name >= s.size() || s[name - 1] != '.' || !is_name_start(s[name])) {
      ++i;
      continue;
    }
    size_t end = name + 1;
    while (end < s.size() && is_name_char(s[end])) ++end;
    out.emplace_back(s.substr(name, end - name));
    i = end;
  }
}

// `index $labels "x"` and `index .Labels "x"`, leftmost first, not overlapping.
void index_forms(std::string_view s, std::vector<std::string>& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!s.substr(i).starts_with("index")) continue;
    size_t labels = skip_spaces(s, i + 5);
    if (labels == i + 5 || !labels_at(s, labels)) continue;
    size_t quote = skip_spaces(s, labels + kLabelsLength);
    if (quote == labels + kLabelsLength || quote >= s.size() || s[quote] != '"') continue;
    size_t close = s.find('"', quote + 1);
    if (close == std::string_view::npos) continue;
    out.emplace_back(s.substr(quote + 1, close - quote - 1));
    i = close;
  }
}

}  // namespace

// Scanned by hand: this runs over every label and annotation of every alert, and the regex
// library costs more than the rest of the check.
std::vector<std::string> labels_read(const std::string& tmpl) {
  std::vector<std::string> out;
  dot_forms(tmpl, out);
  index_forms(tmpl, out);
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

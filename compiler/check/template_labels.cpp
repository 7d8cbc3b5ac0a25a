#include "compiler/check/template_labels.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "compiler/check/template_reads.h"
#include "compiler/template/parse.h"
#include "compiler/template/prometheus.h"

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

// The span of bytes [begin, end) of `value` in the source: the reference found in the text the
// span covers, when it occurs there as often as in the value (escapes, line folding and string
// concatenation move it, but do not change it); otherwise the whole value.
Span locate(const model::Text& value, uint32_t begin, uint32_t end, const SourceManager* sources) {
  if (sources == nullptr || value.span.file == kNoSource || end <= begin) return value.span;
  std::string_view text = sources->file(value.span.file).text();
  if (value.span.end > text.size() || value.span.begin >= value.span.end) return value.span;
  std::string_view raw = text.substr(value.span.begin, value.span.end - value.span.begin);
  std::string_view ref = std::string_view(value.value).substr(begin, end - begin);
  auto occurrences = [&](std::string_view s, size_t until) {
    std::vector<size_t> at;
    for (size_t i = s.find(ref); i != std::string_view::npos && i < until; i = s.find(ref, i + 1)) {
      at.push_back(i);
    }
    return at;
  };
  std::vector<size_t> in_value = occurrences(value.value, value.value.size());
  std::vector<size_t> in_raw = occurrences(raw, raw.size());
  if (in_value.size() != in_raw.size()) return value.span;
  for (size_t k = 0; k < in_value.size(); ++k) {
    if (in_value[k] != begin) continue;
    auto b = static_cast<uint32_t>(value.span.begin + in_raw[k]);
    return Span{value.span.file, b, static_cast<uint32_t>(b + ref.size())};
  }
  return value.span;
}

}  // namespace

std::vector<LabelRead> labels_read(const std::string& text) {
  if (text.find("{{") == std::string::npos) return {};
  tmpl::Set set;
  std::string full = std::string(tmpl::kAlertTemplatePrefix) + text;
  uint16_t source = set.add_source("alert", full);
  tmpl::ParseOptions options;  // every function name parses; E0330 reports unknown ones
  if (tmpl::parse(set, source, "alert", options)) return {};
  auto prefix = static_cast<uint32_t>(tmpl::kAlertTemplatePrefix.size());
  std::vector<LabelRead> reads;
  TemplateReadWalker<AlertData> walker(
      nullptr, [&](Kind, const std::string& name, const tmpl::Node* at, uint32_t end) {
        if (at->pos < prefix) return;  // Prometheus' own definitions
        reads.push_back({name, at->pos - prefix, std::max(end, at->pos) - prefix});
      });
  for (const auto& [name, tree] : set.trees()) {
    // `{{define}}` bodies do not see the prefix's variables, and their dot is what the caller
    // passes: nothing is known of it.
    walker.run(tree.root, name == "alert" ? Kind::Data : Kind::Other);
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
      auto& d = diags.report(DiagKind::TemplateLabelNeverSet,
                             locate(p.value, read.begin, read.end, sources),
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

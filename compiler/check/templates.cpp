#include "compiler/check/templates.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "compiler/base/suggest.h"
#include "compiler/check/text_span.h"
#include "compiler/template/prometheus.h"

namespace mzr {
std::optional<tmpl::Error> parse_alert_template(tmpl::Set& set, const std::string& alert,
                                                const std::string& text,
                                                const tmpl::ParseOptions& options) {
  std::string name = alert_template_name(alert);
  uint16_t source = set.add_source(name, std::string(tmpl::kAlertTemplatePrefix) + text);
  return tmpl::parse(set, source, name, options);
}

std::string alert_template_name(const std::string& alert) {
  return "__alert_" + alert;
}

uint32_t alert_template_offset() {
  return static_cast<uint32_t>(tmpl::kAlertTemplatePrefix.size());
}

AlertTemplateCheck::AlertTemplateCheck() {
  // The names are all that is needed: the functions never run here.
  for (const auto& [name, fn] : tmpl::prometheus_functions({})) functions_.push_back(name);
  std::sort(functions_.begin(), functions_.end());
}

void AlertTemplateCheck::check(const std::string& alert, const model::Text& value,
                               const SourceManager* sources, Diagnostics& diags) const {
  if (value.value.find("{{") == std::string::npos) return;
  tmpl::ParseOptions options;
  options.has_function = [&](std::string_view name) {
    return std::binary_search(functions_.begin(), functions_.end(), name);
  };
  tmpl::Set set;
  std::optional<tmpl::Error> err = parse_alert_template(set, alert, value.value, options);
  if (!err) return;
  uint32_t offset = alert_template_offset();
  if (err->begin < offset) {  // in Prometheus' own definitions: cannot happen
    diags.report(DiagKind::TemplateSyntax, value.span,
                 fmt::format("template does not parse: {}", err->message));
    return;
  }
  uint32_t begin = err->begin - offset;
  uint32_t end = std::max(err->end - offset, begin + 1);
  // An error about a name Go's message quotes (a function, a variable) and that is written
  // where the error is underlines the name.
  std::string_view name;
  if (size_t open = err->message.find('"'); open != std::string::npos) {
    size_t close = err->message.find('"', open + 1);
    std::string_view quoted = std::string_view(err->message).substr(open + 1, close - open - 1);
    if (close != std::string::npos && !quoted.empty() &&
        std::string_view(value.value).substr(begin).starts_with(quoted)) {
      name = quoted;
      end = std::max(end, begin + static_cast<uint32_t>(name.size()));
    }
  }
  if (err->kind == tmpl::ErrorKind::UnknownFunction) {
    std::vector<std::string_view> candidates(functions_.begin(), functions_.end());
    diags.report(DiagKind::TemplateUnknownFunction,
                 locate_in_text(value.span, value.value, begin, end, sources),
                 fmt::format("function '{}' is not defined in Prometheus templates{}", name,
                             did_you_mean(name, candidates)));
    return;
  }
  diags.report(DiagKind::TemplateSyntax,
               locate_in_text(value.span, value.value, begin, end, sources),
               fmt::format("template does not parse: {}", err->message));
}

}  // namespace mzr

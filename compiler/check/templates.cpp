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

TemplateErrorPlace place_template_error(const tmpl::Error& err, std::string_view text,
                                        uint32_t offset) {
  TemplateErrorPlace p;
  auto size = static_cast<uint32_t>(text.size());
  p.begin = std::min(err.begin > offset ? err.begin - offset : 0, size);
  // The name Go's message quotes, when it is written where the error is.
  size_t open = err.message.find('"');
  size_t close = open == std::string::npos ? open : err.message.find('"', open + 1);
  if (close != std::string::npos && close > open + 1) {
    std::string_view name = std::string_view(err.message).substr(open + 1, close - open - 1);
    if (text.substr(p.begin).starts_with(name)) p.name = name;
  }
  uint32_t end = err.end > offset ? err.end - offset : 0;
  p.end = std::min(
      std::max({end, p.begin + static_cast<uint32_t>(p.name.size()), std::min(p.begin + 1, size)}),
      size);
  if (!err.open_what.empty() && err.open_at >= offset) {
    p.open_at = err.open_at - offset;
    if (err.open_what == "action") {
      p.open_length = 2;
      p.open_note = "this action has no closing '}}'";
    } else {
      p.open_length = static_cast<uint32_t>(err.open_what.size());
      p.open_note = fmt::format("'{{{{{}}}}}' starts here and has no '{{{{end}}}}'", err.open_what);
    }
  }
  return p;
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
  TemplateErrorPlace at = place_template_error(*err, value.value, alert_template_offset());
  Span span = locate_in_text(value.span, value.value, at.begin, at.end, sources);
  if (err->kind == tmpl::ErrorKind::UnknownFunction) {
    std::vector<std::string_view> candidates(functions_.begin(), functions_.end());
    diags.report(DiagKind::TemplateUnknownFunction, span,
                 fmt::format("function '{}' is not defined in Prometheus templates{}", at.name,
                             did_you_mean(at.name, candidates)));
    return;
  }
  Diagnostic& d = diags.report(DiagKind::TemplateSyntax, span,
                               fmt::format("template does not parse: {}", err->message));
  if (at.open_at) {
    d.note(
        locate_in_text(value.span, value.value, *at.open_at, *at.open_at + at.open_length, sources),
        at.open_note);
  }
}

}  // namespace mzr

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

std::string_view template_error_name(const tmpl::Error& err, std::string_view text,
                                     uint32_t begin) {
  size_t open = err.message.find('"');
  if (open == std::string::npos) return {};
  size_t close = err.message.find('"', open + 1);
  if (close == std::string::npos || close == open + 1) return {};
  std::string_view name = std::string_view(err.message).substr(open + 1, close - open - 1);
  if (begin > text.size() || !text.substr(begin).starts_with(name)) return {};
  return name;
}

std::optional<UnclosedNote> unclosed_note(const tmpl::Error& err) {
  if (err.open_what.empty()) return std::nullopt;
  if (err.open_what == "action") return UnclosedNote{2, "this action has no closing '}}'"};
  return UnclosedNote{
      static_cast<uint32_t>(err.open_what.size()),
      fmt::format("'{{{{{}}}}}' starts here and has no '{{{{end}}}}'", err.open_what)};
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
  std::string_view name = template_error_name(*err, value.value, begin);
  uint32_t end =
      std::max({err->end - offset, begin + static_cast<uint32_t>(name.size()), begin + 1});
  if (err->kind == tmpl::ErrorKind::UnknownFunction) {
    std::vector<std::string_view> candidates(functions_.begin(), functions_.end());
    diags.report(DiagKind::TemplateUnknownFunction,
                 locate_in_text(value.span, value.value, begin, end, sources),
                 fmt::format("function '{}' is not defined in Prometheus templates{}", name,
                             did_you_mean(name, candidates)));
    return;
  }
  Diagnostic& d = diags.report(DiagKind::TemplateSyntax,
                               locate_in_text(value.span, value.value, begin, end, sources),
                               fmt::format("template does not parse: {}", err->message));
  if (auto note = unclosed_note(*err); note && err->open_at >= offset) {
    uint32_t at = err->open_at - offset;
    d.note(locate_in_text(value.span, value.value, at, at + note->length, sources), note->message);
  }
}

}  // namespace mzr

#include "compiler/template/alert_expand.h"

#include <fmt/format.h>

#include "compiler/template/exec.h"
#include "compiler/template/parse.h"

namespace mzr::tmpl {

AlertExpansion expand_alert_template(std::string_view text, const AlertContext& alert) {
  AlertExpansion out;
  std::string name = "__alert_" + alert.rule_name;
  // Positions are reported into `text`: the prefix is a source of its own, and the text is
  // parsed after it as Prometheus concatenates them, then offsets are shifted back.
  std::string full = std::string(kAlertTemplatePrefix) + std::string(text);
  Set set;
  uint16_t src = set.add_source(name, full);
  PrometheusEnv env;
  env.timestamp_ms = alert.timestamp_ms;
  env.external_url = alert.external_url;
  env.query = alert.query;
  FuncMap funcs = prometheus_functions(env);
  ParseOptions po;
  po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  auto shift = [&](Error e) {
    uint32_t p = static_cast<uint32_t>(kAlertTemplatePrefix.size());
    e.begin = e.begin >= p ? e.begin - p : 0;
    e.end = e.end >= p ? e.end - p : 0;
    return e;
  };
  if (auto err = parse(set, src, name, po)) {
    out.go_error = fmt::format("error parsing template {}: {}", name, go_error_text(set, *err));
    out.value = fmt::format("<error expanding template: {}>", out.go_error);
    out.error = shift(*err);
    return out;
  }
  Value data =
      alert_template_data(alert.labels, alert.external_labels, alert.external_url, alert.value);
  ExecOptions eo;
  eo.missing_key = MissingKey::Zero;
  ExecResult r = execute(set, name, data, funcs, eo);
  if (r.error) {
    out.go_error =
        fmt::format("error executing template {}: {}", name, go_error_text(set, *r.error));
    out.value = fmt::format("<error expanding template: {}>", out.go_error);
    out.error = shift(*r.error);
    return out;
  }
  out.value = std::move(r.output);
  return out;
}

}  // namespace mzr::tmpl

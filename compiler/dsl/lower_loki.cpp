#include "compiler/dsl/lower_loki.h"

#include <fmt/format.h>

#include "compiler/dsl/url_secrets.h"

namespace mzr::dsl {

model::StreamCatalog lower_streams(const StreamsBlock& b) {
  model::StreamCatalog c;
  c.name = {b.name.value, b.name.span};
  c.span = b.span;
  for (const Name& n : b.labels) c.labels.push_back({n.value, n.span});
  return c;
}

bool valid_loki_tenant(const Text& t, Diagnostics& diags) {
  const std::string& v = t.value;
  std::string_view problem;
  if (v.empty()) {
    problem = "is empty";
  } else if (v.size() > 150) {
    problem = "is longer than 150 bytes";
  } else if (v == "." || v == "..") {
    problem = "cannot be '.' or '..'";
  } else {
    for (char c : v) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("!-_.*'()").find(c) != std::string_view::npos;
      if (!ok) {
        problem = "has characters other than letters, digits and !-_.*'()";
        break;
      }
    }
  }
  if (problem.empty()) return true;
  diags.report(DiagKind::DslInvalidValue, t.span, fmt::format("Loki tenant '{}' {}", v, problem));
  return false;
}

namespace {

bool valid_url(const KeyText& kt, Diagnostics& diags) {
  const std::string& v = kt.value.value;
  // Checked first: the message below quotes the value.
  if (!url_without_credentials(kt.key.value, v, kt.value.span, diags)) return false;
  bool http = v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0;
  bool host = http && v.find_first_not_of('/', v.find(':') + 1) != std::string::npos;
  if (http && host && v.find_first_of(" \t\n") == std::string::npos) return true;
  diags.report(DiagKind::DslInvalidValue, kt.value.span,
               fmt::format("'{}' is an http:// or https:// URL, not '{}'", kt.key.value, v));
  return false;
}

}  // namespace

void lower_loki_settings(const StackEntry& e, model::LokiStack& out, Diagnostics& diags) {
  for (const KeyText& kt : e.settings) {
    const std::string& key = kt.key.value;
    if (key == "tenant") {
      if (valid_loki_tenant(kt.value, diags)) out.tenant = kt.value.value;
    } else if (key == "alertmanager_url") {
      if (valid_url(kt, diags)) out.alertmanager_url = kt.value.value;
    } else if (key == "remote_write_url") {
      if (valid_url(kt, diags)) out.remote_write_url = kt.value.value;
    } else if (key == "rules_directory") {
      if (kt.value.value.size() > 1 && kt.value.value[0] == '/') {
        std::string dir = kt.value.value;
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        out.rules_directory = dir;
      } else {
        diags.report(DiagKind::DslInvalidValue, kt.value.span,
                     fmt::format("'rules_directory' is an absolute path below '/', not '{}'",
                                 kt.value.value));
      }
    }
  }
}

}  // namespace mzr::dsl

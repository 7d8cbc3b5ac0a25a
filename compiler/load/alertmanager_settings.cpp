// The settings of 'global' and of the integrations, kept as written (model::AmSetting) and
// checked where decoding can tell: URLs, host:port addresses, secrets written in place and the
// files of mounted secrets.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "compiler/base/go_url.h"
#include "compiler/load/alertmanager_decoder.h"
#include "compiler/load/alertmanager_files.h"
#include "compiler/load/decode.h"
#include "compiler/load/secret_files.h"
#include "compiler/model/alertmanager_secrets.h"

namespace mzr {
namespace {

using model::AmSetting;

// Go's url.Parse followed by Alertmanager's checks (http or https, non-empty host).
std::optional<std::string> url_error(std::string_view u) {
  if (auto err = go_url_parse_error(u)) return err;
  std::string scheme;
  size_t colon = u.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    bool valid = std::isalpha(static_cast<unsigned char>(u[0])) != 0;
    for (size_t i = 1; i < colon && valid; ++i) {
      char c = u[i];
      valid = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
    }
    if (valid) {
      for (size_t i = 0; i < colon; ++i) {
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(u[i])));
      }
    }
  }
  if (scheme != "http" && scheme != "https") {
    return fmt::format("unsupported scheme \"{}\" for URL", scheme);
  }
  std::string_view rest = u.substr(colon + 1);
  if (!rest.starts_with("//")) return std::string("missing host for URL");
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (authority.empty()) return std::string("missing host for URL");
  return std::nullopt;
}

// Go's net.SplitHostPort plus Alertmanager's non-empty port rule.
std::optional<std::string> host_port_error(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t colon;
  if (s.starts_with('[')) {
    size_t close = s.find(']');
    if (close == std::string_view::npos) {
      return fmt::format("address {}: missing ']' in address", s);
    }
    if (close + 1 >= s.size() || s[close + 1] != ':') {
      return fmt::format("address {}: missing port in address", s);
    }
    colon = close + 1;
  } else {
    colon = s.rfind(':');
    if (colon == std::string_view::npos)
      return fmt::format("address {}: missing port in address", s);
    if (s.find(':') != colon) return fmt::format("address {}: too many colons in address", s);
  }
  if (colon + 1 == s.size()) return fmt::format("address \"{}\": port cannot be empty", s);
  return std::nullopt;
}

const AmSetting* find(const std::vector<AmSetting>& ss, std::string_view name) {
  for (const AmSetting& s : ss) {
    if (s.name.value == name) return &s;
  }
  return nullptr;
}

}  // namespace

void AmDecoder::load_global(NodeRef n, model::AmGlobal& g) {
  if (yaml::is_null_text(n)) return;
  yaml::FieldReader f(n, "'global'", diags_);
  if (!f.ok()) return;
  for (std::string_view name : model::global_settings()) f.allow(name);
  f.finish();
  g.span = n.span();
  g.settings = settings(n);
  if (auto d = yaml::read_duration(n.get("resolve_timeout"), "resolve_timeout", diags_)) {
    g.resolve_timeout = *d;
  }
  for (const AmSetting& s : g.settings) {
    std::string_view name = s.name.value;
    if (name.ends_with("_url") && name != "smtp_smarthost") check_url(&s);
  }
  check_host_port(find(g.settings, "smtp_smarthost"));
  check_settings("global", g.settings);
}

std::vector<model::AmSetting> AmDecoder::settings(NodeRef n,
                                                  std::span<const std::string_view> only) {
  std::vector<AmSetting> out;
  if (!n || !n.is_mapping()) return out;
  for (const yaml::RefEntry& e : n.entries()) {
    if (!e.key.is_scalar()) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), e.key.value()) == only.end()) continue;
    AmSetting s;
    s.name = Text{std::string(e.key.value()), e.key.span()};
    s.span = join(e.key.span(), e.value ? e.value.span() : e.key.span());
    if (e.value) s.content = yaml::to_am_value(e.value);
    if (!e.value || yaml::is_null_text(e.value)) {
      s.shape = AmSetting::Shape::Null;
    } else if (e.value.is_scalar()) {
      s.value = Text{std::string(e.value.value()), e.value.span()};
    } else {
      s.shape = e.value.is_mapping() ? AmSetting::Shape::Mapping : AmSetting::Shape::Sequence;
      s.value.span = e.value.span();
    }
    out.push_back(std::move(s));
  }
  return out;
}

void AmDecoder::check_url(const AmSetting* s) {
  if (s == nullptr || s->shape == AmSetting::Shape::Null) return;
  if (s->shape != AmSetting::Shape::Scalar) {
    diags_.report(DiagKind::WrongNodeType, s->value.span,
                  fmt::format("expected a URL for '{}'", s->name.value));
    return;
  }
  const std::string& v = s->value.value;
  if (v == "<secret>" || v.find("{{") != std::string::npos) return;
  // A placeholder the deployment substitutes is judged once it is the real URL.
  if (opts_.secrets_substituted && model::is_secret_placeholder(v)) return;
  if (auto err = url_error(v)) {
    diags_.report(DiagKind::AmInvalidSetting, s->value.span,
                  fmt::format("invalid URL in '{}': {}", s->name.value, *err));
  }
}

void AmDecoder::check_host_port(const AmSetting* s) {
  if (s == nullptr || s->shape != AmSetting::Shape::Scalar) return;
  if (auto err = host_port_error(s->value.value)) {
    diags_.report(DiagKind::AmInvalidSetting, s->value.span, *err);
  }
}

// Credentials written in place (model/alertmanager_secrets.h). Their text is marked so that
// no diagnostic ever echoes it. In the repository each is an error; in a configuration read
// from elsewhere, which Alertmanager accepts as it is, the scope's own settings are warnings.
void AmDecoder::check_secrets(std::string_view scope, const std::vector<AmSetting>& ss) {
  for (const model::FoundSecret& f : model::find_literal_secrets(scope, ss)) {
    if (opts_.secrets_by_reference && opts_.secrets_substituted &&
        model::is_secret_placeholder(f.value->scalar)) {
      diags_.report(
          DiagKind::AmSecretPlaceholder, f.value->span,
          fmt::format("'{}' is a placeholder for {} in '{}', which the deployment "
                      "substitutes ('secrets.inline: substituted'); it is kept as written",
                      f.value->scalar, f.field != nullptr ? f.field->what : "credentials", f.path));
      continue;
    }
    diags_.mark_secret(f.value->span);
    if (!opts_.secrets_by_reference) {
      if (f.field != nullptr && f.top_level) {
        diags_.report(DiagKind::AmLiteralSecret, f.value->span,
                      fmt::format("{} is written in plain text in '{}'; prefer '{}_file' with a "
                                  "mounted secret",
                                  f.field->what, f.key, f.key));
      }
      continue;
    }
    std::string message;
    if (f.field == nullptr) {
      message = fmt::format(
          "credentials are written in a URL in '{}'; secrets never enter the repository: read "
          "the URL with a '*_file' setting or the credentials with 'http_config'",
          f.path);
    } else if (f.field->instead.empty()) {
      message =
          fmt::format("{} is written in '{}'; secrets are read from mounted files: use '{}_file'",
                      f.field->what, f.path, f.key);
    } else {
      message = fmt::format("{} is written in '{}'; secrets never enter the repository: {}",
                            f.field->what, f.path, f.field->instead);
    }
    if (opts_.secrets_substituted) {
      message +=
          "; with 'secrets.inline: substituted' only placeholders are accepted ('${NAME}', "
          "'<path:...>', 'ENC[...]')";
    }
    diags_.report(DiagKind::AmSecretInSource, f.value->span, std::move(message));
  }
}

// The '*_file' settings at any depth name files of mounted Secrets (load/secret_files.h).
void AmDecoder::check_secret_files(const model::AmValue& v, std::string_view key) {
  if (!opts_.secrets_by_reference) return;
  if (v.kind == model::AmValue::Kind::Scalar && key.ends_with("_file")) {
    if (auto problem = secret_file_problem(v.scalar)) {
      diags_.report(DiagKind::AmInvalidSecretFile, v.span,
                    fmt::format("'{}' in '{}' {}; secret files are {}<secret>/<key>", v.scalar, key,
                                *problem, kAmSecretsDir));
    }
  }
  for (const model::AmValueEntry& e : v.entries) check_secret_files(e.value, e.key.value);
  for (const model::AmValue& item : v.items) check_secret_files(item, key);
}

void AmDecoder::check_settings(std::string_view scope, const std::vector<AmSetting>& ss) {
  check_secrets(scope, ss);
  for (const AmSetting& s : ss) check_secret_files(s.content, s.name.value);
}

}  // namespace mzr

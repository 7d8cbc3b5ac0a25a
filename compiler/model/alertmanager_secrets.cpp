#include "compiler/model/alertmanager_secrets.h"

#include <set>

#include "compiler/base/url_credentials.h"

namespace mzr::model {
namespace {

constexpr SecretMatch kNamed = SecretMatch::CredentialName;

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  while (true) {
    size_t dot = path.find('.');
    out.push_back(path.substr(0, dot));
    if (dot == std::string_view::npos) return out;
    path.remove_prefix(dot + 1);
  }
}

bool is_literal(const AmValue& v) {
  // '<secret>' is how Alertmanager prints a secret it hides ('amtool config show').
  return v.kind == AmValue::Kind::Scalar && !v.scalar.empty() && v.scalar != "<secret>";
}

class Finder {
 public:
  explicit Finder(std::vector<FoundSecret>& out) : out_(out) {}

  void field(const SecretField& f, const AmSetting& s) {
    std::vector<std::string_view> segments = split_path(f.path);
    if (segments.front() != "*" && segments.front() != s.name.value) return;
    std::string_view named = segments.front() == "*" ? std::string_view(s.name.value) : "";
    walk(f, segments, 1, s.content, s.name.value, s.name.value, named);
  }

  // Credentials inside URLs, in every value not already found.
  void urls(const AmValue& v, const std::string& path, std::string_view key) {
    switch (v.kind) {
      case AmValue::Kind::Scalar:
        if (is_literal(v) && !seen_.count(&v) && url_userinfo(v.scalar)) {
          add(v, nullptr, path, key);
        }
        return;
      case AmValue::Kind::Sequence:
        for (const AmValue& item : v.items) urls(item, path, key);
        return;
      case AmValue::Kind::Mapping:
        for (const AmValueEntry& e : v.entries)
          urls(e.value, path + "." + e.key.value, e.key.value);
        return;
      case AmValue::Kind::Null: return;
    }
  }

 private:
  // `named` is the key the last '*' matched, which a CredentialName field judges.
  void walk(const SecretField& f, const std::vector<std::string_view>& segments, size_t i,
            const AmValue& v, const std::string& path, std::string_view key,
            std::string_view named) {
    if (i == segments.size()) {
      if (f.match == SecretMatch::CredentialName && !is_credential_name(named)) return;
      if (v.kind == AmValue::Kind::Sequence) {
        for (const AmValue& item : v.items) leaf(f, item, path, key);
      } else {
        leaf(f, v, path, key);
      }
      return;
    }
    if (v.kind != AmValue::Kind::Mapping) return;
    for (const AmValueEntry& e : v.entries) {
      bool any = segments[i] == "*";
      if (!any && e.key.value != segments[i]) continue;
      walk(f, segments, i + 1, e.value, path + "." + e.key.value, e.key.value,
           any ? std::string_view(e.key.value) : named);
    }
  }

  void leaf(const SecretField& f, const AmValue& v, const std::string& path, std::string_view key) {
    if (is_literal(v) && !seen_.count(&v)) add(v, &f, path, key);
  }

  void add(const AmValue& v, const SecretField* f, const std::string& path, std::string_view key) {
    seen_.insert(&v);
    FoundSecret s;
    s.value = &v;
    s.field = f;
    s.path = path;
    s.key = std::string(key);
    s.top_level = path.find('.') == std::string::npos;
    out_.push_back(std::move(s));
  }

  std::vector<FoundSecret>& out_;
  std::set<const AmValue*> seen_;
};

}  // namespace

const std::vector<SecretField>& secret_fields() {
  // The settings of 'global' and of each integration, then prometheus/common's HTTP client
  // (http_config in every scope: basic auth, authorization, OAuth2, TLS, proxy, headers).
  static const std::vector<SecretField> fields = {
      {"global", "smtp_auth_password", SecretMatch::Always, "a password", ""},
      {"global", "smtp_auth_secret", SecretMatch::Always, "a secret", ""},
      {"global", "slack_api_url", SecretMatch::Always, "a webhook URL", ""},
      {"global", "slack_app_token", SecretMatch::Always, "a secret", ""},
      {"global", "opsgenie_api_key", SecretMatch::Always, "a key", ""},
      {"global", "wechat_api_secret", SecretMatch::Always, "a secret", ""},
      {"global", "victorops_api_key", SecretMatch::Always, "a key", ""},
      {"global", "telegram_bot_token", SecretMatch::Always, "a secret", ""},
      {"global", "rocketchat_token", SecretMatch::Always, "a secret", ""},
      {"global", "rocketchat_token_id", SecretMatch::Always, "a secret", ""},
      {"global", "mattermost_webhook_url", SecretMatch::Always, "a webhook URL", ""},
      {"global", "smtp_tls_config.key", SecretMatch::Always, "a private key", ""},
      {"discord", "webhook_url", SecretMatch::Always, "a webhook URL", ""},
      {"email", "auth_password", SecretMatch::Always, "a password", ""},
      {"email", "auth_secret", SecretMatch::Always, "a secret", ""},
      {"email", "tls_config.key", SecretMatch::Always, "a private key", ""},
      {"email", "headers.*", kNamed, "a credential",
       "Alertmanager reads no header from a file; leave it out"},
      {"incidentio", "url", SecretMatch::Always, "a webhook URL", ""},
      {"incidentio", "alert_source_token", SecretMatch::Always, "a secret", ""},
      {"pagerduty", "service_key", SecretMatch::Always, "a key", ""},
      {"pagerduty", "routing_key", SecretMatch::Always, "a key", ""},
      {"slack", "api_url", SecretMatch::Always, "a webhook URL", ""},
      {"slack", "app_token", SecretMatch::Always, "a secret", ""},
      {"webhook", "url", SecretMatch::Always, "a webhook URL", ""},
      {"opsgenie", "api_key", SecretMatch::Always, "a key", ""},
      {"wechat", "api_secret", SecretMatch::Always, "a secret", ""},
      {"pushover", "user_key", SecretMatch::Always, "a key", ""},
      {"pushover", "token", SecretMatch::Always, "a secret", ""},
      {"victorops", "api_key", SecretMatch::Always, "a key", ""},
      {"sns", "sigv4.secret_key", SecretMatch::Always, "an AWS secret key",
       "use 'role_arn' or 'profile' with the pod's AWS credentials"},
      {"sns", "sigv4.access_key", SecretMatch::Always, "an AWS access key",
       "use 'role_arn' or 'profile' with the pod's AWS credentials"},
      {"telegram", "bot_token", SecretMatch::Always, "a secret", ""},
      {"msteams", "webhook_url", SecretMatch::Always, "a webhook URL", ""},
      {"msteamsv2", "webhook_url", SecretMatch::Always, "a webhook URL", ""},
      {"rocketchat", "token", SecretMatch::Always, "a secret", ""},
      {"rocketchat", "token_id", SecretMatch::Always, "a secret", ""},
      {"mattermost", "webhook_url", SecretMatch::Always, "a webhook URL", ""},
      {"any", "http_config.basic_auth.password", SecretMatch::Always, "a password", ""},
      {"any", "http_config.authorization.credentials", SecretMatch::Always, "a credential", ""},
      {"any", "http_config.bearer_token", SecretMatch::Always, "a bearer token", ""},
      {"any", "http_config.oauth2.client_secret", SecretMatch::Always, "a client secret", ""},
      {"any", "http_config.oauth2.client_certificate_key", SecretMatch::Always, "a private key",
       ""},
      {"any", "http_config.oauth2.endpoint_params.*", kNamed, "a credential",
       "Alertmanager reads no form parameter from a file; use 'client_secret_file'"},
      {"any", "http_config.oauth2.tls_config.key", SecretMatch::Always, "a private key", ""},
      {"any", "http_config.oauth2.proxy_connect_header.*", SecretMatch::Always, "a header secret",
       "Alertmanager reads no proxy header from a file; leave it out"},
      {"any", "http_config.tls_config.key", SecretMatch::Always, "a private key", ""},
      {"any", "http_config.proxy_connect_header.*", SecretMatch::Always, "a header secret",
       "Alertmanager reads no proxy header from a file; leave it out"},
      {"any", "http_config.http_headers.*.secrets", SecretMatch::Always, "a header secret",
       "use 'files'"},
      {"any", "http_config.http_headers.*.values", kNamed, "a credential", "use 'files'"},
  };
  return fields;
}

bool is_credential_name(std::string_view name) {
  static constexpr std::string_view kWords[] = {
      "auth",      "authorization", "token",  "secret", "password",   "passwd",
      "pwd",       "key",           "apikey", "cookie", "credential", "credentials",
      "signature", "session",       "bearer", "jwt",    "assertion",  "private"};
  static constexpr std::string_view kEndings[] = {"token", "secret", "password", "key"};
  std::string word;
  auto judge = [&]() {
    for (std::string_view w : kWords) {
      if (word == w) return true;
    }
    for (std::string_view e : kEndings) {
      if (word.size() > e.size() && word.ends_with(e)) return true;
    }
    return false;
  };
  for (size_t i = 0; i <= name.size(); ++i) {
    char c = i < name.size() ? name[i] : '-';
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    if (!word.empty() && judge()) return true;
    word.clear();
  }
  return false;
}

std::vector<FoundSecret> find_literal_secrets(std::string_view scope,
                                              const std::vector<AmSetting>& settings) {
  std::vector<FoundSecret> out;
  Finder finder(out);
  for (const AmSetting& s : settings) {
    for (const SecretField& f : secret_fields()) {
      if (f.scope == scope || f.scope == "any") finder.field(f, s);
    }
  }
  for (const AmSetting& s : settings) finder.urls(s.content, s.name.value, s.name.value);
  return out;
}

namespace {

bool is_env_name(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

// The length of the placeholder that starts at `s`, or 0.
size_t placeholder_at(std::string_view s) {
  if (s.starts_with("${")) {
    size_t end = s.find('}');
    return end != std::string_view::npos && is_env_name(s.substr(2, end - 2)) ? end + 1 : 0;
  }
  for (auto [open, close] :
       {std::pair{std::string_view("<path:"), '>'}, std::pair{std::string_view("ENC["), ']'}}) {
    if (!s.starts_with(open)) continue;
    size_t end = s.find(close, open.size());
    return end != std::string_view::npos && end > open.size() ? end + 1 : 0;
  }
  return 0;
}

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

bool is_secret_placeholder(std::string_view value) {
  constexpr size_t kLongestRun = 15;
  bool any = false;
  size_t run = 0;
  for (size_t i = 0; i < value.size();) {
    if (size_t n = placeholder_at(value.substr(i)); n > 0) {
      any = true;
      run = 0;
      i += n;
      continue;
    }
    run = is_token_char(value[i]) ? run + 1 : 0;
    if (run > kLongestRun) return false;
    ++i;
  }
  return any;
}

}  // namespace mzr::model

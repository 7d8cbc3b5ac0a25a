#pragma once
// Where an Alertmanager configuration can hold a credential written in place: every field whose
// Go type in Alertmanager 0.34 and prometheus/common is Secret, SecretURL or a list or map of
// Secrets, plus free-form names (HTTP and e-mail headers, OAuth2 form parameters) when the name
// reads as a credential, and the user information of any URL. One table, read by the loader
// (which reports the values) and by the emitter (which never writes them).

#include <string>
#include <string_view>
#include <vector>

#include "compiler/model/alertmanager.h"

namespace mzr::model {

enum class SecretMatch : uint8_t {
  Always,          // the field is a credential
  CredentialName,  // under a free-form name ('*'): only when that name reads as a credential
};

struct SecretField {
  // "global", an integration kind ("slack"), or "any" for 'global' and every integration.
  std::string_view scope;
  // Keys from the settings of the scope, separated by '.'; '*' stands for any key. A list at the
  // end holds a secret in each item.
  std::string_view path;
  SecretMatch match = SecretMatch::Always;
  std::string_view what;     // "a password", for messages
  std::string_view instead;  // how to write it by reference; empty: use '<key>_file'
};

const std::vector<SecretField>& secret_fields();

// True for a header or parameter name that carries a credential by convention: Authorization,
// X-Api-Key, X-Auth-Token, Cookie, client_assertion and the like.
bool is_credential_name(std::string_view name);

// A credential written in place in a scope's settings.
struct FoundSecret {
  const AmValue* value = nullptr;      // a scalar
  const SecretField* field = nullptr;  // null: credentials inside a URL
  std::string path;  // the keys leading to it, from the scope: "http_config.basic_auth.password"
  std::string key;   // the last key ("password"); for a list item, the list's key
  bool top_level = false;  // a setting of the scope itself
};

// Every credential written in `settings` of `scope` ("global" or an integration kind), in the
// order of the settings, each value once.
std::vector<FoundSecret> find_literal_secrets(std::string_view scope,
                                              const std::vector<AmSetting>& settings);

// A value that deployment tooling replaces with the secret, as a repository that declares
// 'secrets.inline: substituted' writes them: it holds at least one placeholder ('${NAME}' as
// envsubst and Flux substitute, '<path:...>' as argocd-vault-plugin, 'ENC[...]' as sops), and the
// text around them holds no run of 16 or more characters of [A-Za-z0-9_-], which is how tokens,
// keys and webhook paths look ('https://hooks.slack.com/services/${SLACK_PATH}' qualifies,
// 'https://hooks.slack.com/services/T0/B0/${X}abcdefghijklmnop' does not).
bool is_secret_placeholder(std::string_view value);

}  // namespace mzr::model

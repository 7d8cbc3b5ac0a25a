#include "compiler/load/secret_files.h"

#include <fmt/format.h>

#include <vector>

#include "compiler/load/alertmanager_files.h"

namespace mzr {
namespace {

bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// One label of a DNS-1123 name: lowercase letters, digits and '-', starting and ending with a
// letter or digit.
bool valid_label(std::string_view s) {
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (char c : s) {
    if (!lower_alnum(c) && c != '-') return false;
  }
  return true;
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> dns1123_subdomain_problem(std::string_view name) {
  if (name.size() > 253) return std::string("is longer than 253 characters");
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view label = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!valid_label(label)) {
      return std::string(
          "is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and "
          "ending with a letter or digit)");
    }
    if (dot == std::string_view::npos) return std::nullopt;
    start = dot + 1;
  }
}

std::optional<std::string> dns1123_label_problem(std::string_view name) {
  if (name.size() > 63) return std::string("is longer than 63 characters");
  if (!valid_label(name)) {
    return std::string(
        "is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a "
        "letter or digit)");
  }
  return std::nullopt;
}

std::optional<std::string> secret_key_problem(std::string_view key) {
  if (key == "." || key == "..") return fmt::format("cannot be '{}'", key);
  if (key.empty()) return std::string("is empty");
  if (key.size() > 253) return std::string("is longer than 253 characters");
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_';
    if (!ok) return std::string("has characters other than letters, digits, '-', '.' and '_'");
  }
  return std::nullopt;
}

std::optional<std::string> secret_file_problem(std::string_view path) {
  for (std::string_view s : segments(path)) {
    if (s == "..") return std::string("climbs out of its folder with '..'");
  }
  if (!path.starts_with(kAmSecretsDir)) return std::nullopt;
  std::string_view rest = path.substr(kAmSecretsDir.size());
  size_t slash = rest.find('/');
  // Other shapes get no mount; AmSecretPathNotMounted says so.
  if (slash == std::string_view::npos || rest.find('/', slash + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view secret = rest.substr(0, slash);
  std::string_view key = rest.substr(slash + 1);
  if (secret.empty() || key.empty()) return std::nullopt;
  if (auto p = dns1123_subdomain_problem(secret)) {
    return fmt::format("names the Secret '{}', which {}", secret, *p);
  }
  // The chart mounts it as the volume 'secret-<name>'.
  if (auto p = dns1123_label_problem("secret-" + std::string(secret))) {
    return fmt::format("names the Secret '{}', whose volume 'secret-{}' {}", secret, secret, *p);
  }
  if (auto p = secret_key_problem(key)) {
    return fmt::format("names the key '{}' of Secret '{}', which {}", key, secret, *p);
  }
  return std::nullopt;
}

}  // namespace mzr

#include "compiler/base/names.h"

#include "compiler/base/utf8.h"

namespace mzr {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool legacy_name(std::string_view s, bool colons) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = is_alpha(c) || (colons && c == ':') || (i > 0 && is_digit(c));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<NameScheme> parse_name_scheme(std::string_view s) {
  if (s == "utf8") return NameScheme::Utf8;
  if (s == "legacy") return NameScheme::Legacy;
  return std::nullopt;
}

bool is_valid_metric_name(std::string_view name, NameScheme scheme) {
  if (scheme == NameScheme::Legacy) return legacy_name(name, true);
  return !name.empty() && !find_invalid_utf8(name);
}

bool is_valid_label_name(std::string_view name, NameScheme scheme) {
  if (scheme == NameScheme::Legacy) return legacy_name(name, false);
  return !name.empty() && !find_invalid_utf8(name);
}

}  // namespace mzr

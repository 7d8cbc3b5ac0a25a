#include "compiler/base/url_credentials.h"

namespace mzr {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_scheme_char(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

}  // namespace

std::optional<UrlUserinfo> url_userinfo(std::string_view text) {
  for (size_t sep = text.find("://"); sep != std::string_view::npos;
       sep = text.find("://", sep + 3)) {
    size_t scheme = sep;
    while (scheme > 0 && is_scheme_char(text[scheme - 1])) --scheme;
    while (scheme < sep && !is_alpha(text[scheme])) ++scheme;
    if (scheme == sep) continue;  // no scheme: not a URL
    size_t authority = sep + 3;
    size_t end = text.find_first_of("/?# \t\r\n\"'<>", authority);
    if (end == std::string_view::npos) end = text.size();
    size_t at = text.substr(authority, end - authority).rfind('@');
    if (at == std::string_view::npos || at == 0) continue;
    return UrlUserinfo{authority, authority + at};
  }
  return std::nullopt;
}

}  // namespace mzr

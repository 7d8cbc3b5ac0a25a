#include "compiler/base/go_url.h"

#include <fmt/format.h>

#include "compiler/base/go_quote.h"
#include "compiler/base/go_unquote.h"

namespace mzr {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// The ASCII characters a host name may hold as they are (RFC 3986's unreserved characters and
// sub-delimiters, ':' for the port, brackets for IPv6, and the few more Go lets through).
bool host_char(char c) {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("-_.~!$&'()*+,;=:[]<>\"").find(c) != std::string_view::npos;
}

enum class Part { Host, Zone, Other };

// Go's unescape: every '%' starts two hex digits; in a host only bytes from 0x80 up may be
// escaped (and '%' itself, for IPv6 zones), and unescaped ASCII must be a host character.
std::optional<std::string> unescape_error(std::string_view s, Part part) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
        return std::string("invalid URL escape");
      }
      std::string_view escape = s.substr(i, 3);
      int value = hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]);
      if (part == Part::Host && value < 0x80 && escape != "%25") {
        return std::string("invalid URL escape");
      }
      if (part == Part::Zone && escape != "%25" && value != ' ' &&
          (value >= 0x80 || !host_char(static_cast<char>(value)))) {
        return std::string("invalid URL escape");
      }
      i += 2;
      continue;
    }
    if (part != Part::Other && static_cast<unsigned char>(c) < 0x80 && !host_char(c)) {
      return fmt::format("invalid character {} in host name", go_quote(s.substr(i, 1)));
    }
  }
  return std::nullopt;
}

bool valid_optional_port(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  for (char c : port.substr(1)) {
    if (!is_digit(c)) return false;
  }
  return true;
}

std::optional<std::string> host_error(std::string_view host) {
  if (host.starts_with('[')) {
    size_t close = host.rfind(']');
    if (close == std::string_view::npos) return std::string("missing ']' in host");
    std::string_view port = host.substr(close + 1);
    if (!valid_optional_port(port)) {
      return fmt::format("invalid port {} after host", go_quote(port));
    }
    size_t zone = host.substr(0, close).find("%25");
    if (zone != std::string_view::npos) {
      if (auto e = unescape_error(host.substr(0, zone), Part::Host)) return e;
      if (auto e = unescape_error(host.substr(zone, close - zone), Part::Zone)) return e;
      return unescape_error(host.substr(close), Part::Host);
    }
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = host.substr(colon);
    if (!valid_optional_port(port)) {
      return fmt::format("invalid port {} after host", go_quote(port));
    }
  }
  return unescape_error(host, Part::Host);
}

bool valid_userinfo(std::string_view s) {
  for (char c : s) {
    if (!is_alpha(c) && !is_digit(c) &&
        std::string_view("-._:~!$&'()*+,;=%@").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> authority_error(std::string_view authority) {
  size_t at = authority.rfind('@');
  std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (auto e = host_error(host)) return e;
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view userinfo = authority.substr(0, at);
  if (!valid_userinfo(userinfo)) return std::string("invalid userinfo");
  return unescape_error(userinfo, Part::Other);
}

}  // namespace

std::optional<std::string> go_url_parse_error(std::string_view url) {
  size_t hash = url.find('#');
  std::string_view u = url.substr(0, hash);
  std::string_view fragment = hash == std::string_view::npos ? "" : url.substr(hash + 1);
  for (char c : u) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return std::string("invalid control character in URL");
    }
  }
  if (u == "*") return std::nullopt;
  // The scheme: a letter, then letters, digits, '+', '-' or '.', up to a ':'. Anything else
  // before a ':' means there is no scheme.
  std::string_view scheme;
  std::string_view rest = u;
  for (size_t i = 0; i < u.size(); ++i) {
    char c = u[i];
    if (is_alpha(c)) continue;
    if (is_digit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return std::string("missing protocol scheme");
      scheme = u.substr(0, i);
      rest = u.substr(i + 1);
    }
    break;
  }
  rest = rest.substr(0, rest.find('?'));  // the query is not checked
  if (!rest.starts_with('/')) {
    if (!scheme.empty()) return std::nullopt;  // opaque, as in mailto:x
    if (rest.substr(0, rest.find('/')).find(':') != std::string_view::npos) {
      return std::string("first path segment in URL cannot contain colon");
    }
  }
  if ((!scheme.empty() || !rest.starts_with("///")) && rest.starts_with("//")) {
    std::string_view authority = rest.substr(2);
    size_t slash = authority.find('/');
    rest = slash == std::string_view::npos ? "" : authority.substr(slash);
    if (auto e = authority_error(authority.substr(0, slash))) return e;
  }
  if (auto e = unescape_error(rest, Part::Other)) return e;
  return unescape_error(fragment, Part::Other);
}

}  // namespace mzr

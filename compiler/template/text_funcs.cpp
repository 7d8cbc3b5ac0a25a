#include "compiler/template/text_funcs.h"

#include <fmt/format.h>
#include <locale.h>
#include <re2/re2.h>
#include <wctype.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <utility>

#include "compiler/base/utf8.h"

namespace mzr::tmpl {
namespace {

bool compile(std::string_view pattern, std::unique_ptr<RE2>& re, std::string& error) {
  RE2::Options opts;
  opts.set_log_errors(false);
  re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), opts);
  if (!re->ok()) {
    error = fmt::format("regexp: Compile(\"{}\"): error parsing regexp: {}", pattern, re->error());
    return false;
  }
  return true;
}

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::optional<std::string> go_replace_all(std::string_view pattern, std::string_view repl,
                                          std::string_view text, std::string& error) {
  std::unique_ptr<RE2> re;
  if (!compile(pattern, re, error)) return std::nullopt;
  int ngroups = re->NumberOfCapturingGroups();
  const auto& names = re->NamedCapturingGroups();
  std::vector<re2::StringPiece> groups(static_cast<size_t>(ngroups + 1));
  std::string out;
  size_t pos = 0;
  size_t last_match_end = std::string_view::npos;
  re2::StringPiece input(text.data(), text.size());
  while (pos <= text.size()) {
    if (!re->Match(input, pos, text.size(), RE2::UNANCHORED, groups.data(), ngroups + 1)) break;
    size_t mb = static_cast<size_t>(groups[0].data() - text.data());
    size_t me = mb + groups[0].size();
    if (me == mb && mb == last_match_end) {
      // An empty match right after the previous match is skipped, as Go does.
      if (pos < text.size()) {
        out += text[pos];
      }
      ++pos;
      continue;
    }
    out.append(text.substr(pos, mb - pos));
    // Expand the replacement.
    for (size_t i = 0; i < repl.size(); ++i) {
      if (repl[i] != '$' || i + 1 >= repl.size()) {
        out += repl[i];
        continue;
      }
      if (repl[i + 1] == '$') {
        out += '$';
        ++i;
        continue;
      }
      std::string name;
      size_t j = i + 1;
      bool ok = false;
      if (repl[j] == '{') {
        size_t close = repl.find('}', j);
        if (close != std::string_view::npos) {
          name = std::string(repl.substr(j + 1, close - j - 1));
          bool valid = !name.empty();
          for (char c : name) valid = valid && is_word(c);
          if (valid) {
            ok = true;
            j = close + 1;
          }
        }
      } else {
        size_t k = j;
        while (k < repl.size() && is_word(repl[k])) ++k;
        if (k > j) {
          name = std::string(repl.substr(j, k - j));
          ok = true;
          j = k;
        }
      }
      if (!ok) {
        out += '$';
        continue;
      }
      bool numeric = !name.empty();
      for (char c : name) numeric = numeric && c >= '0' && c <= '9';
      int idx = -1;
      if (numeric) {
        idx = name.size() > 9 ? -1 : std::atoi(name.c_str());
      } else if (auto it = names.find(name); it != names.end()) {
        idx = it->second;
      }
      if (idx >= 0 && idx <= ngroups && groups[static_cast<size_t>(idx)].data()) {
        out.append(groups[static_cast<size_t>(idx)].data(),
                   groups[static_cast<size_t>(idx)].size());
      }
      i = j - 1;
    }
    last_match_end = me;
    if (me == mb) {
      if (mb < text.size()) out += text[mb];
      pos = mb + 1;
    } else {
      pos = me;
    }
  }
  if (pos < text.size()) out.append(text.substr(pos));
  return out;
}

std::optional<bool> go_match(std::string_view pattern, std::string_view s, std::string& error) {
  std::unique_ptr<RE2> re;
  if (!compile(pattern, re, error)) return std::nullopt;
  return RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re);
}

std::optional<double> go_parse_float(std::string_view s) {
  std::string t(s);
  std::string lower;
  for (char c : t) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  std::string_view body = lower;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "inf" || body == "infinity") return neg ? -HUGE_VAL : HUGE_VAL;
  if (body == "nan") return std::nan("");
  if (body.empty()) return std::nullopt;
  for (char c : body) {
    bool ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '+' || c == '-' || c == 'x' ||
              c == 'p' || (c >= 'a' && c <= 'f') || c == '_';
    if (!ok) return std::nullopt;
  }
  if (t.find('_') != std::string::npos) {
    std::string stripped;
    for (char c : t) {
      if (c != '_') stripped += c;
    }
    t = stripped;
  }
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return std::nullopt;
  if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL)) return std::nullopt;
  return v;
}

namespace {

// Unicode's simple case mappings, as Go's unicode.ToUpper and ToLower apply them, from the C
// library's tables for the C.UTF-8 locale (a locale object, not the process's locale).
class CaseMapper {
 public:
  CaseMapper() : locale_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0))) {}
  ~CaseMapper() {
    if (locale_ != static_cast<locale_t>(0)) freelocale(locale_);
  }
  CaseMapper(const CaseMapper&) = delete;
  CaseMapper& operator=(const CaseMapper&) = delete;

  char32_t upper(char32_t c) const {
    if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
    return locale_ ? static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), locale_)) : c;
  }
  char32_t lower(char32_t c) const {
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    return locale_ ? static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), locale_)) : c;
  }
  bool letter_or_digit(char32_t c) const {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return locale_ ? iswalnum_l(static_cast<wint_t>(c), locale_) != 0 : true;
  }

 private:
  locale_t locale_;
};

// Applies `f` to every code point of `s`; bytes that are not UTF-8 stay as they are.
template <typename F>
std::string map_code_points(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    DecodedRune r = decode_utf8(s, i);
    if (r.rune == 0xFFFD && r.length == 1) {
      out += s[i];  // not UTF-8
    } else {
      append_utf8(out, f(r.rune));
    }
    i += r.length;
  }
  return out;
}

}  // namespace

std::string go_to_upper(std::string_view s) {
  CaseMapper cm;
  return map_code_points(s, [&](char32_t c) { return cm.upper(c); });
}

std::string go_to_lower(std::string_view s) {
  CaseMapper cm;
  return map_code_points(s, [&](char32_t c) { return cm.lower(c); });
}

std::string go_title(std::string_view s, bool lower_rest) {
  CaseMapper cm;
  bool start = true;
  return map_code_points(s, [&](char32_t c) {
    bool word = cm.letter_or_digit(c) || c == '\'';
    if (!word) {
      start = true;
      return c;
    }
    if (start) {
      start = false;
      return cm.upper(c);
    }
    return lower_rest ? cm.lower(c) : c;
  });
}

std::string go_query_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::optional<std::string> go_query_unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      if (i + 2 >= s.size() + 0 && i + 2 > s.size() - 1 + 1) return std::nullopt;
      if (i + 2 >= s.size() + 1) return std::nullopt;
      int a = i + 1 < s.size() ? hex(s[i + 1]) : -1;
      int b = i + 2 < s.size() ? hex(s[i + 2]) : -1;
      if (a < 0 || b < 0) return std::nullopt;
      out += static_cast<char>(a * 16 + b);
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<std::pair<std::string, std::string>> go_split_host_port(std::string_view s) {
  size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host;
  if (!s.empty() && s[0] == '[') {
    size_t end = s.find(']');
    if (end == std::string_view::npos) return std::nullopt;
    if (end + 1 == s.size() || s[end + 1] != ':' || end + 1 != colon) return std::nullopt;
    host = s.substr(1, end - 1);
    if (host.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  } else {
    host = s.substr(0, colon);
    if (host.find(':') != std::string_view::npos) return std::nullopt;
    if (host.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  }
  std::string_view port = s.substr(colon + 1);
  if (port.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  return std::pair<std::string, std::string>{std::string(host), std::string(port)};
}

bool go_is_ip(std::string_view s) {
  if (s.find(':') == std::string_view::npos) {
    int parts = 0;
    size_t i = 0;
    while (i <= s.size()) {
      size_t dot = s.find('.', i);
      std::string_view p = s.substr(i, dot == std::string_view::npos ? s.npos : dot - i);
      if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return false;
      int v = 0;
      for (char c : p) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
      }
      if (v > 255) return false;
      ++parts;
      if (dot == std::string_view::npos) break;
      i = dot + 1;
    }
    return parts == 4;
  }
  size_t pct = s.find('%');
  std::string_view a = s.substr(0, pct);
  if (a.empty()) return false;
  int groups = 0;
  bool double_colon = false;
  size_t i = 0;
  if (a.starts_with("::")) {
    double_colon = true;
    i = 2;
  }
  while (i < a.size()) {
    size_t colon = a.find(':', i);
    std::string_view g = a.substr(i, colon == std::string_view::npos ? a.npos : colon - i);
    if (g.find('.') != std::string_view::npos && colon == std::string_view::npos) {
      if (!go_is_ip(g)) return false;
      groups += 2;
      break;
    }
    if (g.empty() || g.size() > 4) return false;
    for (char c : g) {
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
        return false;
    }
    ++groups;
    if (colon == std::string_view::npos) break;
    if (colon + 1 < a.size() && a[colon + 1] == ':') {
      if (double_colon) return false;
      double_colon = true;
      i = colon + 2;
    } else {
      if (colon + 1 == a.size()) return false;
      i = colon + 1;
    }
  }
  return double_colon ? groups < 8 : groups == 8;
}

}  // namespace mzr::tmpl

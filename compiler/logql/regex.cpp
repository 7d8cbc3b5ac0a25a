#include "compiler/logql/regex.h"

#include <re2/re2.h>

#include <set>

namespace mzr::logql {

namespace {

// Go (since 1.22) also spells a named group `(?<name>...)`, and Go accepts a name twice; the RE2
// library here knows only `(?P<name>...)` and rejects repeated names. So both are rewritten before
// compiling: a repeated name becomes a plain group (same numbering) and is remembered.
std::string go_to_re2(std::string_view p, std::vector<std::string>& duplicates) {
  std::string out;
  out.reserve(p.size() + 8);
  std::set<std::string> names;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      out += p[i];
      out += p[++i];
      continue;
    }
    if (in_class) {
      in_class = p[i] != ']';
      out += p[i];
      continue;
    }
    if (p[i] == '[') {
      in_class = true;
      out += p[i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];  // `[]...]` starts with a literal ]
      continue;
    }
    size_t name_at = 0;
    if (p.compare(i, 4, "(?P<") == 0) name_at = i + 4;
    if (p.compare(i, 3, "(?<") == 0 && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!') {
      name_at = i + 3;
    }
    size_t close = name_at != 0 ? p.find('>', name_at) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += p[i];
      continue;
    }
    std::string name(p.substr(name_at, close - name_at));
    if (names.insert(name).second) {
      out += "(?P<" + name + ">";
    } else {
      duplicates.push_back(name);
      out += "(";
    }
    i = close;
  }
  return out;
}

bool is_name_char(char c, bool first) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (!first && c >= '0' && c <= '9');
}

}  // namespace

GoRegex::GoRegex(std::string_view pattern, bool anchored) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_dot_nl(anchored);  // Prometheus matchers compile as ^(?s:...)$
  std::string source = go_to_re2(pattern, duplicates_);
  pattern_ = std::string(pattern);
  if (anchored) {
    source = "^(?:" + source + ")$";
    anchored_source_ = source;
  }
  re_ = std::make_unique<re2::RE2>(source, options);
}

GoRegex::~GoRegex() = default;

bool GoRegex::ok() const {
  return re_->ok();
}
std::string GoRegex::error() const {
  // RE2 quotes the whole compiled pattern; the anchoring we added would only confuse.
  std::string message = re_->error();
  if (!anchored_source_.empty()) {
    size_t at = message.rfind(": " + anchored_source_);
    if (at != std::string::npos) message = message.substr(0, at) + ": " + pattern_;
  }
  return message;
}
bool GoRegex::full_match(std::string_view s) const {
  return re_->ok() && RE2::FullMatch(re2::StringPiece(s.data(), s.size()), *re_);
}

std::vector<std::string> GoRegex::named_groups() const {
  std::vector<std::string> out;
  if (!re_->ok()) return out;
  for (const auto& [index, name] : re_->CapturingGroupNames()) out.push_back(name);
  return out;
}

PatternInfo parse_pattern(std::string_view p) {
  PatternInfo info;
  std::set<std::string> seen;
  bool last_was_capture = false;
  bool any_literal_or_capture = false;
  for (size_t i = 0; i < p.size();) {
    if (p[i] == '<') {
      size_t j = i + 1;
      while (j < p.size() && is_name_char(p[j], j == i + 1)) ++j;
      if (j > i + 1 && j < p.size() && p[j] == '>') {
        std::string name(p.substr(i + 1, j - i - 1));
        if (last_was_capture) {
          info.error =
              "found consecutive capture '<" + name + ">': a literal must separate captures";
          return info;
        }
        if (name != "_") {
          if (!seen.insert(name).second) {
            info.error = "duplicate capture name '" + name + "'";
            return info;
          }
          info.captures.push_back(name);
        }
        last_was_capture = true;
        any_literal_or_capture = true;
        i = j + 1;
        continue;
      }
    }
    last_was_capture = false;
    any_literal_or_capture = true;
    ++i;
  }
  if (!any_literal_or_capture || info.captures.empty()) {
    info.error = "at least one named capture such as '<name>' is required";
  }
  return info;
}

std::optional<std::string> json_expression_error(std::string_view e) {
  enum class Tok { Field, Index, String, Open, Close, Dot };
  std::vector<Tok> toks;
  for (size_t i = 0; i < e.size();) {
    char c = e[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      ++i;
    } else if (c >= '0' && c <= '9') {
      while (i < e.size() && e[i] != ' ' && e[i] != '\t' && e[i] != '\n' && e[i] != ']') {
        if (e[i] == '.') return "cannot use a float as an array index";
        if (e[i] < '0' || e[i] > '9') return std::string("non-integer index: ") + e[i];
        ++i;
      }
      toks.push_back(Tok::Index);
    } else if (c == '[' || c == ']' || c == '.') {
      toks.push_back(c == '[' ? Tok::Open : c == ']' ? Tok::Close : Tok::Dot);
      ++i;
    } else if (is_name_char(c, true)) {
      while (i < e.size() && is_name_char(e[i], false)) ++i;
      toks.push_back(Tok::Field);
    } else if (c == '"') {
      // Loki's scanner ends a key at the closing quote or at the bracket.
      for (++i; i < e.size() && e[i] != '"' && e[i] != ']'; ++i) {
      }
      if (i < e.size() && e[i] == '"') ++i;
      toks.push_back(Tok::String);
    } else {
      return std::string("unexpected character '") + c + "'";
    }
  }
  // values := (field | access) (access | '.' field)*; access := '[' (string | index) ']'
  size_t i = 0;
  auto access = [&]() {
    if (i + 2 < toks.size() && toks[i] == Tok::Open &&
        (toks[i + 1] == Tok::String || toks[i + 1] == Tok::Index) && toks[i + 2] == Tok::Close) {
      i += 3;
      return true;
    }
    return false;
  };
  if (toks.empty()) return "empty expression";
  if (toks[0] == Tok::Field) {
    i = 1;
  } else if (!access()) {
    return "expected a field name or a [\"key\"] or [index] access";
  }
  while (i < toks.size()) {
    if (toks[i] == Tok::Dot && i + 1 < toks.size() && toks[i + 1] == Tok::Field) {
      i += 2;
    } else if (!access()) {
      return "expected .field, [\"key\"] or [index]";
    }
  }
  return std::nullopt;
}

}  // namespace mzr::logql

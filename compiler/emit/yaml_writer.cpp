#include "compiler/emit/yaml_writer.h"

#include <fmt/format.h>

#include <regex>

namespace mzr::emit {
namespace {

// Words YAML 1.1 or 1.2 resolves to something other than a string.
bool is_special_word(std::string_view s) {
  static const char* const kWords[] = {"true", "True", "TRUE", "false", "False", "FALSE", "yes",
                                       "Yes",  "YES",  "no",   "No",    "NO",    "on",    "On",
                                       "ON",   "off",  "Off",  "OFF",   "y",     "Y",     "n",
                                       "N",    "null", "Null", "NULL",  "~",     "<<",    "=",
                                       ".inf", ".Inf", ".INF", ".nan",  ".NaN",  ".NAN"};
  for (const char* w : kWords) {
    if (s == w) return true;
  }
  return false;
}

bool looks_numeric(std::string_view s) {
  // Anything starting like a number (digits, sign, dot) is quoted: cheaper than the full
  // YAML 1.1 int/float/sexagesimal/timestamp grammar, and never wrong.
  char c = s[0];
  return (c >= '0' && c <= '9') ||
         ((c == '-' || c == '+' || c == '.') && s.size() > 1 &&
          ((s[1] >= '0' && s[1] <= '9') || s[1] == '.' || s[1] == 'i' || s[1] == 'I'));
}

void indent_to(std::string& out, int n) {
  out.append(static_cast<size_t>(n), ' ');
}

bool needs_block(std::string_view s) {
  return s.find('\n') != std::string_view::npos;
}

// Literal blocks cannot carry trailing spaces on a line, leading spaces on the first line, tabs
// or carriage returns faithfully without extra indicators; such text is double-quoted instead.
bool block_safe(std::string_view s) {
  if (s.empty() || s[0] == ' ' || s.find('\r') != std::string_view::npos ||
      s.find('\t') != std::string_view::npos) {
    return false;
  }
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == ' ' && s[i + 1] == '\n') return false;
  }
  if (s.back() == ' ') return false;
  // More than one trailing newline would need the keep indicator.
  return !(s.size() >= 2 && s[s.size() - 1] == '\n' && s[s.size() - 2] == '\n');
}

}  // namespace

bool is_plain_safe(std::string_view s) {
  if (s.empty() || is_special_word(s) || looks_numeric(s)) return false;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos)
    return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
    return false;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string yaml_scalar(std::string_view s) {
  if (is_plain_safe(s)) return std::string(s);
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

YamlValue& YamlValue::add(std::string key, YamlValue value) {
  entries_.emplace_back(std::move(key), std::move(value));
  return entries_.back().second;
}

YamlValue& YamlValue::entry(const std::string& key) {
  for (auto& [k, v] : entries_) {
    if (k == key) return v;
  }
  return add(key, map());
}

YamlValue& YamlValue::push(YamlValue value) {
  items_.push_back(std::move(value));
  return items_.back();
}

// Writes this value. `indent` is the indentation of the value's own lines; `inline_start` means
// the cursor is already on a line (after "- "), so the first line is not indented again.
void YamlValue::write(std::string& out, int indent, bool inline_start) const {
  switch (kind_) {
    case Kind::Map: {
      if (entries_.empty()) {
        out += "{}\n";
        return;
      }
      bool first = true;
      for (const auto& [key, value] : entries_) {
        if (!(first && inline_start)) indent_to(out, indent);
        first = false;
        out += yaml_scalar(key) + ":";
        if ((value.kind_ == Kind::Map || value.kind_ == Kind::Seq) && !value.empty()) {
          out += "\n";
          value.write(out, indent + 2, false);
        } else {
          out += " ";
          value.write(out, indent + 2, true);
        }
      }
      return;
    }
    case Kind::Seq: {
      if (items_.empty()) {
        out += "[]\n";
        return;
      }
      for (const YamlValue& item : items_) {
        indent_to(out, indent);
        out += "- ";
        item.write(out, indent + 2, true);
      }
      return;
    }
    case Kind::Raw: out += text_ + "\n"; return;
    case Kind::String:
      if (needs_block(text_) && block_safe(text_)) {
        out += text_.back() == '\n' ? "|\n" : "|-\n";
        size_t start = 0;
        while (start < text_.size()) {
          size_t end = text_.find('\n', start);
          if (end == std::string::npos) end = text_.size();
          if (end > start) indent_to(out, indent);
          out.append(text_, start, end - start);
          out += "\n";
          start = end + 1;
        }
        return;
      }
      out += yaml_scalar(text_) + "\n";
      return;
  }
}

std::string write_yaml(const YamlValue& root) {
  std::string out;
  root.write(out, 0, false);
  return out;
}

}  // namespace mzr::emit

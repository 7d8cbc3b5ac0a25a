#include "compiler/dsl/printer_text.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mzr::dsl {

bool is_bare_name(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != ':' && c != '-') return false;
  }
  return true;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

void LineWriter::comment(int depth, const Comment& c) {
  indent(depth);
  out_ += c.text + "\n";
  printed_.insert(c.span.begin);
}

void LineWriter::leading(int depth, const Comments& c) {
  for (const Comment& k : c.leading) comment(depth, k);
}

void LineWriter::end_line(const std::optional<Comment>& trailing) {
  if (trailing) {
    out_ += "  " + trailing->text;
    printed_.insert(trailing->span.begin);
  }
  out_ += "\n";
}

size_t LineWriter::column() const {
  size_t nl = out_.rfind('\n');
  return nl == std::string::npos ? out_.size() : out_.size() - nl - 1;
}

// An expression: its first line after the keyword (or on the next line when it was written
// there), continuation lines re-indented to `depth + 2` plus their own relative indentation.
void print_expression(const Expression& e, int depth, const SourceFile& source, std::string& out) {
  std::string_view text = e.text.text;
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  // Was the expression's first line on the line of its keyword?
  uint32_t at = e.span.begin;
  uint32_t line_start = at;
  while (line_start > 0 && source.text()[line_start - 1] != '\n') --line_start;
  bool starts_inline = false;
  for (uint32_t i = line_start; i < at; ++i) {
    if (source.text()[i] != ' ' && source.text()[i] != '\t') starts_inline = true;
  }
  auto indent_of = [](std::string_view l) {
    size_t n = 0;
    while (n < l.size() && (l[n] == ' ' || l[n] == '\t')) ++n;
    return n;
  };
  // The first line of the raw text has lost its indentation; measure it in the source.
  size_t first_indent = at - line_start;
  size_t k = starts_inline ? SIZE_MAX : first_indent;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].find_first_not_of(" \t\r") != std::string_view::npos)
      k = std::min(k, indent_of(lines[i]));
  }
  if (k == SIZE_MAX) k = 0;
  auto reindented = [&](std::string_view l, size_t own) {
    std::string s(static_cast<size_t>(depth + 2) + (own > k ? own - k : 0), ' ');
    s += l.substr(std::min(l.size(), indent_of(l)));
    return s;
  };
  if (starts_inline) {
    out += " ";
    out += lines[0];
  } else {
    out += "\n" + reindented(lines[0], first_indent);
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    out += "\n";
    if (lines[i].find_first_not_of(" \t\r") == std::string_view::npos) continue;
    out += reindented(lines[i], indent_of(lines[i]));
  }
}

}  // namespace mzr::dsl

#include "compiler/load/embedded_yaml.h"

#include <string>

#include "compiler/base/go_unquote.h"
#include "compiler/base/utf8.h"

namespace mzr::yaml {
namespace {

// Decodes the double-quoted escape at src[j] ('\\'). Returns the bytes it stands for and sets
// `length` to the source bytes it spans; nullopt for a line continuation (backslash-newline),
// which stands for nothing.
std::optional<std::string> decode_escape(std::string_view src, size_t j, size_t& length) {
  length = 2;
  if (j + 1 >= src.size()) return std::string();
  char c = src[j + 1];
  if (c == '\n' || c == '\r') return std::nullopt;
  size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
  if (digits > 0) {
    char32_t cp = 0;
    for (size_t k = 0; k < digits && j + 2 + k < src.size(); ++k) {
      int h = hex_value(src[j + 2 + k]);
      if (h < 0) break;
      cp = cp * 16 + static_cast<char32_t>(h);
    }
    length = 2 + digits;
    std::string out;
    append_utf8(out, cp);
    return out;
  }
  switch (c) {
    case '0': return std::string(1, '\0');
    case 'a': return std::string("\a");
    case 'b': return std::string("\b");
    case 't':
    case '\t': return std::string("\t");
    case 'n': return std::string("\n");
    case 'v': return std::string("\v");
    case 'f': return std::string("\f");
    case 'r': return std::string("\r");
    case 'e': return std::string("\x1b");
    case 'N': return std::string("\xc2\x85");
    case '_': return std::string("\xc2\xa0");
    case 'L': return std::string("\xe2\x80\xa8");
    case 'P': return std::string("\xe2\x80\xa9");
    default: return std::string(1, c);  // space, quote, slash, backslash
  }
}

}  // namespace

EmbeddedText embedded_scalar(const SourceFile& file, const Node& node) {
  EmbeddedText out;
  out.text = node.value;
  out.file = node.span.file;
  const std::string& val = node.value;
  std::string_view src = file.text();
  size_t j = node.span.begin;
  char style = j < src.size() ? src[j] : ' ';
  bool double_quoted = style == '"';
  bool single_quoted = style == '\'';
  if (double_quoted || single_quoted) {
    ++j;
  } else if (style == '|' || style == '>') {
    // The header ('|-', '>2', a comment) is not part of the value.
    while (j < src.size() && src[j] != '\n') ++j;
    ++j;
  }
  size_t end = (double_quoted || single_quoted) ? node.span.end - 1 : src.size();

  // Most scalars are written as they read (one line, no escapes): a slice of the source, mapped
  // byte for byte without a table.
  bool block = style == '|' || style == '>';
  if (!val.empty() && !block && j + val.size() <= end && src.substr(j, val.size()) == val) {
    char escape = double_quoted ? '\\' : single_quoted ? '\'' : '\0';
    if (escape == '\0' || val.find(escape) == std::string::npos) {
      return EmbeddedText::verbatim(std::move(out.text), out.file, static_cast<uint32_t>(j));
    }
  }

  out.offsets.reserve(val.size() + 1);
  size_t i = 0;
  while (i < val.size() && j < end) {
    if (double_quoted && src[j] == '\\') {
      size_t length = 0;
      auto bytes = decode_escape(src, j, length);
      if (!bytes) {  // line continuation: skip the break and the next line's indentation
        j += 2;
        while (j < end && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n')) ++j;
        continue;
      }
      if (val.compare(i, bytes->size(), *bytes) == 0) {
        for (size_t k = 0; k < bytes->size(); ++k) out.offsets.push_back(static_cast<uint32_t>(j));
        i += bytes->size();
        j += length;
        continue;
      }
    }
    if (single_quoted && src[j] == '\'' && j + 1 < end && src[j + 1] == '\'' && val[i] == '\'') {
      out.offsets.push_back(static_cast<uint32_t>(j));
      ++i;
      j += 2;
      continue;
    }
    if (src[j] == val[i]) {
      out.offsets.push_back(static_cast<uint32_t>(j));
      ++i;
      ++j;
      continue;
    }
    if ((src[j] == '\n' || src[j] == '\r') && val[i] == ' ') {
      // A folded line break: the space stands for the break.
      out.offsets.push_back(static_cast<uint32_t>(j));
      ++i;
      ++j;
      continue;
    }
    ++j;  // indentation, trailing spaces, line breaks, comments between lines
  }
  while (out.offsets.size() < val.size()) out.offsets.push_back(node.span.begin);
  out.offsets.push_back(out.offsets.empty() ? node.span.begin : out.offsets.back() + 1);
  return out;
}

}  // namespace mzr::yaml

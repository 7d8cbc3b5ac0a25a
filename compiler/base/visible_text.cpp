#include "compiler/base/visible_text.h"

#include "compiler/base/utf8.h"

namespace mzr {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

void append_hex(std::string& out, std::string_view prefix, char32_t value, int digits) {
  out.append(prefix);
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

}  // namespace

bool needs_escape(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;  // C0, DEL, C1
  // Bidirectional marks, embeddings, overrides and isolates; line and paragraph separators,
  // which some viewers break lines at.
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

size_t append_visible(std::string& out, std::string_view s, size_t i, bool& escaped) {
  auto byte = static_cast<unsigned char>(s[i]);
  if (byte >= 0x20 && byte < 0x7F) {
    out += s[i];
    escaped = false;
    return 1;
  }
  DecodedRune r = decode_utf8(s, i);
  bool ill_formed = r.rune == 0xFFFD && r.length == 1;
  escaped = ill_formed || needs_escape(r.rune);
  if (!escaped) {
    out.append(s.substr(i, r.length));
  } else if (ill_formed) {
    append_hex(out, "\\x", byte, 2);
  } else if (r.rune == '\n') {
    out += "\\n";
  } else if (r.rune == '\r') {
    out += "\\r";
  } else if (r.rune == '\t') {
    out += "\\t";
  } else if (r.rune < 0x80) {
    append_hex(out, "\\x", r.rune, 2);
  } else {
    append_hex(out, "\\u", r.rune, 4);
  }
  return r.length;
}

std::string visible_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool escaped = false;
  for (size_t i = 0; i < s.size();) i += append_visible(out, s, i, escaped);
  return out;
}

}  // namespace mzr

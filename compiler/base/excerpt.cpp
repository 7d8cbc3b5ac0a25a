#include "compiler/base/excerpt.h"

#include <algorithm>

#include "compiler/base/utf8.h"
#include "compiler/base/visible_text.h"

namespace mzr {
namespace {

constexpr size_t kTabWidth = 4;
// Columns shown before the underline when a line is cut.
constexpr size_t kLeadColumns = kMaxEchoColumns / 4;
constexpr size_t kMaxUnderline = kMaxEchoColumns / 2;
// Bytes read at most on either side of the window's start. A column takes at most four bytes,
// except for zero-width characters, which could otherwise make a window of any length.
constexpr size_t kLeadBytes = 8 * kLeadColumns;
constexpr size_t kWindowBytes = 8 * kMaxEchoColumns;

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// One character of the line as displayed.
struct Piece {
  size_t length = 1;  // bytes of the line
  size_t width = 0;   // display columns
};

// Appends the character at line[i], displayed at column `col`, to `out` (when not null).
Piece display(std::string_view line, size_t i, size_t col, std::string* out) {
  if (line[i] == '\t') {
    size_t n = kTabWidth - col % kTabWidth;
    if (out != nullptr) out->append(n, ' ');
    return {1, n};
  }
  std::string escape;
  bool escaped = false;
  size_t length = append_visible(escape, line, i, escaped);
  size_t width =
      escaped ? escape.size() : static_cast<size_t>(display_width(decode_utf8(line, i).rune));
  if (out != nullptr) out->append(escape);
  return {length, width};
}

struct Window {
  Excerpt excerpt;
  bool cut_after = false;
};

// Displays the line from byte `from` for at most kMaxEchoColumns columns.
Window show(std::string_view line, size_t from, size_t begin, size_t end) {
  Window w;
  Excerpt& e = w.excerpt;
  std::string_view prefix = from > 0 ? "..." : "";
  e.text = prefix;
  size_t col = 0;
  size_t underline_from = 0;
  size_t underline_to = 0;
  bool from_found = false;
  bool to_found = false;
  size_t i = from;
  while (true) {
    if (!from_found && i >= begin) underline_from = col, from_found = true;
    if (!to_found && i >= end) underline_to = col, to_found = true;
    if (i >= line.size()) break;
    Piece p = display(line, i, col, nullptr);
    if (col + p.width > kMaxEchoColumns || i + p.length - from > kWindowBytes) {
      w.cut_after = true;
      break;
    }
    display(line, i, col, &e.text);
    col += p.width;
    i += p.length;
  }
  if (!from_found) underline_from = col;
  if (!to_found) underline_to = col;
  if (w.cut_after) e.text += "...";
  e.underline_from = prefix.size() + underline_from;
  // On a cut line the underline is kept short enough to leave the window readable.
  size_t most = from > 0 || w.cut_after ? kMaxUnderline : kMaxEchoColumns;
  e.underline_width =
      std::clamp<size_t>(underline_to - std::min(underline_to, underline_from), 1, most);
  e.bytes_examined = i - from;
  return w;
}

// The byte where a cut line's window starts: about kLeadColumns before `begin`, on a character
// boundary. Steps back character by character, so only the lead is read.
size_t window_start(std::string_view line, size_t begin, size_t& examined) {
  size_t i = begin;
  size_t cols = 0;
  while (i > 0 && begin - i < kLeadBytes) {
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && is_continuation(line[j])) --j;
    // A stray continuation byte stands alone (and is shown as an escape).
    if (j + decode_utf8(line, j).length != i) j = i - 1;
    // Tabs are taken at their widest: their stops depend on where the window starts.
    size_t width = line[j] == '\t' ? kTabWidth : display(line, j, 0, nullptr).width;
    if (cols + width > kLeadColumns) break;
    cols += width;
    i = j;
  }
  examined += begin - i;
  return i;
}

}  // namespace

Excerpt make_excerpt(std::string_view line, size_t begin, size_t end) {
  begin = std::min(begin, line.size());
  end = std::max(end, begin);
  // A line longer than a window's bytes is cut whatever its characters.
  if (line.size() <= kWindowBytes) {
    Window whole = show(line, 0, begin, end);
    if (!whole.cut_after) return whole.excerpt;
  }
  size_t examined = 0;
  size_t from = window_start(line, begin, examined);
  Excerpt e = show(line, from, begin, end).excerpt;
  e.bytes_examined += examined;
  return e;
}

}  // namespace mzr

#pragma once
// The source line a human diagnostic echoes, and the columns its underline covers. Tabs are
// expanded, characters that could act on a terminal or a log parser are shown as escapes (see
// visible_text.h), and a long line is cut to a window of about kMaxEchoColumns around the
// underline, marked with "...".
//
// Only a bounded stretch of the line around the underline is ever read: minified JSON or a flow
// sequence can put every diagnostic of a file on one line of megabytes, and measuring that line
// from its start for each of them would make the report quadratic.

#include <cstddef>
#include <string>
#include <string_view>

namespace mzr {

inline constexpr size_t kMaxEchoColumns = 120;

struct Excerpt {
  std::string text;           // as displayed
  size_t underline_from = 0;  // display column of the first underlined character
  size_t underline_width = 1;
  size_t bytes_examined = 0;  // how much of the line was read: bounded, whatever its length
};

// `begin` and `end` are byte offsets into `line`; the underline stops at the line's end.
Excerpt make_excerpt(std::string_view line, size_t begin, size_t end);

}  // namespace mzr

#include "compiler/base/glob.h"

#include "compiler/base/utf8.h"

namespace mzr {
namespace {

// A pattern is read as stars, each followed by a chunk: the text up to the next star that is
// not inside a class.
struct Chunk {
  bool after_star = false;
  std::string_view text;
};

Chunk next_chunk(std::string_view& pattern) {
  Chunk c;
  while (!pattern.empty() && pattern.front() == '*') {
    pattern.remove_prefix(1);
    c.after_star = true;
  }
  bool in_class = false;
  size_t i = 0;
  for (; i < pattern.size(); ++i) {
    char ch = pattern[i];
    if (ch == '\\') {
      if (i + 1 < pattern.size()) ++i;  // a trailing backslash is reported when matching
    } else if (ch == '[') {
      in_class = true;
    } else if (ch == ']') {
      in_class = false;
    } else if (ch == '*' && !in_class) {
      break;
    }
  }
  c.text = pattern.substr(0, i);
  pattern.remove_prefix(i);
  return c;
}

struct ChunkResult {
  bool bad = false;
  bool matched = false;
  size_t length = 0;  // bytes of the name the chunk matched
};

// One character of a class, possibly escaped, at chunk[i]; false when malformed. A class
// character is never '-' or ']' unescaped, and something must follow it.
bool class_char(std::string_view chunk, size_t& i, char32_t& out) {
  if (i >= chunk.size() || chunk[i] == '-' || chunk[i] == ']') return false;
  if (chunk[i] == '\\' && ++i >= chunk.size()) return false;
  DecodedRune r = decode_utf8(chunk, i);
  if (r.rune == 0xFFFD && r.length == 1) return false;
  out = r.rune;
  i += r.length;
  return i < chunk.size();
}

// Matches the chunk against the start of `s`. After a mismatch the rest of the chunk is still
// read, so a malformed pattern is reported whatever the name.
ChunkResult match_chunk(std::string_view chunk, std::string_view s) {
  ChunkResult result;
  bool failed = false;
  size_t at = 0;  // in s
  size_t i = 0;   // in chunk
  while (i < chunk.size()) {
    if (at >= s.size()) failed = true;
    char c = chunk[i];
    if (c == '[') {
      char32_t rune = 0;
      if (!failed) {
        DecodedRune r = decode_utf8(s, at);
        rune = r.rune;
        at += r.length;
      }
      ++i;
      bool negated = i < chunk.size() && chunk[i] == '^';
      if (negated) ++i;
      bool in_class = false;
      for (size_t ranges = 0;; ++ranges) {
        if (i < chunk.size() && chunk[i] == ']' && ranges > 0) {
          ++i;
          break;
        }
        char32_t lo = 0;
        char32_t hi = 0;
        if (!class_char(chunk, i, lo)) return {true, false, 0};
        hi = lo;
        if (chunk[i] == '-' && !class_char(chunk, ++i, hi)) return {true, false, 0};
        if (lo <= rune && rune <= hi) in_class = true;
      }
      if (in_class == negated) failed = true;
      continue;
    }
    if (c == '?') {
      if (!failed) {
        if (s[at] == '/') failed = true;
        at += decode_utf8(s, at).length;
      }
      ++i;
      continue;
    }
    if (c == '\\' && ++i >= chunk.size()) return {true, false, 0};
    if (!failed) {
      if (chunk[i] != s[at]) failed = true;
      ++at;
    }
    ++i;
  }
  result.matched = !failed;
  result.length = at;
  return result;
}

}  // namespace

GlobMatch glob_match(std::string_view pattern, std::string_view name) {
  while (!pattern.empty()) {
    Chunk chunk = next_chunk(pattern);
    if (chunk.after_star && chunk.text.empty()) {
      return name.find('/') == std::string_view::npos ? GlobMatch::Yes : GlobMatch::No;
    }
    // The last chunk must reach the end of the name; an earlier one is taken at its first fit.
    auto fits = [&](const ChunkResult& r, size_t skipped) {
      return r.matched && (!pattern.empty() || skipped + r.length == name.size());
    };
    ChunkResult r = match_chunk(chunk.text, name);
    if (fits(r, 0)) {
      name.remove_prefix(r.length);
      continue;
    }
    if (r.bad) return GlobMatch::BadPattern;
    bool placed = false;
    if (chunk.after_star) {
      // The star takes one more character each time, never a '/'.
      for (size_t skip = 1; skip <= name.size() && name[skip - 1] != '/'; ++skip) {
        ChunkResult later = match_chunk(chunk.text, name.substr(skip));
        if (fits(later, skip)) {
          name.remove_prefix(skip + later.length);
          placed = true;
          break;
        }
        if (later.bad) return GlobMatch::BadPattern;
      }
    }
    if (placed) continue;
    // No match; the rest of the pattern must still be well-formed.
    while (!pattern.empty()) {
      if (match_chunk(next_chunk(pattern).text, {}).bad) return GlobMatch::BadPattern;
    }
    return GlobMatch::No;
  }
  return name.empty() ? GlobMatch::Yes : GlobMatch::No;
}

bool glob_has_meta(std::string_view pattern) {
  return pattern.find_first_of("*?[\\") != std::string_view::npos;
}

}  // namespace mzr

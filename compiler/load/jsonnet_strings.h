#pragma once
// The string literals of a jsonnet source, decoded, with the way back from each byte of their
// value to the byte of the source it was written as: "..." and '...' with their escapes,
// @"..." and @'...' verbatim strings, and ||| text blocks (their indentation removed). Comments
// are skipped, so a quote inside one starts nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mzr {

struct JsonnetString {
  uint32_t begin = 0, end = 0;  // the literal in the source, delimiters included
  std::string value;
  // Source offset of value[i]; one more entry, the closing delimiter, for the end.
  std::vector<uint32_t> offsets;
};

// Every string literal of `source` in order. An unterminated literal ends the scan (the
// evaluation reports it).
std::vector<JsonnetString> jsonnet_strings(std::string_view source);

// The text a value of the evaluated output may have been written as: the decoded literals, and
// the source between them (field names, comments, code), indexed for repeated searches.
class JsonnetText {
 public:
  explicit JsonnetText(std::string_view source);
  // When `value` occurs exactly once, within one literal or one stretch between literals: the
  // source offset of each of its bytes, and one more for its end.
  std::optional<std::vector<uint32_t>> unique(std::string_view value) const;

 private:
  std::string text_;             // the pieces, each followed by '\0'
  std::vector<uint32_t> where_;  // source offset of text_[i]; for a '\0', the piece's end
  std::vector<uint64_t> index_;  // (trigram << 32 | position), sorted
};

}  // namespace mzr

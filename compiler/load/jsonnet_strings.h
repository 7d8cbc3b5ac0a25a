#pragma once
// The string literals of a jsonnet source, decoded, with the way back from each byte of their
// value to the byte of the source it was written as: "..." and '...' with their escapes,
// @"..." and @'...' verbatim strings, and ||| text blocks (their indentation removed). Comments
// are skipped, so a quote inside one starts nothing.

#include <cstdint>
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

}  // namespace mzr

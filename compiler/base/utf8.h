#pragma once
// UTF-8 validation and measurement. Invalid input is reported, never repaired silently.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mzr {

// The byte offset of the first byte that does not start a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or nullopt.
std::optional<size_t> find_invalid_utf8(std::string_view s);

// Decodes the code point starting at s[i]; on ill-formed input returns U+FFFD and length 1.
struct DecodedRune {
  char32_t rune;
  size_t length;
};
DecodedRune decode_utf8(std::string_view s, size_t i);

void append_utf8(std::string& out, char32_t rune);

// Counts code points; ill-formed bytes count one each.
size_t count_code_points(std::string_view s);

// Terminal columns a code point occupies: 0 for combining marks, 2 for East Asian wide and
// fullwidth characters, 1 otherwise.
int display_width(char32_t rune);

}  // namespace mzr

#pragma once
// Go's strconv.Unquote and UnquoteChar, for the string and character literals of templates.

#include <optional>
#include <string>
#include <string_view>

namespace mzr::tmpl {

// The value of a Go "...", `...` or '...' literal, or nullopt when it is not one ("invalid
// syntax"). For '...' the value is the character's UTF-8 encoding.
std::optional<std::string> go_unquote(std::string_view literal);

// The code point of a Go character literal 'x', or nullopt.
std::optional<char32_t> go_unquote_char(std::string_view literal);

}  // namespace mzr::tmpl

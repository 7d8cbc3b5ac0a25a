#pragma once
// Spelling shared by the .mzr printers: the line width, bare names and quoted strings.

#include <cstddef>
#include <string>
#include <string_view>

namespace mzr::dsl {

// The width the printers wrap at.
constexpr std::size_t kPrintWidth = 100;

// Whether `s` can be written without quotes: a letter or '_', then letters, digits, '_', '.',
// ':' or '-'.
bool is_bare_name(std::string_view s);

// `s` as a .mzr string literal, with '"', '\\', newlines and tabs escaped.
std::string quote(std::string_view s);

}  // namespace mzr::dsl

#pragma once
// Spelling shared by the .mzr printers: the line width, bare names and quoted strings.

#include <cstddef>
#include <string>
#include <string_view>

#include "compiler/base/source.h"
#include "compiler/dsl/ast.h"

namespace mzr::dsl {

// The width the printers wrap at.
constexpr std::size_t kPrintWidth = 100;

// Whether `s` can be written without quotes: a letter or '_', then letters, digits, '_', '.',
// ':' or '-'.
bool is_bare_name(std::string_view s);

// `s` as a .mzr string literal, with '"', '\\', newlines and tabs escaped.
std::string quote(std::string_view s);

// Appends an expression: its first line after the keyword (or on the next line when it was written
// there), continuation lines re-indented to `depth + 2` plus their own relative indentation.
void print_expression(const Expression& e, int depth, const SourceFile& source, std::string& out);

}  // namespace mzr::dsl

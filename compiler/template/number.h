#pragma once
// Go's reading of a numeric literal of a template (parse.NumberNode): integer, unsigned, float
// and complex interpretations, with Go's prefixes, underscores and hexadecimal floats.

#include <string>
#include <string_view>
#include <variant>

#include "compiler/template/ast.h"

namespace mzr::tmpl {

enum class NumberLiteral { Plain, Char, Complex };

// The number, or the error message Go gives for the literal.
std::variant<NumberValue, std::string> read_number(std::string_view text, NumberLiteral kind);

}  // namespace mzr::tmpl

#pragma once
// Go's fmt as templates use it: Sprint, Sprintln and Sprintf with Go's verbs, flags, width and
// precision, Go's float formatting (strconv's shortest 'g'), its error notations
// (%!d(string=x), %!d(MISSING), %!(EXTRA ...)), and values with a String method.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/template/value.h"

namespace mzr::tmpl {

std::string go_sprint(const std::vector<Value>& args);
std::string go_sprintln(const std::vector<Value>& args);
std::string go_sprintf(std::string_view format, const std::vector<Value>& args);

// strconv.FormatFloat(f, fmt, prec, 64) for fmt 'e', 'E', 'f', 'g', 'G'; prec -1 is shortest.
std::string go_format_float(double f, char fmt, int prec);

// Go's %q of a string (strconv.Quote).
std::string go_quote_string(std::string_view s);

}  // namespace mzr::tmpl

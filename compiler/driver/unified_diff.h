#pragma once
// A unified diff of two texts, as `diff -u` prints it, for `mzrules fmt --diff`.

#include <string>
#include <string_view>

namespace mzr::driver {

// `--- a/PATH`, `+++ b/PATH` and hunks with three lines of context; empty when the texts are
// equal. A last line without a newline is marked as diff marks it.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after);

}  // namespace mzr::driver

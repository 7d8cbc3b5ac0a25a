#pragma once
// Canonical text of the Alertmanager blocks, for `mzrules fmt` (compiler/dsl/printer.cpp).

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "compiler/dsl/ast.h"

namespace mzr::dsl {

// Appends `b` to `out`, ending with a newline; records the start of every comment it prints.
void print_am_block(const AmBlock& b, std::string& out, std::set<uint32_t>& printed);

// Appends values written as in Alertmanager bodies (`a, [b, c], { k v }`); multi-line lists and
// bodies end at `depth`. Also used by the stack's grafana settings and by dashboards.
void print_am_values(const std::vector<AmValueNode>& values, int depth, std::string& out,
                     std::set<uint32_t>& printed);

// The values on one line (`a, [b, c]`), or nullopt when they cannot be (comments, large bodies).
std::optional<std::string> flat_am_values(const std::vector<AmValueNode>& values);

}  // namespace mzr::dsl

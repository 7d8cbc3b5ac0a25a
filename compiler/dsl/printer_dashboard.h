#pragma once
// Canonical text of `dashboard` blocks, for `mzrules fmt` (compiler/dsl/printer.cpp).

#include <cstdint>
#include <set>
#include <string>

#include "compiler/base/source.h"
#include "compiler/dsl/ast.h"

namespace mzr::dsl {

// Appends `d` to `out`, ending with a newline; records the start of every comment it prints.
void print_dashboard(const DashboardBlock& d, const SourceFile& source, std::string& out,
                     std::set<uint32_t>& printed);

// Whether `at` lies inside one of the dashboard's queries (comments there belong to the query).
bool inside_dashboard_query(const DashboardBlock& d, uint32_t at);

}  // namespace mzr::dsl

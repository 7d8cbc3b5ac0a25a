#pragma once
// Lowering of `test route` blocks into model::RouteTest.

#include "compiler/dsl/ast.h"
#include "compiler/model/route_test.h"

namespace mzr::dsl {

model::RouteTest lower_route_test(const RouteTestBlock& b);

}  // namespace mzr::dsl

#pragma once
// The PromQL function table (Prometheus promql/parser/functions.go): names, argument types,
// arities, return types and which functions are experimental.

#include <span>
#include <string_view>
#include <vector>

#include "compiler/promql/ast.h"

namespace mzr::promql {

struct Function {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types.size() arguments; n > 0: the last n argument types are optional
  // (the last one repeats); -1: any number of the last type (at least size() - 1 arguments).
  int variadic = 0;
  ValueType return_type = ValueType::Vector;
  bool experimental = false;
  bool drops_name = true;  // label inference: whether `__name__` is removed from the result
};

// Case-sensitive lookup, as Prometheus does: `Rate` is not `rate`.
const Function* find_function(std::string_view name);
std::span<const Function> all_functions();

}  // namespace mzr::promql

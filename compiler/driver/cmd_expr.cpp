#include "compiler/driver/commands.h"

namespace mzr::driver {

int run_expr(const std::vector<std::string>& args, Environment& env) {
  return run_not_available("expr", args, env);
}

}  // namespace mzr::driver

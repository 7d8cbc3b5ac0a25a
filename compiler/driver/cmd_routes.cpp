#include "compiler/driver/commands.h"

namespace mzr::driver {

int run_routes(const std::vector<std::string>& args, Environment& env) {
  return run_not_available("routes", args, env);
}

}  // namespace mzr::driver

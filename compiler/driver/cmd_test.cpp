#include "compiler/driver/commands.h"

namespace mzr::driver {

int run_test(const std::vector<std::string>& args, Environment& env) {
  return run_not_available("test", args, env);
}

}  // namespace mzr::driver

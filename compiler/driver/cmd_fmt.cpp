#include "compiler/driver/commands.h"

namespace mzr::driver {

int run_fmt(const std::vector<std::string>& args, Environment& env) {
  return run_not_available("fmt", args, env);
}

}  // namespace mzr::driver

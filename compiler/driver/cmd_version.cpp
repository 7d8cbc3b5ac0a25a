#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"

namespace mzr::driver {

int run_version(const std::vector<std::string>&, Environment& env) {
  env.out << "mzrules " << MZR_VERSION << "\n";
  return kExitOk;
}

}  // namespace mzr::driver

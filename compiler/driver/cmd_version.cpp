#include <fmt/format.h>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"

namespace mzr::driver {

int run_version(const std::vector<std::string>& args, Environment& env) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    env.out << "Print the version of mzrules.\nUsage: mzrules version\n";
    return kExitOk;
  }
  if (!args.empty()) {
    env.err << fmt::format("mzrules version: unexpected argument '{}'\n", args[0])
            << "Usage: mzrules version\n";
    return kExitUsage;
  }
  env.out << "mzrules " << MZR_VERSION << "\n";
  return kExitOk;
}

}  // namespace mzr::driver

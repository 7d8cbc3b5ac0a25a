#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"

namespace mzr::driver {

int run_version(const std::vector<std::string>& args, Environment& env) {
  constexpr const char* kUsage = "Usage: mzrules version [--format=human|json]\n";
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    env.out << "Print the version of mzrules.\n" << kUsage;
    return kExitOk;
  }
  bool json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string format;
    if (args[i].starts_with("--format=")) {
      format = args[i].substr(9);
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else {
      env.err << fmt::format("mzrules version: unexpected argument '{}'\n", args[i]) << kUsage;
      return kExitUsage;
    }
    if (format != "human" && format != "json") {
      env.err << fmt::format("mzrules version: unknown format '{}' (human or json)\n", format);
      return kExitUsage;
    }
    json = format == "json";
  }
  if (json) {
    env.out << nlohmann::json{{"name", "mzrules"}, {"version", MZR_VERSION}}.dump() << "\n";
  } else {
    env.out << "mzrules " << MZR_VERSION << "\n";
  }
  return kExitOk;
}

}  // namespace mzr::driver

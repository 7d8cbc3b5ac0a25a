#pragma once
// The mzrules command line: `mzrules <command> [options]`.

#include <string>
#include <vector>

#include "compiler/driver/environment.h"

namespace mzr::driver {

// Exit codes: 0 clean, 1 errors found or tests failed, 2 usage or internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitErrors = 1;
inline constexpr int kExitUsage = 2;

// `args` excludes the program name.
int run(const std::vector<std::string>& args, Environment& env);

}  // namespace mzr::driver

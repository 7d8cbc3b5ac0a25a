#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>

#include "compiler/base/file_system.h"
#include "compiler/driver/driver.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  mzr::RealFileSystem fs(".");
  mzr::driver::Environment env{fs, std::cin, std::cout, std::cerr, isatty(1) == 1, isatty(2) == 1,
                               {}};
  if (const char* v = std::getenv("NO_COLOR"); v && *v) env.vars["NO_COLOR"] = v;
  try {
    int code = mzr::driver::run(args, env);
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cerr << "mzrules: internal error: " << e.what() << "\n";
    return mzr::driver::kExitUsage;
  }
}

// mzr_promqltest SCRIPT...: runs promqltest scripts with mzrules' evaluator, prints every failing
// eval (file:line: message) and a count per script. Exit status 1 when an eval fails.
//   --repeat N    runs each script N times (for timing)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/eval/promqltest_runner.h"

int main(int argc, char** argv) {
  int repeat = 1;
  bool failed = false;
  int evals = 0, passed = 0;
  auto begin = std::chrono::steady_clock::now();
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
      continue;
    }
    std::ifstream in(arg);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read\n", arg.c_str());
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string script = text.str();
    mzr::testing::ScriptReport r;
    for (int k = 0; k < repeat; ++k) r = mzr::testing::run_promqltest(script);
    if (!r.fatal.empty()) std::printf("%s: %s\n", arg.c_str(), r.fatal.c_str());
    for (const auto& f : r.failures) {
      std::printf("%s:%d:%s %s\n", arg.c_str(), f.line, f.float_only ? " [float]" : "",
                  f.message.c_str());
    }
    std::printf("%s: %d/%d evals pass (float-only %d/%d)\n", arg.c_str(), r.passed, r.evals,
                r.float_passed, r.float_evals);
    evals += r.evals;
    passed += r.passed;
    failed |= !r.failures.empty() || !r.fatal.empty();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::printf("total: %d/%d evals pass; %.3f s\n", passed, evals, secs);
  return failed ? 1 : 0;
}

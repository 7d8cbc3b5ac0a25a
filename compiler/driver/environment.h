#pragma once
// What a command may touch: the file system, the output streams and a few facts about the
// terminal. Passed explicitly so commands are testable in-process.

#include <functional>
#include <istream>
#include <map>
#include <ostream>
#include <string>

#include "compiler/base/file_system.h"

namespace mzr::driver {

struct Environment {
  FileSystem& fs;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool out_is_tty = false;
  bool err_is_tty = false;
  std::map<std::string, std::string> vars;  // the environment variables mzrules reads (NO_COLOR)
  // Runs a shell command (for git, by `--changed-from`) and returns its exit status with its
  // standard output in `output`; unset where no process may be started.
  std::function<int(const std::string& command, std::string& output)> shell = {};
};

}  // namespace mzr::driver

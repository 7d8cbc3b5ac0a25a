#pragma once
// What a command may touch: the file system, the output streams and a few facts about the
// terminal. Passed explicitly so commands are testable in-process.

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
};

}  // namespace mzr::driver

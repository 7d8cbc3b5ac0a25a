#include "tests/test_support.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/driver.h"

namespace mzr::testing {

RunResult run_cli(FileSystem& fs, const std::vector<std::string>& args, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out, err;
  driver::Environment env{fs, in, out, err, false, false, {}};
  int code = driver::run(args, env);
  return {code, out.str(), err.str()};
}

std::string source_dir() {
  return MZR_SOURCE_DIR;
}

std::optional<std::string> corpus_dir() {
  std::filesystem::path p =
      std::filesystem::path(MZR_SOURCE_DIR).parent_path() / "shared" / "corpus";
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return std::nullopt;
  return p.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mzr::testing

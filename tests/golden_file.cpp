#include "tests/golden_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::testing {

namespace fs = std::filesystem;

bool updating_golden() {
  const char* update = std::getenv("MZRULES_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

void expect_golden(const std::string& path, const std::string& actual) {
  std::error_code ec;
  bool exists = fs::is_regular_file(path, ec);
  std::string expected = exists ? read_file(path) : std::string();
  if (updating_golden()) {
    if (in_ci()) {
      ADD_FAILURE() << "MZRULES_UPDATE_GOLDEN is refused when CI is set: expectations are "
                       "rewritten by a person, who reviews the diff";
    } else {
      if (exists && expected == actual) return;
      fs::create_directories(fs::path(path).parent_path(), ec);
      std::ofstream out(path, std::ios::binary);
      out << actual;
      out.close();
      ADD_FAILURE() << "rewrote " << path << (out ? "" : " (the write failed)")
                    << "; review the diff, then run the tests again without MZRULES_UPDATE_GOLDEN";
      return;
    }
  }
  ASSERT_TRUE(exists) << "missing " << path << "; run with MZRULES_UPDATE_GOLDEN=1 to write it";
  EXPECT_EQ(actual, expected) << "golden file: " << path;
}

}  // namespace mzr::testing

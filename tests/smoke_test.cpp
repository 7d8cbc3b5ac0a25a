#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(Cli, UnknownCommandSuggests) {
  MemoryFileSystem fs;
  auto r = testing::run_cli(fs, {"chek"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "mzrules: unknown command 'chek', did you mean 'check'?\nRun 'mzrules --help' for the "
            "list of commands.\n");
}

}  // namespace
}  // namespace mzr

// Standard output that cannot be written is an error (exit 2, said on standard error), and
// stray arguments are usage errors.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <streambuf>

#include "compiler/driver/driver.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

// Refuses every byte, as a full disk does.
class FullOutput : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

TEST(OutputErrors, AFailedWriteToStandardOutputIsAnError) {
  MemoryFileSystem fs;
  fs.add("am.yml", "route: {receiver: a}\nreceivers: [{name: a}]\n");
  for (std::vector<std::string> args : {std::vector<std::string>{"version"},
                                        {"--help"},
                                        {"explain", "E0102"},
                                        {"routes", "show", "--config.file=am.yml"}}) {
    FullOutput full;
    std::ostream out(&full);
    std::istringstream in;
    std::ostringstream err;
    driver::Environment env{fs, in, out, err, false, false, {}};
    EXPECT_EQ(driver::run(args, env), 2) << args[0];
    EXPECT_EQ(err.str(), "mzrules: error: cannot write to standard output\n") << args[0];
  }
}

TEST(OutputErrors, DevFull) {
  if (!std::filesystem::exists("/dev/full")) MZR_UNAVAILABLE("/dev/full is absent");
  std::string command = std::string(MZR_BINARY) + " version > /dev/full 2>/dev/null";
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

TEST(OutputErrors, VersionTakesOnlyAFormat) {
  MemoryFileSystem fs;
  auto r = testing::run_cli(fs, {"version", "extra"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "mzrules version: unexpected argument 'extra'\n"
            "Usage: mzrules version [--format=human|json]\n");
  EXPECT_EQ(testing::run_cli(fs, {"version", "--help"}).code, 0);
}

}  // namespace
}  // namespace mzr

// `mzrules completion bash|zsh`: the scripts name every command, and bash completes with them.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "compiler/driver/commands.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

TEST(Completion, ScriptsNameEveryCommand) {
  MemoryFileSystem fs;
  std::string names;
  for (const driver::Command& c : driver::commands()) {
    names += (names.empty() ? "" : " ") + std::string(c.name);
  }
  EXPECT_NE(names.find("completion"), std::string::npos);
  for (const char* shell : {"bash", "zsh"}) {
    auto r = run_cli(fs, {"completion", shell});
    EXPECT_EQ(r.code, 0) << shell;
    EXPECT_NE(r.out.find(names), std::string::npos) << shell << "\n" << r.out;
  }
  EXPECT_EQ(run_cli(fs, {"completion", "fish"}).code, 2);
  EXPECT_EQ(run_cli(fs, {"completion"}).code, 2);
}

// Bash loads the script and completes a command name from its first letters.
TEST(Completion, BashCompletesCommands) {
  MZR_REQUIRE_PROGRAM(bash, "bash");
  (void)bash;
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"completion", "bash"});
  ASSERT_EQ(r.code, 0);
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mzr-completion-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "script.bash") << r.out;
  std::string command = "bash -c 'source \"" + (dir / "script.bash").string() +
                        "\"; COMP_WORDS=(mzrules ch); COMP_CWORD=1; _mzrules; "
                        "echo \"${COMPREPLY[*]}\"' > \"" +
                        (dir / "out.txt").string() + "\"";
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(testing::read_file((dir / "out.txt").string()), "check\n");
  std::filesystem::remove_all(dir);
}

// Zsh loads the script with its completion system and registers _mzrules for mzrules.
TEST(Completion, ZshRegistersTheFunction) {
  MZR_REQUIRE_PROGRAM(zsh, "zsh");
  (void)zsh;
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"completion", "zsh"});
  ASSERT_EQ(r.code, 0);
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mzr-completion-zsh-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "_mzrules") << r.out;
  std::string command = "zsh -f -c 'autoload -U compinit; compinit -u -D; source \"" +
                        (dir / "_mzrules").string() +
                        "\"; print -r -- \"${_comps[mzrules]}\"; whence -w _mzrules' > \"" +
                        (dir / "out.txt").string() + "\"";
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(testing::read_file((dir / "out.txt").string()), "_mzrules\n_mzrules: function\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mzr

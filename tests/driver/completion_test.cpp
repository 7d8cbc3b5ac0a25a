// `mzrules completion bash|zsh`: the scripts name every command, bash completes with them and
// zsh registers them.

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

// What `shell` prints when it runs `commands` after loading the completion script, whose path
// they name as SCRIPT.
std::string run_with_script(const std::string& shell, const std::string& commands) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"completion", shell});
  EXPECT_EQ(r.code, 0);
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("mzr-completion-" + shell + "-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "script") << r.out;
  std::string body = commands;
  body.replace(body.find("SCRIPT"), 6, (dir / "script").string());
  std::string command = shell + (shell == "zsh" ? " -f" : "") + " -c '" + body + "' > \"" +
                        (dir / "out.txt").string() + "\"";
  std::string out = std::system(command.c_str()) == 0
                        ? testing::read_file((dir / "out.txt").string())
                        : "(the shell failed)";
  std::filesystem::remove_all(dir);
  return out;
}

// Bash loads the script and completes a command name from its first letters.
TEST(Completion, BashCompletesCommands) {
  MZR_REQUIRE_PROGRAM(bash, "bash");
  (void)bash;
  EXPECT_EQ(run_with_script("bash",
                            "source \"SCRIPT\"; COMP_WORDS=(mzrules ch); COMP_CWORD=1; _mzrules; "
                            "echo \"${COMPREPLY[*]}\""),
            "check\n");
}

// Zsh loads the script with its completion system and registers _mzrules for mzrules.
TEST(Completion, ZshRegistersTheFunction) {
  MZR_REQUIRE_PROGRAM(zsh, "zsh");
  (void)zsh;
  EXPECT_EQ(run_with_script("zsh",
                            "autoload -U compinit; compinit -u -D; source \"SCRIPT\"; "
                            "print -r -- \"${_comps[mzrules]}\"; whence -w _mzrules"),
            "_mzrules\n_mzrules: function\n");
}

}  // namespace
}  // namespace mzr

// A YAML key with a newline and an escape sequence forged a GitHub annotation line and coloured
// the terminal through `mzrules check`; every format now shows such characters as escapes.

#include <gtest/gtest.h>

#include <sstream>

#include "tests/test_support.h"

namespace mzr {
namespace {

MemoryFileSystem repository() {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\n");
  fs.add("rules/a.yaml",
         "groups:\n- name: g\n  \"x\\n::error file=INJECTED,line=1::pwned \\e[31m\": 1\n"
         "  rules: []\n");
  return fs;
}

void expect_no_forged_line(const std::string& text, const std::string& format) {
  std::istringstream lines(text);
  std::string line;
  bool mentioned = false;
  while (std::getline(lines, line)) {
    EXPECT_NE(line.rfind("::error file=INJECTED", 0), 0u) << format << ": " << line;
    EXPECT_EQ(line.find('\x1b'), std::string::npos) << format << ": " << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << format << ": " << line;
    mentioned = mentioned || line.find("x\\n::error file=INJECTED") != std::string::npos ||
                line.find("x\\\\n::error file=INJECTED") != std::string::npos;
  }
  EXPECT_TRUE(mentioned) << format << ":\n" << text;
}

TEST(SourceTextEscape, ControlCharactersFromAYamlKey) {
  for (const char* format : {"human", "github", "json", "sarif"}) {
    MemoryFileSystem fs = repository();
    auto r = testing::run_cli(fs, {"check", std::string("--format=") + format, "--color=never"});
    EXPECT_NE(r.code, 0) << format;
    expect_no_forged_line(r.out + r.err, format);
  }
}

}  // namespace
}  // namespace mzr

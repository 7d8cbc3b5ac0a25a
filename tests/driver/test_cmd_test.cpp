// `mzrules test` as a command: help, options, and its answers when there is nothing to run.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

TEST(CliTest, HelpNamesTheOptions) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"test", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* o : {"--junit", "--config.file", "--verbose"}) {
    EXPECT_NE(r.out.find(o), std::string::npos) << o;
  }
}

TEST(CliTest, EmptyRepositoryHasNoTests) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"test"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "no route tests in the repository\n");
}

TEST(CliTest, MissingPathFails) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"test", "nowhere"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no such file or directory: 'nowhere'"), std::string::npos) << r.err;
}

TEST(CliTest, JunitReportOfPassingTests) {
  MemoryFileSystem fs;
  fs.add("alerts/am.yml", "route: {receiver: a}\nreceivers: [{name: a}]\n");
  fs.add("alerts/t.yaml", "route_tests:\n  - {labels: {x: \"<&>\"}, receivers: [a]}\n");
  auto r = run_cli(fs, {"test", "--junit=out.xml"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  std::string xml;
  FsError err;
  ASSERT_TRUE(fs.read("out.xml", xml, err));
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"mzrules route tests\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
            "  <testsuite name=\"alerts/t.yaml\" tests=\"1\" failures=\"0\" errors=\"0\" "
            "skipped=\"0\">\n"
            "    <testcase name=\"{x=&quot;&lt;&amp;&gt;&quot;}\" classname=\"alerts/t.yaml\" "
            "file=\"alerts/t.yaml\" line=\"2\"/>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

}  // namespace
}  // namespace mzr

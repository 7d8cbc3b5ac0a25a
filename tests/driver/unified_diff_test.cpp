// `mzrules fmt --diff`: unified diffs as `diff -u` prints them (the expectations were compared
// with GNU diffutils' output for the same texts).

#include "compiler/driver/unified_diff.h"

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr::driver {
namespace {

TEST(UnifiedDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unified_diff("a.mzr", "x\ny\n", "x\ny\n"), "");
}

TEST(UnifiedDiff, OneChangeWithContext) {
  EXPECT_EQ(unified_diff("a.mzr", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n"),
            "--- a/a.mzr\n+++ b/a.mzr\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, DistantChangesMakeTwoHunks) {
  std::string before, after;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2    ? std::string("two")
              : i == 18 ? std::string("eighteen")
                        : std::to_string(i)) +
             "\n";
  }
  EXPECT_EQ(unified_diff("a.mzr", before, after),
            "--- a/a.mzr\n+++ b/a.mzr\n"
            "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
}

TEST(UnifiedDiff, InsertionsDeletionsAndMissingNewline) {
  EXPECT_EQ(unified_diff("a.mzr", "", "x\n"), "--- a/a.mzr\n+++ b/a.mzr\n@@ -0,0 +1 @@\n+x\n");
  EXPECT_EQ(unified_diff("a.mzr", "a\nb", "a\nb\n"),
            "--- a/a.mzr\n+++ b/a.mzr\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
            "+b\n");
}

TEST(UnifiedDiff, FmtDiffPrintsAndFails) {
  MemoryFileSystem fs;
  fs.add("a.mzr", "alerts g {\nalert A { expr up == 0 }\n}\n");
  auto r = testing::run_cli(fs, {"fmt", "--diff", "a.mzr"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("--- a/a.mzr\n+++ b/a.mzr\n@@ ", 0), 0u) << r.out;
  std::string text;
  FsError err;
  ASSERT_TRUE(fs.read("a.mzr", text, err));
  EXPECT_EQ(text, "alerts g {\nalert A { expr up == 0 }\n}\n");  // nothing written
}

}  // namespace
}  // namespace mzr::driver

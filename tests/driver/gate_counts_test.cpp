// Where the gate's filters count findings rather than look them up: a coverage minimum is met
// exactly at its value and missed just below it, and --changed-from reports an unchanged file's
// finding that the change made appear once more than before.

#include <gtest/gtest.h>

#include <sstream>

#include "compiler/driver/changed_files.h"
#include "compiler/driver/test_coverage.h"

namespace mzr::driver {
namespace {

Coverage alerts_firing(size_t fire, size_t total) {
  Coverage c;
  for (size_t i = 0; i < total; ++i) {
    CoverageEntry e;
    e.kind = "alert";
    e.name = "A" + std::to_string(i);
    e.fires = i < fire;
    e.silent = true;
    c.alerts.push_back(e);
  }
  return c;
}

TEST(CoverageMinimum, MetExactlyAtItsValueMissedJustBelow) {
  model::CoverageMinimums m;
  m.alerts_fire.percent = 75;
  Diagnostics at;
  EXPECT_TRUE(check_coverage(alerts_firing(3, 4), m, at));  // 75%
  EXPECT_TRUE(at.all().empty());
  Diagnostics below;
  m.alerts_fire.percent = 75.5;
  EXPECT_FALSE(check_coverage(alerts_firing(3, 4), m, below));
  ASSERT_EQ(below.all().size(), 1u);
  EXPECT_EQ(below.all()[0].message,
            "test coverage 'alerts_fire' is 75.0% (3 of 4), below the minimum 75.5%");
}

// The same finding (code, file, message) twice in a file the change did not touch, where REF had
// it once: one of the two is the change's doing and is reported.
TEST(ChangedFrom, AFindingThatAppearsOnceMoreIsReported) {
  MemoryFileSystem fs;
  std::istringstream in;
  std::ostringstream out, err;
  Environment env{fs, in, out, err, false, false, {}};
  env.shell = [](const std::string&, std::string& output) {
    output.clear();  // a commit, nothing changed, nothing untracked, no prefix; archive "works"
    return 0;
  };
  // Each at its own line: Diagnostics keeps one finding per kind and place.
  auto report_in_u = [](Compilation& c, int times) {
    SourceId u = c.sources.add("u.yaml", "a: a:b:c\nb: a:b:c\n");
    for (int i = 0; i < times; ++i) {
      c.diags.report(DiagKind::UnknownRecordedMetric,
                     Span{u, static_cast<uint32_t>(9 * i + 3), static_cast<uint32_t>(9 * i + 8)},
                     "no recording rule records 'a:b:c'");
    }
  };
  Compilation c;
  report_in_u(c, 2);
  keep_changed_findings(
      c, "main", [&](const FileSystem&, Compilation& old) { report_in_u(old, 1); }, env);
  size_t reported = 0;
  for (const Diagnostic& d : c.diags.all()) reported += d.severity != Severity::Off;
  EXPECT_EQ(reported, 1u);
}

}  // namespace
}  // namespace mzr::driver

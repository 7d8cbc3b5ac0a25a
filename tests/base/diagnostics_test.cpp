// A compilation's diagnostics: an identical report is kept once, a report switched off is
// dropped, and everything else is kept in the order reported.

#include "compiler/base/diagnostics.h"

#include <gtest/gtest.h>

namespace mzr::testing {
namespace {

TEST(Diagnostics, IdenticalReportsAreKeptOnce) {
  Diagnostics diags;
  Span at{1, 10, 20};
  diags.report(DiagKind::InvalidUtf8, at, "bad byte");
  diags.report(DiagKind::InvalidUtf8, at, "bad byte").note(Span{1, 0, 1}, "dropped with it");
  diags.report(DiagKind::InvalidUtf8, at, "another message");        // same place, other words
  diags.report(DiagKind::InvalidUtf8, Span{1, 10, 21}, "bad byte");  // other span
  diags.report(DiagKind::FileNotFound, at, "bad byte");              // other kind
  diags.report(DiagKind::InvalidUtf8, Span{2, 10, 20}, "bad byte");  // other file
  ASSERT_EQ(diags.all().size(), 5u);
  EXPECT_EQ(diags.all()[0].message, "bad byte");
  EXPECT_TRUE(diags.all()[0].notes.empty());
  EXPECT_EQ(diags.all()[1].message, "another message");
  EXPECT_EQ(diags.all()[2].span, (Span{1, 10, 21}));
  EXPECT_EQ(diags.all()[3].kind, DiagKind::FileNotFound);
  EXPECT_EQ(diags.all()[4].span.file, 2u);
}

TEST(Diagnostics, ReportsSwitchedOffAreDropped) {
  Diagnostics diags;
  diags.set_severity(DiagKind::InvalidUtf8, Severity::Off);
  diags.report(DiagKind::InvalidUtf8, Span{1, 0, 1}, "off").note(Span{1, 0, 1}, "also gone");
  diags.report(DiagKind::FileNotFound, Span{1, 0, 1}, "on");
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].message, "on");
}

}  // namespace
}  // namespace mzr::testing

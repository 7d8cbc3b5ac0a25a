// Control characters from sources are shown as escapes, never passed to a terminal or CI log.

#include "compiler/base/visible_text.h"

#include <gtest/gtest.h>

namespace mzr {
namespace {

TEST(VisibleText, KeepsPrintableTextAsItIs) {
  EXPECT_EQ(visible_text("unknown field 'a\\b' — ключ 名前 🙂"),
            "unknown field 'a\\b' — ключ 名前 🙂");
}

TEST(VisibleText, EscapesControlCharacters) {
  EXPECT_EQ(visible_text("x\n::error file=INJECTED,line=1::pwned \x1b[31m"),
            "x\\n::error file=INJECTED,line=1::pwned \\x1b[31m");
  EXPECT_EQ(visible_text(std::string("a\rb\tc\0d\x7f", 8)), "a\\rb\\tc\\x00d\\x7f");
}

TEST(VisibleText, EscapesC1BidiAndSeparators) {
  EXPECT_EQ(visible_text("\xc2\x85\xc2\x9b"), "\\u0085\\u009b");
  EXPECT_EQ(visible_text("a\xe2\x80\xae"
                         "b\xe2\x81\xa6"),
            "a\\u202eb\\u2066");
  EXPECT_EQ(visible_text("\xe2\x80\xa8\xe2\x80\xa9"), "\\u2028\\u2029");
}

TEST(VisibleText, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(visible_text("a\xff\xc3"), "a\\xff\\xc3");
}

}  // namespace
}  // namespace mzr

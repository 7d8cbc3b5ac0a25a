#include "compiler/base/utf8.h"

#include <gtest/gtest.h>

#include "compiler/base/source.h"

namespace mzr {
namespace {

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("caf\xc3\xa9 \xe6\x97\xa5"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("a\xc0\xaf"), 1u);          // overlong '/'
  EXPECT_EQ(find_invalid_utf8("a\xed\xa0\x80"), 1u);      // surrogate U+D800
  EXPECT_EQ(find_invalid_utf8("a\xf4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("a\xe6\x97"), 1u);          // truncated
}

TEST(Utf8, LineAndColumns) {
  SourceFile f("f", "ab\n\tcaf\xc3\xa9 x\n");
  LineCol lc = f.line_col(10);  // the 'x'
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 8u);       // bytes: tab, c, a, f, two bytes of é, space
  EXPECT_EQ(lc.char_column, 7u);  // characters
  EXPECT_EQ(f.line_text(2), "\tcaf\xc3\xa9 x");
  EXPECT_EQ(f.line_col(0).line, 1u);
  EXPECT_EQ(f.line_col(3).line, 2u);
}

TEST(Utf8, CountsCodePointsAcrossAsciiRunsAndIllFormedBytes) {
  std::string s =
      "abcdefghij\xc3\xa9klmnopqr\xffstuvwxyz01\xe6\x97\xa5"
      "234567\xe6\x97";
  size_t expected = 0;
  for (size_t i = 0; i < s.size(); ++expected) i += decode_utf8(s, i).length;
  EXPECT_EQ(count_code_points(s), expected);
  EXPECT_EQ(count_code_points(std::string(37, 'a')), 37u);
}

TEST(Utf8, DisplayWidth) {
  EXPECT_EQ(display_width(U'a'), 1);
  EXPECT_EQ(display_width(U'\u65e5'), 2);
  EXPECT_EQ(display_width(U'\u0301'), 0);
}

}  // namespace
}  // namespace mzr

// Line and column mapping of source files.

#include "compiler/base/source.h"

#include <gtest/gtest.h>

#include "compiler/base/utf8.h"

namespace mzr {
namespace {

TEST(SourceFile, LinesAndColumns) {
  SourceFile f("a.yaml",
               "ab\nc\xc3\xa9"
               "d\n");
  EXPECT_EQ(f.line_col(0).line, 1u);
  LineCol lc = f.line_col(6);  // 'd'
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 4u);
  EXPECT_EQ(lc.char_column, 3u);
  EXPECT_EQ(f.line_text(2),
            "c\xc3\xa9"
            "d");
}

// A column in code points on a line of megabytes (minified JSON) is counted from a recorded
// mark near it, not from the line's start: otherwise rendering thousands of diagnostics on that
// line is quadratic.
TEST(SourceFile, CodePointColumnsOnAHugeLineReadLittle) {
  std::string text = "first line\n";
  std::string unit = "{\"n\":\"\xc3\xa9\xe5\x90\x8d\xf0\x9f\x99\x82\xff\"},";  // with a stray byte
  while (text.size() < (1u << 20)) text += unit;
  text += "\nlast";
  SourceFile f("big.json", text);
  uint32_t line_start = f.line_start(2);
  for (uint32_t offset = line_start; offset < f.size(); offset += 4099) {
    ASSERT_LE(f.column_count_length(offset), SourceFile::kColumnMarkStride + 8) << offset;
  }
  // The counts agree with counting from the line's start.
  for (uint32_t offset : {line_start + 1, line_start + 5000, line_start + 700001,
                          static_cast<uint32_t>(f.size() - 6)}) {
    LineCol lc = f.line_col(offset);
    std::string_view before = std::string_view(text).substr(line_start, offset - line_start);
    EXPECT_EQ(lc.line, 2u);
    EXPECT_EQ(lc.column, offset - line_start + 1);
    EXPECT_EQ(lc.char_column, count_code_points(before) + 1) << offset;
  }
  EXPECT_EQ(f.line_col(f.size()).line, 3u);
  EXPECT_EQ(f.line_col(f.size()).char_column, 5u);
}

}  // namespace
}  // namespace mzr

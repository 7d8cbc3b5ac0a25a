// The line echoed under a human diagnostic: escapes, tabs, windows, and bounded reading.

#include "compiler/base/excerpt.h"

#include <gtest/gtest.h>

#include <string>

namespace mzr {
namespace {

TEST(Excerpt, ShortLineWhole) {
  Excerpt e = make_excerpt("foo: bar", 5, 8);
  EXPECT_EQ(e.text, "foo: bar");
  EXPECT_EQ(e.underline_from, 5u);
  EXPECT_EQ(e.underline_width, 3u);
  // A line that fits is underlined for all of the span.
  e = make_excerpt(std::string(100, 'x'), 0, 100);
  EXPECT_EQ(e.underline_width, 100u);
}

TEST(Excerpt, TabsAndWideCharacters) {
  Excerpt e = make_excerpt("\t名x", 4, 5);
  EXPECT_EQ(e.text, "    名x");
  EXPECT_EQ(e.underline_from, 6u);
  EXPECT_EQ(e.underline_width, 1u);
}

// A raw ESC or CR would act on the terminal; an escape is shown, and the underline moves by
// the escape's width so it stays under the right character.
TEST(Excerpt, ControlCharactersAreEscapedAndTheCaretFollows) {
  Excerpt e = make_excerpt("k: \"a\x1b[31m\rb\" c", 14, 15);
  EXPECT_EQ(e.text, "k: \"a\\x1b[31m\\rb\" c");
  EXPECT_EQ(e.text.substr(e.underline_from, 1), "c");
  e = make_excerpt(
      "a\x1b"
      "b",
      2, 3);
  EXPECT_EQ(e.text, "a\\x1bb");
  EXPECT_EQ(e.underline_from, 5u);
  e = make_excerpt(
      "a\xff"
      "b",
      1, 2);
  EXPECT_EQ(e.text, "a\\xffb");
  EXPECT_EQ(e.underline_from, 1u);
  EXPECT_EQ(e.underline_width, 4u);
}

TEST(Excerpt, LongLineIsCutAroundTheUnderline) {
  std::string line(1000, 'a');
  line.replace(500, 3, "XYZ");
  Excerpt e = make_excerpt(line, 500, 503);
  EXPECT_EQ(e.text, "..." + std::string(30, 'a') + "XYZ" + std::string(87, 'a') + "...");
  EXPECT_EQ(e.text.substr(e.underline_from, 3), "XYZ");
  EXPECT_EQ(e.underline_width, 3u);
  // Near the start: no cut before.
  e = make_excerpt(line, 10, 11);
  EXPECT_EQ(e.text, std::string(120, 'a') + "...");
  EXPECT_EQ(e.underline_from, 10u);
  // At the end of the line.
  e = make_excerpt(line, 1000, 1001);
  EXPECT_EQ(e.text, "..." + std::string(30, 'a'));
  EXPECT_EQ(e.underline_from, 33u);
}

// Minified JSON puts thousands of diagnostics on one line of megabytes. The excerpt of each reads
// a bounded stretch around its span, not the line from its start: otherwise the report is
// quadratic in the line's length.
TEST(Excerpt, ReadsABoundedPartOfAHugeLine) {
  std::string line;
  while (line.size() < (1u << 20)) line += "{\"k\":\"v\xc3\xa9\tw\"},";
  for (size_t at : {size_t{0}, line.size() / 2, line.size() - 3, line.size()}) {
    Excerpt e = make_excerpt(line, at, at + 2);
    EXPECT_LE(e.bytes_examined, 4096u) << at;
    EXPECT_LE(e.text.size(), 4 * kMaxEchoColumns) << at;
  }
  // Zero-width characters take no columns, so columns alone would not bound the reading.
  std::string marks;
  while (marks.size() < (1u << 20)) marks += "\xcc\x81";
  Excerpt e = make_excerpt(marks, marks.size() / 2, marks.size() / 2 + 2);
  EXPECT_LE(e.bytes_examined, 4096u);
}

}  // namespace
}  // namespace mzr

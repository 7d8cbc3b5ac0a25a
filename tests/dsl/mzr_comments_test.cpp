// Comments in .mzr files cost memory in proportion to their bytes: the lexer keeps each as a few
// integers beside the token stream, and the parser's stream holds no token for them.

#include <antlr4-runtime.h>
#include <gtest/gtest.h>

#include "compiler/syntax/mzr_lexer.h"
#include "compiler/syntax/mzr_parser.h"

namespace mzr {
namespace {

TEST(MzrComments, AreKeptBesideTheTokenStream) {
  constexpr size_t kLines = 100'000;
  std::string text;
  for (size_t i = 0; i < kLines; ++i) text += "#\n";
  text += "\t # last \t\n";
  std::u32string u32 = antlrcpp::utf8_to_utf32(text.data(), text.data() + text.size());
  antlr4::ANTLRInputStream input(text);
  syntax::MzrRawLexer lexer(&input, u32);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  EXPECT_EQ(tokens.size(), 1u);  // end of file, and nothing for the comments
  // Comments alone on consecutive lines are one block: one entry, however many lines.
  ASSERT_EQ(lexer.comments().size(), 1u);
  const syntax::MzrRawLexer::Comment& block = lexer.comments().back();
  EXPECT_EQ(block.line, 1u);
  EXPECT_EQ(block.end_line, kLines + 1);
  EXPECT_EQ(block.start, 0u);
  EXPECT_EQ(block.stop, text.size() - 1);
  EXPECT_TRUE(block.own_line);
}

TEST(MzrComments, BlocksEndAtBlankLinesAndCode) {
  std::string text =
      "# a\n"
      "# b\n"
      "\n"
      "# c\n"
      "x # after x\n"
      "# d\n";
  std::u32string u32 = antlrcpp::utf8_to_utf32(text.data(), text.data() + text.size());
  antlr4::ANTLRInputStream input(text);
  syntax::MzrRawLexer lexer(&input, u32);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  const auto& c = lexer.comments();
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(std::pair(c[0].line, c[0].end_line), std::pair(1u, 2u));
  EXPECT_EQ(std::pair(c[1].line, c[1].end_line), std::pair(4u, 4u));
  EXPECT_EQ(std::pair(c[2].line, c[2].end_line), std::pair(5u, 5u));
  EXPECT_FALSE(c[2].own_line);
  EXPECT_EQ(std::pair(c[3].line, c[3].end_line), std::pair(6u, 6u));
  EXPECT_TRUE(c[3].own_line);
}

TEST(MzrComments, ReachTheSyntaxTreeWithTheirText) {
  SourceManager sm;
  Diagnostics diags;
  SourceId id = sm.add("c.mzr",
                       "# über\n"
                       "metrics m {  # after the brace\n"
                       "  gauge g  # after g\t\n"
                       "  # inside\n"
                       "}\n"
                       "#\n"
                       "# end\n");
  dsl::File f = syntax::parse_mzr(sm, id, diags);
  EXPECT_TRUE(diags.all().empty());
  ASSERT_EQ(f.all_comments.size(), 5u);
  ASSERT_EQ(f.trailing.size(), 1u);  // "#" and "# end" on consecutive lines: one block
  EXPECT_EQ(f.trailing[0].text, "#\n# end");
  EXPECT_EQ(f.trailing[0].span.begin, sm.file(id).text().rfind("#\n# end"));
  ASSERT_EQ(f.items.size(), 1u);
  const auto& m = std::get<dsl::MetricsBlock>(f.items[0]);
  ASSERT_EQ(m.comments.leading.size(), 1u);
  EXPECT_EQ(m.comments.leading[0].text, "# über");
  ASSERT_EQ(m.metrics.size(), 1u);
  ASSERT_TRUE(m.metrics[0].comments.trailing.has_value());
  EXPECT_EQ(m.metrics[0].comments.trailing->text, "# after g");
  ASSERT_EQ(m.inner.leading.size(), 1u);
  EXPECT_EQ(m.inner.leading[0].text, "# inside");
}

}  // namespace
}  // namespace mzr

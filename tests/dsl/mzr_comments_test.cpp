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
  ASSERT_EQ(lexer.comments().size(), kLines + 1);
  const syntax::MzrRawLexer::Comment& last = lexer.comments().back();
  EXPECT_EQ(last.line, kLines + 1);
  EXPECT_EQ(last.start, 2 * kLines + 2);
  EXPECT_EQ(last.stop, text.size() - 1);
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
  ASSERT_EQ(f.all_comments.size(), 6u);
  ASSERT_EQ(f.trailing.size(), 2u);
  EXPECT_EQ(f.trailing[0].text, "#");
  EXPECT_EQ(f.trailing[1].text, "# end");
  EXPECT_EQ(f.trailing[1].span.begin, sm.file(id).text().rfind("# end"));
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

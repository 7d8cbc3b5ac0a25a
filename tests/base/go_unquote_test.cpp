// Go's rules for string and character literals (strconv.Unquote, UnquoteChar), and what a
// failure reports for the callers that word it their own way.

#include "compiler/base/go_unquote.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace mzr {
namespace {

using Kind = GoUnquoteError::Kind;

std::optional<Kind> failure(std::string_view literal, const GoUnquoteOptions& options = {}) {
  GoUnquoteError e;
  if (go_unquote(literal, &e, options)) return std::nullopt;
  return e.kind;
}

TEST(GoUnquote, SimpleEscapes) {
  EXPECT_EQ(go_unquote(R"("\a\b\f\n\r\t\v\\\"")"), std::string("\a\b\f\n\r\t\v\\\""));
  EXPECT_EQ(go_unquote(R"('\'')"), std::string("'"));
}

TEST(GoUnquote, NumericEscapes) {
  EXPECT_EQ(go_unquote(R"("\x41\101\u00e9\U0001F600")"), std::string("AA\xC3\xA9\xF0\x9F\x98\x80"));
  // \x and octal escapes are bytes in a string, whether UTF-8 or not.
  EXPECT_EQ(go_unquote(R"("\xff\377")"), std::string("\xff\xff"));
  EXPECT_EQ(go_unquote(R"("\xAb")"), std::string("\xab"));
}

TEST(GoUnquote, TextIsKeptAsWritten) {
  EXPECT_EQ(go_unquote(R"("héllo")"), std::string("héllo"));
  EXPECT_EQ(go_unquote(R"("")"), std::string());
}

TEST(GoUnquote, RawStrings) {
  EXPECT_EQ(go_unquote("`a\\n\"b`"), std::string("a\\n\"b"));
  EXPECT_EQ(go_unquote("`a\r\nb`"), std::string("a\nb"));  // Go drops carriage returns
  GoUnquoteOptions as_written;
  as_written.raw_as_written = true;
  EXPECT_EQ(go_unquote("`a\r\nb`", nullptr, as_written), std::string("a\r\nb"));
}

TEST(GoUnquote, QuotesMustMatchTheLiteral) {
  EXPECT_EQ(failure(R"("\'")"), Kind::UnknownEscape);  // \' only in '...'
  EXPECT_EQ(failure(R"('\"')"), Kind::UnknownEscape);  // \" only in "..."
  EXPECT_EQ(failure(R"("a"b")"), Kind::QuoteInside);
  EXPECT_EQ(failure(R"("a')"), Kind::NotQuoted);
  EXPECT_EQ(failure(R"(")"), Kind::NotQuoted);
  EXPECT_EQ(failure("abc"), Kind::NotQuoted);
  EXPECT_EQ(failure("`a`b`"), Kind::RawQuoteInside);
}

TEST(GoUnquote, EscapeErrors) {
  EXPECT_EQ(failure(R"("\q")"), Kind::UnknownEscape);
  EXPECT_EQ(failure(R"("a\")"), Kind::EscapeAtEnd);  // the closing quote is the literal's
  EXPECT_EQ(failure(R"("\x4")"), Kind::ShortEscape);
  EXPECT_EQ(failure(R"("\xg0")"), Kind::BadDigit);
  EXPECT_EQ(failure(R"("\u12")"), Kind::ShortEscape);
  EXPECT_EQ(failure(R"("\uD800")"), Kind::InvalidCodePoint);  // a surrogate
  EXPECT_EQ(failure(R"("\U00110000")"), Kind::InvalidCodePoint);
  EXPECT_EQ(failure(R"("\400")"), Kind::OctalTooLarge);
  EXPECT_EQ(failure(R"("\18")"), Kind::BadDigit);  // 8 is no octal digit
  EXPECT_EQ(failure(R"("\1")"), Kind::ShortEscape);
}

TEST(GoUnquote, ErrorPositionsAreOffsetsInTheLiteral) {
  GoUnquoteError e;
  ASSERT_FALSE(go_unquote(R"("ab\xzz")", &e));
  EXPECT_EQ(e.kind, Kind::BadDigit);
  EXPECT_EQ(e.escape, 3u);  // the backslash
  EXPECT_EQ(e.at, 5u);      // the first z
  EXPECT_EQ(e.letter, 'x');
  ASSERT_FALSE(go_unquote(R"("a\qb")", &e));
  EXPECT_EQ(e.kind, Kind::UnknownEscape);
  EXPECT_EQ(e.escape, 2u);
  EXPECT_EQ(e.at, 3u);
  EXPECT_EQ(e.letter, 'q');
}

TEST(GoUnquote, LineBreaks) {
  EXPECT_EQ(failure("\"a\nb\""), Kind::Newline);
  GoUnquoteOptions newlines;
  newlines.newlines = true;
  EXPECT_EQ(go_unquote("\"a\nb\"", nullptr, newlines), std::string("a\nb"));
}

TEST(GoUnquote, SingleQuotesAreOneCharacterInGo) {
  EXPECT_EQ(go_unquote("'a'"), std::string("a"));
  EXPECT_EQ(go_unquote("'é'"), std::string("é"));
  EXPECT_EQ(go_unquote(R"('\xff')"), std::string("\xC3\xBF"));  // a code point, as UTF-8
  EXPECT_EQ(failure("'ab'"), Kind::NotOneCharacter);
  EXPECT_EQ(failure("''"), Kind::NotOneCharacter);
}

TEST(GoUnquote, SingleQuotedStringsInPromql) {
  GoUnquoteOptions promql;
  promql.single_quoted_strings = true;
  EXPECT_EQ(go_unquote(R"('ab\'c')", nullptr, promql), std::string("ab'c"));
  EXPECT_EQ(go_unquote(R"('\xff')", nullptr, promql), std::string("\xff"));
  EXPECT_EQ(go_unquote("''", nullptr, promql), std::string());
}

TEST(GoUnquote, Characters) {
  EXPECT_EQ(go_unquote_char("'a'"), U'a');
  EXPECT_EQ(go_unquote_char(R"('\n')"), U'\n');
  EXPECT_EQ(go_unquote_char(R"('\u263a')"), U'\u263a');
  EXPECT_EQ(go_unquote_char("'☺'"), U'\u263a');
  EXPECT_EQ(go_unquote_char("'ab'"), std::nullopt);
  EXPECT_EQ(go_unquote_char(R"(''')"), std::nullopt);
  EXPECT_EQ(go_unquote_char(R"('\"')"), std::nullopt);
}

TEST(HexValue, Digits) {
  EXPECT_EQ(hex_value('0'), 0);
  EXPECT_EQ(hex_value('9'), 9);
  EXPECT_EQ(hex_value('a'), 10);
  EXPECT_EQ(hex_value('F'), 15);
  EXPECT_EQ(hex_value('g'), -1);
  EXPECT_EQ(hex_value('/'), -1);
}

}  // namespace
}  // namespace mzr

// The hand-written PromQL lexer must produce exactly the tokens of the ANTLR lexer generated
// from grammar/PromQLLexer.g4: on tricky cases, on every conformance input and its prefixes and
// mutations, and on every file of the real corpus read as if it were one expression.

#include "compiler/syntax/promql_lexer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "PromQLLexer.h"
#include "compiler/base/utf8.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::testing {
namespace {

using syntax::PromqlToken;
using L = antlr_PromQL::PromQLLexer;

std::string token_name(size_t type) {
  if (type == antlr4::Token::EOF) return "EOF";
  antlr4::ANTLRInputStream none;
  L lexer(&none);
  return lexer.getVocabulary().getSymbolicName(type);
}

std::string show(const std::vector<PromqlToken>& tokens, size_t from, std::string_view text) {
  std::string out;
  for (size_t i = from; i < tokens.size() && i < from + 8; ++i) {
    const PromqlToken& t = tokens[i];
    out += token_name(t.type) + "'" + std::string(text.substr(t.begin, t.end - t.begin)) + "' ";
  }
  return out;
}

// An empty string when both lexers agree, else where their tokens part.
std::string difference(std::string_view text) {
  std::vector<PromqlToken> fast = syntax::lex_promql(text);
  std::vector<PromqlToken> reference = syntax::lex_promql_with_antlr(text);
  size_t i = 0;
  while (i < fast.size() && i < reference.size() && fast[i].type == reference[i].type &&
         fast[i].begin == reference[i].begin && fast[i].end == reference[i].end) {
    ++i;
  }
  if (i == fast.size() && i == reference.size()) return "";
  size_t from = i < 2 ? 0 : i - 2;
  size_t byte = i < fast.size() ? fast[i].begin : text.size();
  return "input " + std::string(text.substr(0, 200)) + "\n  at byte " + std::to_string(byte) +
         "\n  hand:  " + show(fast, from, text) + "\n  antlr: " + show(reference, from, text);
}

bool lexable(std::string_view text) {
  return !find_invalid_utf8(text).has_value() && !text.starts_with("\xEF\xBB\xBF");
}

TEST(PromqlLexer, AgreesWithTheGrammarOnTrickyInput) {
  const char* cases[] = {
      "",
      " \t\r\n",
      "# only a comment",
      "a # comment\n+ b",
      "5m",
      "5ms",
      "5mx",
      "1h30m",
      "1h30",
      "1_000",
      "1_",
      "1__0",
      "0x1f",
      "0x_1f",
      "0x",
      "0xg",
      "0X_",
      "1.",
      ".5",
      ".",
      "..",
      "1.5e3",
      "1e",
      "1e+",
      "1e+5",
      "1E-3x",
      ".e5",
      "1.e5",
      "5m5",
      "1.5m",
      "5y",
      "5d1w",
      "inf",
      "Inf",
      "NaN",
      "nan_x",
      "infinity",
      "foo:bar",
      ":foo",
      "foo:",
      "a::b",
      "foo_bar1",
      "_x",
      "SUM by (a) (x)",
      "sum BY(a)(x)",
      "x[5m:1m]",
      "x[step()]",
      "x[STEP() + 1m]",
      "x[range()*2]",
      "x[max_of(1m, 2m)]",
      "x[5m] offset 1m",
      "x[1m:foo]",
      "x[a:b]",
      "x[\"s\"]",
      "x[{]",
      "x[[5m]]",
      "x[5m#c]",
      "x]",
      "[5m",
      "x[5m",
      "x @ 123",
      "x @ start()",
      "x@end()",
      "\"a\"",
      "'a'",
      "`a`",
      "\"a\\\"b\"",
      "\"a\\",
      "\"a",
      "'a\nb'",
      "\"a\\\nb\"",
      "`a\nb`",
      "`a",
      "\"é\"",
      "é",
      "x{é=\"1\"}",
      "x + é",
      "\"\\u00e9\"",
      "a==b",
      "a!=b",
      "a=~b",
      "a!~b",
      "a!b",
      "a<=b",
      "a</b",
      "a<b",
      "a>=b",
      "a>/b",
      "a>b",
      "a=b",
      "a^b",
      "a%b",
      "a/b",
      "a*b",
      "a-b",
      "a+b",
      "a and b",
      "a OR b",
      "a unless b",
      "atan2",
      "count_values(\"x\", y)",
      "limitk",
      "limit_ratio",
      "group_left",
      "group_right",
      "fill",
      "fill_left",
      "fill_right",
      "bool",
      "on",
      "ignoring",
      "offset",
      "smoothed",
      "anchored",
      "start",
      "end",
      "step",
      "range",
      "max_of",
      "min_of",
      "topk",
      "bottomk",
      "quantile",
      "stddev",
      "stdvar",
      "without",
      "x{on=\"1\"}",
      "x[1m] smoothed",
      "$",
      "~",
      "?",
      "\\",
      ";",
      "\x7f",
      "\xE2\x82\xAC",
      "\xF0\x9F\x98\x80",
  };
  for (const char* c : cases) EXPECT_EQ(difference(c), "") << c;
}

// The test must be able to fail: the ANTLR lexer is a real reference, not the same code.
TEST(PromqlLexer, ReferenceSeesKeywordsAndModes) {
  std::vector<PromqlToken> t = syntax::lex_promql_with_antlr("sum(x[step()])");
  ASSERT_EQ(t.size(), 10u);
  EXPECT_EQ(t[0].type, size_t{L::SUM});
  EXPECT_EQ(t[4].type, size_t{L::STEP});
  std::vector<PromqlToken> outside = syntax::lex_promql_with_antlr("a:b");
  std::vector<PromqlToken> inside = syntax::lex_promql_with_antlr("x[a:b]");
  EXPECT_EQ(outside[0].type, size_t{L::METRIC_IDENTIFIER});
  EXPECT_EQ(inside[3].type, size_t{L::COLON});
}

std::vector<std::string> conformance_inputs(const std::string& corpus) {
  std::vector<std::string> out;
  auto cases = nlohmann::json::parse(read_file(corpus + "/conformance/promql-parse-cases.json"));
  for (const auto& c : cases) {
    if (c.contains("input")) out.push_back(c["input"].get<std::string>());
  }
  return out;
}

TEST(PromqlLexer, AgreesOnConformanceInputsTheirPrefixesAndMutations) {
  MZR_REQUIRE_CORPUS(corpus);
  std::vector<std::string> inputs = conformance_inputs(corpus);
  ASSERT_GT(inputs.size(), 300u);
  const std::string alphabet = "0123456789._eExXmsh:[](){}\"'`\\#\n +-*/=!~<>@,abyz";
  std::mt19937 random(20261122);
  size_t compared = 0;
  size_t failures = 0;
  auto check = [&](const std::string& text) {
    if (!lexable(text)) return;
    ++compared;
    std::string diff = difference(text);
    if (!diff.empty() && ++failures <= 10) ADD_FAILURE() << diff;
  };
  for (const std::string& input : inputs) {
    check(input);
    for (size_t n = 0; n < input.size() && input.size() < 200; ++n) check(input.substr(0, n));
    for (int m = 0; m < 20 && !input.empty(); ++m) {
      std::string mutated = input;
      size_t at = random() % mutated.size();
      char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: mutated[at] = c; break;
        case 1: mutated.insert(mutated.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: mutated.erase(at, 1); break;
      }
      check(mutated);
    }
  }
  EXPECT_EQ(failures, 0u) << "of " << compared << " inputs";
  EXPECT_GT(compared, 5000u);
  std::cout << "PromQL lexer: " << compared - failures << "/" << compared
            << " conformance inputs, prefixes and mutations lex as the grammar does\n";
}

TEST(PromqlLexer, AgreesOnEveryCorpusFileReadAsOneExpression) {
  MZR_REQUIRE_CORPUS(corpus);
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus + "/real")) {
    if (!entry.is_regular_file()) continue;
    std::string text = read_file(entry.path().string());
    if (!lexable(text)) continue;
    ++files;
    std::string diff = difference(text);
    EXPECT_TRUE(diff.empty()) << entry.path() << ": " << diff;
  }
  EXPECT_GT(files, 250u);
  std::cout << "PromQL lexer: " << files << " corpus files lex as the grammar does\n";
}

}  // namespace
}  // namespace mzr::testing

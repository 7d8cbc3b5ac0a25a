// Text from sources cannot forge lines or reach the terminal raw through any diagnostic format:
// a key "x\n::error file=INJECTED,line=1::pwned \e[31m" in a message, a path, or the echoed line.

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "compiler/base/render.h"

namespace mzr {
namespace {

constexpr std::string_view kInjection = "x\n::error file=INJECTED,line=1::pwned \x1b[31m\r";

struct Rendered {
  SourceManager sm;
  Diagnostics diags;
  std::string text(DiagFormat format) {
    std::ostringstream out;
    render(format, sm, diags, out, RenderOptions{false, "0"});
    return out.str();
  }
};

void fill(Rendered& r) {
  std::string source = "groups:\n- name: g\n  \"" + std::string("k\x1b[2J\rv") + "\": 1\n";
  SourceId id = r.sm.add("rules/a\nb.yaml", source);
  auto key = static_cast<uint32_t>(source.find("\"k"));
  r.diags
      .report(DiagKind::YamlDuplicateKey, Span{id, key, key + 9},
              "unknown field '" + std::string(kInjection) + "'")
      .note(Span{id, 0, 6}, "note '" + std::string(kInjection) + "'");
}

// No line of the output may begin a workflow command other than the renderer's own (`own`,
// empty for formats that write none), and no control character other than the line breaks
// between records may be written.
void expect_harmless(const std::string& out, std::string_view own) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("::")) {
      EXPECT_TRUE(!own.empty() && line.starts_with(own)) << line;
    }
    for (char c : line) {
      EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
          << "control byte " << int(c) << " in: " << line;
    }
  }
}

TEST(RenderEscapes, Human) {
  Rendered r;
  fill(r);
  std::string out = r.text(DiagFormat::Human);
  expect_harmless(out, "");
  EXPECT_NE(out.find("rules/a\\nb.yaml:3:3: error[E0102]: unknown field 'x\\n::error "
                     "file=INJECTED,line=1::pwned \\x1b[31m\\r'\n"),
            std::string::npos)
      << out;
  // The echoed line shows the escapes, and the underline starts under the quote.
  EXPECT_NE(out.find(" 3 |   \"k\\x1b[2J\\rv\": 1\n   |   ^~~~~~~~~~~~~\n"), std::string::npos)
      << out;
}

TEST(RenderEscapes, Github) {
  Rendered r;
  fill(r);
  std::string out = r.text(DiagFormat::Github);
  expect_harmless(out, "::error file=rules/a\\nb.yaml,");
  EXPECT_EQ(out,
            "::error file=rules/a\\nb.yaml,line=3,col=3,endLine=3,endColumn=12,title=E0102::"
            "unknown field 'x\\n::error file=INJECTED,line=1::pwned \\x1b[31m\\r'%0Arules/"
            "a\\nb.yaml:1:1: note: note 'x\\n::error file=INJECTED,line=1::pwned "
            "\\x1b[31m\\r'\n");
}

TEST(RenderEscapes, JsonAndSarif) {
  for (DiagFormat f : {DiagFormat::Json, DiagFormat::Sarif}) {
    Rendered r;
    fill(r);
    std::string out = r.text(f);
    expect_harmless(out, "");
    // The message as every format shows it: JSON escapes the escape's backslash once more.
    EXPECT_NE(out.find("unknown field 'x\\\\n::error file=INJECTED,line=1::pwned "
                       "\\\\x1b[31m\\\\r'"),
              std::string::npos)
        << out;
  }
}

TEST(RenderEscapes, GithubPropertiesAndDataAreEscapedAsTheRunnerReadsThem) {
  Rendered r;
  SourceId id = r.sm.add("a,b:c%.yaml", "x\n");
  r.diags.report(DiagKind::YamlDuplicateKey, Span{id, 0, 1}, "100% a:b,c");
  EXPECT_EQ(r.text(DiagFormat::Github),
            "::error file=a%2Cb%3Ac%25.yaml,line=1,col=1,endLine=1,endColumn=2,title=E0102::"
            "100%25 a:b,c\n");
}

}  // namespace
}  // namespace mzr

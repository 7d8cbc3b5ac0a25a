// The parser's errors in Go's words, where Go's parser gives them: lexer errors are raised where
// a token is consumed, not where it is peeked at; an error on another line than its action says
// where the action started (per tree: a {{block}} body is a tree of its own); tokens are quoted
// with %q. The same messages are compared with promtool's and Alertmanager's on thousands of
// random templates by tests/oracle/promtool_alert_templates.py and am_template_files.py.

#include <gtest/gtest.h>

#include <string>

#include "compiler/template/exec.h"
#include "compiler/template/parse.h"

namespace mzr::tmpl {
namespace {

std::string error_of(const std::string& text) {
  Set set;
  uint16_t src = set.add_source("main", text);
  FuncMap funcs = builtins();
  ParseOptions opts;
  opts.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  auto err = parse(set, src, "main", opts);
  return err ? err->message : "";
}

TEST(TemplateParseErrors, LexerErrorsWhereGoRaisesThem) {
  // The variable is judged before the unclosed action after it: Go peeks past a variable to
  // look for ':=' without raising the error token it finds.
  EXPECT_EQ(error_of("{{$y"), "undefined variable \"$y\"");
  EXPECT_EQ(error_of("{{ define \"x\" }}(..{{ range $value)"), "undefined variable \"$value\"");
  // An unmatched ')' is the lexer's error, in place of the token.
  EXPECT_EQ(error_of("{{ ) }}"), "unexpected right paren");
  EXPECT_EQ(error_of("{{ print 1) }}"), "unexpected right paren");
}

TEST(TemplateParseErrors, ActionStartedOnAnotherLine) {
  EXPECT_EQ(error_of("{{ range \n"), "unclosed action started at main:1");
  EXPECT_EQ(error_of("{{\n"), "unclosed action started at main:1");
  EXPECT_EQ(error_of("a\n{{- \nnot{{ x }}"),
            "bad character U+007B '{' in action started at main:2");
  EXPECT_EQ(error_of("{{ range"), "unclosed action");  // same line: nothing added
  // A {{block}} body is parsed as a tree of its own, which has no action under way.
  EXPECT_EQ(error_of("{{ block \"b\" . }}\n$value{{/*{{ end }}"), "unclosed comment");
}

TEST(TemplateParseErrors, TokensQuotedAsGoQuotesThem) {
  EXPECT_EQ(error_of("{{ with print \"up\"\"s\" }}{{ end }}"),
            "unexpected \"\\\"s\\\"\" in operand");
  EXPECT_EQ(error_of("{{ \"up\".x }}"), "unexpected . after term \"\\\"up\\\"\"");
  EXPECT_EQ(error_of("{{ 'ab' }}"), "malformed character constant: 'ab'");
  EXPECT_EQ(error_of("{{ '\\q' }}"), "invalid syntax");
  // An invalid UTF-8 byte reads as one character (U+FFFD), so what follows makes it malformed.
  EXPECT_EQ(error_of("{{ '\xE2\x82"
                     "a' }}"),
            "malformed character constant: '\xE2\x82"
            "a'");
}

// When the text ends inside something left open, the error says what and where it starts.
TEST(TemplateParseErrors, WhatTheEndOfTheTextLeftOpen) {
  auto open = [](const std::string& text) {
    Set set;
    uint16_t src = set.add_source("main", text);
    auto err = parse(set, src, "main", ParseOptions{});
    EXPECT_TRUE(err.has_value()) << text;
    return err ? err->open_what + "@" + std::to_string(err->open_at) : "";
  };
  EXPECT_EQ(open("{{ if 1 }}a{{ range . }}b{{ end }}"), "if@3");
  EXPECT_EQ(open("{{ if 1 }}{{ else }}{{ with 2 }}"), "with@23");
  EXPECT_EQ(open("x {{ define \"d\" }}y"), "define@5");
  EXPECT_EQ(open("{{ block \"b\" . }}"), "block@3");
  EXPECT_EQ(open("ab{{ .x "), "action@2");
  EXPECT_EQ(open("{{ if 1 }}{{ .x "), "action@10");
  EXPECT_EQ(open("{{ if true }}x{{ else if 1 "), "action@14");
  EXPECT_EQ(open("{{ end }}"), "@0");  // not at the end of the text
}

}  // namespace
}  // namespace mzr::tmpl

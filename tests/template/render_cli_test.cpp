// `mzrules template render`: output as the template system would send it, diagnostics with
// positions in the file the template comes from, exit code 1 on errors.

#include <gtest/gtest.h>

#include "compiler/base/file_system.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(TemplateRender, AlertmanagerDataAndDefinitions) {
  MemoryFileSystem fs;
  fs.add("tmpl/slack.tmpl",
         "{{ define \"slack.title\" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}"
         "{{ end }}");
  auto r = testing::run_cli(
      fs,
      {"template", "render", "--color=never", "--funcs", "alertmanager", "--templates",
       "tmpl/*.tmpl", "--text", "{{ template \"slack.title\" . }} {{ .CommonLabels.SortedPairs }}",
       "--data", R"({"status": "firing", "commonLabels": {"alertname": "Down", "job": "db"}})"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "[FIRING] Down alertname=Down, job=db");
}

TEST(TemplateRender, PrometheusFunctionsAndGoData) {
  MemoryFileSystem fs;
  auto r = testing::run_cli(fs, {"template", "render", "--funcs", "prometheus", "--text",
                                 "{{ .v | humanize }} {{ printf \"%05.1f|%x\" .f 255 }}", "--data",
                                 R"({"v": 1234567, "f": 3.14159})"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "1.235M 003.1|ff");
}

// Go's template.JSEscapeString: quotes, backslash and the HTML-significant characters become
// escapes, so the result is safe inside a <script> block too.
TEST(TemplateRender, JsEscapesAsGo) {
  MemoryFileSystem fs;
  auto r = testing::run_cli(fs, {"template", "render", "--text", "{{ js .s }}", "--data",
                                 R"({"s": "<a href='x'>\"&=\\</a>"})"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, R"(\u003Ca href\u003D\'x\'\u003E\"\u0026\u003D\\\u003C/a\u003E)");
}

TEST(TemplateRender, ErrorsHaveCodesAndPositionsInTheFile) {
  MemoryFileSystem fs;
  fs.add("bad.tmpl", "line one\n{{ if .x }}\n{{ humanize 1 }}{{ end }}");
  auto r = testing::run_cli(fs, {"template", "render", "--color=never", "--file", "bad.tmpl"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.tmpl:3:4: error[E1101]: function \"humanize\" not defined"),
            std::string::npos)
      << r.err;
  auto p = testing::run_cli(fs, {"template", "render", "--color=never", "--parse-only", "--funcs",
                                 "prometheus", "--file", "bad.tmpl"});
  EXPECT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(p.out, "");
}

}  // namespace
}  // namespace mzr

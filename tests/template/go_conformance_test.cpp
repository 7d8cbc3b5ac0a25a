// Go's own text/template test tables (../shared/corpus/conformance/go-template-*-cases.json):
// every valid input parses and prints as Go prints it, every invalid one fails; every execution
// case gives Go's output or fails as Go does. Cases that cannot pass are listed with a reason;
// the test fails when one of them starts passing, or when any other case fails.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "compiler/template/exec.h"
#include "compiler/template/json_value.h"
#include "compiler/template/parse.h"
#include "tests/require.h"
#include "tests/template/conformance.h"

namespace mzr::tmpl {
namespace {

std::string parse_case(const nlohmann::json& c) {
  Set set;
  uint16_t src = set.add_source(c["name"].get<std::string>(), c["input"].get<std::string>());
  ParseOptions opts;
  opts.keep_comments = c.value("parse_comments", false);
  if (c.contains("max_depth")) opts.max_depth = c["max_depth"].get<int>();
  FuncMap funcs = builtins();
  opts.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  auto err = parse(set, src, "main", opts);
  bool valid = c["valid"].get<bool>();
  if (!valid) return err ? "" : "parsed, but Go refuses it";
  if (err) return "parse error: " + go_error_text(set, *err);
  std::string printed = print_tree(set.find("main")->root);
  if (printed != c["printed"].get<std::string>()) return "printed " + printed;
  return "";
}

std::string exec_case(const nlohmann::json& c) {
  Set set;
  uint16_t src = set.add_source(c["name"].get<std::string>(), c["input"].get<std::string>());
  FuncMap funcs = builtins();
  ParseOptions opts;
  opts.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  bool want_error = c.value("error", false);
  auto err = parse(set, src, "main", opts);
  if (err) return want_error ? "" : "parse error: " + go_error_text(set, *err);
  Value data = value_from_json(c["data"]);
  ExecResult r = execute(set, "main", data, funcs, ExecOptions{});
  if (want_error) return r.error ? "" : "no error; output " + r.output;
  if (r.error) return "error: " + go_error_text(set, *r.error);
  if (r.output != c["output"].get<std::string>()) return "output " + r.output;
  return "";
}

// Cases that cannot pass, by name, with the reason.
const std::map<std::string, std::string>& known_exec_failures() {
  static const std::map<std::string, std::string> m = {};
  return m;
}

TEST(GoTemplateConformance, Parse) {
  MZR_REQUIRE_CORPUS(corpus);
  auto cases = testing::load_cases(corpus + "/conformance/go-template-parse-cases.json");
  testing::Tally t = testing::run_cases(cases, "name", parse_case, {});
  std::cout << "go-template-parse-cases.json: " << t.summary() << "\n";
  EXPECT_TRUE(t.clean()) << t.report();
}

TEST(GoTemplateConformance, Exec) {
  MZR_REQUIRE_CORPUS(corpus);
  auto cases = testing::load_cases(corpus + "/conformance/go-template-exec-cases.json");
  testing::Tally t = testing::run_cases(cases, "name", exec_case, known_exec_failures());
  std::cout << "go-template-exec-cases.json: " << t.summary() << "\n";
  EXPECT_TRUE(t.clean()) << t.report();
}

}  // namespace
}  // namespace mzr::tmpl

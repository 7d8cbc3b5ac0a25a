// `mzrules expr`: one JSON document with --format=json, JSON lines for LogQL as for PromQL, and
// parse errors that name the token as written.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(ExprCli, JsonIsOneDocument) {
  MemoryFileSystem fs;
  auto r = testing::run_cli(fs, {"expr", "--format=json", "sum by (a) (rate(x[5m]))"});
  EXPECT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);  // throws, failing the test, unless one document
  EXPECT_EQ(j["type"], "instant vector");
  EXPECT_EQ(j["labels"]["names"], nlohmann::json::array({"a"}));
  EXPECT_TRUE(j["diagnostics"].empty());

  r = testing::run_cli(fs, {"expr", "--format=json", "--lang=logql", "{a=\"b\"} |= \"x\" |= "});
  EXPECT_EQ(r.code, 1);
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["valid"], false);
  EXPECT_TRUE(j["type"].is_null());
  EXPECT_EQ(j["diagnostics"].size(), 1u) << r.out;

  r = testing::run_cli(fs, {"expr", "--format=sarif", "up"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.find("instant vector"), std::string::npos) << r.out;
  EXPECT_NO_THROW((void)nlohmann::json::parse(r.out)) << r.out;
}

TEST(ExprCli, LogqlJsonLines) {
  MemoryFileSystem fs;
  auto r = testing::run_cli(fs, {"expr", "--lang=logql", "--jsonl"},
                            "{\"expr\": \"sum by (pod) (rate({app=\\\"x\\\"}[5m]))\"}\n"
                            "{\"expr\": \"{app=\\\"x\\\"} | json\"}\n"
                            "{\"expr\": \"rate(\"}\n");
  EXPECT_EQ(r.code, 1);
  std::vector<nlohmann::json> lines;
  size_t start = 0;
  for (size_t end = r.out.find('\n'); end != std::string::npos; end = r.out.find('\n', start)) {
    lines.push_back(nlohmann::json::parse(r.out.substr(start, end - start)));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0]["type"], "metric query");
  EXPECT_EQ(lines[0]["labels"]["names"], nlohmann::json::array({"pod"}));
  EXPECT_EQ(lines[0]["labels"]["closed"], true);
  EXPECT_EQ(lines[1]["type"], "log query");
  EXPECT_EQ(lines[1]["labels"]["closed"], false);
  EXPECT_EQ(lines[2]["valid"], false);
}

TEST(ExprCli, ParseErrorsNameTheToken) {
  MemoryFileSystem fs;
  // As Prometheus words them: '=' is quoted (it is not an operator), a matcher's missing value
  // is a string, an unknown function gets a suggestion.
  auto r = testing::run_cli(fs, {"expr", "--color=never", "up == = 1"});
  EXPECT_NE(r.err.find("error[E0401]: unexpected \"=\"\n"), std::string::npos) << r.err;
  r = testing::run_cli(fs, {"expr", "--color=never", "up{a=}"});
  EXPECT_NE(r.err.find("unexpected \"}\" in label matching, expected string"), std::string::npos)
      << r.err;
  r = testing::run_cli(fs, {"expr", "--color=never", "up{a}"});
  EXPECT_NE(r.err.find("unexpected \"}\" in label matching, expected label matching operator"),
            std::string::npos)
      << r.err;
  r = testing::run_cli(fs, {"expr", "--color=never", "up{a=\"b\" c=\"d\"}"});
  EXPECT_NE(r.err.find("unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
            std::string::npos)
      << r.err;
  r = testing::run_cli(fs, {"expr", "--color=never", "rat(up[5m])"});
  EXPECT_NE(r.err.find("unknown function with name \"rat\", did you mean 'rate'?"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace mzr

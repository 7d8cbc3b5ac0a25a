// --format=json writes one JSON document on stdout for the commands that answer something other
// than diagnostics: routes (tree, test, alert table), explain, version, template render and
// query (its diagnostics when there is no result). SARIF is refused where it has no place.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace mzr {
namespace {

using nlohmann::json;

void routing_repository(MemoryFileSystem& fs) {
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/alertmanager.yml",
         "route:\n"
         "  receiver: default\n"
         "  group_by: [alertname]\n"
         "  routes:\n"
         "  - matchers: [team=\"db\"]\n"
         "    receiver: db\n"
         "    continue: true\n"
         "    group_wait: 10s\n"
         "receivers: [{name: default}, {name: db}]\n");
  fs.add("alerts/rules.yaml",
         "groups:\n"
         "- name: g\n"
         "  rules:\n"
         "  - alert: DbDown\n"
         "    expr: up == 0\n"
         "    labels: {team: db}\n");
}

TEST(JsonFormats, RoutesShowTestAndAlerts) {
  MemoryFileSystem fs;
  routing_repository(fs);
  auto show = testing::run_cli(fs, {"routes", "show", "--format=json"});
  ASSERT_EQ(show.code, 0) << show.err;
  json tree = json::parse(show.out);
  EXPECT_EQ(tree["receiver"], "default");
  ASSERT_EQ(tree["routes"].size(), 1u);
  EXPECT_EQ(tree["routes"][0]["matchers"], json::array({"team=\"db\""}));
  EXPECT_EQ(tree["routes"][0]["group_wait"], "10s");
  EXPECT_EQ(tree["routes"][0]["group_by"], json::array({"alertname"}));  // inherited
  EXPECT_EQ(tree["routes"][0]["continue"], true);

  auto test =
      testing::run_cli(fs, {"routes", "test", "--format=json", "--verify.receivers=db", "team=db"});
  EXPECT_EQ(test.code, 0) << test.err;
  json answer = json::parse(test.out);
  EXPECT_EQ(answer["receivers"], json::array({"db"}));
  EXPECT_EQ(answer["verified"], true);
  auto wrong =
      testing::run_cli(fs, {"routes", "test", "--format=json", "--verify.receivers=x", "team=db"});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_EQ(json::parse(wrong.out)["verified"], false);

  auto alerts = testing::run_cli(fs, {"routes", "show", "--alerts", "--format=json"});
  ASSERT_EQ(alerts.code, 0) << alerts.err;
  EXPECT_EQ(json::parse(alerts.out),
            json::parse(R"([{"alert": "DbDown", "group": "g", "receivers": ["db"],
                            "possible_receivers": []}])"));

  auto sarif = testing::run_cli(fs, {"routes", "show", "--format=sarif"});
  EXPECT_EQ(sarif.code, 2);
  EXPECT_NE(sarif.err.find("use --format=json"), std::string::npos) << sarif.err;
}

TEST(JsonFormats, RoutesErrorsAreTheJsonDiagnostics) {
  MemoryFileSystem fs;
  routing_repository(fs);
  fs.add("alerts/alertmanager.yml", "route: {receiver: nobody}\nreceivers: [{name: a}]\n");
  auto r = testing::run_cli(fs, {"routes", "show", "--format=json"});
  EXPECT_EQ(r.code, 1);
  json diags = json::parse(r.out);
  ASSERT_TRUE(diags.is_array());
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0]["file"], "alerts/alertmanager.yml");
}

TEST(JsonFormats, ExplainVersionTemplateAndQuery) {
  MemoryFileSystem fs;
  auto explain = testing::run_cli(fs, {"explain", "E0329", "--format=json"});
  ASSERT_EQ(explain.code, 0) << explain.err;
  EXPECT_EQ(json::parse(explain.out)["name"], "TemplateSyntax");
  auto list = testing::run_cli(fs, {"explain", "--list", "--format=json"});
  EXPECT_GT(json::parse(list.out).size(), 200u);

  auto version = testing::run_cli(fs, {"version", "--format", "json"});
  EXPECT_EQ(json::parse(version.out)["name"], "mzrules");

  auto rendered =
      testing::run_cli(fs, {"template", "render", "--text", "{{ 1 }}", "--format=json"});
  EXPECT_EQ(json::parse(rendered.out), json::parse(R"({"output": "1", "diagnostics": []})"));
  auto broken = testing::run_cli(fs, {"template", "render", "--text", "{{ 1 ", "--format=json"});
  EXPECT_EQ(broken.code, 1);
  json doc = json::parse(broken.out);
  EXPECT_TRUE(doc["output"].is_null());
  EXPECT_EQ(doc["diagnostics"][0]["code"], "E1100");

  fs.add("series.txt", "load 1m\n  up 1 2 3\n");
  auto query = testing::run_cli(fs, {"query", "--series", "series.txt", "--format=json", "sum(up"});
  EXPECT_EQ(query.code, 1);
  EXPECT_EQ(json::parse(query.out)[0]["code"], "E0401");
}

}  // namespace
}  // namespace mzr

// Routing analysis over a repository: the receivers each alert definitely or possibly reaches,
// and the warnings about routes, receivers and inhibit rules, with `mzrules check` and
// `mzrules routes show --alerts`.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kAm = R"(route:
  receiver: default
  routes:
    - matchers: [team="db"]
      receiver: db-chat
      routes:
        - matchers: [severity="critical"]
          receiver: db-pager
        - matchers: [severity=~"critical|warning"]
          receiver: db-warn
    - matchers: [team="db", env="prod"]
      receiver: db-prod
    - matchers: [namespace=~"prod-.*"]
      receiver: prod-chat
    - matchers: [team="web"]
      receiver: web
receivers: [{name: default}, {name: db-chat}, {name: db-pager}, {name: db-warn}, {name: db-prod},
            {name: prod-chat}, {name: web}, {name: spare}]
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [namespace, cluster]
  - source_matchers: [alertname="Nope"]
    target_matchers: [severity="none"]
)";

constexpr const char* kRules = R"(metrics m {
  target_labels { namespace, pod }
  gauge db_up {}
}

alerts db every 1m {
  alert DbDown {
    expr    db_up == 0
    labels  { severity = "critical", team = "db" }
  }
  alert DbSlow {
    expr    db_up == 0
    labels  { severity = "warning", team = "db" }
  }
  alert Lonely {
    expr    db_up == 0
    labels  { severity = "info" }
  }
  alert Unknown {
    expr    some_metric > 0
    labels  { severity = "info", team = "db" }
  }
}
)";

void repository(MemoryFileSystem& fs) {
  fs.add("mzrules.yaml",
         "sources: [alerts]\ndiagnostics: {I0671: warning, I0674: warning, I0675: warning}\n");
  fs.add("alerts/am.yml", kAm);
  fs.add("alerts/db.mzr", kRules);
}

TEST(RoutingAnalysis, Warnings) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = testing::run_cli(fs, {"check", "--format=json"});
  auto has = [&](const std::string& s) { return r.out.find(s) != std::string::npos; };
  // Every db alert is taken by the team route: the later db/prod sibling is shadowed.
  EXPECT_TRUE(has("W0672")) << r.out;
  EXPECT_TRUE(has("route {env=\\\"prod\\\",team=\\\"db\\\"} is never used")) << r.out;
  EXPECT_TRUE(has("W0673")) << r.out;
  EXPECT_TRUE(has("receiver 'spare' is not used by any route")) << r.out;
  // Lonely carries namespace with an unknown value: it may reach prod-chat, so it is not
  // reported as root-only; the web route is reached by no alert.
  EXPECT_FALSE(has("alert 'Lonely'")) << r.out;
  EXPECT_TRUE(has("I0671")) << r.out;
  EXPECT_TRUE(has("no alert of the repository reaches route {team=\\\"web\\\"}")) << r.out;
  // cluster is carried by neither side: the rule inhibits across clusters.
  EXPECT_TRUE(has("W0676")) << r.out;
  EXPECT_TRUE(has("'equal' label 'cluster': neither the source nor the target alerts carry it"))
      << r.out;
  EXPECT_FALSE(has("'equal' label 'namespace'")) << r.out;
  EXPECT_TRUE(has("I0674")) << r.out;
  EXPECT_TRUE(has("I0675")) << r.out;
}

// Each severity has its own alert name: 'equal: [alertname]' leaves no pair to inhibit.
TEST(RoutingAnalysis, InhibitRuleThatNeverInhibits) {
  MemoryFileSystem fs;
  repository(fs);
  std::string am = kAm;
  am += R"(  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [namespace, alertname]
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [team]
  - source_matchers: [team="db"]
    target_matchers: [team="db"]
    equal: [alertname]
)";
  fs.add("alerts/am.yml", am);
  auto r = testing::run_cli(fs, {"check", "--format=json"});
  auto count = [&](const std::string& s) {
    size_t n = 0;
    for (size_t i = r.out.find(s); i != std::string::npos; i = r.out.find(s, i + 1)) ++n;
    return n;
  };
  // The first of kAm's rules can pair DbDown with DbSlow (namespace and cluster may agree), the
  // rule on 'team' too; the rule on alertname cannot, and the rule matching team="db" on both
  // sides only pairs an alert with itself, which Alertmanager excludes.
  EXPECT_EQ(count("\"W1310\""), 2u) << r.out;
  EXPECT_EQ(count("has the same 'alertname' as an alert its target matchers match"), 1u) << r.out;
  EXPECT_EQ(count("'alertname' of the 1 source alert(s): \\\"DbDown\\\"; of the 1 target "
                  "alert(s): \\\"DbSlow\\\""),
            1u)
      << r.out;
  EXPECT_EQ(count("agrees on all of the 'equal' labels"), 1u) << r.out;
}

TEST(RoutingAnalysis, OnlyRoot) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/other.mzr", R"(alerts other {
  alert Orphan {
    expr    sum(db_up) == 0
    labels  { team = "nobody" }
  }
}
)");
  auto r = testing::run_cli(fs, {"check"});
  EXPECT_NE(r.err.find("W0670"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("alert 'Orphan' matches no route below the root: it can only go to the "
                       "default receiver 'default'"),
            std::string::npos)
      << r.err;
}

TEST(RoutingAnalysis, AlertsTable) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = testing::run_cli(fs, {"routes", "show", "--alerts"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "ALERT    GROUP  RECEIVERS\n"
            "DbDown   db     db-pager\n"
            "DbSlow   db     db-warn\n"
            "Lonely   db     (possibly: prod-chat, default)\n"
            "Unknown  db     db-chat\n");
}

}  // namespace
}  // namespace mzr

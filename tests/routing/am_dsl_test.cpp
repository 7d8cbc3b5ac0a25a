// Alertmanager configuration written in the DSL: it means what the equivalent alertmanager.yml
// means, one routing configuration per repository, `mzrules routes` reads the repository's own,
// `mzrules fmt` prints the blocks canonically, and Materialize's routing sends every alert of
// the repository to its team.

#include <gtest/gtest.h>

#include "compiler/driver/pipeline.h"
#include "compiler/routing/route_tree.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

constexpr const char* kDsl = R"(receiver default {}
receiver pager { pagerduty { routing_key_file "/etc/alertmanager/secrets/pd/key" } }
receiver chat { webhook { url_file "/etc/alertmanager/secrets/hook/url" } }
route {
  receiver default
  group_by [alertname]
  route { match severity="critical"  receiver pager  continue }
  route {
    match team=~"db|storage", env!="dev"
    receiver chat
    route { match severity=~"warn.*"  receiver default }
  }
}
)";

constexpr const char* kYaml = R"(route:
  receiver: default
  group_by: [alertname]
  routes:
  - receiver: pager
    matchers: ['severity="critical"']
    continue: true
  - receiver: chat
    matchers: ['team=~"db|storage"', 'env!="dev"']
    routes:
    - {receiver: default, matchers: ['severity=~"warn.*"']}
receivers:
- name: default
- name: pager
  pagerduty_configs: [{routing_key_file: /etc/alertmanager/secrets/pd/key}]
- name: chat
  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url}]
)";

std::string route(MemoryFileSystem& fs, const std::vector<std::string>& labels) {
  std::vector<std::string> args = {"routes", "test"};
  args.insert(args.end(), labels.begin(), labels.end());
  auto r = run_cli(fs, args);
  EXPECT_EQ(r.code, 0) << r.err;
  return r.out;
}

TEST(AlertmanagerDsl, MeansWhatTheYamlMeans) {
  MemoryFileSystem dsl;
  dsl.add("mzrules.yaml", "sources: [am]\n");
  dsl.add("am/routing.mzr", kDsl);
  MemoryFileSystem yml;
  yml.add("mzrules.yaml", "sources: [am]\n");
  yml.add("am/alertmanager.yml", kYaml);
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"severity=critical"},
      {"severity=critical", "team=db"},
      {"severity=warning", "team=storage"},
      {"severity=warning", "team=storage", "env=dev"},
      {"team=dbx"},
  };
  const std::vector<std::string> want = {"default\n", "pager\n",   "pager,chat\n",
                                         "default\n", "default\n", "default\n"};
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(route(dsl, cases[i]), want[i]) << i;
    EXPECT_EQ(route(yml, cases[i]), want[i]) << i;
  }
  ASSERT_EQ(run_cli(dsl, {"build"}).code, 0);
  ASSERT_EQ(run_cli(yml, {"build"}).code, 0);
  EXPECT_EQ(dsl.files().at("out/alertmanager/alertmanager.yml"),
            yml.files().at("out/alertmanager/alertmanager.yml"));
}

TEST(AlertmanagerDsl, MatcherPositionsAreExact) {
  MemoryFileSystem fs;
  fs.add("a.mzr",
         "receiver r {}\nroute {\n  receiver r\n  route { match a=\"1\", b=~\"(x\"  receiver r }\n"
         "}\n");
  auto r = run_cli(fs, {"check", "--color=never", "a.mzr"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("a.mzr:4:24: error[E0601]: invalid matcher 'b=~\"(x\"': error parsing "
                       "regexp: missing closing ): `^(?:(x)$`"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("^~~~~~~"), std::string::npos) << r.err;
}

// A huge tree is read without exhausting the stack: what is nested too deep is skipped, once.
TEST(AlertmanagerDsl, DeepNestingIsBounded) {
  std::string text = "receiver r {}\nroute { receiver r ";
  for (int i = 0; i < 20000; ++i) text += "route { receiver r ";
  text += std::string(20000, '}') + "}\n";
  MemoryFileSystem fs;
  fs.add("deep.mzr", text);
  auto r = run_cli(fs, {"check", "--color=never", "deep.mzr"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("deep.mzr:2:1907: error[E0701]: blocks and lists are nested more than 100 "
                       "deep; what is nested deeper is skipped"),
            std::string::npos)
      << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("1 error, 0 warnings"), std::string::npos) << r.err.substr(0, 2000);
}

TEST(AlertmanagerDsl, OneRoutingConfigurationPerRepository) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [am]\n");
  fs.add("am/routing.mzr", kDsl);
  fs.add("am/alertmanager.yml", kYaml);
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(
      r.err.find("am/alertmanager.yml:2:3: error[E0620]: a second Alertmanager configuration"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("am/routing.mzr:4:1: note: the repository's routing configuration is here"),
            std::string::npos)
      << r.err;
}

TEST(AlertmanagerDsl, RoutesWithoutConfigFileNeedsARoutingConfiguration) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [am]\n");
  fs.add("am/a.mzr", "alerts g { alert A { expr up == 0 } }\n");
  auto r = run_cli(fs, {"routes", "show"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("the repository has no routing configuration"), std::string::npos) << r.err;
  fs.add("am/routing.mzr", kDsl);
  r = run_cli(fs, {"routes", "show"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("└── default-route  receiver: default"), std::string::npos) << r.out;
}

constexpr const char* kMessy = R"(# routing
receiver   x {slack {channel "#c"
api_url_file "/etc/alertmanager/secrets/s/url"   send_resolved true}}
route {
receiver x # the default
  group_by [a,b]
      # children
  route {match severity="critical",team=~"a|b"
  continue}
}
time_interval t {times 09:00-17:00} {weekdays monday:friday
location "Europe/Berlin"}
templates "a.tmpl","b.tmpl"
)";

constexpr const char* kCanonical = R"(# routing
receiver x {
  slack {
    channel "#c"
    api_url_file "/etc/alertmanager/secrets/s/url"
    send_resolved true
  }
}

route {
  receiver x  # the default
  group_by [a, b]
  # children
  route { match severity="critical", team=~"a|b"  continue }
}

time_interval t { times 09:00-17:00 } { weekdays monday:friday  location "Europe/Berlin" }

templates "a.tmpl", "b.tmpl"
)";

TEST(AlertmanagerDsl, FormatsCanonicallyAndIdempotently) {
  MemoryFileSystem fs;
  fs.add("a.mzr", kMessy);
  auto r = run_cli(fs, {"fmt", "a.mzr"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs.files().at("a.mzr"), kCanonical);
  r = run_cli(fs, {"fmt", "a.mzr"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs.files().at("a.mzr"), kCanonical);
}

TEST(AlertmanagerDsl, RepositoryRoutingFilesAreCanonical) {
  RealFileSystem fs(testing::source_dir());
  auto r = run_cli(fs, {"fmt", "--check", "alerts/routing.mzr"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

// Every alert of the repository with a static component reaches exactly one team channel,
// critical ones page, and the on-call channel sees everything but notices.
TEST(MaterializeRouting, EveryAlertReachesItsTeam) {
  RealFileSystem fs(testing::source_dir());
  driver::Compilation c;
  ASSERT_TRUE(driver::load_project_settings(fs, c));
  driver::compile(fs, {}, c);
  ASSERT_FALSE(c.diags.has_errors());
  ASSERT_FALSE(c.alertmanager_configs.empty());
  ASSERT_TRUE(c.alertmanager_configs.front().route);
  routing::RoutingTree tree = routing::RoutingTree::build(*c.alertmanager_configs.front().route);
  size_t alerts = 0;
  for (const model::RuleSet& set : c.rule_sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& rule : g.rules) {
        if (rule.kind != model::RuleKind::Alerting) continue;
        ++alerts;
        routing::LabelSet labels = {{"alertname", rule.name.value}};
        for (const model::LabelPair& p : g.labels) labels[p.name.value] = p.value.value;
        for (const model::LabelPair& p : rule.labels) labels[p.name.value] = p.value.value;
        std::vector<std::string> receivers = routing::receivers_of(tree.match(labels));
        // The dead man's switch goes to the external heartbeat receiver and nowhere else.
        if (rule.name.value == "Watchdog") {
          EXPECT_EQ(receivers, std::vector<std::string>{"heartbeat"});
          continue;
        }
        size_t teams = std::count_if(receivers.begin(), receivers.end(),
                                     [](const std::string& r) { return r.starts_with("team-"); });
        // An alert whose component comes from its query (label_replace) reaches its team
        // through the value the query gives it; only static components are checked here.
        if (labels.count("component")) {
          EXPECT_EQ(teams, 1u) << rule.name.value;
        }
        auto has = [&](std::string_view r) {
          return std::find(receivers.begin(), receivers.end(), r) != receivers.end();
        };
        std::string severity = labels["severity"];
        EXPECT_EQ(has("oncall-pager"), severity == "critical") << rule.name.value;
        EXPECT_EQ(has("oncall-slack"), severity != "notice") << rule.name.value;
      }
    }
  }
  EXPECT_GT(alerts, 80u);
}

}  // namespace
}  // namespace mzr

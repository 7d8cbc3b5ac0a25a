// Every diagnostic code in the registry is produced by some input of the test suite: this test
// runs `mzrules check` on every golden input and runs the probes below, collects the codes the
// runs actually report (`error[E0101]`, `warning[W0313]`, ...) and compares them with the
// registry. A code that is only named somewhere (a comment, an expected string) does not count.
// Codes that no input can produce are listed in kUntested, each with the reason.

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "compiler/base/diagnostics.h"
#include "tests/golden/golden_cases.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(DiagnosticRegistry, CodesAreUniqueAndWellFormed) {
  std::set<std::string_view> codes;
  for (const DiagInfo& d : all_diags()) {
    EXPECT_TRUE(codes.insert(d.code).second) << "duplicate code " << d.code;
    ASSERT_EQ(d.code.size(), 5u) << d.code;
    char letter = d.code[0];
    Severity expected = letter == 'E'   ? Severity::Error
                        : letter == 'W' ? Severity::Warning
                                        : Severity::Info;
    EXPECT_EQ(d.severity, expected) << d.code << ": the letter names the default severity";
    EXPECT_FALSE(d.explanation.empty()) << d.code;
  }
}

// Codes no test input produces, and why.
const std::map<std::string, std::string>& untested() {
  static const std::map<std::string, std::string> m = {
      {"E0618",
       "an empty alertmanager.yml is an empty file (W0006) to the CLI before the Alertmanager "
       "loader sees it; the loader's own check is tested through its API "
       "(routing/config_errors_test.cpp)"},
      {"W0601",
       "the CLI loads Alertmanager configurations with secrets by reference, where a literal "
       "secret is E0619; the warning is the loader API's default mode "
       "(routing/config_corpus_test.cpp)"},
      {"E0812", "retired: duplicate panel ids are the warning W1308 now (Grafana renumbers them)"},
      {"E1309",
       "a failed route test is a diagnostic in the machine formats only, where this test does not "
       "look for codes; tested in driver/gate_test.cpp"},
      {"E0809",
       "needs a stack that declares its datasources, which no golden area has; tested through "
       "the check API (dashboards/checks_test.cpp)"},
      {"E0011",
       "needs a symbolic link that leads outside the repository, which the in-memory file system "
       "of the probes cannot hold; tested on a real disk (load/read_confinement_test.cpp)"},
      {"E0012",
       "needs a fifo, a device or a file of /proc; tested on a real disk "
       "(load/read_confinement_test.cpp)"},
      {"E0021",
       "a second line of defence in the emitters: every loader refuses the names first; tested "
       "through the emitter API (emit/output_names_test.cpp)"},
      {"E0023",
       "a second line of defence in the Loki emitter: the DSL refuses bad tenants first (E0709); "
       "tested through the emitter API (emit/output_names_test.cpp)"},
      {"W0666", "retired: rule unit-test files are run now (E1400-E1408)"},
      {"I0840",
       "needs a v2 dashboard whose source asks to be deployed as classic; tested through the "
       "build (dashboards/to_v2_test.cpp)"},
  };
  return m;
}

// One run of the CLI on an in-memory repository.
struct Probe {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> args;
};

constexpr const char* kRouteAm = R"(route:
  receiver: default
  routes:
    - matchers: [team="db"]
      receiver: db-chat
      routes:
        - matchers: [severity="critical"]
          receiver: db-pager
    - matchers: [team="db", env="prod"]
      receiver: db-prod
    - matchers: [namespace=~"prod-.*"]
      receiver: prod-chat
    - matchers: [team="web"]
      receiver: web
receivers: [{name: default}, {name: db-chat}, {name: db-pager}, {name: db-prod},
            {name: prod-chat}, {name: web}, {name: spare}]
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [namespace, cluster]
  - source_matchers: [alertname="Nope"]
    target_matchers: [severity="none"]
)";

constexpr const char* kRouteRules = R"(metrics m {
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
  alert Orphan {
    expr    sum(db_up) == 0
    labels  { team = "nobody" }
  }
}
)";

std::vector<Probe> probes() {
  auto logql = [](std::string q) {
    return Probe{{}, {"expr", "--color=never", "--lang=logql", std::move(q)}};
  };
  auto am = [](std::string config) {
    return Probe{{{"alertmanager.yml", std::move(config)}},
                 {"check", "--color=never", "alertmanager.yml"}};
  };
  return {
      // Files and settings.
      {{}, {"check", "--color=never", "nope.yaml"}},
      {{{"docs/readme.md", "# nothing\n"}}, {"check", "--color=never", "docs"}},
      {{{"big.yaml", std::string((64u << 20) + 1, '#')}}, {"check", "--color=never", "big.yaml"}},
      {{{"mzrules.yaml", "names: ascii\ndiagnostics:\n  W9999: off\n"}, {"r.yaml", "groups: []\n"}},
       {"check", "--color=never", "r.yaml"}},
      {{{"mzrules.yaml", "sources: [rules, '../outside']\n"},
        {"rules/r.yaml", "groups: []\n"},
        {"../outside/r.yaml", "groups: []\n"}},
       {"check", "--color=never"}},
      // Output names.
      {{{"mzrules.yaml", "sources: [dashboards]\n"},
        {"dashboards/a.json", R"({"uid": "Node-Overview", "title": "A", "panels": []})"},
        {"dashboards/b.json", R"({"uid": "node_overview", "title": "B", "panels": []})"}},
       {"build", "--color=never"}},
      {{{"mzrules.yaml", "sources: [rules]\n"},
        {"rules/p.yaml",
         "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n"
         "  name: x/../escaped\nspec:\n  groups:\n    - name: g\n      rules:\n"
         "        - record: job:up:sum\n          expr: sum by (job) (up)\n"}},
       {"build", "--color=never"}},
      // PromQL.
      {{}, {"expr", "--color=never", "up{a=\"\xff\"}"}},
      {{}, {"expr", "--color=never", "--features=", "limitk(1, up)"}},
      // LogQL.
      logql("{a=\"b\"} | logfmt | c > 0x10"),
      logql("{a=\"\xff\"}"),
      logql(std::string(3000, '(') + "count_over_time({a=\"b\"}[1m])" + std::string(3000, ')')),
      logql(""),
      logql("{a=\"\"}"),
      logql("{a=~\"(x\"}"),
      logql("absent_over_time({foo=\"bar\"}[5h]) by (foo)"),
      logql("topk(count_over_time({a=\"b\"}[5m]))"),
      logql("count_over_time({a=\"b\"}[5m]) or 1"),
      logql("{a=\"b\"} | regexp \"(\""),
      logql("{a=\"b\"} | logfmt --lenient"),
      // Alertmanager configurations.
      am(""),
      am("receivers:\n- name: a\n"),
      am("route:\n  receiver: a\n  group_by: ['', 'ok']\n  routes:\n"
         "  - matchers: ['x=\"\\d+\"']\n    match_re: {y: \"[a\"}\n"
         "    mute_time_intervals: [business_hours]\n"
         "receivers:\n- name: a\n- name: ''\n"),
      am("global:\n  smtp_auth_password: p\n  smtp_auth_password_file: f\n"
         "route: {receiver: a}\nreceivers:\n- name: a\n  slack_configs:\n"
         "  - channel: c\n  - api_url: https://hooks.example.com/x\n    update_message: true\n"),
      {{{"mzrules.yaml", "sources: [alerts]\n"},
        {"alerts/am.yml",
         "templates: ['../../x/*.tmpl']\nroute: {receiver: a}\nreceivers:\n- name: a\n"
         "  webhook_configs:\n  - url_file: /etc/alertmanager/secrets/../config\n"}},
       {"check", "--color=never"}},
      {{{"mzrules.yaml",
         "sources: [alerts]\nsecrets: {inline: substituted}\nversions: {alertmanager: \"0.27\"}\n"},
        {"alerts/am.yml",
         "route: {receiver: a}\nreceivers:\n- name: a\n  msteamsv2_configs: [{webhook_url: "
         "'${TEAMS_URL}'}]\n  webhook_configs: [{url: '${HOOK_URL}'}]\n"}},
       {"check", "--color=never"}},
      // Routing analysis.
      {{{"mzrules.yaml",
         "sources: [alerts]\n"
         "diagnostics: {I0671: warning, I0674: warning, I0675: warning}\n"},
        {"alerts/am.yml", kRouteAm},
        {"alerts/db.mzr", kRouteRules}},
       {"check", "--color=never"}},
      // Route tests.
      {{{"mzrules.yaml", "sources: [alerts]\n"},
        {"alerts/am.yml", kRouteAm},
        {"alerts/bad.mzr", "test alert { a = \"b\" } -> [x]\n"}},
       {"check", "--color=never"}},
      {{{"mzrules.yaml", "sources: [alerts]\n"},
        {"alerts/am.yml", kRouteAm},
        {"alerts/db.mzr", kRouteRules},
        {"alerts/db2.mzr",
         "alerts db2 {\n  alert DbDown {\n    expr up == 0\n"
         "    labels { severity = \"warning\", team = \"{{ $labels.job }}\" }\n"
         "  }\n}\n"},
        {"alerts/routes.yaml",
         "route_tests:\n"
         "  - alert: DbDwn\n    receivers: [db-chat]\n"
         "  - alert: DbDown\n    receivers: [db-pager]\n"
         "  - alert: DbDown\n    labels: {severity: warning}\n"
         "    receivers: [default]\n"
         "  - labels: {team: db}\n    at: tomorrow\n"
         "    receivers: [db-chatt]\n"
         "  - labels: {team: db}\n"},
        {"unit/rules_test.yml", "rule_files: [x.yml]\ntests: []\n"}},
       {"test", "--color=never", "alerts", "unit/rules_test.yml"}},
      // An inhibit rule no pair of alerts satisfies; a notification template reading a label
      // no routed alert carries.
      {{{"mzrules.yaml", "sources: [alerts]\n"},
        {"alerts/am.yml",
         "route: {receiver: a}\nreceivers:\n- name: a\n  slack_configs:\n"
         "  - api_url_file: /etc/alertmanager/secrets/h/url\n"
         "    title: '{{ .CommonLabels.nope }}'\n"
         "inhibit_rules:\n- source_matchers: [severity=critical]\n"
         "  target_matchers: [severity=warning]\n  equal: [alertname]\n"},
        {"alerts/db.mzr",
         "alerts db {\n  alert Hot {\n    expr vector(1)\n    labels { severity = \"critical\" }\n"
         "  }\n  alert Warm {\n    expr vector(1)\n    labels { severity = \"warning\" }\n  "
         "}\n}\n"}},
       {"check", "--color=never"}},
      // A matcher on a label with fixed values that matches none of them.
      {{{"mzrules.yaml", "sources: [rules]\ncatalogs: {label_values: {m: {job: [a, b]}}}\n"},
        {"rules/m.mzr", "metrics m {\n  target_labels { job }\n  gauge up\n}\n"},
        {"rules/r.yaml",
         "groups:\n- name: g\n  rules:\n  - record: x:y:z\n"
         "    expr: sum(up{job=\"c\"})\n"}},
       {"check", "--color=never"}},
      // Rule unit tests.
      {{{"mzrules.yaml", "sources: [unit]\n"},
        {"unit/rules.yml",
         "groups:\n- name: g\n  rules:\n  - record: j\n    expr: a + on(k) b\n"
         "  - alert: A\n    expr: up == 0\n"},
        {"unit/bad.yml", "groups:\n- name: b\n  rules:\n  - record: x\n    expr: up +\n"},
        {"unit/t1.yml",
         "rule_files: [rules.yml]\ntests:\n"
         "- input_series: [{series: 'up{a=\"1\"', values: '1'}]\n"
         "- alert_rule_test: [{eval_time: 1m}]\n"
         "- alert_rule_test: [{eval_time: 1m, alertname: B}]\n"
         "  promql_expr_test: [{expr: up, eval_time: 0m, exp_samples: [{labels: 'up{'}]}]\n"
         "- input_series: [{series: 'up', values: '0x5'}]\n"
         "  alert_rule_test: [{eval_time: 1m, alertname: A}]\n"
         "- input_series: [{series: 'a{k=\"1\"}', values: '1'}, {series: 'b{k=\"1\",x=\"1\"}',"
         " values: '1'}, {series: 'b{k=\"1\",x=\"2\"}', values: '1'}]\n"
         "  promql_expr_test: [{expr: j, eval_time: 0m}]\n"},
        {"unit/t2.yml", "rule_files: [none*.yml, bad.yml]\ngroup_eval_order: [g, g]\ntests: []\n"}},
       {"test", "--color=never"}},
      {{{"mzrules.yaml", "sources: [alerts]\n"},
        {"alerts/db.mzr", kRouteRules},
        {"alerts/routes.mzr", "test route alert DbDown -> [db-chat]\n"}},
       {"test", "--color=never"}},
      // Rule unit tests in the DSL, the 'tests' setting and coverage minimums.
      {{{"mzrules.yaml", "sources: [alerts]\n"},
        {"alerts/db.mzr", kRouteRules},
        {"alerts/t.mzr",
         "test rules \"a\" {\n  series db_up{x=\"1\"} 0x3\n  at 30m silent DbDown\n"
         "  at 1m fires DbDwn\n  at 2m fires DbDown { severity = \"info\" }\n}\n"
         "test rules \"a\" {\n  series db_up 1\n}\n"}},
       {"check", "--color=never"}},
      {{{"mzrules.yaml", "sources: [alerts]\ncoverage: {routes: 101}\n"},
        {"alerts/db.mzr", kRouteRules}},
       {"test", "--color=never"}},
      {{{"mzrules.yaml", "sources: [alerts]\ntests: [none/*.yml]\ncoverage: {alerts_fire: 100}\n"},
        {"alerts/db.mzr", kRouteRules}},
       {"test", "--color=never"}},
      // PromQL evaluation (mzrules query).
      {{{"s.txt", "load 1m\n  a{x=\"1\"} 1 2 3\n  a{x=\"2\"} 1 2 3\n"}},
       {"query", "--color=never", "--series", "s.txt", "--time", "2m",
        "rate(a[5m]) or quantile(2, a)"}},
      {{{"s.txt", "load 1m\n  c{ 1\n"}}, {"query", "--color=never", "--series", "s.txt", "c"}},
      {{{"s.txt", "load 1m\n  a{x=\"1\"} 1 2 3\n  a{x=\"2\"} 1 2 3\n  b 1\n"}},
       {"query", "--color=never", "--series", "s.txt", "--time", "1m", "b + on() a"}},
      {{{"s.txt", "load 1m\n  a{x=\"1\"} 1 2 3\n  a{x=\"2\"} 1 2 3\n"}},
       {"query", "--color=never", "--series", "s.txt", "--max-samples", "1", "a[5m]"}},
      {{{"s.txt", "load 1m\n  a 1 2 3\n"}},
       {"query", "--color=never", "--series", "s.txt", "--timeout", "1ms",
        "max_over_time(sum_over_time(a[1d:1s])[1d:1s])"}},
      {{}, {"query", "--color=never", "--time", "yesterday", "1"}},
      // Go templates: Alertmanager template files, and `template render`.
      {{{"alertmanager.yml", std::string(kRouteAm) + "templates: ['t/*.tmpl']\n"},
        {"t/a.tmpl",
         "{{ define \"x\" }}a{{ end }}{{ define \"y\" }}{{ template \"nope\" . }}{{ end }}"},
        {"t/b.tmpl", "{{ define \"x\" }}b{{ end }}"}},
       {"check", "--color=never", "alertmanager.yml"}},
      {{}, {"template", "render", "--color=never", "--text", "{{ if }}"}},
      {{}, {"template", "render", "--color=never", "--text", "{{ nope }}"}},
      {{}, {"template", "render", "--color=never", "--text", "{{ index 1 2 }}"}},
      {{}, {"template", "render", "--color=never", "--text", "{{ len }}"}},
      {{},
       {"template", "render", "--color=never", "--text",
        "{{ define \"a\" }}{{ template \"a\" }}{{ end }}{{ template \"a\" }}"}},
      // The gate: nothing to check, duplicates across files, limits, baselines, suppressions.
      {{}, {"check", "--color=never"}},
      {{{"mzrules.yaml", "sources: [rules]\n"},
        {"rules/a.yaml",
         "groups:\n- name: a\n  rules:\n  - record: job:up:sum\n"
         "    expr: sum by (job) (up)\n"},
        {"rules/b.yaml",
         "groups:\n- name: b\n  rules:\n  - record: job:up:sum\n"
         "    expr: sum by (job) (up)\n"}},
       {"check", "--color=never", "--max-warnings=0", "--baseline=nope.json"}},
      {{{"mzrules.yaml", "sources: [rules]\n"},
        {"rules/a.yaml",
         "# mzrules-ignore W0313\ngroups:\n- name: a # mzrules-ignore W0816: x\n"
         "  rules: []\n"}},
       {"check", "--color=never", "--changed-from=HEAD"}},
      // Formatting.
      {{{"a.mzr", "alerts g # header comment\n  every 1m {\n  alert A { expr up == 0 }\n}\n"}},
       {"fmt", "--color=never", "a.mzr"}},
      // Chart values: a setting the pinned chart cannot express, a namespace Kubernetes rejects.
      {{{"s.mzr",
         "stack {\n  rules_namespace \"Ops_NS\"\n"
         "  chart { thanos { retention { raw 30d, \"10m\" 60d } } }\n}\n"}},
       {"check", "--color=never", "s.mzr"}},
      // Runbooks of the repository: a missing file and a missing anchor.
      {{{"mzrules.yaml", "sources: [alerts]\nrules:\n  runbook_base: \"https://x/blob/main/\"\n"},
        {"docs/r.md", "# Other\n"},
        {"alerts/a.yaml",
         "groups:\n- name: a\n  rules:\n  - alert: A\n    expr: up == 0\n"
         "    annotations: {runbook_url: \"https://x/blob/main/docs/r.md#a\"}\n"
         "  - alert: B\n    expr: up == 0\n"
         "    annotations: {runbook_url: \"https://x/blob/main/docs/none.md#b\"}\n"}},
       {"check", "--color=never"}},
      // ThanosRuler: a query offset the ruler's Thanos version drops, and one whose version is
      // not given (emitted, so only a check of the whole project reports them).
      {{{"mzrules.yaml", "sources: [alerts]\ncatalogs:\n  stdlib: false\n"},
        {"alerts/a.mzr",
         "metrics m {\n  target_labels { job }\n  gauge up {}\n}\n"
         "rules g every 1m offset 30s {\n  record job:up:sum = sum by (job) (up)\n}\n"
         "rules h every 1m offset 30s {\n  record job:up:max = max by (job) (up)\n}\n"},
        {"alerts/stack.mzr",
         "stack {\n  chart { thanos { ruler {\n    deployed_by operator\n"
         "    query_endpoints [\"q:10901\"]\n    alertmanager_url \"http://am:9093\"\n"
         "    version \"v0.30.0\"\n  } } }\n}\n"}},
       {"check", "--color=never"}},
      {{{"mzrules.yaml", "sources: [alerts]\ncatalogs:\n  stdlib: false\n"},
        {"alerts/a.mzr",
         "metrics m {\n  target_labels { job }\n  gauge up {}\n}\n"
         "rules g every 1m offset 30s {\n  record job:up:sum = sum by (job) (up)\n}\n"},
        {"alerts/stack.mzr",
         "stack {\n  chart { thanos { ruler {\n    deployed_by operator\n"
         "    query_endpoints [\"q:10901\"]\n    alertmanager_url \"http://am:9093\"\n"
         "  } } }\n}\n"}},
       {"check", "--color=never"}},
  };
}

// The codes a run reported, from its human output: `error[E0101]`, `warning[W0313]`, ...
void collect(const std::string& output, std::set<std::string>& codes) {
  static const std::regex code(R"(\b(error|warning|info|note)\[([EWI][0-9]{4})\])");
  for (auto it = std::sregex_iterator(output.begin(), output.end(), code);
       it != std::sregex_iterator(); ++it) {
    codes.insert((*it)[2]);
  }
}

TEST(DiagnosticRegistry, EveryCodeIsProduced) {
  std::set<std::string> produced;
  for (const testing::GoldenCase& c : testing::golden_cases()) {
    if (c.format != "human") continue;
    RealFileSystem files(testing::source_dir() + "/tests/testdata/" + c.area);
    auto r = testing::run_cli(files, {"check", "--format=human", "--color=never", c.input});
    collect(r.out + r.err, produced);
  }
  ASSERT_GE(produced.size(), 100u) << "the golden inputs produce almost nothing: a broken walk?";
  for (const Probe& p : probes()) {
    MemoryFileSystem fs;
    for (const auto& [path, text] : p.files) fs.add(path, text);
    auto r = testing::run_cli(fs, p.args);
    collect(r.out + r.err, produced);
  }
  std::set<std::string> registry;
  for (const DiagInfo& d : all_diags()) {
    std::string code(d.code);
    registry.insert(code);
    auto reason = untested().find(code);
    if (reason != untested().end()) {
      EXPECT_FALSE(produced.count(code))
          << code << " is produced now; remove it from the list of untested codes";
      continue;
    }
    EXPECT_TRUE(produced.count(code))
        << code << " (" << d.name << ") is produced by no golden input and no probe";
  }
  for (const auto& [code, reason] : untested()) {
    EXPECT_TRUE(registry.count(code)) << code << " is listed as untested but is not registered";
  }
}

}  // namespace
}  // namespace mzr

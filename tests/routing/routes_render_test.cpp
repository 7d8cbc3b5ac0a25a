// `mzrules routes test --render` (what each receiver would send) and the check of notification
// templates against the alerts routed to them (W1107).

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kAm = R"(templates: ['templates/*.tmpl']
route:
  receiver: chat
  group_by: [alertname, namespace]
  routes:
    - matchers: [severity="critical"]
      receiver: pager
      continue: true
    - matchers: [severity="critical"]
      receiver: hook
receivers:
  - name: chat
    slack_configs:
      - api_url_file: /etc/alertmanager/secrets/slack/url
        channel: '#db'
        title: '{{ template "t.title" . }}'
        text: '{{ .CommonAnnotations.summary }} / {{ .CommonLabels.nope }}'
  - name: pager
    pagerduty_configs:
      - routing_key_file: /etc/alertmanager/secrets/pd/key
        details:
          where: '{{ range .Alerts }}{{ .Labels.namespace }} {{ .Annotations.missing }}{{ end }}'
  - name: hook
    webhook_configs:
      - url_file: /etc/alertmanager/secrets/hook/url
)";

constexpr const char* kTemplates =
    R"({{ define "t.title" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }})";

constexpr const char* kRules = R"(metrics m {
  target_labels { namespace, pod }
  gauge db_up {}
}

alerts db every 1m {
  alert DbDown {
    expr    db_up == 0
    labels  { severity = "critical" }
    summary "db in {{ $labels.namespace }} is down"
  }
  alert DbSlow {
    expr    db_up < 0.5
    labels  { severity = "warning" }
    summary "db in {{ $labels.namespace }} is slow"
  }
}
)";

void repository(MemoryFileSystem& fs) {
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/am.yml", kAm);
  fs.add("alerts/templates/t.tmpl", kTemplates);
  fs.add("alerts/db.mzr", kRules);
}

TEST(RoutesRender, RendersWhatEachReceiverSends) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = testing::run_cli(fs, {"routes", "test", "--render", "--at=2026-01-01T00:00:00Z",
                                 "alertname=DbDown", "namespace=prod", "severity=critical"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "pager,hook\n"
            "\n"
            "pager (route {}/{severity=\"critical\"}, group {alertname=\"DbDown\", "
            "namespace=\"prod\"})\n"
            "  pagerduty_configs[0]\n"
            "    description: (Alertmanager's built-in template "
            "\"pagerduty.default.description\")\n"
            "    client: (Alertmanager's built-in template \"pagerduty.default.client\")\n"
            "    details.where: prod \n"
            "hook (route {}/{severity=\"critical\"}, group {alertname=\"DbDown\", "
            "namespace=\"prod\"})\n"
            "  webhook_configs[0]\n"
            "    payload: {\"receiver\":\"hook\",\"status\":\"firing\",\"alerts\":[{\"status\":"
            "\"firing\",\"labels\":{\"alertname\":\"DbDown\",\"namespace\":\"prod\",\"severity\":"
            "\"critical\"},\"annotations\":{\"summary\":\"db in prod is down\"},\"startsAt\":"
            "\"2026-01-01T00:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"\","
            "\"fingerprint\":\"69d58e5a86c6b0a2\"}],\"groupLabels\":{\"alertname\":\"DbDown\","
            "\"namespace\":\"prod\"},\"commonLabels\":{\"alertname\":\"DbDown\",\"namespace\":"
            "\"prod\",\"severity\":\"critical\"},\"commonAnnotations\":{\"summary\":\"db in prod "
            "is down\"},\"externalURL\":\"http://localhost:9093\",\"version\":\"4\",\"groupKey\":"
            "\"{}/{severity=\\\"critical\\\"}:{alertname=\\\"DbDown\\\", namespace=\\\"prod\\\"}\","
            "\"truncatedAlerts\":0}\n");
}

TEST(RoutesRender, SlackFieldsAndBuiltInDefaults) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = testing::run_cli(fs, {"routes", "test", "--render", "--at=2026-01-01T00:00:00Z",
                                 "alertname=DbSlow", "namespace=prod", "severity=warning"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "chat\n"
            "\n"
            "chat (route {}, group {alertname=\"DbSlow\", namespace=\"prod\"})\n"
            "  slack_configs[0]\n"
            "    title: [FIRING] DbSlow\n"
            "    pretext: (Alertmanager's built-in template \"slack.default.pretext\")\n"
            "    text: db in prod is slow / \n"
            "    fallback: (Alertmanager's built-in template \"slack.default.fallback\")\n"
            "    footer: (Alertmanager's built-in template \"slack.default.footer\")\n");
}

TEST(RoutesRender, WebhookPayloadAndEveryAlert) {
  MemoryFileSystem fs;
  repository(fs);
  std::string am = kAm;
  am.replace(am.find("      continue: true\n"), 21, "");  // the hook route is reached no more
  am.replace(am.find("receiver: pager\n"), 16, "receiver: hook\n");
  fs.add("alerts/am.yml", am);
  auto r = testing::run_cli(fs, {"routes", "test", "--render", "--at=2026-01-01T00:00:00Z"});
  ASSERT_EQ(r.code, 0) << r.err;
  // Without labels: the repository's alert, its series' labels as placeholders.
  EXPECT_NE(r.out.find("== DbDown {alertname=\"DbDown\",namespace=\"<namespace>\",pod=\"<pod>\","
                       "severity=\"critical\"}\nhook\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("    payload: {\"receiver\":\"hook\",\"status\":\"firing\",\"alerts\":[{"
                       "\"status\":\"firing\",\"labels\":{\"alertname\":\"DbDown\","),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"annotations\":{\"summary\":\"db in <namespace> is down\"},"
                       "\"startsAt\":\"2026-01-01T00:00:00Z\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"groupKey\":\"{}/{severity=\\\"critical\\\"}:{alertname=\\\"DbDown\\\", "
                       "namespace=\\\"<namespace>\\\"}\",\"truncatedAlerts\":0}"),
            std::string::npos)
      << r.out;
}

TEST(RoutesRender, TemplatesReadingWhatNoRoutedAlertCarries) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  // `.CommonLabels.nope` in the chat text, `.Annotations.missing` in the pager details; the
  // namespace label, the summary annotation and the alert name are carried.
  EXPECT_NE(r.err.find("alerts/am.yml:17:54: warning[W1107]: label 'nope' is always empty here: "
                       "none of the 1 alert(s) routed to the receivers using this template "
                       "carries it"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/am.yml:22:65: warning[W1107]: annotation 'missing'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("'namespace' is always empty"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("'summary' is always empty"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("'alertname' is always empty"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mzr

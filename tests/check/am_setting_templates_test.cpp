// Templates in Alertmanager integration settings are parsed as Alertmanager parses them when it
// sends: syntax errors (E1100), unknown functions (E1101) and templates no file defines (E1102)
// are reported at their place in alertmanager.yml.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(AmSettingTemplates, MistakesInReceiverFieldsAreFoundWhereTheyAre) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/am.yml",
         "templates: ['t/*.tmpl']\n"
         "route:\n  receiver: chat\n"
         "receivers:\n"
         "  - name: chat\n"
         "    slack_configs:\n"
         "      - api_url_file: /etc/alertmanager/secrets/slack/url\n"
         "        channel: '#db'\n"
         "        title: '{{ .CommonLabels.alertname '\n"
         "        text: '{{ nosuchfunc .CommonLabels }}'\n"
         "        pretext: '{{ template \"mz.missing\" . }} {{ template \"mz.title\" . }}'\n"
         "        footer: '{{ template \"slack.default.footer\" . }}'\n");
  fs.add("alerts/t/mz.tmpl", "{{ define \"mz.title\" }}{{ .Status }}{{ end }}\n");
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("alerts/am.yml:9:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error[E1100]: the template in 'title' of receiver 'chat' does not parse"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/am.yml:10:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error[E1101]: the template in 'text' of receiver 'chat' does not parse"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/am.yml:11:22: error[E1102]: no template file defines "
                       "'mz.missing'"),
            std::string::npos)
      << r.err;
  // Defined in a file, or one of Alertmanager's defaults: fine.
  EXPECT_EQ(r.err.find("'mz.title'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("slack.default.footer"), std::string::npos) << r.err;
}

TEST(AmSettingTemplates, WellFormedFieldsWithoutTemplateFilesAreQuiet) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/am.yml",
         "route:\n  receiver: chat\n"
         "receivers:\n"
         "  - name: chat\n"
         "    slack_configs:\n"
         "      - api_url_file: /etc/alertmanager/secrets/slack/url\n"
         "        channel: '#db'\n"
         "        title: '{{ .CommonLabels.alertname | toUpper }}'\n");
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace mzr

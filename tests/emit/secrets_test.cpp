// No secret reaches the output or a diagnostic: every form a credential can be written in, in
// alertmanager.yml and in the DSL, stops the build with an error at the value, nothing is
// written, and no output format ever repeats the value.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "compiler/base/render.h"
#include "tests/routing/am_test_util.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

// Every secret below contains this marker, and nothing else does.
constexpr std::string_view kMarker = "S3CRET";

struct Form {
  const char* name;
  const char* yaml;  // the receiver's integration line of alertmanager.yml; empty: no YAML form
  const char* mzr;   // the .mzr source
  const char* at;    // where the error points: the first occurrence of this text
};

const std::string kYamlHead = "route: {receiver: x}\nreceivers:\n- name: x\n";
const std::string kMzrHead = "route { receiver x }\n";

const Form kForms[] = {
    {"webhook url", "  webhook_configs: [{url: 'https://hooks.example.org/S3CRET'}]\n",
     "receiver x { webhook { url \"https://hooks.example.org/S3CRET\" } }\n", "https://hooks"},
    {"sigv4 secret_key",
     "  sns_configs: [{topic_arn: 'arn:aws:sns:us-east-1:1:t', sigv4: {region: us-east-1, "
     "secret_key: S3CRET}}]\n",
     "receiver x { sns { topic_arn \"arn:aws:sns:us-east-1:1:t\"\n"
     "  sigv4 { region \"us-east-1\"  secret_key \"S3CRET\" } } }\n",
     "S3CRET"},
    {"sigv4 access_key",
     "  sns_configs: [{topic_arn: 'arn:aws:sns:us-east-1:1:t', sigv4: {region: us-east-1, "
     "access_key: AKIAS3CRET}}]\n",
     "receiver x { sns { topic_arn \"arn:aws:sns:us-east-1:1:t\"\n"
     "  sigv4 { region \"us-east-1\"  access_key \"AKIAS3CRET\" } } }\n",
     "AKIAS3CRET"},
    {"http_headers values",
     "  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url, http_config: "
     "{http_headers: {Authorization: {values: ['Bearer S3CRET']}}}}]\n",
     "receiver x { webhook { url_file \"/etc/alertmanager/secrets/hook/url\"\n"
     "  http_config { http_headers { Authorization { values \"Bearer S3CRET\" } } } } }\n",
     "Bearer S3CRET"},
    {"http_headers secrets",
     "  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url, http_config: "
     "{http_headers: {X-Custom: {secrets: [S3CRET]}}}}]\n",
     "receiver x { webhook { url_file \"/etc/alertmanager/secrets/hook/url\"\n"
     "  http_config { http_headers { \"X-Custom\" { secrets [\"S3CRET\"] } } } } }\n",
     "S3CRET"},
    {"inline tls key",
     "  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url, http_config: "
     "{tls_config: {cert_file: /etc/alertmanager/secrets/tls/crt, key: 'S3CRET-KEY'}}}]\n",
     "receiver x { webhook { url_file \"/etc/alertmanager/secrets/hook/url\"\n"
     "  http_config { tls_config { cert_file \"/etc/alertmanager/secrets/tls/crt\"  key "
     "\"S3CRET-KEY\" } } } }\n",
     "S3CRET-KEY"},
    {"oauth2 endpoint_params",
     "  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url, http_config: {oauth2: "
     "{client_id: c, client_secret_file: /etc/alertmanager/secrets/oauth/secret, token_url: "
     "'https://t.example.org/', endpoint_params: {client_assertion: S3CRET}}}}]\n",
     "receiver x { webhook { url_file \"/etc/alertmanager/secrets/hook/url\"\n"
     "  http_config { oauth2 { client_id \"c\"  client_secret_file "
     "\"/etc/alertmanager/secrets/oauth/secret\"\n"
     "    token_url \"https://t.example.org/\"  endpoint_params { client_assertion = \"S3CRET\" } "
     "} } } }\n",
     "S3CRET"},
    {"proxy_url credentials",
     "  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url, http_config: "
     "{proxy_url: 'http://u:S3CRET@proxy.example.org:3128'}}]\n",
     "receiver x { webhook { url_file \"/etc/alertmanager/secrets/hook/url\"\n"
     "  http_config { proxy_url \"http://u:S3CRET@proxy.example.org:3128\" } } }\n",
     "http://u:"},
    {"jira api_url credentials",
     "  jira_configs: [{api_url: 'https://u:S3CRET@jira.example.org/', project: P, issue_type: "
     "Bug}]\n",
     "receiver x { jira { api_url \"https://u:S3CRET@jira.example.org/\"  project \"P\"  "
     "issue_type \"Bug\" } }\n",
     "https://u:"},
    {"opsgenie api_url credentials",
     "  opsgenie_configs: [{api_key_file: /etc/alertmanager/secrets/og/key, api_url: "
     "'https://u:S3CRET@api.opsgenie.com/'}]\n",
     "receiver x { opsgenie { api_key_file \"/etc/alertmanager/secrets/og/key\"\n"
     "  api_url \"https://u:S3CRET@api.opsgenie.com/\" } }\n",
     "https://u:"},
    {"credentials in any url",
     "  pagerduty_configs: [{routing_key_file: /etc/alertmanager/secrets/pd/key, client_url: "
     "'https://u:S3CRET@grafana.example.org/'}]\n",
     "receiver x { pagerduty { routing_key_file \"/etc/alertmanager/secrets/pd/key\"\n"
     "  client_url \"https://u:S3CRET@grafana.example.org/\" } }\n",
     "https://u:"},
    {"email headers",
     "  email_configs: [{to: a@example.org, from: b@example.org, smarthost: "
     "'smtp.example.org:587', headers: {X-API-Key: S3CRET}}]\n",
     "receiver x { email { to \"a@example.org\"  from \"b@example.org\"\n"
     "  smarthost \"smtp.example.org:587\"  headers { \"X-API-Key\" = \"S3CRET\" } } }\n",
     "S3CRET"},
    {"grafana datasource url", "",
     "stack { grafana { datasource { uid thanos  type prometheus\n"
     "  url \"https://u:S3CRET@thanos.example.org\" } } }\n",
     "https://u:"},
    {"loki remote_write_url", "",
     "stack { loki {\n"
     "  remote_write_url \"https://u:S3CRET@receive.example.org/api/v1/receive\" } }\n",
     "https://u:"},
};

// "path:line:col" of the first occurrence of `at` in `text`, counting columns in bytes.
std::string position(const std::string& path, const std::string& text, const std::string& at) {
  size_t offset = text.find(at);
  if (offset == std::string::npos) return "(not found: " + at + ")";
  if (offset > 0 && (text[offset - 1] == '"' || text[offset - 1] == '\'')) --offset;
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

struct Repository {
  MemoryFileSystem fs;
  std::string path;
  std::string text;
};

Repository repository(const Form& form, bool yaml) {
  Repository r;
  r.fs.add("mzrules.yaml", "sources: [am]\n");
  if (yaml) {
    r.path = "am/alertmanager.yml";
    r.text = kYamlHead + form.yaml;
  } else {
    r.path = "am/routing.mzr";
    r.text = kMzrHead + form.mzr;
  }
  r.fs.add(r.path, r.text);
  return r;
}

TEST(Secrets, EveryFormStopsTheBuildAtTheValueAndIsNeverWritten) {
  for (const Form& form : kForms) {
    for (bool yaml : {true, false}) {
      if (yaml && std::string(form.yaml).empty()) continue;
      SCOPED_TRACE(std::string(form.name) + (yaml ? " (yaml)" : " (mzr)"));
      Repository repo = repository(form, yaml);
      auto r = run_cli(repo.fs, {"build", "--color=never"});
      EXPECT_EQ(r.code, 1) << r.err;
      std::string want = position(repo.path, repo.text, form.at) + ": error[E0619]";
      EXPECT_NE(r.err.find(want), std::string::npos) << "want " << want << " in\n" << r.err;
      for (const auto& [path, content] : repo.fs.files()) {
        if (path == repo.path) continue;
        EXPECT_EQ(content.find(kMarker), std::string::npos) << path << "\n" << content;
        EXPECT_FALSE(path.starts_with("out/")) << path;
      }
    }
  }
}

TEST(Secrets, NoDiagnosticFormatPrintsTheValue) {
  for (const Form& form : kForms) {
    for (bool yaml : {true, false}) {
      if (yaml && std::string(form.yaml).empty()) continue;
      SCOPED_TRACE(std::string(form.name) + (yaml ? " (yaml)" : " (mzr)"));
      for (const char* format : {"human", "json", "github", "sarif"}) {
        Repository repo = repository(form, yaml);
        auto r = run_cli(repo.fs, {"check", "--color=never", std::string("--format=") + format});
        EXPECT_EQ(r.code, 1) << format << "\n" << r.err;
        std::string all = r.out + r.err;
        EXPECT_NE(all.find("E0619"), std::string::npos) << format << "\n" << all;
        EXPECT_EQ(all.find(kMarker), std::string::npos) << format << "\n" << all;
      }
    }
  }
}

// The excerpt of a secret's own error shows '***' in its place, underlined.
TEST(Secrets, TheExcerptMasksTheValue) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [am]\n");
  fs.add("am/alertmanager.yml", kYamlHead + kForms[0].yaml);
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(r.err.find(" 4 |   webhook_configs: [{url: ***}]\n"
                       "   |                           ^~~\n"),
            std::string::npos)
      << r.err;
}

// Any diagnostic whose excerpt shows the line of a secret masks it, not only the secret's own.
TEST(Secrets, OtherDiagnosticsOnTheLineMaskTheValue) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [am]\n");
  fs.add("am/alertmanager.yml",
         kYamlHead + "  slack_configs: [{api_url: 'https://hooks.slack.com/S3CRET', bogus: 1}]\n");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(r.err.find("'bogus'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(kMarker), std::string::npos) << r.err;
}

// A configuration read from elsewhere keeps its literal secrets as warnings (Alertmanager
// accepts them), which never print the value either, in any format.
TEST(Secrets, WarningsOutsideTheRepositoryMaskTheValue) {
  testing::LoadedAm am;
  testing::load_am(am,
                   "global: {slack_api_url: 'https://hooks.slack.com/S3CRET'}\n"
                   "route: {receiver: x}\nreceivers:\n- name: x\n"
                   "  pagerduty_configs: [{routing_key: S3CRET-2, http_config: {basic_auth: "
                   "{username: u, password: S3CRET-3}}}]\n");
  EXPECT_FALSE(am.has_errors());
  EXPECT_EQ(am.lines().size(), 2u);
  for (DiagFormat format :
       {DiagFormat::Human, DiagFormat::Json, DiagFormat::Github, DiagFormat::Sarif}) {
    std::ostringstream out;
    render(format, am.sources, am.diags, out, RenderOptions{});
    EXPECT_NE(out.str().find("W0601"), std::string::npos) << out.str();
    EXPECT_EQ(out.str().find(kMarker), std::string::npos) << out.str();
  }
}

// Names that are not credentials stay allowed where names are free-form.
TEST(Secrets, HeadersWithoutCredentialsAreAllowed) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [am]\n");
  fs.add("am/alertmanager.yml",
         kYamlHead +
             "  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url, http_config: "
             "{http_headers: {X-Scope-OrgID: {values: [tenant-a]}}}}]\n"
             "  email_configs: [{to: a@example.org, from: b@example.org, smarthost: "
             "'smtp.example.org:587', headers: {Subject: 'alert', Keywords: k}}]\n");
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(fs.files().at("out/alertmanager/alertmanager.yml").find("tenant-a"), std::string::npos);
}

}  // namespace
}  // namespace mzr

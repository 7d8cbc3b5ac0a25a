// Alertmanager output: the files a build writes from the DSL (goldens), that reading them back
// gives the same bytes, that a DSL configuration and the alertmanager.yml it stands for give the
// same output, and that no secret reaches the output.

#include "compiler/emit/alertmanager.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/load/alertmanager_config.h"
#include "compiler/load/yaml.h"
#include "tests/golden_file.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;

const std::string kFixture = "/tests/testdata/am_emit/";

// Every file below `dir`, keyed by its path relative to it.
void add_tree(MemoryFileSystem& mem, const fs::path& dir, const std::string& prefix = "") {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), dir).string();
    mem.add(prefix + rel, testing::read_file(e.path().string()));
  }
}

void expect_golden(const std::string& actual, const std::string& name) {
  testing::expect_golden(testing::source_dir() + kFixture + "expected/" + name, actual);
}

MemoryFileSystem built_fixture() {
  MemoryFileSystem mem;
  add_tree(mem, testing::source_dir() + kFixture + "project");
  auto r = run_cli(mem, {"build"});
  EXPECT_EQ(r.code, 0) << r.err;
  return mem;
}

TEST(AlertmanagerEmit, MatchesGoldens) {
  MemoryFileSystem mem = built_fixture();
  std::vector<std::string> written;
  for (const auto& [path, content] : mem.files()) {
    if (!path.starts_with("out/alertmanager/") &&
        path != "out/helm/materialize-monitoring-values.yaml") {
      continue;
    }
    written.push_back(path);
    expect_golden(content, path.substr(4));
  }
  EXPECT_EQ(written, (std::vector<std::string>{"out/alertmanager/alertmanager.yml",
                                               "out/alertmanager/templates/common.tmpl",
                                               "out/alertmanager/templates/email.tmpl",
                                               "out/helm/materialize-monitoring-values.yaml"}));
}

TEST(AlertmanagerEmit, DeterministicBytes) {
  MemoryFileSystem a = built_fixture();
  MemoryFileSystem b = built_fixture();
  EXPECT_EQ(a.files().at("out/alertmanager/alertmanager.yml"),
            b.files().at("out/alertmanager/alertmanager.yml"));
  EXPECT_EQ(a.files().at("out/helm/materialize-monitoring-values.yaml"),
            b.files().at("out/helm/materialize-monitoring-values.yaml"));
}

// The emitted alertmanager.yml, used as the repository's source instead of the DSL, builds to
// the same file: the DSL and the YAML mean the same configuration, and the emitter is stable.
TEST(AlertmanagerEmit, YamlRoundTripGivesTheSameBytes) {
  MemoryFileSystem dsl = built_fixture();
  const std::string& first = dsl.files().at("out/alertmanager/alertmanager.yml");
  MemoryFileSystem yml;
  yml.add("mzrules.yaml", "sources: [am]\n");
  yml.add("am/alertmanager.yml", first);
  auto r = run_cli(yml, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(yml.files().at("out/alertmanager/alertmanager.yml"), first);
}

TEST(AlertmanagerEmit, RepositoryAlertmanagerYmlIsEmittedAndRelativeTemplatesShip) {
  MemoryFileSystem mem;
  mem.add("mzrules.yaml", "sources: [am]\n");
  mem.add("am/alertmanager.yml",
          "templates: ['t/*.tmpl']\nroute: {receiver: x}\nreceivers:\n- name: x\n"
          "  webhook_configs: [{url_file: /etc/alertmanager/secrets/hook/url}]\n");
  mem.add("am/t/a.tmpl", "{{ define \"a\" }}a{{ end }}\n");
  auto r = run_cli(mem, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(mem.files().at("out/alertmanager/templates/a.tmpl"), "{{ define \"a\" }}a{{ end }}\n");
  const std::string& values = mem.files().at("out/helm/materialize-monitoring-values.yaml");
  EXPECT_NE(values.find("  templates:\n    a.tmpl: |\n      {{ define \"a\" }}a{{ end }}\n"),
            std::string::npos)
      << values;
  EXPECT_NE(values.find("  extraSecretMounts:\n    - name: secret-hook\n"
                        "      mountPath: /etc/alertmanager/secrets/hook\n"
                        "      secretName: hook\n      readOnly: true\n"),
            std::string::npos)
      << values;
}

// Literal secrets stop the build, in the DSL and in alertmanager.yml alike, and nothing is
// written; the message points at the value.
TEST(AlertmanagerEmit, LiteralSecretsStopTheBuild) {
  const std::string secret = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
  for (bool yaml : {false, true}) {
    MemoryFileSystem mem;
    mem.add("mzrules.yaml", "sources: [am]\n");
    if (yaml) {
      mem.add("am/alertmanager.yml",
              "route: {receiver: x}\nreceivers:\n- name: x\n"
              "  slack_configs: [{channel: '#c', api_url: '" +
                  secret + "'}]\n");
    } else {
      mem.add("am/routing.mzr",
              "route { receiver x }\nreceiver x { slack { channel \"#c\"\n"
              "  api_url \"" +
                  secret + "\" } }\n");
    }
    auto r = run_cli(mem, {"build", "--color=never"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(yaml ? "am/alertmanager.yml:4:44: error[E0619]"
                              : "am/routing.mzr:3:11: error[E0619]"),
              std::string::npos)
        << r.err;
    for (const auto& [path, content] : mem.files()) {
      EXPECT_FALSE(path.starts_with("out/")) << path;
    }
  }
}

// Credentials the loader let through (here: in a configuration read without the repository's
// policy) are still not written.
TEST(AlertmanagerEmit, NeverWritesSecretSettings) {
  MemoryFileSystem mem;
  mem.add("am.yml",
          "global: {slack_api_url: 'https://hooks.slack.com/x', smtp_auth_password: pw}\n"
          "route: {receiver: x}\nreceivers:\n- name: x\n"
          "  pagerduty_configs: [{routing_key: abc, http_config: {basic_auth: {username: u, "
          "password: pw2}}}]\n");
  auto r = run_cli(mem, {"routes", "show", "--config.file=am.yml"});
  ASSERT_EQ(r.code, 0) << r.err;
  SourceManager sm;
  Diagnostics diags;
  SourceId id = sm.add("am.yml", mem.files().at("am.yml"));
  yaml::Stream stream = yaml::parse(sm, id, diags);
  model::AlertmanagerConfig config = load_alertmanager_config(stream, id, diags);
  std::string out = emit::alertmanager_yaml(config);
  for (std::string_view s : {"hooks.slack.com", "pw", "abc", "pw2"}) {
    EXPECT_EQ(out.find(s), std::string::npos) << s << " in\n" << out;
  }
  EXPECT_NE(out.find("username: u"), std::string::npos) << out;
}

// Sections mzrules does not interpret reach out/ as written, and receiver labels (0.33) too;
// before, the decoder accepted 'tracing' and dropped it from the output.
TEST(AlertmanagerPassthrough, TracingEventRecorderAndReceiverLabelsAreKept) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/alertmanager.yml",
         "route: {receiver: team}\n"
         "receivers:\n"
         "- name: team\n"
         "  labels: {owner: infra}\n"
         "tracing: {endpoint: 'otel:4317', sampling_fraction: 0.1}\n"
         "event_recorder: {file_outputs: [{path: /var/log/am-events.jsonl}]}\n");
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  auto out = fs.files().find("out/alertmanager/alertmanager.yml");
  ASSERT_NE(out, fs.files().end());
  for (const char* expected :
       {"    labels:\n      owner: infra\n", "tracing:\n  endpoint: otel:4317\n",
        "  sampling_fraction: 0.1\n", "event_recorder:\n  file_outputs:\n",
        "path: /var/log/am-events.jsonl"}) {
    EXPECT_NE(out->second.find(expected), std::string::npos) << expected << "\n" << out->second;
  }
}

}  // namespace
}  // namespace mzr

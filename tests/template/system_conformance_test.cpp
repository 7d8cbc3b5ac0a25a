// Prometheus' and Alertmanager's own template tests (../shared/corpus/conformance/
// prometheus-template-cases.json and alertmanager-template-cases.json), run as upstream runs
// them: the same data, options, functions and environment. Cases that cannot pass are listed
// with the reason; the test fails when one of them passes, or when any other case fails.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "compiler/template/alertmanager.h"
#include "compiler/template/exec.h"
#include "compiler/template/json_value.h"
#include "compiler/template/parse.h"
#include "compiler/template/prometheus.h"
#include "tests/require.h"
#include "tests/template/conformance.h"
#include "tests/test_support.h"

namespace mzr::tmpl {
namespace {

std::map<std::string, std::string> string_map_of(const nlohmann::json& j) {
  std::map<std::string, std::string> m;
  if (!j.is_object()) return m;
  for (auto it = j.begin(); it != j.end(); ++it) m[it.key()] = it->get<std::string>();
  return m;
}

Value sample_of(const nlohmann::json& s) {
  std::map<std::string, std::string> labels =
      string_map_of(s.contains("metric") ? s["metric"] : s["Labels"]);
  const nlohmann::json& v = s.contains("h") ? s["h"] : s.contains("f") ? s["f"] : s["Value"];
  if (v.is_object()) {
    return prometheus_histogram_sample(labels, v.value("count", 0.0), v.value("sum", 0.0));
  }
  return prometheus_sample(labels, v.get<double>());
}

std::string prometheus_case(const nlohmann::json& c) {
  const nlohmann::json& env = c["env"];
  PrometheusEnv penv;
  penv.timestamp_ms = env["timestamp_ms"].get<int64_t>();
  penv.external_url = env["external_url"].get<std::string>();
  const nlohmann::json& qr = c["queryResult"];
  penv.query = [qr](const std::string&, std::string&) -> std::optional<Value> {
    std::vector<Value> samples;
    if (qr.is_array()) {
      for (const auto& s : qr) samples.push_back(sample_of(s));
    }
    return prometheus_query_result(std::move(samples));
  };
  FuncMap funcs = prometheus_functions(penv);
  ExecOptions eo;
  eo.html = c["html"].get<bool>();
  if (c["options"].is_null()) {
    eo.missing_key = MissingKey::Zero;
  } else {
    for (const auto& o : c["options"]) {
      if (o == "missingkey=error") eo.missing_key = MissingKey::Error;
      if (o == "missingkey=zero") eo.missing_key = MissingKey::Zero;
    }
  }
  Set set;
  if (eo.html) add_prometheus_html_functions(funcs, set, eo);
  std::string name = env["name"].get<std::string>();
  uint16_t src = set.add_source(name, c["text"].get<std::string>());
  ParseOptions po;
  po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  bool want_error = c.value("shouldFail", false);
  if (auto err = parse(set, src, name, po)) {
    return want_error ? "" : "parse error: " + go_error_text(set, *err);
  }
  Value data;
  const nlohmann::json& in = c["input"];
  std::string type = c.value("input_go_type", "");
  if (type == "*sample") {
    data = sample_of(in);
  } else if (type == "AlertTemplateData") {
    data = alert_template_data(string_map_of(in["Labels"]), string_map_of(in["ExternalLabels"]),
                               in["ExternalURL"].get<std::string>(), in["Value"].get<double>());
  } else {
    data = value_from_json(in, type);
  }
  ExecResult r = execute(set, name, data, funcs, eo);
  if (want_error) return r.error ? "" : "no error; output " + r.output;
  if (r.error) return "error: " + go_error_text(set, *r.error);
  if (r.output != c["output"].get<std::string>()) return "output " + r.output;
  return "";
}

// Alertmanager's default templates, from the Go module cache of the pinned version.
std::optional<std::string> default_template_dir() {
  std::vector<std::string> roots;
  if (const char* m = std::getenv("GOMODCACHE")) roots.push_back(m);
  if (const char* h = std::getenv("HOME")) roots.push_back(std::string(h) + "/go/pkg/mod");
  for (const auto& r : roots) {
    std::string dir = r + "/github.com/prometheus/alertmanager@v0.34.0/template";
    if (std::filesystem::exists(dir + "/default.tmpl")) return dir;
  }
  return std::nullopt;
}

std::string alertmanager_case(const nlohmann::json& c) {
  const nlohmann::json& env = c["env"];
  Set set;
  FuncMap extra;
  if (c.contains("extra_funcs")) {
    for (const auto& opt : c["extra_funcs"]) {
      for (auto it = opt.begin(); it != opt.end(); ++it) {
        std::string desc = it->get<std::string>();
        std::string result = desc.substr(desc.find('"') + 1);
        result = result.substr(0, result.find('"'));
        Function f;
        f.params = desc.find("(s string)") != std::string::npos ? std::vector<Param>{Param::String}
                                                                : std::vector<Param>{};
        f.call = [result](std::vector<Value>&) {
          return CallResult{make_string(result), {}, false};
        };
        extra[it.key()] = f;
      }
    }
  }
  std::string type = c.value("data_type", "");
  Value data;
  AlertmanagerEnv aenv;
  aenv.now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  aenv.route_labels_rendered = c.value("route_labels_rendered", false);
  if (type == "Data") {
    data = alertmanager_data(c["data"]);
  } else if (c.contains("needs") && c["needs"].dump().find("clock") != std::string::npos) {
    double t = aenv.now - 3600;
    data = value_from_json(nlohmann::json(nullptr));
    data = make_time(static_cast<int64_t>(t), 0, 0, "UTC");
  } else {
    data = value_from_json(c["data"], type == "map[string]any" ? "" : type);
  }
  FuncMap funcs = alertmanager_functions(aenv, data);
  for (auto& [k, f] : extra) {
    if (funcs.find(k) == funcs.end()) funcs[k] = f;
  }
  ParseOptions po;
  po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  if (env.contains("templates")) {
    auto dir = default_template_dir();
    if (!dir) {
      if (c["text"].get<std::string>().find("template \"") != std::string::npos) {
        return "SKIP: Alertmanager's default templates are not in the Go module cache";
      }
    } else {
      for (const auto& t : env["templates"]) {
        std::string file = t.get<std::string>();
        std::string path = *dir + "/" + file.substr(file.find('/') + 1);
        uint16_t s = set.add_source(path, testing::read_file(path));
        if (auto err = parse(set, s, path.substr(path.rfind('/') + 1), po)) {
          return "default template: " + go_error_text(set, *err);
        }
      }
    }
  }
  ExecOptions eo;
  eo.missing_key = MissingKey::Zero;
  eo.html = c["html"].get<bool>();
  uint16_t src = set.add_source("", c["text"].get<std::string>());
  bool want_error = c.value("error", false);
  if (auto err = parse(set, src, "", po)) {
    return want_error ? "" : "parse error: " + go_error_text(set, *err);
  }
  ExecResult r = execute(set, "", data, funcs, eo);
  if (want_error) return r.error ? "" : "no error; output " + r.output;
  if (r.error) return "error: " + go_error_text(set, *r.error);
  if (r.output != c["output"].get<std::string>()) return "output " + r.output;
  return "";
}

const std::map<std::string, std::string>& known_prometheus_failures() {
  static const std::map<std::string, std::string> m = {};
  return m;
}

const std::map<std::string, std::string>& known_alertmanager_failures() {
  static const std::map<std::string, std::string> m = {};
  return m;
}

// Case names: the comment (Prometheus) or title (Alertmanager), numbered when repeated.
nlohmann::json named(nlohmann::json cases, const char* key) {
  for (auto& c : cases) {
    if (!c.contains(key)) c[key] = c["text"];
  }
  return cases;
}

TEST(SystemTemplateConformance, Prometheus) {
  MZR_REQUIRE_CORPUS(corpus);
  auto cases =
      named(testing::load_cases(corpus + "/conformance/prometheus-template-cases.json"), "comment");
  testing::Tally t =
      testing::run_cases(cases, "comment", prometheus_case, known_prometheus_failures());
  std::cout << "prometheus-template-cases.json: " << t.summary() << "\n";
  EXPECT_TRUE(t.clean()) << t.report();
}

TEST(SystemTemplateConformance, Alertmanager) {
  MZR_REQUIRE_CORPUS(corpus);
  auto cases =
      named(testing::load_cases(corpus + "/conformance/alertmanager-template-cases.json"), "title");
  testing::Tally t =
      testing::run_cases(cases, "title", alertmanager_case, known_alertmanager_failures());
  std::cout << "alertmanager-template-cases.json: " << t.summary() << "\n";
  EXPECT_TRUE(t.clean()) << t.report();
}

}  // namespace
}  // namespace mzr::tmpl

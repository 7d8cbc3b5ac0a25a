// The PrometheusRule resources in out/ against the fields of the CRD schema
// (monitoring.coreos.com/v1, prometheus-operator's prometheusrule_types.go, as summarised in
// ../shared/reference/output-formats.md §3.2): only known fields, the required ones present,
// exactly one of record/alert, durations in Prometheus' units, partial_response_strategy in
// abort|warn, and group names unique (the list is keyed by name).

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/load/yaml.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

// A small read-only view over mzrules' YAML nodes, enough for the schema's questions.
struct Y {
  const yaml::Node* n = nullptr;
  explicit operator bool() const { return n != nullptr && !n->is_null(); }
  Y operator[](std::string_view key) const {
    return Y{n != nullptr && n->is_mapping() ? n->get(key) : nullptr};
  }
  bool IsMap() const { return n != nullptr && n->is_mapping(); }
  bool IsSequence() const { return n != nullptr && n->is_sequence(); }
  bool IsScalar() const { return n != nullptr && n->is_scalar(); }
  std::string as_string(std::string fallback = "") const {
    return IsScalar() ? n->value : fallback;
  }
  std::vector<Y> items() const {
    std::vector<Y> out;
    if (IsSequence()) {
      for (const yaml::Node* i : n->items) out.push_back(Y{i});
    }
    return out;
  }
};

const std::regex kDuration(
    "^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?"
    "(([0-9]+)s)?(([0-9]+)ms)?$");

std::vector<std::string> unknown_keys(const Y& map, const std::set<std::string>& known) {
  std::vector<std::string> out;
  if (!map.IsMap()) return out;
  for (const yaml::Entry& e : map.n->entries) {
    if (!known.count(e.key->value)) out.push_back(e.key->value);
  }
  return out;
}

bool is_string_map(const Y& m) {
  if (!m.IsMap()) return false;
  for (const yaml::Entry& e : m.n->entries) {
    if (!e.value->is_scalar()) return false;
  }
  return true;
}

// Every violation of the schema in one resource, as readable lines.
std::vector<std::string> violations(const Y& doc) {
  std::vector<std::string> out;
  auto fail = [&](const std::string& m) { out.push_back(m); };
  for (const std::string& k : unknown_keys(doc, {"apiVersion", "kind", "metadata", "spec"})) {
    fail("unknown top-level field " + k);
  }
  if (doc["apiVersion"].as_string() != "monitoring.coreos.com/v1") fail("apiVersion");
  if (doc["kind"].as_string() != "PrometheusRule") fail("kind");
  const Y meta = doc["metadata"];
  if (!meta.IsMap() || meta["name"].as_string().empty()) fail("metadata.name");
  if (meta["labels"] && !is_string_map(meta["labels"])) fail("metadata.labels");
  const Y spec = doc["spec"];
  if (!spec.IsMap()) return {"spec is not a mapping"};
  for (const std::string& k : unknown_keys(spec, {"groups"})) fail("unknown spec field " + k);
  const Y groups = spec["groups"];
  if (!groups.IsSequence()) return {"spec.groups is not a list"};
  std::set<std::string> names;
  for (const Y& g : groups.items()) {
    std::string name = g["name"].as_string();
    if (name.empty()) fail("group without name");
    if (!names.insert(name).second) fail("group name repeated: " + name);
    for (const std::string& k : unknown_keys(g, {"name", "labels", "interval", "query_offset",
                                                 "rules", "partial_response_strategy", "limit"})) {
      fail("group " + name + ": unknown field " + k);
    }
    if (g["interval"] && !std::regex_match(g["interval"].as_string(), kDuration)) {
      fail("group " + name + ": interval");
    }
    if (g["query_offset"]) fail("group " + name + ": query_offset is not supported by Thanos");
    if (g["partial_response_strategy"]) {
      std::string s = g["partial_response_strategy"].as_string();
      if (!std::regex_match(s, std::regex("^(?:abort|warn|ABORT|WARN|Abort|Warn)?$"))) {
        fail("group " + name + ": partial_response_strategy " + s);
      }
    }
    if (g["limit"] && !std::regex_match(g["limit"].as_string(), std::regex("^[0-9]+$"))) {
      fail("group " + name + ": limit");
    }
    if (g["labels"] && !is_string_map(g["labels"])) fail("group " + name + ": labels");
    if (!g["rules"].IsSequence()) {
      fail("group " + name + ": rules is not a list");
      continue;
    }
    for (const Y& r : g["rules"].items()) {
      std::string id = r["record"] ? r["record"].as_string() : r["alert"].as_string();
      std::string where = "group " + name + ", rule " + id + ": ";
      for (const std::string& k : unknown_keys(
               r, {"record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"})) {
        fail(where + "unknown field " + k);
      }
      if (bool(r["record"]) == bool(r["alert"])) fail(where + "needs exactly one of record, alert");
      if (!r["expr"] || !r["expr"].IsScalar() || r["expr"].as_string().empty()) {
        fail(where + "expr");
      }
      for (const char* d : {"for", "keep_firing_for"}) {
        if (r[d] && !std::regex_match(r[d].as_string(), kDuration)) fail(where + d);
      }
      for (const char* m : {"labels", "annotations"}) {
        if (r[m] && !is_string_map(r[m])) fail(where + m + " is not a map of strings");
      }
      if (r["record"] && (r["for"] || r["keep_firing_for"] || r["annotations"])) {
        fail(where + "alerting fields on a recording rule");
      }
    }
  }
  return out;
}

TEST(PrometheusRuleSchema, EmittedResourcesFollowTheCrd) {
  fs::path dir = fs::path(testing::source_dir()) / "out" / "thanos" / "prometheusrules";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  int resources = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    SourceManager sm;
    Diagnostics diags;
    SourceId id = sm.add(e.path().string(), testing::read_file(e.path().string()));
    yaml::Stream stream = yaml::parse(sm, id, diags);
    ASSERT_TRUE(stream.ok) << e.path();
    for (const yaml::Document& doc : stream.documents) {
      ++resources;
      EXPECT_EQ(violations(Y{doc.root}), std::vector<std::string>{}) << e.path();
    }
  }
  EXPECT_GT(resources, 0);
}

// The checker itself finds what it is meant to find.
TEST(PrometheusRuleSchema, ViolationsAreFound) {
  SourceManager sm;
  Diagnostics diags;
  SourceId id = sm.add("bad.yaml", R"(
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: x}
spec:
  groups:
    - name: g
      interval: 1.5m
      partial_response_strategy: sometimes
      rules:
        - record: a:b:c
          alert: Both
          expr: up
          for: 5m
        - alert: NoExpr
          labels: {severity: [a]}
          annotation: {summary: s}
    - name: g
      rules: []
)");
  yaml::Stream stream = yaml::parse(sm, id, diags);
  ASSERT_TRUE(stream.ok);
  std::vector<std::string> v = violations(Y{stream.documents.at(0).root});
  std::vector<std::string> expected = {
      "group g: interval",
      "group g: partial_response_strategy sometimes",
      "group g, rule a:b:c: needs exactly one of record, alert",
      "group g, rule a:b:c: alerting fields on a recording rule",
      "group g, rule NoExpr: unknown field annotation",
      "group g, rule NoExpr: expr",
      "group g, rule NoExpr: labels is not a map of strings",
      "group name repeated: g",
  };
  EXPECT_EQ(v, expected);
}

}  // namespace
}  // namespace mzr

// Whatever string the writer is given, YAML reads back the same string.

#include "compiler/emit/yaml_writer.h"

#include <gtest/gtest.h>

#include "compiler/load/yaml.h"

namespace mzr {
namespace {

std::string read_back(const std::string& text, const std::string& key) {
  SourceManager sm;
  Diagnostics diags;
  SourceId id = sm.add("t.yaml", text);
  yaml::Stream s = yaml::parse(sm, id, diags);
  EXPECT_FALSE(diags.has_errors()) << text;
  const yaml::Node* v = s.documents.at(0).root->get(key);
  EXPECT_NE(v, nullptr) << text;
  return v && v->is_scalar() ? v->value : "<not a scalar>";
}

TEST(YamlWriter, StringsRoundTrip) {
  const std::vector<std::string> samples = {
      "plain",
      "two words",
      "true",
      "no",
      "null",
      "~",
      "1",
      "1.5",
      "-1",
      ".5",
      "0x1F",
      "1e3",
      "5m",
      "",
      " leading",
      "trailing ",
      "a: b",
      "a #b",
      "#comment",
      "- dash",
      "{{ $labels.pod }}",
      "x{{ $labels.pod }}",
      "it's",
      "say \"hi\"",
      "back\\slash",
      "tab\there",
      "line\nbreak",
      "ends with newline\n",
      "two\n\nparagraphs\n",
      "  indented\nblock",
      "trailing space \nline",
      "caf\xc3\xa9",
      "@at",
      "`tick",
      "%pct",
      "*star",
      "&amp",
      "!bang",
      "|pipe",
      ">gt",
      "[x]",
      "key:",
      "sum by (job) (rate(x[5m])) > 0.1",
      "up{job=\"node\"} == 0",
      "multiple\n\n\nnewlines\n\n",
      "ctrl\x01char",
      "<<",
  };
  for (const std::string& s : samples) {
    emit::YamlValue root = emit::YamlValue::map();
    root.add("k", emit::YamlValue::string(s));
    root.add(s.empty() ? "empty" : s, emit::YamlValue::string("v"));
    std::string text = emit::write_yaml(root);
    EXPECT_EQ(read_back(text, "k"), s) << text;
    EXPECT_EQ(read_back(text, s.empty() ? "empty" : s), "v") << text;
  }
}

TEST(YamlWriter, Layout) {
  emit::YamlValue root = emit::YamlValue::map();
  auto& seq = root.add("groups", emit::YamlValue::seq());
  auto& g = seq.push(emit::YamlValue::map());
  g.add("name", emit::YamlValue::string("a"));
  g.add("rules", emit::YamlValue::seq());
  g.add("labels", emit::YamlValue::map());
  g.add("expr", emit::YamlValue::string("sum(\n  x\n)"));
  EXPECT_EQ(emit::write_yaml(root),
            "groups:\n"
            "  - name: a\n"
            "    rules: []\n"
            "    labels: {}\n"
            "    expr: |-\n"
            "      sum(\n"
            "        x\n"
            "      )\n");
}

}  // namespace
}  // namespace mzr

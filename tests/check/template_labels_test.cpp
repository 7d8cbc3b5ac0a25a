// The label names alert templates read, found on the template's syntax tree, with the byte
// offsets of each reference.

#include "compiler/check/template_labels.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mzr {
namespace {

std::vector<std::string> names(const std::string& tmpl) {
  std::vector<std::string> out;
  for (const LabelRead& r : labels_read(tmpl)) out.push_back(r.name);
  return out;
}

std::vector<std::string> texts(const std::string& tmpl) {
  std::vector<std::string> out;
  for (const LabelRead& r : labels_read(tmpl)) out.push_back(tmpl.substr(r.begin, r.end - r.begin));
  return out;
}

TEST(TemplateLabels, ReadsEveryForm) {
  const std::string t =
      R"({{ $labels.instance }} on {{ .Labels.job }}: {{ index $labels "a-b" }} {{ $.Labels.pod }})";
  EXPECT_EQ(names(t), (std::vector<std::string>{"instance", "job", "a-b", "pod"}));
  EXPECT_EQ(texts(t), (std::vector<std::string>{"$labels.instance", ".Labels.job",
                                                "$labels \"a-b\"", "$.Labels.pod"}));
}

TEST(TemplateLabels, FollowsVariablesAndDot) {
  EXPECT_EQ(names("{{ $l := $labels }}{{ $l.node }}"), (std::vector<std::string>{"node"}));
  EXPECT_EQ(names("{{ with $labels }}{{ .zone }}{{ else }}{{ .Labels.region }}{{ end }}"),
            (std::vector<std::string>{"zone", "region"}));
  EXPECT_EQ(names("{{ with $l := .Labels }}{{ $l.a }}{{ end }}"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(names("{{ if $labels.a }}{{ $labels.b | printf \"%s\" }}{{ end }}"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(names("{{ printf \"%s\" ($labels.c) }}"), (std::vector<std::string>{"c"}));
  // A variable rebound to something else, a range element, a variable shadowed in a block.
  EXPECT_EQ(names("{{ $l := $labels }}{{ $l = $value }}{{ $l.x }}"), std::vector<std::string>{});
  EXPECT_EQ(names("{{ range $k, $v := $labels }}{{ $v.x }}{{ .y }}{{ end }}"),
            std::vector<std::string>{});
  EXPECT_EQ(names("{{ $l := $labels }}{{ if true }}{{ $l := 1 }}{{ end }}{{ $l.after }}"),
            (std::vector<std::string>{"after"}));
}

TEST(TemplateLabels, ReadsOnlyActions) {
  // Text outside actions, a template that does not parse, definitions with their own data.
  EXPECT_TRUE(labels_read("$labels.job is not an action").empty());
  EXPECT_TRUE(labels_read("{{ $labels.job ").empty());
  EXPECT_TRUE(labels_read("{{ define \"x\" }}{{ .Labels.a }}{{ end }}").empty());
  EXPECT_EQ(names("{{ $externalLabels.cluster }}{{ $value }}"), std::vector<std::string>{});
}

}  // namespace
}  // namespace mzr

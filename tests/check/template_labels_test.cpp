// The label names alert templates read, against the regular expressions that define the forms.

#include "compiler/check/template_labels.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

namespace mzr {
namespace {

// The definition: `$labels.x` / `.Labels.x`, then `index $labels "x"` / `index .Labels "x"`.
std::vector<std::string> by_regex(const std::string& tmpl) {
  static const std::regex kDot(R"((?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*))");
  static const std::regex kIndex(R"re(index\s+(?:\$labels|\.Labels)\s+"([^"]*)")re");
  std::vector<std::string> out;
  for (const std::regex* re : {&kDot, &kIndex}) {
    for (auto it = std::sregex_iterator(tmpl.begin(), tmpl.end(), *re);
         it != std::sregex_iterator(); ++it) {
      out.push_back((*it)[1].str());
    }
  }
  return out;
}

TEST(TemplateLabels, ReadsEveryForm) {
  EXPECT_EQ(
      labels_read(R"({{ $labels.instance }} on {{ .Labels.job }}: {{ index $labels "a-b" }})"),
      (std::vector<std::string>{"instance", "job", "a-b"}));
  EXPECT_EQ(labels_read("$labels.$labels.x_1y .Labels. $labels.9 index\t.Labels\n\"\""),
            (std::vector<std::string>{"x_1y", ""}));
  EXPECT_TRUE(labels_read("index $labels \"open").empty());
}

TEST(TemplateLabels, AgreesWithTheRegularExpressions) {
  // Single characters that matter, and pieces of each form so that matches are frequent.
  const std::vector<std::string> pieces = {"$labels",
                                           ".Labels",
                                           "$labels.",
                                           "index",
                                           "index $labels ",
                                           "index\t.Labels \"",
                                           ".",
                                           "x",
                                           "_",
                                           "7",
                                           " ",
                                           "\t",
                                           "\n",
                                           "\"",
                                           "$",
                                           "L",
                                           "\xc3\xa9",
                                           "{{",
                                           "}}"};
  std::mt19937 random(42);
  size_t found = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string tmpl;
    size_t length = random() % 10;
    for (size_t i = 0; i < length; ++i) tmpl += pieces[random() % pieces.size()];
    std::vector<std::string> expected = by_regex(tmpl);
    ASSERT_EQ(labels_read(tmpl), expected) << "template: " << tmpl;
    found += expected.size();
  }
  EXPECT_GT(found, 1000u);  // the comparison covers matches, not only their absence
}

}  // namespace
}  // namespace mzr

// Dashboards written in jsonnet: the string literals are read back with the way to each of their
// characters, and `mzrules build` emits the evaluated dashboards as grafana-operator resources.

#include <gtest/gtest.h>

#include "compiler/load/jsonnet_strings.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

TEST(JsonnetStrings, EscapesMapToTheirFirstCharacter) {
  std::string src = R"({ a: "x\"y\u00e9", b: 'it''s' })";
  auto strings = jsonnet_strings(src);
  ASSERT_EQ(strings.size(), 3u);
  EXPECT_EQ(strings[0].value, "x\"y\xc3\xa9");
  // x at 6, \" at 7, y at 9, both bytes of é at the backslash of \u00e9 (10), end at 16.
  EXPECT_EQ(strings[0].offsets, (std::vector<uint32_t>{6, 7, 9, 10, 10, 16}));
  EXPECT_EQ(strings[1].value, "it");  // not verbatim: two literals, 'it' and 's'
  EXPECT_EQ(strings[2].value, "s");
}

TEST(JsonnetStrings, VerbatimStringsAndComments) {
  std::string src = "// it's \"not\" a string\n{ a: @'it''s', /* 'no' */ b: @\"c:\\d\" }\n# 'x'";
  auto strings = jsonnet_strings(src);
  ASSERT_EQ(strings.size(), 2u);
  EXPECT_EQ(strings[0].value, "it's");
  EXPECT_EQ(strings[1].value, "c:\\d");
  EXPECT_EQ(src.substr(strings[1].offsets[2], 2), "\\d");
}

TEST(JsonnetStrings, TextBlocksLoseTheirIndentation) {
  std::string src = "{\n  a: |||\n    one\n\n      two\n  |||,\n}\n";
  auto strings = jsonnet_strings(src);
  ASSERT_EQ(strings.size(), 1u);
  EXPECT_EQ(strings[0].value, "one\n\n  two\n");
  EXPECT_EQ(src[strings[0].offsets[0]], 'o');
  EXPECT_EQ(src.substr(strings[0].offsets[5], 5), "  two");
  EXPECT_EQ(src.substr(strings[0].end - 3, 3), "|||");
}

TEST(JsonnetText, FindsAValueWrittenExactlyOnce) {
  std::string src = "{ up_total: 'sum(up) by (job)', b: 'up_total', c: \"a\\tb\" } // sum(up)";
  JsonnetText text(src);
  // Inside a decoded literal, with its escape: 'a', the backslash of \t, 'b', the quote.
  auto tab = text.unique("a\tb");
  ASSERT_TRUE(tab);
  EXPECT_EQ(*tab, (std::vector<uint32_t>{51, 52, 54, 55}));
  auto job = text.unique("by (job)");
  ASSERT_TRUE(job);
  EXPECT_EQ(src.substr((*job)[0], 8), "by (job)");
  EXPECT_FALSE(text.unique("up_total"));        // a field name and a literal
  EXPECT_FALSE(text.unique("sum(up)"));         // a literal and a comment
  EXPECT_FALSE(text.unique("up_total: 'sum"));  // not across a literal's quote
  EXPECT_FALSE(text.unique("b:"));              // too short to mean anything
}

constexpr const char* kDashboards = R"(
local panel(title, expr) = {
  type: 'timeseries', id: 1, title: title,
  datasource: { type: 'prometheus', uid: 'thanos' },
  gridPos: { h: 8, w: 24, x: 0, y: 0 },
  fieldConfig: { defaults: { unit: 'short' } },
  targets: [{ refId: 'A', expr: expr }],
};
{
  'targets.json': { uid: 'jsonnet-targets', title: 'Targets', panels: [panel('Up', 'sum(up)')] },
  'scrapes.json': {
    uid: 'jsonnet-scrapes', title: 'Scrapes',
    panels: [panel('Samples', 'sum(scrape_samples_scraped)')],
  },
}
)";

TEST(JsonnetDashboards, BuildEmitsAGrafanaDashboardPerDashboard) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [dashboards]\n");
  fs.add("dashboards/targets.jsonnet", kDashboards);
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  int resources = 0;
  for (const auto& [path, bytes] : fs.files()) {
    if (!path.starts_with("out/grafana/dashboards/")) continue;
    ++resources;
    EXPECT_NE(bytes.find("kind: GrafanaDashboard"), std::string::npos) << path;
  }
  EXPECT_EQ(resources, 2);
  std::string all;
  for (const auto& [path, bytes] : fs.files()) all += bytes;
  EXPECT_NE(all.find("jsonnet-targets"), std::string::npos);
  EXPECT_NE(all.find("sum(scrape_samples_scraped)"), std::string::npos);
}

}  // namespace
}  // namespace mzr

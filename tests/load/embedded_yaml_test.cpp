// Positions inside YAML scalars map back to the exact bytes of the file, whatever the style.

#include "compiler/load/embedded_yaml.h"

#include <gtest/gtest.h>

namespace mzr {
namespace {

class EmbeddedYaml : public ::testing::Test {
 protected:
  const yaml::Node* parse(std::string text) {
    id_ = sm_.add("f.yaml", std::move(text));
    stream_ = yaml::parse(sm_, id_, diags_);
    EXPECT_FALSE(diags_.has_errors());
    return stream_.documents.at(0).root;
  }
  // The source text at the place the value's first "rate" maps to.
  std::string at_rate(const yaml::Node* root, const char* key) {
    const yaml::Node* n = root->get(key);
    EXPECT_NE(n, nullptr) << key;
    EmbeddedText e = yaml::embedded_scalar(sm_.file(id_), *n);
    EXPECT_EQ(e.text, n->value);
    size_t i = e.text.find("rate");
    EXPECT_NE(i, std::string::npos) << key;
    Span s = e.span(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 4));
    return std::string(sm_.file(id_).text().substr(s.begin, s.end - s.begin));
  }

  SourceManager sm_;
  Diagnostics diags_;
  SourceId id_ = 0;
  yaml::Stream stream_;
};

TEST_F(EmbeddedYaml, EveryScalarStyle) {
  const yaml::Node* root = parse(
      "plain: sum(x) / rate(x[5m])\n"
      "multi: sum(\n"
      "  x) / rate(x[5m])\n"
      "dq: \"a\\tb \\u00e9 \\\"q\\\" rate(x)\"\n"
      "dq_folded: \"a\n"
      "  b\\\n"
      "  c rate(x)\"\n"
      "sq: 'it''s rate(x)'\n"
      "lit: |-\n"
      "  sum(\n"
      "    rate(x[5m])\n"
      "  )\n"
      "fold: >\n"
      "  sum(x)\n"
      "  / rate(x[5m])\n"
      "anchored: &a rate(x)\n"
      "json: {\"k\": \"\\u0041 rate(x)\"}\n");
  for (const char* key : {"plain", "multi", "dq", "dq_folded", "sq", "lit", "fold", "anchored"}) {
    EXPECT_EQ(at_rate(root, key), "rate") << key;
  }
  EXPECT_EQ(at_rate(root->get("json"), "k"), "rate");
}

TEST_F(EmbeddedYaml, EscapesMapToTheirSourceBytes) {
  const yaml::Node* root = parse("k: \"\\u00e9x\"\n");
  EmbeddedText e = yaml::embedded_scalar(sm_.file(id_), *root->get("k"));
  ASSERT_EQ(e.text, "\xc3\xa9x");
  EXPECT_EQ(e.source_offset(0), 4u);  // the backslash of \u00e9
  EXPECT_EQ(e.source_offset(1), 4u);
  EXPECT_EQ(e.source_offset(2), 10u);  // 'x'
}

TEST_F(EmbeddedYaml, LineAndColumnInsideABlockScalar) {
  const yaml::Node* root =
      parse("groups:\n  - expr: |\n      sum(\n        rate(x[5m])\n      )\n");
  const yaml::Node* n = root->get("groups")->items.at(0)->get("expr");
  EmbeddedText e = yaml::embedded_scalar(sm_.file(id_), *n);
  size_t i = e.text.find("[5m]");
  LineCol lc =
      sm_.file(id_).line_col(e.span(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)).begin);
  EXPECT_EQ(lc.line, 4u);
  EXPECT_EQ(lc.column, 15u);
}

}  // namespace
}  // namespace mzr

// The YAML tree: byte positions (also after multi-byte characters and a byte order mark), null
// and scalar kinds, tags, anchors and aliases, merge keys, and the errors of broken input.

#include <gtest/gtest.h>

#include "compiler/load/yaml.h"

namespace mzr {
namespace {

class YamlTree : public ::testing::Test {
 protected:
  const yaml::Node* parse(std::string text) {
    id_ = sm_.add("f.yaml", std::move(text));
    stream_ = yaml::parse(sm_, id_, diags_);
    return stream_.documents.empty() ? nullptr : stream_.documents.at(0).root;
  }
  std::string text_of(const yaml::Node* n) const {
    std::string_view t = sm_.file(id_).text();
    return std::string(t.substr(n->span.begin, n->span.end - n->span.begin));
  }
  std::string first_error() const {
    if (diags_.all().empty()) return "";
    const Diagnostic& d = diags_.all().front();
    LineCol lc = sm_.file(id_).line_col(d.span.begin);
    return std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + d.message;
  }

  SourceManager sm_;
  Diagnostics diags_;
  SourceId id_ = 0;
  yaml::Stream stream_;
};

TEST_F(YamlTree, ByteOffsetsAfterMultiByteCharacters) {
  const yaml::Node* root = parse(
      "\xEF\xBB\xBF"  // byte order mark
      "é: \"ü\\u00e9ß\"\n"
      "k: &x !!str ééé\n"
      "a: *x\n"
      "m: plain\n"
      "  over lines\n"
      "z: 'end'\n");
  ASSERT_NE(root, nullptr);
  ASSERT_TRUE(diags_.all().empty()) << first_error();
  EXPECT_EQ(text_of(root->key_node("é")), "é");
  EXPECT_EQ(text_of(root->get("é")), "\"ü\\u00e9ß\"");
  EXPECT_EQ(root->get("é")->value, "üéß");
  EXPECT_EQ(text_of(root->get("k")), "ééé");
  EXPECT_EQ(root->get("k")->tag, "tag:yaml.org,2002:str");
  EXPECT_FALSE(root->get("k")->plain);
  EXPECT_EQ(text_of(root->get("a")), "*x");
  EXPECT_EQ(root->get("a")->value, "ééé");
  EXPECT_EQ(text_of(root->get("m")), "plain\n  over lines");
  EXPECT_EQ(root->get("m")->value, "plain over lines");
  EXPECT_EQ(text_of(root->get("z")), "'end'");
}

TEST_F(YamlTree, KindsTagsAndStyles) {
  const yaml::Node* root = parse(
      "a: ~\n"
      "b:\n"
      "c: null\n"
      "d: 'null'\n"
      "e: !!null x\n"
      "f: plain\n"
      "g: \"quoted\"\n"
      "h: |\n"
      "  block\n"
      "i: [1, {j: 2}]\n");
  ASSERT_NE(root, nullptr);
  for (const char* k : {"a", "b", "c"}) EXPECT_TRUE(root->get(k)->is_null()) << k;
  EXPECT_TRUE(root->get("d")->is_scalar());
  EXPECT_FALSE(root->get("d")->plain);
  EXPECT_EQ(root->get("d")->tag, "!");
  EXPECT_TRUE(root->get("e")->is_scalar());
  EXPECT_EQ(root->get("e")->tag, "tag:yaml.org,2002:null");
  EXPECT_TRUE(root->get("f")->plain);
  EXPECT_EQ(root->get("f")->tag, "?");
  EXPECT_FALSE(root->get("g")->plain);
  EXPECT_EQ(root->get("h")->value, "block\n");
  EXPECT_EQ(text_of(root->get("h")), "|");
  ASSERT_TRUE(root->get("i")->is_sequence());
  EXPECT_EQ(root->get("i")->items.size(), 2u);
  EXPECT_EQ(text_of(root->get("i")->items[1]->key_node("j")), "j");
  EXPECT_TRUE(diags_.all().empty()) << first_error();
}

TEST_F(YamlTree, MergeKeysAndSharedAliases) {
  const yaml::Node* root = parse(
      "base: &b {x: 1, y: 2}\n"
      "more: &m {z: 3}\n"
      "one: {<<: *b, y: 5}\n"
      "two: {<<: [*b, *m]}\n");
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(diags_.all().empty()) << first_error();
  EXPECT_EQ(root->get("one")->get("y")->value, "5");
  EXPECT_EQ(root->get("one")->get("x")->value, "1");
  EXPECT_EQ(root->get("two")->entries.size(), 3u);
  EXPECT_EQ(root->get("two")->get("z")->value, "3");
}

TEST_F(YamlTree, ManyKeysStillFindDuplicates) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "k" + std::to_string(i) + ": 1\n";
  text += "k42: 2\n";
  parse(text);
  EXPECT_EQ(first_error(), "101:1: mapping key 'k42' is already defined");
}

TEST_F(YamlTree, ErrorsHavePositions) {
  parse("a: *nope\n");
  EXPECT_EQ(first_error(), "1:4: invalid YAML: unknown anchor 'nope' referenced");
}

TEST_F(YamlTree, ErrorPositionsCountBytes) {
  parse("a: 1\né: ü: x\n");
  EXPECT_EQ(first_error(), "2:7: invalid YAML: mapping values are not allowed in this context");
}

TEST_F(YamlTree, DocumentsBeforeAnErrorAreKept) {
  parse("a: 1\n---\nb: [\n");
  EXPECT_FALSE(stream_.ok);
  ASSERT_EQ(stream_.documents.size(), 1u);
  EXPECT_EQ(stream_.documents[0].root->get("a")->value, "1");
}

}  // namespace
}  // namespace mzr

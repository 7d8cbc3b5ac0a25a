// The YAML tree: byte positions (also after multi-byte characters and a byte order mark), null
// and scalar kinds, tags, anchors and aliases, merge keys, and the errors of broken input.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "compiler/load/yaml.h"

namespace mzr {
namespace {

class YamlTree : public ::testing::Test {
 protected:
  const yaml::Node* parse(std::string text, const yaml::Limits& limits = {}) {
    id_ = sm_.add("f.yaml", std::move(text));
    stream_ = yaml::parse(sm_, id_, diags_, limits);
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
  EXPECT_EQ(root->get("one")->entries.size(), 2u) << "the merged 'y' is overridden, not added";
  EXPECT_EQ(root->get("two")->entries.size(), 3u);
  EXPECT_EQ(root->get("two")->get("z")->value, "3");
}

TEST_F(YamlTree, AliasesCountTheBytesTheyStandFor) {
  parse(
      "base: &b {x: 1, y: 22}\n"
      "one: *b\n"
      "two: {<<: *b, z: 3}\n"
      "three: &s abc\n"
      "four: *s\n");
  EXPECT_TRUE(diags_.all().empty()) << first_error();
  // 'x', '1', 'y', '22' twice, then 'abc'.
  EXPECT_EQ(stream_.alias_bytes, 2 * 5u + 3u);
}

// A large mapping anchored once and aliased many times: few nodes, many bytes.
TEST_F(YamlTree, AliasesOfALargeMappingAreBoundedInBytes) {
  std::string text = "base: &b\n  v: " + std::string(64 * 1024, 'x') + "\n";
  for (int i = 0; i < 40; ++i) text += "a" + std::to_string(i) + ": *b\n";
  parse(text);
  // Each alias adds 65537 bytes; the sixteenth goes past the floor of the budget, 1 MiB (the
  // file is 65 KiB, and four times that is less).
  EXPECT_EQ(first_error(), fmt::format("18:6: aliases expand the file by more than 1048576 bytes "
                                       "(the limit for a file of {} bytes)",
                                       text.size()));
  EXPECT_EQ(diags_.all().front().kind, DiagKind::YamlExcessiveAliasing);
  EXPECT_FALSE(stream_.ok);
  EXPECT_EQ(stream_.alias_bytes, 16u * 65537u);
}

// The budget is for the whole file: documents that each stay below it still add up.
TEST_F(YamlTree, AliasBudgetSpansTheDocumentsOfAFile) {
  yaml::Limits limits;
  limits.min_alias_bytes = limits.max_alias_bytes = 100;
  std::string doc = "a: &a " + std::string(60, 'y') + "\nb: *a\n";
  parse(doc + "---\n" + doc, limits);
  EXPECT_EQ(first_error(),
            "5:4: aliases expand the file by more than 100 bytes (the limit for a file of 150 "
            "bytes)");
  EXPECT_EQ(stream_.documents.size(), 1u);
}

// The budget grows with the file, up to its cap.
TEST_F(YamlTree, AliasBudgetGrowsWithTheFile) {
  yaml::Limits limits;
  limits.min_alias_bytes = 10;
  limits.max_alias_bytes = 1000;
  std::string small = "a: &a " + std::string(60, 'y') + "\nb: *a\n";
  parse(small + "c: *a\n# " + std::string(100, '-') + "\n", limits);
  EXPECT_TRUE(diags_.all().empty()) << first_error();  // 120 bytes of 4 x 182
  diags_ = Diagnostics();
  std::string many = "a: &a " + std::string(60, 'y') + "\n";
  for (int i = 0; i < 20; ++i) many += "b" + std::to_string(i) + ": *a\n";
  parse(many + "# " + std::string(1000, '-') + "\n", limits);
  EXPECT_EQ(first_error().substr(0, 60),
            "18:6: aliases expand the file by more than 1000 bytes (the l");
}

// The node limit counts every node an alias stands for: here 'a' (1), the list (4), 'b' (1),
// its alias (4), 'c' (1) and its alias (4) make 15 when the last alias is read.
TEST_F(YamlTree, ExpandedNodeLimitIsExact) {
  const std::string text = "a: &a [x, y, z]\nb: *a\nc: *a\n";
  yaml::Limits limits;
  limits.max_expanded_nodes = 15;
  parse(text, limits);
  EXPECT_TRUE(diags_.all().empty()) << first_error();
  diags_ = Diagnostics();
  limits.max_expanded_nodes = 14;
  parse(text, limits);
  EXPECT_EQ(first_error(), "3:4: document expands to more than 14 nodes through aliases");
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

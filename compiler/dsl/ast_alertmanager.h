#pragma once
// The syntax tree of the .mzr Alertmanager blocks: receivers, the routing tree, inhibit rules,
// time intervals, templates and global settings. Their bodies are settings named as in
// alertmanager.yml, kept as written; lowering gives them their meaning.

// Included by ast.h after the common nodes (Name, Text, Comments); not on its own.

namespace mzr::dsl {

struct AmEntry;

// A value as written: a string, a bare word (name, number, duration, 1:5, 09:00-17:00, '...'),
// a list in brackets, or a body in braces.
struct AmValueNode {
  enum class Kind : uint8_t { String, Word, List, Body };
  Kind kind = Kind::Word;
  Text text;         // String
  std::string word;  // Word
  Span span;
  std::vector<AmValueNode> items;  // List
  std::vector<AmEntry> entries;    // Body
  Comments inner;                  // Body, List: comments before the closing bracket
};

// One matcher in Alertmanager's syntax, kept as the exact text of the source.
struct AmMatcherText {
  std::string text;
  Span span;
};

// One line of a body: `key value, value`, `key name="x", other=~"y"` or `continue`.
struct AmEntry {
  enum class Kind : uint8_t { Setting, Match, Continue };
  Kind kind = Kind::Setting;
  Name key;                             // Setting, Match
  bool assign = false;                  // Setting written `key = value`
  std::vector<AmValueNode> values;      // Setting
  std::vector<AmMatcherText> matchers;  // Match
  Span span;
  Comments comments;
};

struct AmBlock {
  enum class Kind : uint8_t { Receiver, Route, Inhibit, TimeInterval, Global, Templates };
  Kind kind = Kind::Route;
  std::optional<Name> name;         // Receiver, TimeInterval
  std::vector<AmValueNode> bodies;  // one Body each; several for a TimeInterval
  std::vector<AmValueNode> values;  // Templates
  Span keyword;
  Span span;
  Comments comments;
};

}  // namespace mzr::dsl

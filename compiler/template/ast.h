#pragma once
// The syntax tree of a Go text/template, node for node as Go's text/template/parse builds it.
// Every node records the byte offsets of its text in the template source it was parsed from, so
// that callers map them into the enclosing file.

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace mzr::tmpl {

enum class NodeKind : uint8_t {
  // Structure.
  List,
  Text,
  Comment,
  Action,
  If,
  Range,
  With,
  Template,
  Break,
  Continue,
  // Pipelines and their operands.
  Pipe,
  Command,
  Identifier,  // a function name
  Variable,    // $x, $x.Field.Field
  Dot,
  Nil,
  Field,  // .Field.Field
  Chain,  // (pipe).Field, $x.Field after a parenthesis
  Bool,
  Number,
  String,
};

// A numeric literal, with the interpretations Go's parser gives it.
struct NumberValue {
  bool is_int = false;  // fits int64
  bool is_uint = false;
  bool is_float = false;
  bool is_complex = false;
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
  double re = 0, im = 0;  // complex
};

struct Node {
  NodeKind kind;
  uint32_t pos = 0;     // byte offset of the node's text in its source
  uint32_t end = 0;     // one past the node's last byte (the action's end for structures)
  uint16_t source = 0;  // which source of the Set the node comes from
  // Text: the text; Comment: the comment with its delimiters; Identifier: the function name;
  // String: the unquoted value; Number: the literal; Template: the template's name.
  std::string text;
  std::string quoted;               // String: the literal as written
  std::vector<std::string> idents;  // Variable, Field, Chain: the names, in order
  std::vector<Node*> nodes;         // List: the nodes; Pipe: the commands; Command: the args
  std::vector<Node*> decls;         // Pipe: the declared or assigned variables
  bool is_assign = false;           // Pipe: '=' rather than ':='
  bool boolean = false;             // Bool
  bool has_else_action = false;     // If/With/Range: written with 'else' (an else list exists)
  NumberValue number;               // Number
  Node* pipe = nullptr;             // Action, If, Range, With, Template (may be null)
  Node* list = nullptr;             // If, Range, With
  Node* else_list = nullptr;        // If, Range, With
  Node* operand = nullptr;          // Chain: the node the fields are taken from
};

// A named template: its body and where its text comes from.
struct Tree {
  std::string name;
  Node* root = nullptr;  // a List
  uint16_t source = 0;
};

// The sources of a set of templates: file names and texts, so positions can be rendered.
struct TemplateSource {
  std::string name;  // the name the text was parsed under (a file name, a template name)
  std::string text;
};

// Templates that can call each other: what one Go *template.Template holds. Owns every node.
class Set {
 public:
  Node* make(NodeKind kind, uint32_t pos, uint16_t source) {
    Node& n = nodes_.emplace_back();
    n.kind = kind;
    n.pos = pos;
    n.end = pos;
    n.source = source;
    return &n;
  }
  uint16_t add_source(std::string name, std::string text) {
    sources_.push_back({std::move(name), std::move(text)});
    return static_cast<uint16_t>(sources_.size() - 1);
  }
  const TemplateSource& source(uint16_t id) const { return sources_[id]; }
  size_t source_count() const { return sources_.size(); }

  const Tree* find(const std::string& name) const {
    auto it = trees_.find(name);
    return it == trees_.end() ? nullptr : &it->second;
  }
  std::map<std::string, Tree>& trees() { return trees_; }
  const std::map<std::string, Tree>& trees() const { return trees_; }

 private:
  std::deque<Node> nodes_;
  std::deque<TemplateSource> sources_;
  std::map<std::string, Tree> trees_;
};

// True for a body that holds only space text and comments: Go keeps an earlier definition
// rather than replace it by such a body.
bool is_empty_tree(const Node* list);

}  // namespace mzr::tmpl

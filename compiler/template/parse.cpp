#include "compiler/template/parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "compiler/template/exec.h"
#include "compiler/template/go_fmt.h"
#include "compiler/template/lex.h"
#include "compiler/template/number.h"
#include "compiler/template/unquote.h"

namespace mzr::tmpl {
namespace {

struct Failure {
  Error error;
};

// The first `n` UTF-8 characters of `s` (an invalid byte counts as one).
std::string_view first_runes(std::string_view s, size_t n) {
  size_t i = 0;
  for (size_t k = 0; k < n && i < s.size(); ++k) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return s.substr(0, i);
}

std::string describe(const Token& t) {
  switch (t.type) {
    case Item::Eof: return "EOF";
    case Item::Error: return t.message;
    case Item::Space: return "space";
    case Item::LeftDelim: return "\"{{\"";
    case Item::RightDelim: return "\"}}\"";
    default: break;
  }
  if (t.type >= Item::Dot) return "<" + std::string(t.val) + ">";
  // Go's %q, and %.10q (the first ten characters) for a longer text.
  if (t.val.size() > 10) return go_quote_string(first_runes(t.val, 10)) + "...";
  return go_quote_string(t.val);
}

class Parser {
 public:
  Parser(Set& set, uint16_t source, const ParseOptions& options)
      : set_(set), source_(source), options_(options) {
    tokens_ = lex(set.source(source).text, options.keep_comments);
    // Reading past the end keeps returning Eof, and backing up after it stays consistent.
    Token last = tokens_.back();
    for (int i = 0; i < 4; ++i) tokens_.push_back(last);
  }

  std::map<std::string, Tree> run(const std::string& name) {
    char base;
    stack_base_ = reinterpret_cast<uintptr_t>(&base);
    parse_name_ = name;
    TreeState main{name, {"$"}, 0, std::nullopt};
    state_ = &main;
    Node* root = new_node(NodeKind::List, peek().pos);
    while (peek().type != Item::Eof) {
      if (peek().type == Item::LeftDelim) {
        size_t save = cursor_;
        advance();
        if (peek_non_space().type == Item::Define) {
          uint32_t at = advance().pos;
          parse_definition(at);
          continue;
        }
        cursor_ = save;
      }
      Node* n = text_or_action();
      if (n->kind == NodeKind::List && n->text == "end") fail(n->pos, "unexpected {{end}}");
      if (n->kind == NodeKind::List && n->text == "else") fail(n->pos, "unexpected {{else}}");
      root->nodes.push_back(n);
    }
    add(name, root);
    return std::move(trees_);
  }

 private:
  // Per tree, as Go keeps them per Tree: a {{define}} or {{block}} body is parsed as a tree of
  // its own.
  struct TreeState {
    std::string name;
    std::vector<std::string> vars;
    int range_depth;
    // Where the action being parsed starts (Go's actionLine, kept as a position: the lines are
    // counted only for an error).
    std::optional<uint32_t> action_at;
  };

  // While the body of a control structure is parsed: what it is and where it starts, for the
  // error when the text ends inside it.
  struct Opened {
    Opened(Parser& p, uint32_t pos, const char* what) : parser(p) {
      parser.open_.emplace_back(pos, what);
    }
    ~Opened() { parser.open_.pop_back(); }
    Opened(const Opened&) = delete;
    Opened& operator=(const Opened&) = delete;
    Parser& parser;
  };

  Error error_at(uint32_t pos, std::string message, ErrorKind kind = ErrorKind::Syntax) const {
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    e.source = source_;
    e.begin = pos;
    e.end = pos;
    e.tmpl = state_ ? state_->name : "";
    return e;
  }
  [[noreturn]] void fail(uint32_t pos, std::string message, ErrorKind kind = ErrorKind::Syntax) {
    throw Failure{error_at(pos, std::move(message), kind)};
  }

  Node* new_node(NodeKind kind, uint32_t pos) { return set_.make(kind, pos, source_); }

  // The next token, consumed, whatever it is; peeking ahead goes through here, and a lexer error
  // is a token like the others until something consumes it with next().
  const Token& advance() {
    const Token& t = tokens_[cursor_];
    if (cursor_ + 1 < tokens_.size()) ++cursor_;
    return t;
  }
  // The next token, consumed; a lexer error fails the parse here, as Go's parser fails on the
  // error item wherever it reads one.
  const Token& next() {
    const Token& t = advance();
    if (t.type == Item::Error) {
      Error e;
      e.kind = ErrorKind::Syntax;
      e.message = t.message + started_at(t);
      if (t.message == "unclosed action") {
        // The action left open is the last one opened before the end of the text.
        for (size_t i = cursor_; i-- > 0;) {
          if (tokens_[i].type != Item::LeftDelim) continue;
          e.open_what = "action";
          e.open_at = tokens_[i].pos;
          break;
        }
      }
      e.source = source_;
      e.begin = t.pos;
      e.end = t.pos + static_cast<uint32_t>(t.val.size());
      e.tmpl = state_ ? state_->name : "";
      throw Failure{std::move(e)};
    }
    return t;
  }
  const Token& peek() {
    const Token& t = tokens_[cursor_];
    return t;
  }
  void backup() { --cursor_; }
  const Token& next_non_space() {
    while (true) {
      const Token& t = next();
      if (t.type != Item::Space) return t;
    }
  }
  // Go's peekNonSpace: consumes the spaces before the next token, which stays current.
  const Token& peek_non_space() {
    while (tokens_[cursor_].type == Item::Space && cursor_ + 1 < tokens_.size()) ++cursor_;
    return tokens_[cursor_];
  }
  const Token& expect(Item type, const std::string& context) {
    const Token& t = next_non_space();
    if (t.type != type) unexpected(t, context);
    return t;
  }
  // The line of byte `pos`, counted from 1.
  uint32_t line_at(uint32_t pos) const {
    std::string_view text = set_.source(source_).text;
    pos = std::min<uint32_t>(pos, static_cast<uint32_t>(text.size()));
    return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + pos, '\n'));
  }
  // What Go adds to a lexer error found on another line than the action it is in.
  std::string started_at(const Token& t) const {
    if (state_ == nullptr || !state_->action_at) return "";
    uint32_t action_line = line_at(*state_->action_at);
    if (action_line == line_at(t.pos)) return "";
    std::string_view in = " in action";
    std::string extra = fmt::format("{} started at {}:{}", in, parse_name_, action_line);
    if (t.message.ends_with(" action")) extra.erase(0, in.size());  // not "action in action"
    return extra;
  }
  [[noreturn]] void unexpected(const Token& t, const std::string& context) {
    if (t.type == Item::Error) {
      fail(t.pos, t.message + started_at(t));
    }
    fail(t.pos, fmt::format("unexpected {} in {}", describe(t), context));
  }

  void add(const std::string& name, Node* root) {
    auto it = trees_.find(name);
    if (it == trees_.end() || is_empty_tree(it->second.root)) {
      trees_[name] = Tree{name, root, source_};
      return;
    }
    if (!is_empty_tree(root)) {
      fail(root->pos, "template: multiple definition of template " + go_quote_string(name));
    }
  }

  std::string unquote_name(const Token& t, const std::string& context) {
    if (t.type != Item::String && t.type != Item::RawString) unexpected(t, context);
    auto s = go_unquote(t.val);
    if (!s) fail(t.pos, "invalid syntax");
    return *s;
  }

  void parse_definition(uint32_t pos) {
    const std::string context = "define clause";
    const Token& name_tok = next_non_space();
    std::string name = unquote_name(name_tok, context);
    TreeState st{name, {"$"}, 0, std::nullopt};
    TreeState* outer = state_;
    state_ = &st;
    expect(Item::RightDelim, context);
    Opened opened(*this, pos, "define");
    auto [list, end] = item_list();
    if (end->text != "end") fail(end->pos, fmt::format("unexpected {} in {}", "{{else}}", context));
    add(name, list);
    state_ = outer;
  }

  // Returns the list and the node that ended it: a List marked "end" or "else".
  std::pair<Node*, Node*> item_list() {
    Node* list = new_node(NodeKind::List, peek_non_space().pos);
    while (peek_non_space().type != Item::Eof) {
      Node* n = text_or_action();
      if (n->kind == NodeKind::List && (n->text == "end" || n->text == "else")) return {list, n};
      list->nodes.push_back(n);
    }
    Error e = error_at(peek().pos, "unexpected EOF");
    if (!open_.empty()) std::tie(e.open_at, e.open_what) = open_.back();
    throw Failure{std::move(e)};
  }

  Node* text_or_action() {
    const Token& t = next_non_space();
    switch (t.type) {
      case Item::Text: {
        Node* n = new_node(NodeKind::Text, t.pos);
        n->text = std::string(t.val);
        n->end = t.pos + static_cast<uint32_t>(t.val.size());
        return n;
      }
      case Item::LeftDelim: {
        // Go keeps the line of the action being parsed for its lexer errors, and forgets it
        // (sets it to none, even inside an enclosing action) when the action ends.
        state_->action_at = t.pos;
        Node* n = action(t.pos);
        state_->action_at.reset();
        return n;
      }
      case Item::Comment: {
        Node* n = new_node(NodeKind::Comment, t.pos);
        n->text = std::string(t.val);
        n->end = t.pos + static_cast<uint32_t>(t.val.size());
        return n;
      }
      default: unexpected(t, "input");
    }
  }

  // A marker node for {{end}} and {{else}}: a List whose text names it.
  Node* marker(const char* what, uint32_t pos) {
    Node* n = new_node(NodeKind::List, pos);
    n->text = what;
    return n;
  }

  Node* action(uint32_t delim_pos) {
    const Token& t = next_non_space();
    Node* n = nullptr;
    switch (t.type) {
      case Item::Block: n = block_control(t.pos); break;
      case Item::Break:
      case Item::Continue: {
        bool brk = t.type == Item::Break;
        uint32_t pos = t.pos;
        const Token& close = next_non_space();
        if (close.type != Item::RightDelim) unexpected(close, brk ? "{{break}}" : "{{continue}}");
        if (state_->range_depth == 0) {
          fail(pos, brk ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
        }
        n = new_node(brk ? NodeKind::Break : NodeKind::Continue, pos);
        break;
      }
      case Item::Else: {
        const Token& p = peek_non_space();
        if (p.type == Item::If || p.type == Item::With) return marker("else", p.pos);
        const Token& close = expect(Item::RightDelim, "else");
        return marker("else", close.pos);
      }
      case Item::End: {
        const Token& close = expect(Item::RightDelim, "end");
        return marker("end", close.pos);
      }
      case Item::If: n = control(NodeKind::If, "if", t.pos); break;
      case Item::Range: n = control(NodeKind::Range, "range", t.pos); break;
      case Item::With: n = control(NodeKind::With, "with", t.pos); break;
      case Item::Template: n = template_control(t.pos); break;
      default: {
        backup();
        uint32_t pos = peek().pos;
        Node* a = new_node(NodeKind::Action, pos);
        a->pipe = pipeline("command", Item::RightDelim);
        n = a;
        break;
      }
    }
    (void)delim_pos;
    n->end = tokens_[cursor_ > 0 ? cursor_ - 1 : 0].pos + 2;
    return n;
  }

  Node* control(NodeKind kind, const std::string& context, uint32_t pos) {
    size_t vars = state_->vars.size();
    Node* n = new_node(kind, pos);
    n->pipe = pipeline(context, Item::RightDelim);
    if (++depth_ > options_.max_depth || stack_exhausted())
      fail(pos, "max control structure depth exceeded", ErrorKind::Limit);
    if (kind == NodeKind::Range) ++state_->range_depth;
    Opened opened(*this, pos, context.c_str());
    auto [list, next_node] = item_list();
    if (kind == NodeKind::Range) --state_->range_depth;
    n->list = list;
    if (next_node->text == "else") {
      n->has_else_action = true;
      if (kind == NodeKind::If && peek().type == Item::If) {
        const Token& t = next();
        Node* else_list = new_node(NodeKind::List, next_node->pos);
        else_list->nodes.push_back(control(NodeKind::If, "if", t.pos));
        n->else_list = else_list;
      } else if (kind == NodeKind::With && peek().type == Item::With) {
        const Token& t = next();
        Node* else_list = new_node(NodeKind::List, next_node->pos);
        else_list->nodes.push_back(control(NodeKind::With, "with", t.pos));
        n->else_list = else_list;
      } else {
        auto [else_list, end] = item_list();
        if (end->text != "end") fail(end->pos, "expected end; found {{else}}");
        n->else_list = else_list;
      }
    }
    --depth_;
    state_->vars.resize(vars);
    return n;
  }

  Node* block_control(uint32_t pos) {
    const std::string context = "block clause";
    const Token& name_tok = next_non_space();
    std::string name = unquote_name(name_tok, context);
    Node* pipe = pipeline(context, Item::RightDelim);
    TreeState st{name, {"$"}, 0, std::nullopt};
    TreeState* outer = state_;
    state_ = &st;
    if (++depth_ > options_.max_depth || stack_exhausted())
      fail(pos, "max control structure depth exceeded", ErrorKind::Limit);
    Opened opened(*this, pos, "block");
    auto [list, end] = item_list();
    --depth_;
    if (end->text != "end") fail(end->pos, "unexpected {{else}} in " + context);
    add(name, list);
    state_ = outer;
    Node* n = new_node(NodeKind::Template, pos);
    n->text = name;
    n->pipe = pipe;
    return n;
  }

  Node* template_control(uint32_t pos) {
    const std::string context = "template clause";
    const Token& name_tok = next_non_space();
    std::string name = unquote_name(name_tok, context);
    Node* n = new_node(NodeKind::Template, pos);
    n->text = name;
    if (next_non_space().type != Item::RightDelim) {
      backup();
      n->pipe = pipeline(context, Item::RightDelim);
    }
    return n;
  }

  Node* new_variable(const Token& t) {
    Node* v = new_node(NodeKind::Variable, t.pos);
    v->idents.push_back(std::string(t.val));
    v->end = t.pos + static_cast<uint32_t>(t.val.size());
    return v;
  }

  Node* pipeline(const std::string& context, Item end) {
    Node* pipe = new_node(NodeKind::Pipe, peek_non_space().pos);
  decls:
    if (peek_non_space().type == Item::Variable) {
      size_t at_var = cursor_;
      const Token& v = next();
      const Token& after = peek();
      Item after_type = after.type;
      const Token& nx = peek_non_space();
      if (nx.type == Item::Assign || nx.type == Item::Declare) {
        pipe->is_assign = nx.type == Item::Assign;
        next_non_space();
        pipe->decls.push_back(new_variable(v));
        state_->vars.push_back(std::string(v.val));
      } else if (nx.type == Item::Char && nx.val == ",") {
        next_non_space();
        pipe->decls.push_back(new_variable(v));
        state_->vars.push_back(std::string(v.val));
        if (context == "range" && pipe->decls.size() < 2) {
          Item p = peek_non_space().type;
          if (p == Item::Variable || p == Item::RightDelim || p == Item::RightParen) goto decls;
          fail(v.pos, "range can only initialize variables");
        }
        fail(v.pos, "too many declarations in " + context);
      } else {
        (void)after_type;
        cursor_ = at_var;
      }
    }
    while (true) {
      const Token& t = next_non_space();
      if (t.type == end) {
        check_pipeline(pipe, context, t.pos);
        pipe->end = t.pos;
        return pipe;
      }
      switch (t.type) {
        case Item::Bool:
        case Item::CharConstant:
        case Item::Complex:
        case Item::Dot:
        case Item::Field:
        case Item::Identifier:
        case Item::Number:
        case Item::Nil:
        case Item::RawString:
        case Item::String:
        case Item::Variable:
        case Item::LeftParen:
          backup();
          pipe->nodes.push_back(command());
          break;
        default: unexpected(t, context);
      }
    }
  }

  void check_pipeline(Node* pipe, const std::string& context, uint32_t pos) {
    if (pipe->nodes.empty()) fail(pos, "missing value for " + context);
    for (size_t i = 1; i < pipe->nodes.size(); ++i) {
      switch (pipe->nodes[i]->nodes[0]->kind) {
        case NodeKind::Bool:
        case NodeKind::Dot:
        case NodeKind::Nil:
        case NodeKind::Number:
        case NodeKind::String:
          fail(pipe->nodes[i]->pos,
               fmt::format("non executable command in pipeline stage {}", i + 1));
        default: break;
      }
    }
  }

  Node* command() {
    Node* cmd = new_node(NodeKind::Command, peek_non_space().pos);
    while (true) {
      peek_non_space();
      Node* operand = this->operand();
      if (operand) cmd->nodes.push_back(operand);
      const Token& t = next();
      if (t.type == Item::Space) continue;
      if (t.type == Item::RightDelim || t.type == Item::RightParen) {
        backup();
      } else if (t.type != Item::Pipe) {
        unexpected(t, "operand");
      }
      break;
    }
    if (cmd->nodes.empty()) fail(cmd->pos, "empty command");
    cmd->end = cmd->nodes.back()->end;
    return cmd;
  }

  Node* operand() {
    Node* node = term();
    if (!node) return nullptr;
    if (peek().type == Item::Field) {
      std::vector<std::string> fields;
      uint32_t end = node->end;
      while (peek().type == Item::Field) {
        const Token& f = next();
        // ".a.b" is lexed one field at a time; each starts with '.'.
        fields.push_back(std::string(f.val.substr(1)));
        end = f.pos + static_cast<uint32_t>(f.val.size());
      }
      switch (node->kind) {
        case NodeKind::Field:
        case NodeKind::Variable:
          for (auto& f : fields) node->idents.push_back(f);
          node->end = end;
          return node;
        case NodeKind::Bool:
        case NodeKind::String:
        case NodeKind::Number:
        case NodeKind::Nil:
        case NodeKind::Dot:
          fail(node->pos, "unexpected . after term " + go_quote_string(print_node(node)));
        default: {
          Node* chain = new_node(NodeKind::Chain, node->pos);
          chain->operand = node;
          chain->idents = std::move(fields);
          chain->end = end;
          return chain;
        }
      }
    }
    return node;
  }

  Node* term() {
    const Token& t = next_non_space();
    uint32_t end = t.pos + static_cast<uint32_t>(t.val.size());
    switch (t.type) {
      case Item::Identifier: {
        if (options_.has_function && !options_.has_function(t.val)) {
          fail(t.pos, fmt::format("function \"{}\" not defined", t.val),
               ErrorKind::UnknownFunction);
        }
        Node* n = new_node(NodeKind::Identifier, t.pos);
        n->text = std::string(t.val);
        n->end = end;
        return n;
      }
      case Item::Dot: {
        Node* n = new_node(NodeKind::Dot, t.pos);
        n->end = end;
        return n;
      }
      case Item::Nil: {
        Node* n = new_node(NodeKind::Nil, t.pos);
        n->end = end;
        return n;
      }
      case Item::Variable: {
        Node* v = new_variable(t);
        bool known = false;
        for (const auto& name : state_->vars) known = known || name == t.val;
        if (!known) fail(t.pos, fmt::format("undefined variable \"{}\"", t.val));
        return v;
      }
      case Item::Field: {
        Node* n = new_node(NodeKind::Field, t.pos);
        n->idents.push_back(std::string(t.val.substr(1)));
        n->end = end;
        return n;
      }
      case Item::Bool: {
        Node* n = new_node(NodeKind::Bool, t.pos);
        n->boolean = t.val == "true";
        n->end = end;
        return n;
      }
      case Item::CharConstant:
      case Item::Complex:
      case Item::Number: {
        NumberLiteral kind = t.type == Item::CharConstant ? NumberLiteral::Char
                             : t.type == Item::Complex    ? NumberLiteral::Complex
                                                          : NumberLiteral::Plain;
        auto r = read_number(t.val, kind);
        if (auto* msg = std::get_if<std::string>(&r)) fail(t.pos, *msg);
        Node* n = new_node(NodeKind::Number, t.pos);
        n->number = std::get<NumberValue>(r);
        n->text = std::string(t.val);
        n->end = end;
        return n;
      }
      case Item::LeftParen: {
        if (++depth_ > options_.max_depth || stack_exhausted())
          fail(t.pos, "max expression depth exceeded", ErrorKind::Limit);
        Node* p = pipeline("parenthesized pipeline", Item::RightParen);
        --depth_;
        p->pos = t.pos;
        p->end = p->end + 1;
        return p;
      }
      case Item::String:
      case Item::RawString: {
        auto s = go_unquote(t.val);
        if (!s) fail(t.pos, "invalid syntax");
        Node* n = new_node(NodeKind::String, t.pos);
        n->text = std::move(*s);
        n->quoted = std::string(t.val);
        n->end = end;
        return n;
      }
      default: break;
    }
    backup();
    return nullptr;
  }

  bool stack_exhausted() const {
    char here;
    return stack_base_ - reinterpret_cast<uintptr_t>(&here) > kStackBudget;
  }

  uintptr_t stack_base_ = 0;
  std::string parse_name_;  // the name the text is parsed as (Go's ParseName)
  std::vector<std::pair<uint32_t, std::string>> open_;  // see Opened
  Set& set_;
  uint16_t source_;
  const ParseOptions& options_;
  std::vector<Token> tokens_;
  size_t cursor_ = 0;
  int depth_ = 0;
  TreeState* state_ = nullptr;
  std::map<std::string, Tree> trees_;
};

}  // namespace

bool is_empty_tree(const Node* n) {
  if (!n) return true;
  switch (n->kind) {
    case NodeKind::List:
      for (const Node* c : n->nodes) {
        if (!is_empty_tree(c)) return false;
      }
      return true;
    case NodeKind::Text: return n->text.find_first_not_of(" \t\r\n") == std::string::npos;
    case NodeKind::Comment: return true;
    default: return false;
  }
}

std::optional<Error> parse(Set& set, uint16_t source, const std::string& name,
                           const ParseOptions& options) {
  std::map<std::string, Tree> trees;
  try {
    Parser p(set, source, options);
    trees = p.run(name);
  } catch (Failure& f) {
    return std::move(f.error);
  }
  for (auto& [n, tree] : trees) {
    auto it = set.trees().find(n);
    if (it != set.trees().end() && is_empty_tree(tree.root) && it->second.root) continue;
    set.trees()[n] = tree;
  }
  return std::nullopt;
}

}  // namespace mzr::tmpl

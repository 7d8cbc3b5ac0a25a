#include "compiler/template/exec.h"

#include <fmt/format.h>

#include "compiler/template/go_fmt.h"
#include "compiler/template/parse.h"

namespace mzr::tmpl {
namespace {

struct ExecFailure {
  Error error;
};

enum class Flow { Normal, Break, Continue };

bool is_hex_int(std::string_view s) {
  return s.size() > 2 && s[0] == '0' && (s[1] | 0x20) == 'x' &&
         s.find_first_of("pP") == std::string_view::npos;
}

class State {
 public:
  State(const Set& set, const FuncMap& funcs, const ExecOptions& options)
      : set_(set), funcs_(funcs), options_(options) {}

  void run(const Tree& tree, const Value& data) {
    tree_ = &tree;
    vars_.push_back({"$", data});
    walk(data, tree.root);
  }

  std::string out;

 private:
  [[noreturn]] void fail(std::string message, ErrorKind kind = ErrorKind::Execution) {
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    if (at_) {
      e.source = at_->source;
      e.begin = at_->pos;
      e.end = std::max(at_->end, at_->pos);
      e.context = print_node(at_);
    }
    e.tmpl = tree_ ? tree_->name : "";
    throw ExecFailure{std::move(e)};
  }

  void write(std::string_view s) {
    if (out.size() + s.size() > options_.max_output) {
      fail(fmt::format("output exceeds the limit of {} bytes", options_.max_output),
           ErrorKind::Limit);
    }
    out += s;
  }

  // --- variables
  Value var_value(const std::string& name) {
    for (size_t i = vars_.size(); i-- > 0;) {
      if (vars_[i].first == name) return vars_[i].second;
    }
    fail(fmt::format("undefined variable: {}", name));
  }
  void set_var(const std::string& name, const Value& v) {
    for (size_t i = vars_.size(); i-- > 0;) {
      if (vars_[i].first == name) {
        vars_[i].second = v;
        return;
      }
    }
    fail(fmt::format("undefined variable: {}", name));
  }
  void set_top_var(size_t n, const Value& v) { vars_[vars_.size() - n].second = v; }

  // --- walking
  Flow walk(const Value& dot, const Node* node) {
    at_ = node;
    switch (node->kind) {
      case NodeKind::Action: {
        Value v = eval_pipeline(dot, node->pipe);
        if (node->pipe->decls.empty()) print_value(node, v);
        return Flow::Normal;
      }
      case NodeKind::Break: return Flow::Break;
      case NodeKind::Continue: return Flow::Continue;
      case NodeKind::Comment: return Flow::Normal;
      case NodeKind::If:
      case NodeKind::With: return walk_if_or_with(node, dot);
      case NodeKind::List:
        for (const Node* n : node->nodes) {
          Flow f = walk(dot, n);
          if (f != Flow::Normal) return f;
        }
        return Flow::Normal;
      case NodeKind::Range: return walk_range(dot, node);
      case NodeKind::Template: walk_template(dot, node); return Flow::Normal;
      case NodeKind::Text: write(node->text); return Flow::Normal;
      default: fail("unknown node: " + print_node(node));
    }
  }

  void print_value(const Node* n, const Value& v) {
    at_ = n;
    if (options_.html) {
      write(html_escape_in_context(v));
      return;
    }
    if (!v.is_valid()) {
      write("<no value>");
      return;
    }
    std::vector<Value> args{v};
    write(go_sprint(args));
  }

  std::string html_escape_in_context(const Value& v) {
    std::string s = v.is_valid() && !(v.kind == Kind::Nil && !v.type) ? go_sprint({v}) : "";
    std::string_view type = v.is_valid() ? v.type_name() : "";
    // Where the output stands: inside a tag's quoted URL attribute, or in text.
    size_t lt = out.rfind('<');
    size_t gt = out.rfind('>');
    if (lt != std::string::npos && (gt == std::string::npos || gt < lt)) {
      std::string_view tag = std::string_view(out).substr(lt);
      size_t q = tag.find_last_of("\"'");
      size_t quotes = 0;
      for (char c : tag) quotes += c == '"' || c == '\'';
      if (q != std::string_view::npos && quotes % 2 == 1 && q >= 1 && tag[q - 1] == '=') {
        size_t name_end = q - 1;
        size_t name_begin = tag.find_last_of(" \t\n", name_end);
        name_begin = name_begin == std::string_view::npos ? 0 : name_begin + 1;
        std::string_view attr = tag.substr(name_begin, name_end - name_begin);
        if (attr == "href" || attr == "src" || attr == "action" || attr == "cite") {
          std::string_view value = tag.substr(q + 1);
          bool query = value.find_first_of("?#") != std::string_view::npos;
          std::string u;
          for (unsigned char c : s) {
            bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
            if (type == "template.URL" || !query) {
              keep = keep || std::string_view("!#$&*+,/:;=?@[]%'()").find(static_cast<char>(c)) !=
                                 std::string_view::npos;
            }
            if (keep) {
              u += static_cast<char>(c);
            } else {
              u += fmt::format("%{:02x}", c);
            }
          }
          return html_attr_escape(u);
        }
      }
      return html_attr_escape(s);
    }
    if (type == "template.HTML") return s;
    return html_attr_escape(s);
  }

  static std::string html_attr_escape(std::string_view s) {
    std::string o;
    for (char c : s) {
      switch (c) {
        case '&': o += "&amp;"; break;
        case '\'': o += "&#39;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&#34;"; break;
        case '+': o += "&#43;"; break;
        case '\0': o += "\xEF\xBF\xBD"; break;
        default: o += c;
      }
    }
    return o;
  }

  Flow walk_if_or_with(const Node* node, const Value& dot) {
    size_t mark = vars_.size();
    Value val = eval_pipeline(dot, node->pipe);
    bool truth = is_true(val);
    Flow f = Flow::Normal;
    if (truth) {
      f = walk(node->kind == NodeKind::With ? val : dot, node->list);
    } else if (node->else_list) {
      f = walk(dot, node->else_list);
    }
    vars_.resize(mark);
    return f;
  }

  Flow walk_range(const Value& dot, const Node* r) {
    at_ = r;
    size_t outer = vars_.size();
    Value val = eval_pipeline(dot, r->pipe);
    size_t mark = vars_.size();
    const auto& decls = r->pipe->decls;
    auto one = [&](const Value& index, const Value& elem) -> bool {
      if (!decls.empty()) {
        if (r->pipe->is_assign) {
          set_var(decls[0]->idents[0], decls.size() > 1 ? index : elem);
        } else {
          set_top_var(1, elem);
        }
      }
      if (decls.size() > 1) {
        if (r->pipe->is_assign) {
          set_var(decls[1]->idents[0], elem);
        } else {
          set_top_var(2, index);
        }
      }
      Flow f = walk(elem, r->list);
      vars_.resize(mark);
      return f != Flow::Break;
    };
    bool ran = false;
    switch (val.kind) {
      case Kind::List:
        for (size_t i = 0; i < val.c->list.size(); ++i) {
          ran = true;
          if (!one(make_int(static_cast<int64_t>(i)), val.c->list[i])) break;
        }
        break;
      case Kind::Map:
        for (const auto& [k, e] : val.c->map) {
          ran = true;
          if (!one(make_string(k), e)) break;
        }
        break;
      case Kind::Int:
      case Kind::Uint: {
        if (decls.size() > 1) {
          fail(
              fmt::format("can't use {} to iterate over more than one variable", go_sprint({val})));
        }
        uint64_t n = val.kind == Kind::Int ? (val.i < 0 ? 0 : static_cast<uint64_t>(val.i)) : val.u;
        for (uint64_t i = 0; i < n; ++i) {
          ran = true;
          Value x = val.kind == Kind::Int ? make_int(static_cast<int64_t>(i), val.type)
                                          : make_uint(i, val.type);
          if (!one(x, x)) break;
        }
        break;
      }
      case Kind::Invalid:
      case Kind::Nil: break;
      default: fail(fmt::format("range can't iterate over {}", go_sprint({val})));
    }
    if (!ran && r->else_list) {
      Flow f = walk(dot, r->else_list);
      vars_.resize(outer);
      return f;
    }
    vars_.resize(outer);
    return Flow::Normal;
  }

  void walk_template(const Value& dot, const Node* t) {
    at_ = t;
    const Tree* tree = set_.find(t->text);
    if (!tree || !tree->root) {
      fail(fmt::format("template \"{}\" not defined", t->text), ErrorKind::Undefined);
    }
    if (depth_ >= options_.max_call_depth) {
      fail(fmt::format("exceeded maximum template depth ({})", options_.max_call_depth),
           ErrorKind::Limit);
    }
    Value new_dot = t->pipe ? eval_pipeline(dot, t->pipe) : make_invalid();
    std::vector<std::pair<std::string, Value>> saved;
    saved.swap(vars_);
    vars_.push_back({"$", new_dot});
    const Tree* saved_tree = tree_;
    tree_ = tree;
    ++depth_;
    walk(new_dot, tree->root);
    --depth_;
    tree_ = saved_tree;
    vars_.swap(saved);
  }

  // --- evaluation
  Value eval_pipeline(const Value& dot, const Node* pipe) {
    if (!pipe) return make_invalid();
    at_ = pipe;
    Value value;
    bool have = false;
    for (const Node* cmd : pipe->nodes) {
      value = eval_command(dot, cmd, have ? &value : nullptr);
      have = true;
      if (value.kind == Kind::Nil && !value.type) value = make_invalid();
    }
    for (const Node* v : pipe->decls) {
      if (pipe->is_assign) {
        set_var(v->idents[0], value);
      } else {
        vars_.push_back({v->idents[0], value});
      }
    }
    return value;
  }

  void not_a_function(const Node* cmd, const Value* final) {
    if (cmd->nodes.size() > 1 || final) {
      fail(fmt::format("can't give argument to non-function {}", print_node(cmd->nodes[0])));
    }
  }

  Value eval_command(const Value& dot, const Node* cmd, const Value* final) {
    const Node* first = cmd->nodes[0];
    switch (first->kind) {
      case NodeKind::Field: return eval_field_chain(dot, dot, first, first->idents, cmd, final);
      case NodeKind::Chain: return eval_chain(dot, first, cmd, final);
      case NodeKind::Identifier: return eval_function(dot, first, cmd, final);
      case NodeKind::Pipe: {
        at_ = first;
        not_a_function(cmd, final);
        return eval_pipeline(dot, first);
      }
      case NodeKind::Variable: return eval_variable(dot, first, cmd, final);
      default: break;
    }
    at_ = first;
    not_a_function(cmd, final);
    switch (first->kind) {
      case NodeKind::Bool: return make_bool(first->boolean);
      case NodeKind::Dot: return dot;
      case NodeKind::Nil: fail("nil is not a command");
      case NodeKind::Number: return ideal_constant(first);
      case NodeKind::String: return make_string(first->text);
      default: break;
    }
    fail(fmt::format("can't evaluate command \"{}\"", print_node(first)));
  }

  Value ideal_constant(const Node* n) {
    at_ = n;
    const NumberValue& c = n->number;
    if (c.is_complex) return make_complex(c.re, c.im);
    if (c.is_float && !is_hex_int(n->text) && n->text[0] != '\'' &&
        n->text.find_first_of(".eEpP") != std::string::npos) {
      return make_float(c.f);
    }
    if (c.is_int) return make_int(c.i);
    if (c.is_uint) fail(fmt::format("{} overflows int", n->text));
    return make_invalid();
  }

  Value eval_chain(const Value& dot, const Node* chain, const Node* cmd, const Value* final) {
    if (chain->operand->kind == NodeKind::Nil) {
      at_ = chain;
      fail(fmt::format("indirection through explicit nil in {}", print_node(chain)));
    }
    Value pipe = eval_arg(dot, Param::Any, chain->operand);
    return eval_field_chain(dot, pipe, chain, chain->idents, cmd, final);
  }

  Value eval_variable(const Value& dot, const Node* v, const Node* cmd, const Value* final) {
    at_ = v;
    Value value = var_value(v->idents[0]);
    if (v->idents.size() == 1) {
      if (cmd) not_a_function(cmd, final);
      return value;
    }
    std::vector<std::string> rest(v->idents.begin() + 1, v->idents.end());
    return eval_field_chain(dot, value, v, rest, cmd, final);
  }

  Value eval_field_chain(const Value& dot, Value receiver, const Node* node,
                         const std::vector<std::string>& idents, const Node* cmd,
                         const Value* final) {
    size_t n = idents.size();
    for (size_t i = 0; i + 1 < n; ++i) {
      receiver = eval_field(dot, idents[i], node, nullptr, nullptr, receiver);
    }
    return eval_field(dot, idents[n - 1], node, cmd, final, receiver);
  }

  Value eval_field(const Value& dot, const std::string& name, const Node* node, const Node* cmd,
                   const Value* final, const Value& receiver) {
    at_ = node;
    if (!receiver.is_valid()) {
      if (options_.missing_key == MissingKey::Error) {
        fail(fmt::format("nil data; no entry for key \"{}\"", name));
      }
      return make_invalid();
    }
    if (receiver.kind == Kind::Nil && !receiver.type) {
      fail(fmt::format("nil pointer evaluating interface {{}}.{}", name));
    }
    if (receiver.type && receiver.type->method) {
      if (const Function* m = receiver.type->method(name)) {
        return eval_call(dot, *m, cmd, name, final, &receiver);
      }
    }
    bool has_args = (cmd && cmd->nodes.size() > 1) || final;
    if (receiver.kind == Kind::Struct) {
      for (const auto& [k, v] : receiver.c->fields) {
        if (k == name) {
          if (has_args)
            fail(fmt::format("{} has arguments but cannot be invoked as function", name));
          return v;
        }
      }
    } else if (receiver.kind == Kind::Map) {
      if (has_args) fail(fmt::format("{} is not a method but has arguments", name));
      auto it = receiver.c->map.find(name);
      if (it != receiver.c->map.end()) return it->second;
      switch (options_.missing_key) {
        case MissingKey::Default: return make_invalid();
        case MissingKey::Zero: return receiver.c->elem_zero;
        case MissingKey::Error: fail(fmt::format("map has no entry for key \"{}\"", name));
      }
    }
    fail(fmt::format("can't evaluate field {} in type {}", name, receiver.type_name()));
  }

  Value eval_function(const Value& dot, const Node* ident, const Node* cmd, const Value* final) {
    at_ = ident;
    auto it = funcs_.find(ident->text);
    if (it == funcs_.end()) {
      fail(fmt::format("\"{}\" is not a defined function", ident->text),
           ErrorKind::UnknownFunction);
    }
    return eval_call(dot, it->second, cmd, ident->text, final, nullptr);
  }

  // Calls `fn` with the arguments of `cmd` after its first word (cmd may be null: no
  // arguments), then `final` if present; `receiver` for methods.
  Value eval_call(const Value& dot, const Function& fn, const Node* cmd, const std::string& name,
                  const Value* final, const Value* receiver) {
    if (cmd) at_ = cmd;
    size_t nargs = cmd ? cmd->nodes.size() - 1 : 0;
    size_t num_in = nargs + (final ? 1 : 0);
    size_t nparams = fn.params.size();
    if (fn.variadic) {
      size_t fixed = nparams - 1;
      if (num_in < fixed) {
        fail(
            fmt::format("wrong number of args for {}: want at least {} got {}", name, fixed, nargs),
            ErrorKind::ArgCount);
      }
    } else if (num_in != nparams) {
      fail(fmt::format("wrong number of args for {}: want {} got {}", name, nparams, num_in),
           ErrorKind::ArgCount);
    }
    auto param_at = [&](size_t i) {
      if (fn.variadic && i >= nparams - 1) return fn.params.back();
      return fn.params[i];
    };
    if (fn.special != Special::None) {
      bool is_or = fn.special == Special::Or;
      Value v;
      for (size_t i = 0; i < nargs; ++i) {
        v = eval_arg(dot, Param::Reflect, cmd->nodes[i + 1]);
        if (is_true(v) == is_or) return v;
      }
      if (final) v = validate(*final, Param::Reflect);
      return v;
    }
    std::vector<Value> argv;
    argv.reserve(num_in + 1);
    if (receiver) argv.push_back(*receiver);
    for (size_t i = 0; i < nargs; ++i)
      argv.push_back(eval_arg(dot, param_at(i), cmd->nodes[i + 1]));
    if (final) argv.push_back(validate(*final, param_at(nargs)));
    if (cmd) at_ = cmd;
    CallResult r = fn.call(argv);
    if (r.failed) fail(fmt::format("error calling {}: {}", name, r.error));
    return std::move(r.value);
  }

  static std::string_view param_name(Param p) {
    switch (p) {
      case Param::String: return "string";
      case Param::Int: return "int";
      case Param::Float: return "float64";
      case Param::Bool: return "bool";
      case Param::Reflect: return "reflect.Value";
      default: return "interface {}";
    }
  }

  Value validate(const Value& v, Param p) {
    if (!v.is_valid() || (v.kind == Kind::Nil && !v.type)) {
      switch (p) {
        case Param::Any:
        case Param::Typed: return make_nil();
        case Param::Reflect: return v;
        default: fail(fmt::format("invalid value; expected {}", param_name(p)));
      }
    }
    bool ok = true;
    switch (p) {
      case Param::String: ok = v.kind == Kind::String && v.type == &types::kString; break;
      case Param::Int: ok = v.kind == Kind::Int && v.type == &types::kInt; break;
      case Param::Float: ok = v.kind == Kind::Float && v.type == &types::kFloat64; break;
      case Param::Bool: ok = v.kind == Kind::Bool; break;
      default: break;
    }
    if (!ok) {
      fail(fmt::format("wrong type for value; expected {}; got {}", param_name(p), v.type_name()));
    }
    return v;
  }

  Value eval_arg(const Value& dot, Param p, const Node* n) {
    at_ = n;
    switch (n->kind) {
      case NodeKind::Dot: return validate(dot, p);
      case NodeKind::Nil:
        if (p == Param::Any || p == Param::Typed) return make_nil();
        fail(fmt::format("cannot assign nil to {}", param_name(p)));
      case NodeKind::Field:
        return validate(eval_field_chain(dot, dot, n, n->idents, nullptr, nullptr), p);
      case NodeKind::Variable: return validate(eval_variable(dot, n, nullptr, nullptr), p);
      case NodeKind::Pipe: return validate(eval_pipeline(dot, n), p);
      case NodeKind::Identifier: return validate(eval_function(dot, n, nullptr, nullptr), p);
      case NodeKind::Chain: return validate(eval_chain(dot, n, nullptr, nullptr), p);
      default: break;
    }
    switch (p) {
      case Param::Bool:
        if (n->kind == NodeKind::Bool) return make_bool(n->boolean);
        fail(fmt::format("expected bool; found {}", print_node(n)));
      case Param::Float:
        if (n->kind == NodeKind::Number && n->number.is_float) return make_float(n->number.f);
        fail(fmt::format("expected float; found {}", print_node(n)));
      case Param::Int:
        if (n->kind == NodeKind::Number && n->number.is_int) return make_int(n->number.i);
        fail(fmt::format("expected integer; found {}", print_node(n)));
      case Param::String:
        if (n->kind == NodeKind::String) return make_string(n->text);
        fail(fmt::format("expected string; found {}", print_node(n)));
      default: break;
    }
    switch (n->kind) {
      case NodeKind::Bool: return make_bool(n->boolean);
      case NodeKind::Number: return ideal_constant(n);
      case NodeKind::String: return make_string(n->text);
      default: break;
    }
    fail(fmt::format("can't handle {} for arg of type {}", print_node(n), param_name(p)));
  }

  const Set& set_;
  const FuncMap& funcs_;
  const ExecOptions& options_;
  const Tree* tree_ = nullptr;
  const Node* at_ = nullptr;
  int depth_ = 0;
  std::vector<std::pair<std::string, Value>> vars_;
};

}  // namespace

bool is_true(const Value& v) {
  switch (v.kind) {
    case Kind::Invalid:
    case Kind::Nil: return false;
    case Kind::Bool: return v.b;
    case Kind::Int:
    case Kind::Duration: return v.i != 0;
    case Kind::Uint: return v.u != 0;
    case Kind::Float: return v.f != 0;
    case Kind::Complex: return v.f != 0 || v.im != 0;
    case Kind::String: return !v.s.empty();
    case Kind::List: return !v.c->list.empty();
    case Kind::Map: return !v.c->map.empty();
    case Kind::Struct:
    case Kind::Time: return true;
  }
  return false;
}

ExecResult execute(const Set& set, const std::string& name, const Value& data, const FuncMap& funcs,
                   const ExecOptions& options) {
  ExecResult result;
  const Tree* tree = set.find(name);
  if (!tree || !tree->root) {
    Error e;
    e.kind = ErrorKind::Undefined;
    e.message = fmt::format("no template \"{}\" associated with template \"{}\"", name, name);
    e.tmpl = name;
    result.error = std::move(e);
    return result;
  }
  State state(set, funcs, options);
  try {
    state.run(*tree, data);
  } catch (ExecFailure& f) {
    result.error = std::move(f.error);
  }
  result.output = std::move(state.out);
  return result;
}

std::string go_error_text(const Set& set, const Error& e) {
  std::string_view text;
  std::string_view parse_name = e.tmpl;
  if (e.source < set.source_count()) {
    text = set.source(e.source).text;
    parse_name = set.source(e.source).name;
  }
  std::string_view before = text.substr(0, std::min<size_t>(e.begin, text.size()));
  size_t line = 1;
  for (char c : before) line += c == '\n';
  size_t nl = before.rfind('\n');
  size_t col = nl == std::string_view::npos ? before.size() : before.size() - nl - 1;
  if (e.kind == ErrorKind::Syntax || e.kind == ErrorKind::UnknownFunction ||
      (e.kind == ErrorKind::Limit && e.context.empty())) {
    if (e.message.starts_with("template: ")) return e.message;
    return fmt::format("template: {}:{}: {}", parse_name, line, e.message);
  }
  if (e.context.empty()) return fmt::format("template: {}: {}", e.tmpl, e.message);
  std::string context = e.context;
  if (context.size() > 20) context = context.substr(0, 20) + "...";
  return fmt::format("template: {}:{}:{}: executing \"{}\" at <{}>: {}", parse_name, line, col,
                     e.tmpl, context, e.message);
}

}  // namespace mzr::tmpl

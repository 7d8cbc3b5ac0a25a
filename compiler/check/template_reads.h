#pragma once
// One walk over Go templates that follows what each value is (the data, a map of label names,
// a list of alerts, ...) through fields, variables, `with`, `range`, `index` and pipelines, and
// reports every name read from a map: `$labels.x`, `.CommonLabels.x`, `index .Labels "x"`.
// Text outside actions is not read.
//
// The data model is a parameter, a class with:
//   enum class Kind { ..., Other };                 Other: anything the model does not follow
//   static Kind field(Kind base, std::string_view);  the kind of `base.name`
//   static bool is_map(Kind);                        its fields are names read (labels, ...)
//   static Kind element(Kind);                       what `range` over it and `index it N` yield
// Used for alert templates (template_labels.cpp) and Alertmanager's notification data
// (notification_labels.cpp).

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/template/parse.h"

namespace mzr {

template <class Model>
class TemplateReadWalker {
 public:
  using Kind = typename Model::Kind;
  using Node = tmpl::Node;
  using NodeKind = tmpl::NodeKind;
  // A name read from a map of kind `map`; `at` is the node the reference starts at and `end`
  // one past its last byte.
  using OnRead =
      std::function<void(Kind map, const std::string& name, const Node* at, uint32_t end)>;

  // With `set`, `{{template "x" pipeline}}` is followed into the set's tree "x" with the kind of
  // the pipeline as its data, each tree once per kind; without, only its pipeline is read.
  TemplateReadWalker(const tmpl::Set* set, OnRead on_read)
      : set_(set), on_read_(std::move(on_read)) {}

  // A tree whose data (`.` and `$`) is of kind `dot`.
  void run(const Node* root, Kind dot) {
    std::vector<std::pair<std::string, Kind>> saved = std::move(vars_);
    vars_.assign(1, {"$", dot});
    walk(root, dot);
    vars_ = std::move(saved);
  }

  // The set's tree `name`, once per kind of data.
  void run(const std::string& name, Kind dot) {
    if (set_ == nullptr || !visited_.insert({name, dot}).second) return;
    if (const tmpl::Tree* t = set_->find(name)) run(t->root, dot);
  }

 private:
  const tmpl::Set* set_;
  OnRead on_read_;
  std::set<std::pair<std::string, Kind>> visited_;
  std::vector<std::pair<std::string, Kind>> vars_;

  void walk(const Node* n, Kind dot) {
    if (n == nullptr) return;
    switch (n->kind) {
      case NodeKind::List:
        for (const Node* c : n->nodes) walk(c, dot);
        return;
      case NodeKind::Action: declare(n->pipe, dot); return;
      case NodeKind::Template:
        read_pipe(n->pipe, dot);
        run(n->text, n->pipe ? pipe_kind(n->pipe, dot) : Kind::Other);
        return;
      case NodeKind::If:
      case NodeKind::Range:
      case NodeKind::With: control(n, dot); return;
      default: return;
    }
  }

  Kind var_kind(const std::string& name) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return Kind::Other;
  }

  // `if`/`range`/`with`: variables declared in the pipeline or the lists end with the structure.
  // `with $l := X` binds X; `range $v := X` and `range $i, $v := X` bind the element to the last.
  void control(const Node* n, Kind dot) {
    size_t scope = vars_.size();
    Kind value = pipe_kind(n->pipe, dot);
    read_pipe(n->pipe, dot);
    Kind inner = dot;
    if (n->kind == NodeKind::With) inner = value;
    if (n->kind == NodeKind::Range) inner = Model::element(value);
    if (n->pipe != nullptr) {
      const auto& decls = n->pipe->decls;
      for (size_t i = 0; i < decls.size(); ++i) {
        if (decls[i]->idents.empty()) continue;
        Kind k = Kind::Other;
        if (n->kind == NodeKind::With) k = value;
        if (n->kind == NodeKind::Range && i + 1 == decls.size()) k = inner;
        vars_.emplace_back(decls[i]->idents[0], k);
      }
    }
    walk(n->list, inner);
    vars_.resize(scope);
    walk(n->else_list, dot);
    vars_.resize(scope);
  }

  // `{{ $x := pipeline }}` declares, `{{ $x = pipeline }}` assigns the innermost $x.
  void declare(const Node* pipe, Kind dot) {
    if (pipe == nullptr) return;
    read_pipe(pipe, dot);
    Kind k = pipe_kind(pipe, dot);
    for (const Node* d : pipe->decls) {
      if (d->idents.empty()) continue;
      bool assigned = false;
      if (pipe->is_assign) {
        for (auto it = vars_.rbegin(); it != vars_.rend() && !assigned; ++it) {
          if (it->first == d->idents[0]) {
            it->second = k;
            assigned = true;
          }
        }
      }
      if (!assigned) vars_.emplace_back(d->idents[0], k);
    }
  }

  static bool is_index(const std::vector<Node*>& args) {
    return args.size() == 3 && args[0]->kind == NodeKind::Identifier && args[0]->text == "index";
  }

  // The kind of what a pipeline yields: a lone operand, or `index X N` of a list.
  Kind pipe_kind(const Node* pipe, Kind dot) const {
    if (pipe == nullptr || pipe->nodes.size() != 1) return Kind::Other;
    const Node* cmd = pipe->nodes.front();
    if (is_index(cmd->nodes)) {
      Kind e = Model::element(operand_kind(cmd->nodes[1], dot));
      if (e != Kind::Other) return e;
    }
    if (cmd->nodes.size() != 1) return Kind::Other;
    return operand_kind(cmd->nodes.front(), dot);
  }

  Kind operand_kind(const Node* n, Kind dot) const {
    switch (n->kind) {
      case NodeKind::Dot: return dot;
      case NodeKind::Variable: return path(var_kind(n->idents[0]), n->idents, 1);
      case NodeKind::Field: return path(dot, n->idents, 0);
      case NodeKind::Chain: return path(operand_kind(n->operand, dot), n->idents, 0);
      case NodeKind::Pipe: return pipe_kind(n, dot);
      default: return Kind::Other;
    }
  }
  static Kind path(Kind base, const std::vector<std::string>& names, size_t from) {
    for (size_t i = from; i < names.size(); ++i) base = Model::field(base, names[i]);
    return base;
  }

  void read_pipe(const Node* pipe, Kind dot) {
    if (pipe == nullptr) return;
    for (const Node* cmd : pipe->nodes) {
      const auto& args = cmd->nodes;
      // `index $labels "x"`
      if (is_index(args) && args[2]->kind == NodeKind::String) {
        Kind k = operand_kind(args[1], dot);
        if (Model::is_map(k)) on_read_(k, args[2]->text, args[1], args[2]->end);
      }
      for (const Node* a : args) read_operand(a, dot);
    }
  }

  void read_operand(const Node* n, Kind dot) {
    switch (n->kind) {
      case NodeKind::Variable: fields(var_kind(n->idents[0]), n->idents, 1, n); return;
      case NodeKind::Field: fields(dot, n->idents, 0, n); return;
      case NodeKind::Chain:
        read_operand(n->operand, dot);
        fields(operand_kind(n->operand, dot), n->idents, 0, n);
        return;
      case NodeKind::Pipe: read_pipe(n, dot); return;
      default: return;
    }
  }

  // The first field taken of a map is a name read.
  void fields(Kind base, const std::vector<std::string>& names, size_t from, const Node* n) {
    for (size_t i = from; i < names.size(); ++i) {
      if (Model::is_map(base)) {
        on_read_(base, names[i], n, n->end);
        return;
      }
      base = Model::field(base, names[i]);
      if (base == Kind::Other) return;
    }
  }
};

}  // namespace mzr

#include "compiler/check/template_labels.h"

#include <fmt/format.h>

#include <optional>
#include <string_view>
#include <utility>

#include "compiler/template/parse.h"
#include "compiler/template/prometheus.h"

namespace mzr {
namespace {

using tmpl::Node;
using tmpl::NodeKind;

// What a value in the template is, as far as label reads go.
enum class Kind : uint8_t { Data, Labels, Other };  // Data: the alert data, `.` at the top

class Reader {
 public:
  explicit Reader(uint32_t prefix) : prefix_(prefix) {}

  // One tree: `$` is its data, whose kind is `dot`.
  void run(const Node* root, Kind dot) {
    vars_.assign(1, {"$", dot});
    walk(root, dot);
  }

  std::vector<LabelRead> reads;

 private:
  void walk(const Node* n, Kind dot) {
    if (n == nullptr) return;
    switch (n->kind) {
      case NodeKind::List:
        for (const Node* c : n->nodes) walk(c, dot);
        return;
      case NodeKind::Action: declare(n->pipe, dot); return;
      case NodeKind::Template: declare(n->pipe, dot); return;
      case NodeKind::If:
      case NodeKind::Range:
      case NodeKind::With: control(n, dot); return;
      default: return;
    }
  }

  uint32_t prefix_;  // bytes of Prometheus' prefix before the template's own text
  std::vector<std::pair<std::string, Kind>> vars_;

  Kind var_kind(const std::string& name) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return Kind::Other;
  }
  void set_var(const std::string& name, Kind k, bool assign) {
    if (assign) {
      for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
        if (it->first == name) {
          it->second = k;
          return;
        }
      }
    }
    vars_.emplace_back(name, k);
  }

  // `if`/`range`/`with`: variables declared in the pipeline or the lists end with the structure.
  void control(const Node* n, Kind dot) {
    size_t scope = vars_.size();
    Kind value = pipe_kind(n->pipe, dot);
    read_pipe(n->pipe, dot);
    Kind inner = dot;
    if (n->kind == NodeKind::With) inner = value;
    if (n->kind == NodeKind::Range) inner = Kind::Other;  // an element: a label value, a sample
    if (n->pipe != nullptr) {
      // `range $k, $v := $labels` binds names and values; `with $l := $labels` binds $l.
      for (const Node* d : n->pipe->decls) {
        if (!d->idents.empty()) {
          set_var(d->idents[0], n->kind == NodeKind::With ? value : Kind::Other, false);
        }
      }
    }
    walk(n->list, inner);
    vars_.resize(scope);
    walk(n->else_list, dot);
    vars_.resize(scope);
  }

  void declare(const Node* pipe, Kind dot) {
    if (pipe == nullptr) return;
    read_pipe(pipe, dot);
    Kind k = pipe_kind(pipe, dot);
    for (const Node* d : pipe->decls) {
      if (!d->idents.empty()) set_var(d->idents[0], k, pipe->is_assign);
    }
  }

  // The kind of what a pipeline yields: only a lone operand keeps a kind.
  Kind pipe_kind(const Node* pipe, Kind dot) const {
    if (pipe == nullptr || pipe->nodes.size() != 1) return Kind::Other;
    const Node* cmd = pipe->nodes.front();
    if (cmd->nodes.size() != 1) return Kind::Other;
    return operand_kind(cmd->nodes.front(), dot);
  }

  // `$labels`, `.Labels`, `$.Labels`, `(.Labels)`: a value whose fields are label names.
  Kind operand_kind(const Node* n, Kind dot) const {
    switch (n->kind) {
      case NodeKind::Dot: return dot;
      case NodeKind::Variable: return after(var_kind(n->idents[0]), n->idents, 1);
      case NodeKind::Field: return after(dot, n->idents, 0);
      case NodeKind::Chain: return after(operand_kind(n->operand, dot), n->idents, 0);
      case NodeKind::Pipe: return pipe_kind(n, dot);
      default: return Kind::Other;
    }
  }
  static Kind after(Kind base, const std::vector<std::string>& fields, size_t from) {
    for (size_t i = from; i < fields.size(); ++i) {
      base = base == Kind::Data && fields[i] == "Labels" ? Kind::Labels : Kind::Other;
    }
    return base;
  }

  void read_pipe(const Node* pipe, Kind dot) {
    if (pipe == nullptr) return;
    for (const Node* cmd : pipe->nodes) read_command(cmd, dot);
  }

  void read_command(const Node* cmd, Kind dot) {
    const auto& args = cmd->nodes;
    // `index $labels "x"`
    if (args.size() == 3 && args[0]->kind == NodeKind::Identifier && args[0]->text == "index" &&
        operand_kind(args[1], dot) == Kind::Labels && args[2]->kind == NodeKind::String) {
      add(args[2]->text, args[1]->pos, args[2]->end);
    }
    for (const Node* a : args) read_operand(a, dot);
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

  // The first field taken of a Labels value is a label name.
  void fields(Kind base, const std::vector<std::string>& names, size_t from, const Node* n) {
    for (size_t i = from; i < names.size(); ++i) {
      if (base == Kind::Labels) {
        add(names[i], n->pos, n->end);
        return;
      }
      base = base == Kind::Data && names[i] == "Labels" ? Kind::Labels : Kind::Other;
      if (base == Kind::Other) return;
    }
  }

  void add(const std::string& name, uint32_t begin, uint32_t end) {
    if (begin < prefix_) return;  // Prometheus' own definitions
    reads.push_back({name, begin - prefix_, end < begin ? begin - prefix_ : end - prefix_});
  }
};

// The span of bytes [begin, end) of `value` in the source: the reference found in the text the
// span covers, when it occurs there as often as in the value (escapes, line folding and string
// concatenation move it, but do not change it); otherwise the whole value.
Span locate(const model::Text& value, uint32_t begin, uint32_t end, const SourceManager* sources) {
  if (sources == nullptr || value.span.file == kNoSource || end <= begin) return value.span;
  std::string_view text = sources->file(value.span.file).text();
  if (value.span.end > text.size() || value.span.begin >= value.span.end) return value.span;
  std::string_view raw = text.substr(value.span.begin, value.span.end - value.span.begin);
  std::string_view ref = std::string_view(value.value).substr(begin, end - begin);
  auto occurrences = [&](std::string_view s, size_t until) {
    std::vector<size_t> at;
    for (size_t i = s.find(ref); i != std::string_view::npos && i < until; i = s.find(ref, i + 1)) {
      at.push_back(i);
    }
    return at;
  };
  std::vector<size_t> in_value = occurrences(value.value, value.value.size());
  std::vector<size_t> in_raw = occurrences(raw, raw.size());
  if (in_value.size() != in_raw.size()) return value.span;
  for (size_t k = 0; k < in_value.size(); ++k) {
    if (in_value[k] != begin) continue;
    auto b = static_cast<uint32_t>(value.span.begin + in_raw[k]);
    return Span{value.span.file, b, static_cast<uint32_t>(b + ref.size())};
  }
  return value.span;
}

}  // namespace

std::vector<LabelRead> labels_read(const std::string& text) {
  if (text.find("{{") == std::string::npos) return {};
  tmpl::Set set;
  std::string full = std::string(tmpl::kAlertTemplatePrefix) + text;
  uint16_t source = set.add_source("alert", full);
  tmpl::ParseOptions options;  // every function name parses; E0330 reports unknown ones
  if (tmpl::parse(set, source, "alert", options)) return {};
  Reader reader(static_cast<uint32_t>(tmpl::kAlertTemplatePrefix.size()));
  for (const auto& [name, tree] : set.trees()) {
    // `{{define}}` bodies do not see the prefix's variables, and their dot is what the caller
    // passes: nothing is known of it.
    reader.run(tree.root, name == "alert" ? Kind::Data : Kind::Other);
  }
  return std::move(reader.reads);
}

void check_template_labels(const model::RuleGroup& g, const model::Rule& r,
                           const std::function<bool(const std::string&)>& may_have,
                           const std::string& series_labels, const SourceManager* sources,
                           Diagnostics& diags) {
  auto check = [&](const model::LabelPair& p) {
    for (const LabelRead& read : labels_read(p.value.value)) {
      if (may_have(read.name)) continue;
      bool static_label = false;
      for (const auto* set : {&r.labels, &g.labels}) {
        for (const model::LabelPair& l : *set) static_label |= l.name.value == read.name;
      }
      auto& d = diags.report(DiagKind::TemplateLabelNeverSet,
                             locate(p.value, read.begin, read.end, sources),
                             fmt::format("'$labels.{}' is always empty: the series of alert '{}' "
                                         "never carry label '{}'",
                                         read.name, r.name.value, read.name));
      d.note(r.expr_span,
             fmt::format("the expression returns series with labels {}", series_labels));
      if (static_label) {
        d.note(p.value.span, fmt::format("'{}' is a label of the rule; write its value directly, "
                                         "$labels holds only the series' labels",
                                         read.name));
      }
    }
  };
  for (const model::LabelPair& p : r.annotations) check(p);
  for (const model::LabelPair& p : r.labels) check(p);
}

}  // namespace mzr

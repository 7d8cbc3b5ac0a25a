#include "compiler/check/notification_labels.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "compiler/template/alertmanager.h"
#include "compiler/template/parse.h"

namespace mzr {
namespace {

using tmpl::Node;
using tmpl::NodeKind;

// What a value of Alertmanager's notification data is, as far as label reads go.
enum class Kind : uint8_t { Data, Alerts, Alert, Labels, Annotations, Other };

enum class Field : uint8_t { Label, Annotation };

// One read of a label or annotation: where, in which source of the set.
struct Read {
  Field field;
  std::string name;
  uint16_t source = 0;
  uint32_t begin = 0, end = 0;
  bool operator<(const Read& o) const {
    return std::tie(source, begin, end, field, name) <
           std::tie(o.source, o.begin, o.end, o.field, o.name);
  }
};

// The methods of Alertmanager's KV (labels and annotations), which are not names of the map.
bool is_kv_method(std::string_view name) {
  return name == "SortedPairs" || name == "Names" || name == "Values" || name == "Remove";
}

Kind field_of(Kind base, std::string_view name) {
  switch (base) {
    case Kind::Data:
      if (name == "CommonLabels" || name == "GroupLabels") return Kind::Labels;
      if (name == "CommonAnnotations") return Kind::Annotations;
      if (name == "Alerts") return Kind::Alerts;
      return Kind::Other;
    case Kind::Alerts: return name == "Firing" || name == "Resolved" ? Kind::Alerts : Kind::Other;
    case Kind::Alert:
      if (name == "Labels") return Kind::Labels;
      if (name == "Annotations") return Kind::Annotations;
      return Kind::Other;
    default: return Kind::Other;
  }
}

// Walks templates from a starting tree, following {{template}} calls with the kind of the data
// they pass, and collects the label and annotation reads.
class Walker {
 public:
  explicit Walker(const tmpl::Set& set) : set_(set) {}

  void run(const std::string& tree, Kind dot) {
    if (!visited_.insert({tree, dot}).second) return;
    const tmpl::Tree* t = set_.find(tree);
    if (t == nullptr) return;
    std::vector<std::pair<std::string, Kind>> saved = std::move(vars_);
    vars_.assign(1, {"$", dot});
    walk(t->root, dot);
    vars_ = std::move(saved);
  }

  std::set<Read> reads;

 private:
  const tmpl::Set& set_;
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

  void control(const Node* n, Kind dot) {
    size_t scope = vars_.size();
    Kind value = pipe_kind(n->pipe, dot);
    read_pipe(n->pipe, dot);
    Kind inner = dot;
    if (n->kind == NodeKind::With) inner = value;
    if (n->kind == NodeKind::Range) inner = value == Kind::Alerts ? Kind::Alert : Kind::Other;
    if (n->pipe != nullptr) {
      const auto& decls = n->pipe->decls;
      for (size_t i = 0; i < decls.size(); ++i) {
        if (decls[i]->idents.empty()) continue;
        Kind k = Kind::Other;
        if (n->kind == NodeKind::With) k = value;
        // `range $a := .Alerts` and `range $i, $a := .Alerts`: the last is the element.
        if (n->kind == NodeKind::Range && i + 1 == decls.size()) k = inner;
        vars_.emplace_back(decls[i]->idents[0], k);
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

  Kind pipe_kind(const Node* pipe, Kind dot) const {
    if (pipe == nullptr || pipe->nodes.size() != 1) return Kind::Other;
    const Node* cmd = pipe->nodes.front();
    // `index .Alerts 0`
    if (cmd->nodes.size() == 3 && cmd->nodes[0]->kind == NodeKind::Identifier &&
        cmd->nodes[0]->text == "index" && operand_kind(cmd->nodes[1], dot) == Kind::Alerts) {
      return Kind::Alert;
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
    for (size_t i = from; i < names.size(); ++i) base = field_of(base, names[i]);
    return base;
  }

  void read_pipe(const Node* pipe, Kind dot) {
    if (pipe == nullptr) return;
    for (const Node* cmd : pipe->nodes) {
      const auto& args = cmd->nodes;
      // `index .CommonLabels "x"`
      if (args.size() == 3 && args[0]->kind == NodeKind::Identifier && args[0]->text == "index" &&
          args[2]->kind == NodeKind::String) {
        add(operand_kind(args[1], dot), args[2]->text, args[1], args[2]->end);
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

  void fields(Kind base, const std::vector<std::string>& names, size_t from, const Node* n) {
    for (size_t i = from; i < names.size(); ++i) {
      if (base == Kind::Labels || base == Kind::Annotations) {
        add(base, names[i], n, n->end);
        return;
      }
      base = field_of(base, names[i]);
      if (base == Kind::Other) return;
    }
  }

  void add(Kind base, const std::string& name, const Node* at, uint32_t end) {
    if (base != Kind::Labels && base != Kind::Annotations) return;
    if (is_kv_method(name)) return;
    reads.insert({base == Kind::Labels ? Field::Label : Field::Annotation, name, at->source,
                  at->pos, std::max(end, at->pos)});
  }
};

// Every string of a setting's value that holds a template action, with its span.
void template_strings(const model::AmValue& v, std::vector<const model::AmValue*>& out) {
  if (v.kind == model::AmValue::Kind::Scalar && v.scalar.find("{{") != std::string::npos) {
    out.push_back(&v);
  }
  for (const model::AmValue& item : v.items) template_strings(item, out);
  for (const model::AmValueEntry& e : v.entries) template_strings(e.value, out);
}

// Where a read is in the source files: template files map byte for byte; a setting's text maps
// to the reference when it occurs there as often as in the value, else to the whole setting.
struct SourceSpan {
  SourceId file = kNoSource;
  bool verbatim = false;  // the set's source is the file's text
  const model::AmValue* setting = nullptr;
};

Span locate(const Read& r, const SourceSpan& s, const tmpl::Set& set,
            const SourceManager& sources) {
  if (s.verbatim) return Span{s.file, r.begin, r.end};
  const model::AmValue& v = *s.setting;
  if (v.span.file == kNoSource || v.span.end <= v.span.begin) return v.span;
  std::string_view text = sources.file(v.span.file).text();
  if (v.span.end > text.size()) return v.span;
  std::string_view raw = text.substr(v.span.begin, v.span.end - v.span.begin);
  std::string_view value = set.source(r.source).text;
  std::string_view ref = value.substr(r.begin, r.end - r.begin);
  auto nth = [&](std::string_view hay, size_t index_of) {
    size_t k = 0;
    for (size_t i = hay.find(ref); i != std::string_view::npos; i = hay.find(ref, i + 1), ++k) {
      if (index_of == k) return i;
    }
    return std::string_view::npos;
  };
  auto count = [&](std::string_view hay) {
    size_t k = 0;
    for (size_t i = hay.find(ref); i != std::string_view::npos; i = hay.find(ref, i + 1)) ++k;
    return k;
  };
  if (ref.empty() || count(raw) != count(value)) return v.span;
  size_t k = 0;
  for (size_t i = value.find(ref); i != std::string_view::npos && i < r.begin;
       i = value.find(ref, i + 1)) {
    ++k;
  }
  size_t at = nth(raw, k);
  if (at == std::string_view::npos) return v.span;
  auto b = static_cast<uint32_t>(v.span.begin + at);
  return Span{v.span.file, b, static_cast<uint32_t>(b + ref.size())};
}

bool may_carry(const AlertLabels& a, const Read& r) {
  if (r.field == Field::Label) return a.may_carry(r.name);
  for (const model::LabelPair& p : a.rule->annotations) {
    if (p.name.value == r.name) return true;
  }
  return false;
}

}  // namespace

void check_notification_labels(const model::AlertmanagerConfig& config,
                               const std::vector<AlertReceivers>& receivers, SourceManager& sources,
                               Diagnostics& diags) {
  tmpl::FuncMap funcs = tmpl::alertmanager_functions({}, tmpl::make_invalid());
  tmpl::ParseOptions po;
  po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  tmpl::Set set;
  std::vector<SourceSpan> where;  // by source of the set
  for (const model::AmTemplateFile& f : config.template_files) {
    SourceId id = sources.add(f.path.empty() ? f.name : f.path, f.content);
    uint16_t src = set.add_source(f.name, f.content);
    where.resize(src + 1);
    where[src] = {id, true, nullptr};
    if (tmpl::parse(set, src, f.name, po)) return;  // E1100 says why; reads would be partial
  }

  // The alerts each receiver's messages are about.
  std::map<std::string, std::vector<const AlertLabels*>> alerts_of;
  for (const AlertReceivers& r : receivers) {
    for (const auto* list : {&r.definite, &r.possible}) {
      for (const std::string& name : *list) alerts_of[name].push_back(r.alert);
    }
  }

  // Each read, with the alerts of every receiver whose templates reach it.
  std::map<Read, std::set<const AlertLabels*>> reached;
  size_t field_index = 0;
  for (const model::AmReceiver& receiver : config.receivers) {
    auto alerts = alerts_of.find(receiver.name.value);
    if (alerts == alerts_of.end()) continue;
    Walker walker(set);
    for (const model::AmIntegration& integration : receiver.integrations) {
      for (const model::AmSetting& setting : integration.settings) {
        std::vector<const model::AmValue*> strings;
        template_strings(setting.content, strings);
        for (const model::AmValue* s : strings) {
          std::string name = fmt::format("__setting_{}", field_index++);
          uint16_t src = set.add_source(name, s->scalar);
          where.resize(src + 1);
          where[src] = {s->span.file, false, s};
          if (tmpl::parse(set, src, name, po)) continue;
          walker.run(name, Kind::Data);
        }
      }
    }
    for (const Read& r : walker.reads) {
      reached[r].insert(alerts->second.begin(), alerts->second.end());
    }
  }

  for (const auto& [read, alerts] : reached) {
    bool carried = false;
    for (const AlertLabels* a : alerts) carried = carried || may_carry(*a, read);
    if (carried) continue;
    std::string what = read.field == Field::Label ? "label" : "annotation";
    diags.report(DiagKind::NotificationLabelNeverSet,
                 locate(read, where[read.source], set, sources),
                 fmt::format("{} '{}' is always empty here: none of the {} alert(s) routed to the "
                             "receivers using this template carries it",
                             what, read.name, alerts.size()));
  }
}

}  // namespace mzr

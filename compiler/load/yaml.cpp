#include "compiler/load/yaml.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace mzr::yaml {
namespace {

// Thrown from the event handler to stop the parse after a limit was reported.
struct Abort {};

bool is_core_tag(const std::string& tag) {
  static const char* const kCore[] = {"?",
                                      "!",
                                      "tag:yaml.org,2002:str",
                                      "tag:yaml.org,2002:int",
                                      "tag:yaml.org,2002:float",
                                      "tag:yaml.org,2002:bool",
                                      "tag:yaml.org,2002:null",
                                      "tag:yaml.org,2002:map",
                                      "tag:yaml.org,2002:seq",
                                      ""};
  for (const char* t : kCore) {
    if (tag == t) return true;
  }
  return false;
}

// The end of a scalar that starts at `begin`, found in the source text: the closing quote of a
// quoted scalar, the value itself for a plain one on one line, otherwise the end of the line.
// Returns nullopt for a quoted scalar that is never closed (yaml-cpp accepts those at the end of
// the input; YAML does not).
std::optional<uint32_t> scalar_end(std::string_view text, uint32_t begin,
                                   const std::string& value) {
  if (begin >= text.size()) return begin;
  char first = text[begin];
  if (first == '"' || first == '\'') {
    for (size_t i = begin + 1; i < text.size(); ++i) {
      if (first == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == first) {
        if (first == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
          continue;
        }
        return static_cast<uint32_t>(i + 1);
      }
    }
    return std::nullopt;
  }
  if (first == '|' || first == '>') return begin + 1;
  if (text.substr(begin, value.size()) == value) return begin + static_cast<uint32_t>(value.size());
  size_t eol = text.find('\n', begin);
  if (eol == std::string_view::npos) eol = text.size();
  while (eol > begin && (text[eol - 1] == ' ' || text[eol - 1] == '\r')) --eol;
  return static_cast<uint32_t>(eol);
}

class Builder : public YAML::EventHandler {
 public:
  Builder(const SourceFile& file, SourceId id, Stream& stream, Diagnostics& diags,
          const Limits& limits)
      : file_(file), id_(id), stream_(stream), diags_(diags), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {
    stack_.clear();
    anchors_.clear();
    root_ = nullptr;
    doc_size_ = 0;
  }
  void OnDocumentEnd() override { stream_.documents.push_back({root_ ? root_ : make_null({})}); }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node* n = new_node(Kind::Null, mark);
    finish_leaf(n, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    const Node* target = it != anchors_.end() ? it->second : make_null(mark);
    add_expanded(target->expanded, mark);
    if (target->kind == Kind::Scalar || target->kind == Kind::Null) {
      // Scalars are copied so that a diagnostic about the value points at the alias, not at the
      // anchor; mappings and sequences stay shared to keep expansion cheap.
      Node* copy = new_node(target->kind, mark);
      copy->value = target->value;
      copy->plain = target->plain;
      copy->tag = target->tag;
      copy->span.end = alias_end(copy->span.begin);
      attach(copy);
      return;
    }
    attach(target);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node* n = new_node(Kind::Scalar, mark);
    n->span.begin = skip_properties(n->span.begin);
    n->value = value;
    n->tag = tag;
    n->plain = tag == "?";
    auto end = scalar_end(file_.text(), n->span.begin, value);
    if (!end) {
      diags_.report(DiagKind::YamlSyntax, n->span, "invalid YAML: quoted string is never closed");
      throw Abort{};
    }
    n->span.end = *end;
    check_tag(n);
    finish_leaf(n, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Kind::Sequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Kind::Mapping, mark, tag, anchor);
  }
  void OnMapEnd() override {
    Frame& f = stack_.back();
    resolve_mapping(f);
    close();
  }

 private:
  struct Frame {
    Node* node;
    YAML::anchor_t anchor;
    std::vector<const Node*> children;  // mapping: key, value, key, value, ...
  };

  Span span_at(const YAML::Mark& mark) const {
    auto pos = static_cast<uint32_t>(mark.pos < 0 ? 0 : mark.pos);
    pos = std::min(pos, file_.size());
    return {id_, pos, std::min(pos + 1, file_.size())};
  }

  Node* new_node(Kind kind, const YAML::Mark& mark) {
    Node& n = stream_.nodes.emplace_back();
    n.kind = kind;
    n.span = span_at(mark);
    return &n;
  }

  const Node* make_null(const YAML::Mark& mark) { return new_node(Kind::Null, mark); }

  // yaml-cpp marks a scalar at its anchor or tag ('&a !!str value'); the value starts after them.
  uint32_t skip_properties(uint32_t pos) const {
    std::string_view t = file_.text();
    while (pos < t.size() && (t[pos] == '&' || t[pos] == '!')) {
      while (pos < t.size() && t[pos] != ' ' && t[pos] != '\t' && t[pos] != '\n') ++pos;
      while (pos < t.size() && (t[pos] == ' ' || t[pos] == '\t')) ++pos;
    }
    return pos;
  }

  uint32_t alias_end(uint32_t pos) const {
    std::string_view t = file_.text();
    uint32_t end = pos + 1;
    while (end < t.size() && t[end] != ' ' && t[end] != '\n' && t[end] != '\r' && t[end] != ',' &&
           t[end] != ']' && t[end] != '}')
      ++end;
    return std::min<uint32_t>(end, file_.size());
  }

  void check_tag(const Node* n) {
    if (!is_core_tag(n->tag)) {
      diags_.report(DiagKind::YamlUnsupportedTag, n->span,
                    fmt::format("unsupported YAML tag '{}'", n->tag));
    }
  }

  void add_expanded(size_t count, const YAML::Mark& mark) {
    doc_size_ += count;
    if (doc_size_ > limits_.max_expanded_nodes) {
      diags_.report(DiagKind::YamlExcessiveAliasing, span_at(mark),
                    fmt::format("document expands to more than {} nodes through aliases",
                                limits_.max_expanded_nodes));
      throw Abort{};
    }
  }

  void finish_leaf(Node* n, YAML::anchor_t anchor) {
    if (anchor) anchors_[anchor] = n;
    doc_size_ += 1;
    attach(n);
  }

  void attach(const Node* n) {
    if (stack_.empty()) {
      root_ = n;
    } else {
      stack_.back().children.push_back(n);
    }
  }

  void open(Kind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (stack_.size() >= limits_.max_depth) {
      diags_.report(DiagKind::YamlTooDeep, span_at(mark),
                    fmt::format("YAML nesting deeper than {} levels", limits_.max_depth));
      throw Abort{};
    }
    Node* n = new_node(kind, mark);
    n->tag = tag;
    check_tag(n);
    stack_.push_back({n, anchor, {}});
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    size_t size = 1;
    if (f.node->kind == Kind::Sequence) f.node->items = std::move(f.children);
    for (const Node* c : f.node->items) size += c->expanded;
    for (const Entry& e : f.node->entries) size += e.key->expanded + e.value->expanded;
    f.node->expanded = size;
    doc_size_ += 1;
    if (f.anchor) anchors_[f.anchor] = f.node;
    attach(f.node);
  }

  static bool is_merge_key(const Node* k) {
    return k->kind == Kind::Scalar && k->plain && k->value == "<<";
  }

  // Builds the entries of a mapping: explicit keys first claim their names; merged mappings
  // ('<<: *a' or '<<: [*a, *b]') contribute keys not yet present, earlier ones winning.
  void resolve_mapping(Frame& f) {
    std::map<std::string, const Node*> first_key;
    std::vector<Entry> entries;
    std::vector<const Node*> merges;
    for (size_t i = 0; i + 1 < f.children.size(); i += 2) {
      const Node* k = f.children[i];
      const Node* v = f.children[i + 1];
      if (is_merge_key(k)) {
        merges.push_back(v);
        continue;
      }
      if (k->kind == Kind::Scalar) {
        auto [it, inserted] = first_key.emplace(k->value, k);
        if (!inserted) {
          diags_
              .report(DiagKind::YamlDuplicateKey, k->span,
                      fmt::format("mapping key '{}' is already defined", k->value))
              .note(it->second->span, "first defined here");
          continue;
        }
      }
      entries.push_back({k, v});
    }
    for (const Node* m : merges) {
      std::vector<const Node*> sources;
      if (m->kind == Kind::Mapping) {
        sources.push_back(m);
      } else if (m->kind == Kind::Sequence) {
        sources = m->items;
      } else {
        sources.push_back(m);
      }
      for (const Node* src : sources) {
        if (src->kind != Kind::Mapping) {
          diags_.report(DiagKind::WrongNodeType, src->span,
                        "merge key '<<' needs a mapping or a list of mappings");
          continue;
        }
        for (const Entry& e : src->entries) {
          if (e.key->kind == Kind::Scalar && first_key.emplace(e.key->value, e.key).second) {
            entries.push_back(e);
          }
        }
      }
    }
    f.node->entries = std::move(entries);
  }

  const SourceFile& file_;
  SourceId id_;
  Stream& stream_;
  Diagnostics& diags_;
  const Limits& limits_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, const Node*> anchors_;
  const Node* root_ = nullptr;
  size_t doc_size_ = 0;
};

}  // namespace

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Scalar: return "scalar";
    case Kind::Sequence: return "list";
    case Kind::Mapping: return "mapping";
  }
  return "?";
}

const Node* Node::key_node(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key->kind == Kind::Scalar && e.key->value == key) return e.key;
  }
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key->kind == Kind::Scalar && e.key->value == key) return e.value;
  }
  return nullptr;
}

Stream parse(const SourceManager& sm, SourceId id, Diagnostics& diags, const Limits& limits) {
  Stream stream;
  const SourceFile& file = sm.file(id);
  std::istringstream in{std::string(file.text())};
  Builder builder(file, id, stream, diags, limits);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const Abort&) {
    stream.ok = false;
  } catch (const YAML::Exception& e) {
    stream.ok = false;
    auto pos = static_cast<uint32_t>(e.mark.pos < 0 ? 0 : e.mark.pos);
    pos = std::min(pos, file.size());
    std::string msg = e.msg;
    bool too_deep = msg.find("depth") != std::string::npos;
    diags.report(too_deep ? DiagKind::YamlTooDeep : DiagKind::YamlSyntax,
                 {id, pos, std::min(pos + 1, file.size())},
                 too_deep ? "YAML nesting is too deep" : fmt::format("invalid YAML: {}", msg));
  }
  return stream;
}

}  // namespace mzr::yaml

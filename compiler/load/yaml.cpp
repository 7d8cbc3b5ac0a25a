#include "compiler/load/yaml.h"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace mzr::yaml {
namespace {

bool is_core_tag(std::string_view tag) {
  static constexpr std::string_view kCore[] = {"?",
                                               "!",
                                               "tag:yaml.org,2002:str",
                                               "tag:yaml.org,2002:int",
                                               "tag:yaml.org,2002:float",
                                               "tag:yaml.org,2002:bool",
                                               "tag:yaml.org,2002:null",
                                               "tag:yaml.org,2002:map",
                                               "tag:yaml.org,2002:seq",
                                               ""};
  return std::find(std::begin(kCore), std::end(kCore), tag) != std::end(kCore);
}

bool is_null_string(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::string_view c_str(const yaml_char_t* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// Eight bytes at a time: this runs over every byte of every YAML file.
bool is_ascii(std::string_view s) {
  constexpr uint64_t kHighBits = 0x8080808080808080;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & kHighBits) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

// libyaml counts positions in code points after a leading byte order mark; mzrules counts bytes.
// Positions arrive nearly in order, so a cursor that walks to each one costs little in total,
// and nothing at all for pure ASCII text.
class ByteOffsets {
 public:
  explicit ByteOffsets(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) base_ = byte_ = 3;
    ascii_ = is_ascii(text_);
  }

  uint32_t at(size_t index) {
    if (ascii_) return clamp(base_ + index);
    while (index_ < index && byte_ < text_.size()) {
      ++byte_;
      while (byte_ < text_.size() && is_continuation(text_[byte_])) ++byte_;
      ++index_;
    }
    while (index_ > index && byte_ > base_) {
      --byte_;
      while (byte_ > base_ && is_continuation(text_[byte_])) --byte_;
      --index_;
    }
    return clamp(byte_);
  }

 private:
  static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
  uint32_t clamp(size_t b) const { return static_cast<uint32_t>(std::min(b, text_.size())); }

  std::string_view text_;
  size_t base_ = 0;
  size_t byte_ = 0;
  size_t index_ = 0;
  bool ascii_ = true;
};

// Owns one libyaml event and frees it whatever happens.
struct Event {
  yaml_event_t e{};
  ~Event() { yaml_event_delete(&e); }
};

class Builder {
 public:
  Builder(const SourceFile& file, SourceId id, Stream& stream, Diagnostics& diags,
          const Limits& limits)
      : file_(file),
        id_(id),
        stream_(stream),
        diags_(diags),
        limits_(limits),
        offsets_(file.text()),
        alias_budget_(std::clamp(file.size() * limits.alias_bytes_per_file_byte,
                                 limits.min_alias_bytes,
                                 std::max(limits.min_alias_bytes, limits.max_alias_bytes))) {}

  // Handles one event; false when a limit was reported and the parse must stop.
  bool handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        stack_.clear();
        children_.clear();
        anchors_.clear();
        root_ = nullptr;
        doc_size_ = 0;
        return true;
      case YAML_DOCUMENT_END_EVENT:
        stream_.documents.push_back({root_ ? root_ : new_node(Kind::Null, e.start_mark)});
        return true;
      case YAML_ALIAS_EVENT: return on_alias(e);
      case YAML_SCALAR_EVENT: return on_scalar(e);
      case YAML_SEQUENCE_START_EVENT:
        return open(Kind::Sequence, e.start_mark, e.data.sequence_start.tag,
                    e.data.sequence_start.anchor);
      case YAML_MAPPING_START_EVENT:
        return open(Kind::Mapping, e.start_mark, e.data.mapping_start.tag,
                    e.data.mapping_start.anchor);
      case YAML_SEQUENCE_END_EVENT: close(); return true;
      case YAML_MAPPING_END_EVENT:
        resolve_mapping(stack_.back().node, open_children());
        close();
        return true;
      default: return true;
    }
  }

  // Reports the parser's error at its position.
  void syntax_error(const yaml_parser_t& p) {
    std::string_view problem = p.problem ? p.problem : "malformed input";
    std::string_view context = p.context ? p.context : "";
    if (p.error == YAML_READER_ERROR) {
      // The reader counts raw bytes.
      auto pos = static_cast<uint32_t>(std::min<size_t>(p.problem_offset, file_.size()));
      diags_.report(DiagKind::YamlSyntax, point(pos), fmt::format("invalid YAML: {}", problem));
      return;
    }
    if (context == "while scanning a quoted scalar" &&
        problem == "found unexpected end of stream") {
      diags_.report(DiagKind::YamlSyntax, point(offsets_.at(p.context_mark.index)),
                    "invalid YAML: quoted string is never closed");
      return;
    }
    uint32_t pos = offsets_.at(p.problem_mark.index);
    std::string_view text = file_.text();
    std::string message = fmt::format("invalid YAML: {}", problem);
    if (problem == "found character that cannot start any token" && pos < text.size() &&
        text[pos] == '\t') {
      message = "invalid YAML: found a tab where a token was expected (YAML indents with spaces)";
    }
    if (problem.find("escape") != std::string_view::npos) {
      // libyaml points into the escape; point at its backslash.
      for (uint32_t b = pos; b + 10 > pos && b > 0; --b) {
        if (text[b - 1] == '\\') {
          pos = b - 1;
          break;
        }
      }
    }
    auto& d = diags_.report(DiagKind::YamlSyntax, point(pos), message);
    // Where the construct that failed begins, when that is on an earlier line.
    if (!context.empty() && p.context_mark.line < p.problem_mark.line) {
      std::string_view what = context;
      for (std::string_view prefix : {"while parsing ", "while scanning "}) {
        if (what.starts_with(prefix)) what.remove_prefix(prefix.size());
      }
      for (std::string_view article : {"a ", "an "}) {
        if (what.starts_with(article)) what.remove_prefix(article.size());
      }
      d.note(point(offsets_.at(p.context_mark.index)), fmt::format("the {} starts here", what));
    }
  }

 private:
  struct Frame {
    Node* node;
    std::string_view anchor;
    size_t first_child;  // where its children start in `children_`
  };

  Span point(uint32_t pos) const { return {id_, pos, std::min(pos + 1, file_.size())}; }

  Node* new_node(Kind kind, const yaml_mark_t& mark) {
    Node& n = stream_.nodes.emplace_back();
    n.kind = kind;
    n.span = point(offsets_.at(mark.index));
    return &n;
  }

  // An event's start mark is at its anchor or tag ('&a !!str value'); the value starts after them.
  uint32_t skip_properties(uint32_t pos) const {
    std::string_view t = file_.text();
    while (pos < t.size() && (t[pos] == '&' || t[pos] == '!')) {
      while (pos < t.size() && t[pos] != ' ' && t[pos] != '\t' && t[pos] != '\n') ++pos;
      while (pos < t.size() && (t[pos] == ' ' || t[pos] == '\t')) ++pos;
    }
    return pos;
  }

  // Anchor names live in their event, which is gone before the anchor is last used.
  std::string_view intern(const yaml_char_t* anchor) {
    if (!anchor) return {};
    return *anchor_names_.emplace(c_str(anchor)).first;
  }

  // Tags live in their event too; the stream keeps their text for its nodes.
  std::string_view intern_tag(const yaml_char_t* tag) {
    return *stream_.tags.emplace(c_str(tag)).first;
  }

  void check_tag(const Node* n) {
    if (!is_core_tag(n->tag)) {
      diags_.report(DiagKind::YamlUnsupportedTag, n->span,
                    fmt::format("unsupported YAML tag '{}'", n->tag));
    }
  }

  bool add_expanded(size_t count, const Span& at) {
    doc_size_ += count;
    if (doc_size_ > limits_.max_expanded_nodes) {
      diags_.report(DiagKind::YamlExcessiveAliasing, at,
                    fmt::format("document expands to more than {} nodes through aliases",
                                limits_.max_expanded_nodes));
      return false;
    }
    return true;
  }

  // Aliases are shared, not copied, but whatever reads the tree copies what they stand for.
  bool add_alias_bytes(size_t bytes, const Span& at) {
    stream_.alias_bytes += bytes;
    if (stream_.alias_bytes > alias_budget_) {
      diags_.report(DiagKind::YamlExcessiveAliasing, at,
                    fmt::format("aliases expand the file by more than {} bytes (the limit for a "
                                "file of {} bytes)",
                                alias_budget_, file_.size()));
      return false;
    }
    return true;
  }

  bool on_alias(const yaml_event_t& e) {
    std::string_view name = c_str(e.data.alias.anchor);
    Span span = point(offsets_.at(e.start_mark.index));
    span.end = std::max(span.end, offsets_.at(e.end_mark.index));
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      diags_.report(DiagKind::YamlSyntax, span,
                    fmt::format("invalid YAML: unknown anchor '{}' referenced", name));
      return false;
    }
    const Node* target = it->second;
    if (!add_expanded(target->expanded, span)) return false;
    if (!add_alias_bytes(target->expanded_bytes, span)) return false;
    if (target->kind == Kind::Scalar || target->kind == Kind::Null) {
      // Scalars are copied so that a diagnostic about the value points at the alias, not at the
      // anchor; mappings and sequences stay shared to keep expansion cheap.
      Node& copy = stream_.nodes.emplace_back();
      copy.kind = target->kind;
      copy.span = span;
      copy.value = target->value;
      copy.plain = target->plain;
      copy.tag = target->tag;
      copy.expanded_bytes = target->expanded_bytes;
      attach(&copy);
      return true;
    }
    attach(target);
    return true;
  }

  bool on_scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
    bool untagged_plain = s.tag == nullptr && s.style == YAML_PLAIN_SCALAR_STYLE;
    if (untagged_plain && is_null_string(value)) {
      Node* n = new_node(Kind::Null, e.start_mark);
      n->span.begin = skip_properties(n->span.begin);
      n->span.end = std::min(n->span.begin + 1, file_.size());
      finish_leaf(n, intern(s.anchor));
      return true;
    }
    Node* n = new_node(Kind::Scalar, e.start_mark);
    n->span.begin = skip_properties(n->span.begin);
    n->value.assign(value);
    n->expanded_bytes = value.size();
    if (s.tag) {
      n->tag = intern_tag(s.tag);
      check_tag(n);
    } else {
      n->tag = s.style == YAML_PLAIN_SCALAR_STYLE ? "?" : "!";
    }
    n->plain = untagged_plain;
    if (s.style == YAML_LITERAL_SCALAR_STYLE || s.style == YAML_FOLDED_SCALAR_STYLE) {
      n->span.end = std::min(n->span.begin + 1, file_.size());  // the indicator
    } else {
      n->span.end = std::max(n->span.begin, offsets_.at(e.end_mark.index));
    }
    finish_leaf(n, intern(s.anchor));
    return true;
  }

  void finish_leaf(Node* n, std::string_view anchor) {
    if (!anchor.empty()) anchors_[anchor] = n;
    doc_size_ += 1;
    attach(n);
  }

  void attach(const Node* n) {
    if (stack_.empty()) {
      root_ = n;
    } else {
      children_.push_back(n);
    }
  }

  bool open(Kind kind, const yaml_mark_t& mark, const yaml_char_t* tag, const yaml_char_t* anchor) {
    if (stack_.size() >= limits_.max_depth) {
      diags_.report(DiagKind::YamlTooDeep, point(offsets_.at(mark.index)),
                    fmt::format("YAML nesting deeper than {} levels", limits_.max_depth));
      return false;
    }
    Node* n = new_node(kind, mark);
    if (tag) {
      n->tag = intern_tag(tag);
      check_tag(n);
    } else {
      n->tag = "?";
    }
    stack_.push_back({n, intern(anchor), children_.size()});
    return true;
  }

  // The children of the innermost open sequence or mapping.
  std::span<const Node* const> open_children() const {
    return std::span(children_).subspan(stack_.back().first_child);
  }

  void close() {
    Frame f = stack_.back();
    if (f.node->kind == Kind::Sequence) {
      std::span<const Node* const> items = open_children();
      f.node->items.assign(items.begin(), items.end());
    }
    children_.resize(f.first_child);
    stack_.pop_back();
    size_t size = 1;
    size_t bytes = 0;
    for (const Node* c : f.node->items) {
      size += c->expanded;
      bytes += c->expanded_bytes;
    }
    for (const Entry& e : f.node->entries) {
      size += e.key->expanded + e.value->expanded;
      bytes += e.key->expanded_bytes + e.value->expanded_bytes;
    }
    f.node->expanded = size;
    f.node->expanded_bytes = bytes;
    doc_size_ += 1;
    if (!f.anchor.empty()) anchors_[f.anchor] = f.node;
    attach(f.node);
  }

  static bool is_merge_key(const Node* k) {
    return k->kind == Kind::Scalar && k->plain && k->value == "<<";
  }

  // Builds the entries of a mapping: explicit keys first claim their names; merged mappings
  // ('<<: *a' or '<<: [*a, *b]') contribute keys not yet present, earlier ones winning.
  void resolve_mapping(Node* mapping, std::span<const Node* const> children) {
    std::vector<Entry> entries;
    entries.reserve(children.size() / 2);
    std::vector<const Node*> merges;
    // Most mappings are small, and a linear scan finds their duplicates faster than a hash set.
    constexpr size_t kLinear = 16;
    std::unordered_map<std::string_view, const Node*> index;
    auto find_key = [&](std::string_view key) -> const Node* {
      if (entries.size() > kLinear) {
        if (index.empty()) {
          for (const Entry& e : entries) {
            if (e.key->kind == Kind::Scalar) index.emplace(e.key->value, e.key);
          }
        }
        auto it = index.find(key);
        return it == index.end() ? nullptr : it->second;
      }
      for (const Entry& e : entries) {
        if (e.key->kind == Kind::Scalar && e.key->value == key) return e.key;
      }
      return nullptr;
    };
    auto add = [&](const Entry& e) {
      entries.push_back(e);
      if (!index.empty() && e.key->kind == Kind::Scalar) index.emplace(e.key->value, e.key);
    };
    for (size_t i = 0; i + 1 < children.size(); i += 2) {
      const Node* k = children[i];
      const Node* v = children[i + 1];
      if (is_merge_key(k)) {
        merges.push_back(v);
        continue;
      }
      if (k->kind == Kind::Scalar) {
        if (const Node* first = find_key(k->value)) {
          diags_
              .report(DiagKind::YamlDuplicateKey, k->span,
                      fmt::format("mapping key '{}' is already defined", k->value))
              .note(first->span, "first defined here");
          continue;
        }
      }
      add({k, v});
    }
    for (const Node* m : merges) {
      std::vector<const Node*> sources;
      if (m->kind == Kind::Sequence) {
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
          if (e.key->kind == Kind::Scalar && !find_key(e.key->value)) add(e);
        }
      }
    }
    mapping->entries = std::move(entries);
  }

  const SourceFile& file_;
  SourceId id_;
  Stream& stream_;
  Diagnostics& diags_;
  const Limits& limits_;
  ByteOffsets offsets_;
  std::vector<Frame> stack_;
  // The children of every open sequence and mapping, innermost last (mappings: key, value, ...).
  std::vector<const Node*> children_;
  std::unordered_set<std::string> anchor_names_;
  std::unordered_map<std::string_view, const Node*> anchors_;
  const Node* root_ = nullptr;
  size_t doc_size_ = 0;
  size_t alias_budget_;
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
  Builder builder(file, id, stream, diags, limits);
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    diags.report(DiagKind::YamlSyntax, {id, 0, std::min<uint32_t>(1, file.size())},
                 "invalid YAML: out of memory");
    stream.ok = false;
    return stream;
  }
  std::string_view text = file.text();
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  for (;;) {
    Event ev;
    if (!yaml_parser_parse(&parser, &ev.e)) {
      builder.syntax_error(parser);
      stream.ok = false;
      break;
    }
    if (!builder.handle(ev.e)) {
      stream.ok = false;
      break;
    }
    if (ev.e.type == YAML_STREAM_END_EVENT) break;
  }
  yaml_parser_delete(&parser);
  return stream;
}

}  // namespace mzr::yaml

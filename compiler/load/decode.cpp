#include "compiler/load/decode.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "compiler/base/duration.h"
#include "compiler/base/suggest.h"

namespace mzr::yaml {

bool is_null_text(const Node* n) {
  if (n == nullptr || n->kind == Kind::Null) return true;
  return n->kind == Kind::Scalar && n->plain &&
         (n->value == "~" || n->value == "null" || n->value == "Null" || n->value == "NULL");
}

FieldReader::FieldReader(NodeRef node, std::string_view what, Diagnostics& diags)
    : node_(node), what_(what), diags_(diags) {
  if (node_ && !node_.is_mapping() && !is_null_text(node_)) {
    diags_.report(
        DiagKind::WrongNodeType, node_.span(),
        fmt::format("expected a mapping for {}, found a {}", what_, kind_name(node_.kind())));
    ok_ = false;
  }
  known_.reserve(8);  // most mappings have a handful of fields
}

NodeRef FieldReader::field(std::string_view key) {
  known_.emplace_back(key);
  if (!ok_ || !node_ || !node_.is_mapping()) return {};
  return node_.get(key);
}

void FieldReader::finish() {
  if (!ok_ || !node_ || !node_.is_mapping()) return;
  auto check = [&](NodeRef key) {
    if (key.kind() != Kind::Scalar) {
      diags_.report(DiagKind::WrongNodeType, key.span(),
                    fmt::format("keys of {} must be strings", what_));
      return;
    }
    if (std::find(known_.begin(), known_.end(), key.value()) != known_.end()) return;
    diags_.report(DiagKind::UnknownField, key.span(),
                  fmt::format("unknown field '{}' in {}{}", key.value(), what_,
                              did_you_mean(key.value(), known_)));
  };
  if (const Node* n = node_.yaml_node()) {  // no copy of the entries for the common case
    for (const Entry& e : n->entries) check(e.key);
  } else {
    for (const RefEntry& e : node_.entries()) check(e.key);
  }
}

std::optional<std::string_view> read_string_view(const Node* n, std::string_view what,
                                                 Diagnostics& diags) {
  if (n == nullptr || is_null_text(n)) return std::string_view();
  if (n->kind != Kind::Scalar) {
    diags.report(DiagKind::WrongNodeType, n->span,
                 fmt::format("expected a string for {}, found a {}", what, kind_name(n->kind)));
    return std::nullopt;
  }
  return n->value;
}

std::optional<std::string> read_string(const Node* n, std::string_view what, Diagnostics& diags) {
  auto s = read_string_view(n, what, diags);
  if (!s) return std::nullopt;
  return std::string(*s);
}

std::optional<std::string> read_string(NodeRef n, std::string_view what, Diagnostics& diags) {
  if (const Node* y = n.yaml_node()) return read_string(y, what, diags);
  if (is_null_text(n)) return std::string();
  if (n.kind() != Kind::Scalar) {
    diags.report(DiagKind::WrongNodeType, n.span(),
                 fmt::format("expected a string for {}, found a {}", what, kind_name(n.kind())));
    return std::nullopt;
  }
  return std::string(n.value());
}

std::optional<int64_t> read_int(const Node* n, std::string_view what, Diagnostics& diags) {
  if (n == nullptr || is_null_text(n)) return int64_t{0};
  if (n->kind != Kind::Scalar) {
    diags.report(DiagKind::WrongNodeType, n->span,
                 fmt::format("expected an integer for {}, found a {}", what, kind_name(n->kind)));
    return std::nullopt;
  }
  std::string_view s = n->value;
  std::string digits;
  for (char c : s) {
    if (c != '_') digits += c;
  }
  std::string_view d = digits;
  bool negative = false;
  if (!d.empty() && (d[0] == '-' || d[0] == '+')) {
    negative = d[0] == '-';
    d.remove_prefix(1);
  }
  int base = 10;
  if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) {
    base = 16;
    d.remove_prefix(2);
  } else if (d.size() > 2 && d[0] == '0' && (d[1] == 'o' || d[1] == 'O')) {
    base = 8;
    d.remove_prefix(2);
  }
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(d.data(), d.data() + d.size(), v, base);
  if (!n->plain || d.empty() || ec != std::errc() || ptr != d.data() + d.size()) {
    diags.report(DiagKind::InvalidScalar, n->span,
                 fmt::format("expected an integer for {}, found '{}'", what, n->value));
    return std::nullopt;
  }
  return negative ? -v : v;
}

std::optional<std::vector<StringPair>> read_string_map(const Node* n, std::string_view what,
                                                       Diagnostics& diags) {
  std::vector<StringPair> out;
  if (n == nullptr || is_null_text(n)) return out;
  if (!n->is_mapping()) {
    diags.report(DiagKind::WrongNodeType, n->span,
                 fmt::format("expected a mapping for {}, found a {}", what, kind_name(n->kind)));
    return std::nullopt;
  }
  bool ok = true;
  // The descriptions are for messages only: nearly every key and value is a plain string, and
  // formatting them anyway was most of the cost of reading a rule's labels.
  auto read = [&](const Node* x, auto describe) -> std::optional<std::string> {
    if (x != nullptr && x->kind == Kind::Scalar && !is_null_text(x)) return x->value;
    return read_string(x, describe(), diags);
  };
  for (const Entry& e : n->entries) {
    auto key = read(e.key, [&] { return fmt::format("a key of {}", what); });
    auto value = read(
        e.value, [&] { return fmt::format("the value of '{}' in {}", key.value_or(""), what); });
    if (!key || !value) {
      ok = false;
      continue;
    }
    out.push_back({e.key, e.value, std::move(*key), std::move(*value)});
  }
  if (!ok) return std::nullopt;
  return out;
}

std::vector<NodeRef> read_items(NodeRef n, std::string_view what, Diagnostics& diags) {
  if (is_null_text(n)) return {};
  if (!n.is_sequence()) {
    diags.report(DiagKind::WrongNodeType, n.span(),
                 fmt::format("expected a list of {}, found a {}", what, kind_name(n.kind())));
    return {};
  }
  return n.items();
}

std::optional<model::Text> read_text(NodeRef n, std::string_view what, Diagnostics& diags) {
  auto s = read_string(n, what, diags);
  if (!s) return std::nullopt;
  return model::Text{std::move(*s), n ? n.span() : Span{}};
}

std::vector<model::Text> read_texts(NodeRef n, std::string_view what, Diagnostics& diags) {
  std::vector<model::Text> out;
  if (is_null_text(n)) return out;
  if (!n.is_sequence()) {
    diags.report(
        DiagKind::WrongNodeType, n.span(),
        fmt::format("expected a list of strings for {}, found a {}", what, kind_name(n.kind())));
    return out;
  }
  for (NodeRef item : n.items()) {
    if (auto t = read_text(item, fmt::format("an entry of {}", what), diags)) {
      out.push_back(std::move(*t));
    }
  }
  return out;
}

std::optional<model::TimeSpan> read_duration(NodeRef n, std::string_view field,
                                             Diagnostics& diags) {
  if (is_null_text(n)) return std::nullopt;
  // The description is for the message about a list or mapping only.
  std::optional<std::string> s;
  if (n.is_scalar()) {
    s.emplace(n.value());
  } else {
    s = read_string(n, fmt::format("'{}'", field), diags);
  }
  if (!s) return std::nullopt;
  DurationError err;
  auto d = parse_duration(*s, &err);
  if (!d) {
    diags.report(DiagKind::InvalidDuration, n.span(),
                 fmt::format("invalid '{}': {}", field, err.message));
    return std::nullopt;
  }
  return model::TimeSpan{*d, n.span()};
}

std::optional<bool> read_bool(NodeRef n, std::string_view what, Diagnostics& diags) {
  if (is_null_text(n)) return false;
  static constexpr std::string_view yes[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                             "True", "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view no[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                            "False", "FALSE", "off", "Off", "OFF"};
  if (n.is_scalar() && n.plain()) {
    if (std::find(std::begin(yes), std::end(yes), n.value()) != std::end(yes)) return true;
    if (std::find(std::begin(no), std::end(no), n.value()) != std::end(no)) return false;
  }
  diags.report(DiagKind::InvalidScalar, n.span(),
               fmt::format("expected true or false for {}, found '{}'", what,
                           n.is_scalar() ? n.value() : kind_name(n.kind())));
  return std::nullopt;
}

std::optional<std::vector<model::LabelPair>> read_label_map(NodeRef n, std::string_view what,
                                                            Diagnostics& diags) {
  std::vector<model::LabelPair> out;
  if (is_null_text(n)) return out;
  if (!n.is_mapping()) {
    diags.report(DiagKind::WrongNodeType, n.span(),
                 fmt::format("expected a mapping for {}, found a {}", what, kind_name(n.kind())));
    return std::nullopt;
  }
  bool ok = true;
  // The descriptions are for messages only: nearly every key and value is a plain string, and
  // formatting them anyway was most of the cost of reading a rule's labels.
  auto read = [&](NodeRef x, auto describe) -> std::optional<std::string> {
    if (x && x.kind() == Kind::Scalar && !is_null_text(x)) return std::string(x.value());
    return read_string(x, describe(), diags);
  };
  auto pair = [&](NodeRef key, NodeRef value) {
    auto name = read(key, [&] { return fmt::format("a key of {}", what); });
    auto text = read(
        value, [&] { return fmt::format("the value of '{}' in {}", name.value_or(""), what); });
    if (!name || !text) {
      ok = false;
      return;
    }
    out.push_back(
        {{std::move(*name), key.span()}, {std::move(*text), value ? value.span() : key.span()}});
  };
  if (const Node* y = n.yaml_node()) {
    out.reserve(y->entries.size());
    for (const Entry& e : y->entries) pair(e.key, e.value);
  } else {
    for (const RefEntry& e : n.entries()) pair(e.key, e.value);
  }
  if (!ok) return std::nullopt;
  return out;
}

Span key_span(NodeRef mapping, std::string_view key) {
  for (const RefEntry& e : mapping.entries()) {
    if (e.key.is_scalar() && e.key.value() == key) return e.key.span();
  }
  return {};
}

}  // namespace mzr::yaml

#include "compiler/load/decode.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "compiler/base/suggest.h"

namespace mzr::yaml {

bool is_null_text(const Node* n) {
  if (n == nullptr || n->kind == Kind::Null) return true;
  return n->kind == Kind::Scalar && n->plain &&
         (n->value == "~" || n->value == "null" || n->value == "Null" || n->value == "NULL");
}

FieldReader::FieldReader(const Node* node, std::string_view what, Diagnostics& diags)
    : node_(node), what_(what), diags_(diags) {
  if (node_ != nullptr && !node_->is_mapping() && !is_null_text(node_)) {
    diags_.report(
        DiagKind::WrongNodeType, node_->span,
        fmt::format("expected a mapping for {}, found a {}", what_, kind_name(node_->kind)));
    ok_ = false;
  }
  known_.reserve(8);  // most mappings have a handful of fields
}

const Node* FieldReader::take(std::string_view key) {
  known_.emplace_back(key);
  if (!ok_ || node_ == nullptr || !node_->is_mapping()) return nullptr;
  return node_->get(key);
}

void FieldReader::finish() {
  if (!ok_ || node_ == nullptr || !node_->is_mapping()) return;
  for (const Entry& e : node_->entries) {
    if (e.key->kind != Kind::Scalar) {
      diags_.report(DiagKind::WrongNodeType, e.key->span,
                    fmt::format("keys of {} must be strings", what_));
      continue;
    }
    if (std::find(known_.begin(), known_.end(), e.key->value) != known_.end()) continue;
    diags_.report(DiagKind::UnknownField, e.key->span,
                  fmt::format("unknown field '{}' in {}{}", e.key->value, what_,
                              did_you_mean(e.key->value, known_)));
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

}  // namespace mzr::yaml

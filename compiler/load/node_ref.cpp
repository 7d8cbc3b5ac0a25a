#include "compiler/load/node_ref.h"

#include "compiler/load/decode.h"

namespace mzr::yaml {

namespace {

Kind am_kind(model::AmValue::Kind k) {
  switch (k) {
    case model::AmValue::Kind::Null: return Kind::Null;
    case model::AmValue::Kind::Scalar: return Kind::Scalar;
    case model::AmValue::Kind::Sequence: return Kind::Sequence;
    case model::AmValue::Kind::Mapping: return Kind::Mapping;
  }
  return Kind::Null;
}

}  // namespace

Kind NodeRef::kind() const {
  if (yaml_ != nullptr) return yaml_->kind;
  if (value_ != nullptr) return am_kind(value_->kind);
  return key_ != nullptr ? Kind::Scalar : Kind::Null;
}

std::string_view NodeRef::value() const {
  if (yaml_ != nullptr) return yaml_->value;
  if (value_ != nullptr) {
    return value_->kind == model::AmValue::Kind::Scalar ? std::string_view(value_->scalar) : "";
  }
  return key_ != nullptr ? std::string_view(key_->value) : "";
}

bool NodeRef::plain() const {
  if (yaml_ != nullptr) return yaml_->plain;
  if (value_ != nullptr) return value_->kind != model::AmValue::Kind::Scalar || value_->plain;
  return key_ == nullptr;
}

Span NodeRef::span() const {
  if (yaml_ != nullptr) return yaml_->span;
  if (value_ != nullptr) return value_->span;
  return key_ != nullptr ? key_->span : Span{};
}

std::vector<NodeRef> NodeRef::items() const {
  std::vector<NodeRef> out;
  if (yaml_ != nullptr) {
    out.assign(yaml_->items.begin(), yaml_->items.end());
  } else if (value_ != nullptr && value_->kind == model::AmValue::Kind::Sequence) {
    out.reserve(value_->items.size());
    for (const model::AmValue& item : value_->items) out.emplace_back(&item);
  }
  return out;
}

std::vector<RefEntry> NodeRef::entries() const {
  std::vector<RefEntry> out;
  if (yaml_ != nullptr) {
    out.reserve(yaml_->entries.size());
    for (const Entry& e : yaml_->entries) out.push_back({e.key, e.value});
  } else if (value_ != nullptr && value_->kind == model::AmValue::Kind::Mapping) {
    out.reserve(value_->entries.size());
    for (const model::AmValueEntry& e : value_->entries) {
      out.push_back({NodeRef(&e.key), NodeRef(&e.value)});
    }
  }
  return out;
}

NodeRef NodeRef::get(std::string_view key) const {
  if (yaml_ != nullptr) return yaml_->get(key);
  if (value_ != nullptr && value_->kind == model::AmValue::Kind::Mapping) {
    for (const model::AmValueEntry& e : value_->entries) {
      if (e.key.value == key) return NodeRef(&e.value);
    }
  }
  return {};
}

bool is_null_text(NodeRef n) {
  if (n.yaml_node() != nullptr) return is_null_text(n.yaml_node());
  Kind k = n.kind();
  if (k == Kind::Null) return true;
  if (k != Kind::Scalar || !n.plain()) return false;
  std::string_view v = n.value();
  return v == "~" || v == "null" || v == "Null" || v == "NULL";
}

model::AmValue to_am_value(NodeRef n) {
  model::AmValue v;
  v.span = n.span();
  if (is_null_text(n)) return v;
  if (n.is_scalar()) {
    return n.plain() ? model::AmValue::word(std::string(n.value()), n.span())
                     : model::AmValue::string(std::string(n.value()), n.span());
  }
  if (n.is_sequence()) {
    v.kind = model::AmValue::Kind::Sequence;
    for (NodeRef item : n.items()) v.items.push_back(to_am_value(item));
  } else if (n.is_mapping()) {
    v.kind = model::AmValue::Kind::Mapping;
    for (const RefEntry& e : n.entries()) {
      if (!e.key.is_scalar()) continue;
      v.entries.push_back({model::Text{std::string(e.key.value()), e.key.span()},
                           e.value ? to_am_value(e.value) : model::AmValue{}});
    }
  }
  return v;
}

}  // namespace mzr::yaml

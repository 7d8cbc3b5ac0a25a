#pragma once
// A read-only view of one node of a value tree with positions, whichever tree it belongs to: a
// YAML document (yaml::Node) or a configuration lowered from the DSL in a standard file's shape
// (model::AmValue, whose mapping keys are model::Text). Decoders written against the view read
// both without one being copied into the other, so a DSL value keeps its own position and the
// same decoding rules (and messages) apply to both.

#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/load/yaml.h"
#include "compiler/model/alertmanager.h"

namespace mzr::yaml {

struct RefEntry;

class NodeRef {
 public:
  NodeRef() = default;
  NodeRef(const Node* n) : yaml_(n) {}  // NOLINT(google-explicit-constructor): a view of it
  explicit NodeRef(const model::AmValue* v) : value_(v) {}
  // A mapping key of the DSL's tree: a quoted string scalar.
  explicit NodeRef(const model::Text* key) : key_(key) {}

  // False for an absent node (a field not given); a present node may still be null.
  explicit operator bool() const {
    return yaml_ != nullptr || value_ != nullptr || key_ != nullptr;
  }

  Kind kind() const;
  bool is_scalar() const { return kind() == Kind::Scalar; }
  bool is_mapping() const { return kind() == Kind::Mapping; }
  bool is_sequence() const { return kind() == Kind::Sequence; }
  // A scalar's text ("" for other kinds), and whether it was written without quotes.
  std::string_view value() const;
  bool plain() const;
  Span span() const;

  std::vector<NodeRef> items() const;
  std::vector<RefEntry> entries() const;
  NodeRef get(std::string_view key) const;

  // The YAML node viewed, or null for a node of another tree.
  const Node* yaml_node() const { return yaml_; }

 private:
  const Node* yaml_ = nullptr;
  const model::AmValue* value_ = nullptr;
  const model::Text* key_ = nullptr;
};

struct RefEntry {
  NodeRef key;
  NodeRef value;
};

// True for an absent node and for a plain scalar that YAML resolves to null.
bool is_null_text(NodeRef n);

// The node as a generic value tree, nulls resolved as YAML resolves them and non-string keys
// dropped.
model::AmValue to_am_value(NodeRef n);

}  // namespace mzr::yaml

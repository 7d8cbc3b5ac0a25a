#pragma once
// Typed reading of YAML nodes with diagnostics: the strict decoding that Prometheus and
// Alertmanager do with Go's yaml.v3 (unknown fields rejected, wrong shapes named), with the
// position of every mistake.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/load/node_ref.h"
#include "compiler/load/yaml.h"
#include "compiler/model/rules.h"

namespace mzr::yaml {

// Reads the fields of one mapping. `take` marks a field as known; `finish` reports every field
// that was not taken as unknown, with a suggestion among the known ones. Field names are kept
// as views: pass names that outlive the reader (literals, static tables).
class FieldReader {
 public:
  // `what` names the mapping in messages ("rule", "rule group"). A null node reads as empty.
  FieldReader(NodeRef node, std::string_view what, Diagnostics& diags);

  bool ok() const { return ok_; }
  // For a YAML mapping.
  const Node* take(std::string_view key) { return field(key).yaml_node(); }
  // For a mapping of any tree (node_ref.h).
  NodeRef field(std::string_view key);
  // Declares a field as known without reading it.
  void allow(std::string_view key) { known_.emplace_back(key); }
  void finish();

 private:
  NodeRef node_;
  std::string what_;
  Diagnostics& diags_;
  bool ok_ = true;
  std::vector<std::string_view> known_;
};

// The text of a scalar (null reads as ""), or nullopt with a diagnostic for a list or mapping.
std::optional<std::string> read_string(const Node* n, std::string_view what, Diagnostics& diags);
std::optional<std::string> read_string(NodeRef n, std::string_view what, Diagnostics& diags);
// The same as a view into the node, for text that need not be copied.
std::optional<std::string_view> read_string_view(const Node* n, std::string_view what,
                                                 Diagnostics& diags);
std::optional<int64_t> read_int(const Node* n, std::string_view what, Diagnostics& diags);

// A mapping of strings to strings (labels, annotations), keeping the key nodes for positions.
struct StringPair {
  const Node* key;
  const Node* value;
  std::string name;
  std::string text;
};
std::optional<std::vector<StringPair>> read_string_map(const Node* n, std::string_view what,
                                                       Diagnostics& diags);

// True for a plain scalar that YAML resolves to null.
bool is_null_text(const Node* n);

// The small readers that the decoders of several formats share. Each reports a wrong shape
// where it is, naming the field as `what` does, and reads an absent or null node as empty.

// The entries of a list of `what` ("receivers", "test groups").
std::vector<NodeRef> read_items(NodeRef n, std::string_view what, Diagnostics& diags);
// A string with its position (an absent node reads as "" at no position).
std::optional<model::Text> read_text(NodeRef n, std::string_view what, Diagnostics& diags);
// A list of strings; each entry that is not one is reported and left out.
std::vector<model::Text> read_texts(NodeRef n, std::string_view what, Diagnostics& diags);
// A duration in Prometheus' notation (5m, 1h30m) of the field named `field`; nullopt when
// absent or invalid.
std::optional<model::TimeSpan> read_duration(NodeRef n, std::string_view field, Diagnostics& diags);
// A boolean in yaml.v2's spellings (YAML 1.1: yes/no, on/off, ...); null reads as false.
std::optional<bool> read_bool(NodeRef n, std::string_view what, Diagnostics& diags);
// A mapping of names to strings (labels, annotations), with the position of every name and
// value (a missing value is placed at its name); nullopt when any entry is not a string.
std::optional<std::vector<model::LabelPair>> read_label_map(NodeRef n, std::string_view what,
                                                            Diagnostics& diags);
// The key `key` of a mapping, for diagnostics about a field as a whole; no span when absent.
Span key_span(NodeRef mapping, std::string_view key);

}  // namespace mzr::yaml

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
#include "compiler/load/yaml.h"

namespace mzr::yaml {

// Reads the fields of one mapping. `take` marks a field as known; `finish` reports every field
// that was not taken as unknown, with a suggestion among the known ones. Field names are kept
// as views: pass names that outlive the reader (literals, static tables).
class FieldReader {
 public:
  // `what` names the mapping in messages ("rule", "rule group"). A null node reads as empty.
  FieldReader(const Node* node, std::string_view what, Diagnostics& diags);

  bool ok() const { return ok_; }
  const Node* take(std::string_view key);
  // Declares a field as known without reading it.
  void allow(std::string_view key) { known_.emplace_back(key); }
  void finish();

 private:
  const Node* node_;
  std::string what_;
  Diagnostics& diags_;
  bool ok_ = true;
  std::vector<std::string_view> known_;
};

// The text of a scalar (null reads as ""), or nullopt with a diagnostic for a list or mapping.
std::optional<std::string> read_string(const Node* n, std::string_view what, Diagnostics& diags);
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

}  // namespace mzr::yaml

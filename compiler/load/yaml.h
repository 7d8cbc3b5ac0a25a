#pragma once
// A YAML document tree that keeps the byte position of every node. Built from libyaml's event
// parser so that mzrules, not the library, decides what is accepted: duplicate keys are errors
// (as in Go's yaml.v3, which Prometheus and Alertmanager use), merge keys ('<<') are resolved,
// aliases are shared rather than copied and their expansion is bounded, and nesting depth is
// limited.

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace mzr::yaml {

enum class Kind : uint8_t { Null, Scalar, Sequence, Mapping };
std::string_view kind_name(Kind k);

struct Node;

struct Entry {
  const Node* key;
  const Node* value;
};

struct Node {
  Kind kind = Kind::Null;
  Span span;
  // Scalars: the value after unquoting and folding; `plain` when written without quotes or
  // block indicators (only plain scalars resolve to null, booleans and numbers).
  std::string value;
  bool plain = true;
  // "?" for plain and "!" for other untagged scalars (YAML's non-specific tags); a view into
  // static text or the stream's `tags`.
  std::string_view tag;
  std::vector<const Node*> items;  // Sequence
  std::vector<Entry> entries;      // Mapping, merge keys resolved, in source order
  size_t expanded = 1;             // nodes it stands for with aliases expanded (for the bound)
  size_t expanded_bytes = 0;       // bytes of the scalars it stands for, aliases expanded

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_mapping() const { return kind == Kind::Mapping; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  const Node* get(std::string_view key) const;
  // The key node of `key`, for diagnostics about a field as a whole.
  const Node* key_node(std::string_view key) const;
};

struct Document {
  const Node* root = nullptr;
};

struct Limits {
  size_t max_depth = 256;
  size_t max_expanded_nodes = 4'000'000;
  // The bytes of keys and values that aliases add to a file, all its documents together. A few
  // aliases of a large mapping cost as much memory as millions of small nodes, and what reads
  // the tree copies them; the budget grows with the file, within a floor and a cap.
  size_t alias_bytes_per_file_byte = 4;
  size_t min_alias_bytes = size_t{1} << 20;
  size_t max_alias_bytes = size_t{64} << 20;
};

// Nodes that keep their address while more are added: blocks that are never grown past the
// capacity they were given, so that a large file costs a few allocations, not one per node.
class NodeStore {
 public:
  Node& emplace_back() {
    if (blocks_.empty() || blocks_.back().size() == blocks_.back().capacity()) {
      size_t capacity =
          blocks_.empty() ? kFirstBlock : std::min(blocks_.back().capacity() * 2, kLargestBlock);
      blocks_.emplace_back().reserve(capacity);
    }
    return blocks_.back().emplace_back();
  }

 private:
  static constexpr size_t kFirstBlock = 32;
  static constexpr size_t kLargestBlock = 4096;
  std::vector<std::vector<Node>> blocks_;
};

// Owns the nodes of every document of one file.
struct Stream {
  std::vector<Document> documents;
  NodeStore nodes;
  std::unordered_set<std::string> tags;  // the text of explicit tags, which nodes view
  bool ok = true;                        // false when a syntax error stopped the parse
  size_t alias_bytes = 0;                // bytes of keys and values that aliases added
};

// Parses one source file. Errors are reported to `diags` with their position; on a syntax error
// the documents read before it are kept and `ok` is false.
Stream parse(const SourceManager& sm, SourceId file, Diagnostics& diags, const Limits& limits = {});

}  // namespace mzr::yaml

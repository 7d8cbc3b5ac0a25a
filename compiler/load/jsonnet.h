#pragma once
// Evaluating jsonnet sources with libjsonnet, bounded and confined to the repository.
//
// Imports go through the FileSystem, relative to the importing file or to the library paths
// (-J), and are refused when they leave the repository root. The evaluation runs in a child
// process with a time limit, a memory limit and a bound on the output size, so jsonnet that
// loops or explodes cannot take the compiler down; the stack depth is libjsonnet's own bound.
// The memory limit counts what the child adds to what it shares with the compiler at the fork:
// its resident memory, watched from the parent, and the address space it maps. Errors become
// diagnostics at the file, line and column libjsonnet names.
//
// The evaluated JSON is registered as a source of its own ("PATH (evaluated)") so that what
// is read from it has real positions; JsonnetSourceMap moves a value's position back into the
// jsonnet source when the value's text occurs there exactly once.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/base/file_system.h"
#include "compiler/base/source.h"
#include "compiler/load/jsonnet_strings.h"
#include "compiler/model/rules.h"

namespace mzr {

struct JsonnetOptions {
  std::string root = ".";                  // the repository root; imports must stay below it
  std::vector<std::string> library_paths;  // relative to `root`
  unsigned max_stack = 200;
  unsigned max_trace = 20;
  uint64_t max_output_bytes = 16u << 20;
  unsigned max_seconds = 10;
  uint64_t max_memory_bytes = 2ull << 30;  // added by the evaluation (see above)
};

struct JsonnetDocument {
  std::string name;             // "" for the whole output, else the key or index it came from
  SourceId source = kNoSource;  // the evaluated JSON of this document
};

// Evaluates `file` (already read into `sm`). On success, the output split into documents: a
// top-level array gives one document per element, an object without 'groups', 'kind',
// 'apiVersion', 'panels' or 'dashboard' whose values are all objects gives one per key, anything
// else is one document.
std::optional<std::vector<JsonnetDocument>> evaluate_jsonnet(const FileSystem& fs,
                                                             SourceManager& sm, SourceId file,
                                                             const JsonnetOptions& options,
                                                             Diagnostics& diags);

// Positions in the evaluated JSON, moved back to the jsonnet source where that is unambiguous:
// a value is found there when it occurs exactly once, counting its occurrences in the decoded
// string literals and in the text outside them (field names, comments).
class JsonnetSourceMap {
 public:
  JsonnetSourceMap(const SourceManager& sm, SourceId jsonnet);
  // Where `value` (read at `span` in the evaluated JSON) was written: its unique occurrence in
  // the jsonnet source, else `span` unchanged.
  Span locate(const std::string& value, Span span) const;
  // The same for embedded text (an expression), each byte mapped to the byte of the jsonnet
  // literal it came from, escapes and text blocks included; else unchanged.
  EmbeddedText locate(const EmbeddedText& text) const;

  // In place: a name or value, and embedded text with the span that covers it.
  void relocate(model::Text& t) const { t.span = locate(t.value, t.span); }
  void relocate(std::optional<model::Text>& t) const {
    if (t) relocate(*t);
  }
  void relocate(EmbeddedText& text, Span& whole) const;

 private:
  std::optional<EmbeddedText> find(const std::string& value) const;
  SourceId jsonnet_;
  JsonnetText text_;
};

}  // namespace mzr

#pragma once
// Grafana's variable references in query text (`$var`, `${var}`, `${var:format}`,
// `${var.field}`, `[[var]]`, `[[var:format]]`) and their expansion before a query is parsed.
//
// Each reference is replaced by a value that keeps the query what Grafana would send: the
// variable's current value where that is safe at that place, otherwise a stand-in of the right
// form (a duration inside a range, a plain word elsewhere). Every byte of a substitute maps back
// to the reference it replaces, so a diagnostic about it points at the `$var` in the source.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/embedded.h"

namespace mzr::dash {

struct VariableRef {
  std::string name;
  std::string format;  // after ':' (`${var:regex}` → "regex"); empty when none
  uint32_t begin = 0;  // bytes [begin, end) of the reference in the text
  uint32_t end = 0;
};

// Every reference in `text`, in order.
std::vector<VariableRef> find_refs(std::string_view text);

// Where a reference stands, which decides the kind of value that keeps the query valid.
enum class RefContext : uint8_t {
  String,       // inside a quoted string
  RegexString,  // inside the string of a `=~` / `!~` matcher
  Duration,     // inside `[...]` or after `offset`
  Number,       // the first argument of topk, bottomk, quantile, limitk, ...
  Other,
};
RefContext context_at(std::string_view text, uint32_t offset);

// The text for one reference, or nullopt to leave it as written (an undefined variable).
using Substitute = std::function<std::optional<std::string>(const VariableRef&, RefContext)>;

struct Expansion {
  EmbeddedText text;
  std::vector<VariableRef> refs;  // offsets into the original text
  // The reference whose value would make the text longer than the limit (an index into `refs`).
  // The expansion stops there, so `text` is incomplete and must not be parsed.
  std::optional<size_t> too_large_at;
};

// The text with each reference replaced, when that is at most `max_bytes` long. The bound is
// kept while expanding: a large value referenced many times would otherwise take memory many
// times the query's limit before the query could be measured.
Expansion expand(const EmbeddedText& in, const Substitute& substitute, size_t max_bytes);

// Bytes [begin, end) of an embedded text, keeping the way back to the source.
EmbeddedText slice(const EmbeddedText& in, uint32_t begin, uint32_t end);

// Grafana's global variables, with stand-ins of the right form; nullopt for other names.
std::optional<std::string> builtin_value(const VariableRef& ref, RefContext context);
bool is_builtin(std::string_view name);

}  // namespace mzr::dash

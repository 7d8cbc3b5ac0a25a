#pragma once
// What parsing or executing a template can fail with: a message in Go's words and where.

#include <cstdint>
#include <string>

namespace mzr::tmpl {

enum class ErrorKind : uint8_t {
  Syntax,           // the text does not parse
  UnknownFunction,  // a function name no function map defines
  Undefined,        // {{template "x"}} with no template x
  Execution,        // executing failed
  ArgCount,         // a function called with a number of arguments it cannot take
  Limit,            // nesting, recursion or output size beyond the limits
};

struct Error {
  ErrorKind kind = ErrorKind::Syntax;
  std::string message;  // Go's message, without the "template: name:line:" prefix
  uint16_t source = 0;  // the source of the Set the position is in
  uint32_t begin = 0;   // byte offsets into that source
  uint32_t end = 0;
  // A parse that ran out of text: what was left open ("if", "range", "with", "define", "block",
  // or "action" for an action without its closing delimiter) and where it starts; else empty.
  std::string open_what;
  uint32_t open_at = 0;
  std::string context;  // execution: the node as Go prints it in "executing ... at <...>"
  std::string tmpl;     // execution: the name of the template being executed
};

}  // namespace mzr::tmpl

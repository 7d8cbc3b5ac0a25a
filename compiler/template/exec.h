#pragma once
// The executor of Go's text/template over the value model: Go's evaluation of pipelines,
// fields, methods, variables, control structures and template calls, with Go's error texts.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/template/ast.h"
#include "compiler/template/error.h"
#include "compiler/template/value.h"

namespace mzr::tmpl {

using FuncMap = std::map<std::string, Function, std::less<>>;

enum class MissingKey : uint8_t { Default, Zero, Error };

struct ExecOptions {
  MissingKey missing_key = MissingKey::Default;
  // Templates calling templates, at most (Go's maxExecDepth is 100000; the stack of a C++
  // thread is smaller than Go's growable one).
  int max_call_depth = 10000;
  size_t max_output = 16u << 20;  // bytes
  // html/template's escaping, for the contexts alert and notification templates use: text
  // between tags (HTML-escaped unless the value is template.HTML) and URL attribute values
  // (query escaping unless the value is template.URL). Other contexts are treated as text.
  bool html = false;
};

struct ExecResult {
  std::string output;  // what was written before any error
  std::optional<Error> error;
};

// Executes template `name` of `set` on `data`. `funcs` must hold the builtins (builtins())
// and whatever functions the template's system adds.
ExecResult execute(const Set& set, const std::string& name, const Value& data, const FuncMap& funcs,
                   const ExecOptions& options);

// Go's text/template functions: and, or, not, len, index, slice, print, printf, println,
// html, js, urlquery, eq, ne, lt, le, gt, ge, call (always an error here).
FuncMap builtins();

// The error as Go's text/template words it: "template: name:1:3: executing \"name\" at <.X>:
// ...", or for parse errors "template: name:1: ...".
std::string go_error_text(const Set& set, const Error& e);

// Truth as Go's if/with see it.
bool is_true(const Value& v);

}  // namespace mzr::tmpl

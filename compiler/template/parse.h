#pragma once
// The parser of Go's text/template: a text into named trees (the text's own body and each
// {{define}} and {{block}}), with Go's checks: undefined variables and functions, misplaced
// keywords, non-executable pipeline stages, and the nesting limit.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/template/ast.h"
#include "compiler/template/error.h"

namespace mzr::tmpl {

struct ParseOptions {
  bool keep_comments = false;  // Go's parse.ParseComments
  // Nesting of control structures and parenthesised pipelines (Go's maxDepth).
  int max_depth = 10000;
  // Whether a function of this name is defined; null means every name is.
  std::function<bool(std::string_view)> has_function;
};

// Parses source `source` of `set` as the template `name`, and adds its trees to the set the way
// Go's Template.Parse does: a definition replaces an earlier one of the same name unless its
// body is empty; two non-empty definitions in one text are an error.
std::optional<Error> parse(Set& set, uint16_t source, const std::string& name,
                           const ParseOptions& options);

// Go's canonical print of a tree (parse.Node's String), text nodes as Go-quoted strings.
std::string print_tree(const Node* node);
// One node as Go prints it in "executing ... at <...>".
std::string print_node(const Node* node);

}  // namespace mzr::tmpl

#pragma once
// Lowering of the Loki parts of the language: stream catalogs, the stack's Loki settings and the
// tenant of Loki rule groups. Internal to compiler/dsl.

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/model/stack.h"
#include "compiler/model/streams.h"

namespace mzr::dsl {

model::StreamCatalog lower_streams(const StreamsBlock& b);

// Applies `loki { ... }` of the stack block to `out`; invalid values are reported and skipped.
void lower_loki_settings(const StackEntry& e, model::LokiStack& out, Diagnostics& diags);

// Loki tenant ids are directory names of the ruler's local storage and values of the
// X-Scope-OrgID header: at most 150 bytes of letters, digits and !-_.*'(), not "." or "..".
bool valid_loki_tenant(const Text& t, Diagnostics& diags);

}  // namespace mzr::dsl

#pragma once
// Alert label and annotation values are Go text/templates that Prometheus parses when it loads
// the rules. This checks what Prometheus' parse would refuse: unclosed actions, strings and
// parentheses, unbalanced if/range/with/end, undefined variables and functions Prometheus does
// not define. Not a template engine: it reads the actions, it does not run them.

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"

namespace mzr {

void check_template(const model::Text& value, Diagnostics& diags);

}  // namespace mzr

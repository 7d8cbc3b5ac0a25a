#pragma once
// Alertmanager's notification template files, checked as Alertmanager loads them: each parses
// as a Go text/template with Alertmanager's functions (E1100, E1101); a name defined in two files
// is reported (W1103); every {{template "x"}} of the files names a template that the files or
// Alertmanager's built-in default templates define (E1102).

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/model/alertmanager.h"

namespace mzr {

void check_alertmanager_templates(const model::AlertmanagerConfig& config, SourceManager& sources,
                                  Diagnostics& diags);

// Whether Alertmanager 0.34's built-in templates (default.tmpl, email.tmpl) define `name`.
bool is_default_alertmanager_template(std::string_view name);

}  // namespace mzr

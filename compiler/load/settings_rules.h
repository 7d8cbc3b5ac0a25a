#pragma once
// The parts of mzrules.yaml about rules: 'catalogs', 'rules' and 'jsonnet'.

#include "compiler/base/diagnostics.h"
#include "compiler/load/decode.h"
#include "compiler/model/settings.h"

namespace mzr {

// Takes the 'catalogs', 'rules' and 'jsonnet' fields from the settings' top-level mapping.
void read_rule_settings(yaml::FieldReader& f, model::Settings& settings, Diagnostics& diags);

}  // namespace mzr

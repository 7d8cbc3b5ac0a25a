#pragma once
// Templates written in Alertmanager integration settings (a Slack title, a PagerDuty detail):
// finding them in a setting's value, and placing a range of the template's text back in the
// configuration file.

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/alertmanager.h"

namespace mzr {

// Every string of a setting's value that holds a template action.
void template_strings(const model::AmValue& v, std::vector<const model::AmValue*>& out);

// Where bytes [begin, end) of the string `v` holds are in the source: the setting's text holds
// them verbatim when the same text occurs there as often as in the value (no escapes or
// folding in between); else the whole setting.
Span locate_in_setting(const model::AmValue& v, uint32_t begin, uint32_t end,
                       const SourceManager& sources);

}  // namespace mzr

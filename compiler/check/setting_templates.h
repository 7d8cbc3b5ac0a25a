#pragma once
// Templates written in Alertmanager integration settings (a Slack title, a PagerDuty detail):
// finding them in a setting's value (check/text_span.h places a range of one in the file).

#include <vector>

#include "compiler/model/alertmanager.h"

namespace mzr {

// Every string of a setting's value that holds a template action.
void template_strings(const model::AmValue& v, std::vector<const model::AmValue*>& out);

}  // namespace mzr

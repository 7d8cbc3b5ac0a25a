#pragma once
// Notification templates against the alerts that reach them: a receiver's message reads
// `.CommonLabels.x`, `.GroupLabels.x`, `.CommonAnnotations.x`, or per alert `.Labels.x` and
// `.Annotations.x`; when no alert of the repository routed to a receiver that uses the template
// can carry `x`, the field is always empty in the message (W1107). Templates are followed from
// each integration setting into the template files through `{{ template "name" . }}`.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/check/routing_analysis.h"
#include "compiler/model/alertmanager.h"

namespace mzr {

void check_notification_labels(const model::AlertmanagerConfig& config,
                               const std::vector<AlertReceivers>& receivers, SourceManager& sources,
                               Diagnostics& diags);

}  // namespace mzr

#include "compiler/driver/targets.h"

#include "compiler/emit/alertmanager.h"
#include "compiler/emit/chart_values.h"
#include "compiler/emit/grafana_resources.h"
#include "compiler/emit/loki_rules.h"
#include "compiler/emit/output_names.h"
#include "compiler/emit/thanos_ruler.h"
#include "compiler/emit/thanos_rules.h"

namespace mzr::driver {

const std::vector<OutputTarget>& output_targets() {
  static const std::vector<OutputTarget> targets = {
      {"thanos",
       [](const Compilation& c, emit::OutputSet& files) {
         emit::emit_thanos(c.rule_sets, c.stack, c.sources, c.settings.root, files);
       }},
      {"thanos ruler",
       [](const Compilation& c, emit::OutputSet& files) {
         emit::emit_thanos_ruler(c.rule_sets, c.stack, c.sources, c.settings.root, files);
       }},
      {"grafana",
       [](const Compilation& c, emit::OutputSet& files) {
         emit::emit_grafana(c.dashboards, c.stack.grafana, c.sources, c.settings.dashboard_schema,
                            files);
       }},
      {"alertmanager",
       [](const Compilation& c, emit::OutputSet& files) {
         if (!c.alertmanager_configs.empty()) {
           emit::emit_alertmanager(c.alertmanager_configs.front(), files);
         }
       }},
      {"loki",
       [](const Compilation& c, emit::OutputSet& files) {
         emit::emit_loki(c.rule_sets, c.stack, c.sources, c.settings.root, files);
       }},
      {"chart values",
       [](const Compilation& c, emit::OutputSet& files) {
         emit::emit_chart_values(c.rule_sets, c.dashboards, c.catalogs, c.stack, files);
       }},
  };
  return targets;
}

emit::OutputSet emit_all_targets(Compilation& c) {
  emit::OutputSet files;
  for (const OutputTarget& t : output_targets()) t.emit(c, files);
  emit::report_output_problems(files, c.diags);
  return files;
}

}  // namespace mzr::driver

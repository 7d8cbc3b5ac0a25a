#include "compiler/model/dashboard.h"

namespace mzr::model {

std::string_view variable_kind_name(VariableKind k) {
  switch (k) {
    case VariableKind::Query: return "query";
    case VariableKind::Custom: return "custom";
    case VariableKind::Constant: return "constant";
    case VariableKind::Datasource: return "datasource";
    case VariableKind::Interval: return "interval";
    case VariableKind::Textbox: return "textbox";
    case VariableKind::Adhoc: return "adhoc";
    case VariableKind::GroupBy: return "groupby";
    case VariableKind::Switch: return "switch";
    case VariableKind::System: return "system";
    case VariableKind::Snapshot: return "snapshot";
  }
  return "";
}

}  // namespace mzr::model

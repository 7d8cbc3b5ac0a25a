#include "compiler/check/setting_templates.h"

namespace mzr {

void template_strings(const model::AmValue& v, std::vector<const model::AmValue*>& out) {
  if (v.kind == model::AmValue::Kind::Scalar && v.scalar.find("{{") != std::string::npos) {
    out.push_back(&v);
  }
  for (const model::AmValue& item : v.items) template_strings(item, out);
  for (const model::AmValueEntry& e : v.entries) template_strings(e.value, out);
}

}  // namespace mzr

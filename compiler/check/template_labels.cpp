#include "compiler/check/template_labels.h"

#include <regex>

namespace mzr {

std::vector<std::string> labels_read(const std::string& tmpl) {
  static const std::regex kDot(R"((?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*))");
  static const std::regex kIndex(R"re(index\s+(?:\$labels|\.Labels)\s+"([^"]*)")re");
  std::vector<std::string> out;
  for (const std::regex* re : {&kDot, &kIndex}) {
    for (auto it = std::sregex_iterator(tmpl.begin(), tmpl.end(), *re);
         it != std::sregex_iterator(); ++it) {
      out.push_back((*it)[1].str());
    }
  }
  return out;
}

}  // namespace mzr

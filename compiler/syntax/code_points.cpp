#include "compiler/syntax/code_points.h"

#include <algorithm>

#include "compiler/base/utf8.h"

namespace mzr::syntax {

CodePointMap::CodePointMap(std::string_view utf8) {
  starts_.reserve(utf8.size() + 1);
  for (size_t i = 0; i < utf8.size();) {
    starts_.push_back(static_cast<uint32_t>(i));
    i += decode_utf8(utf8, i).length;
  }
  starts_.push_back(static_cast<uint32_t>(utf8.size()));
}

size_t CodePointMap::index_of(uint32_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end() - 1, offset);
  return static_cast<size_t>(it - starts_.begin()) - 1;
}

}  // namespace mzr::syntax

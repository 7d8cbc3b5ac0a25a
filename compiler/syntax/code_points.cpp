#include "compiler/syntax/code_points.h"

#include "compiler/base/utf8.h"

namespace mzr::syntax {

CodePointMap::CodePointMap(std::string_view utf8) : size_(static_cast<uint32_t>(utf8.size())) {
  bool ascii = std::all_of(utf8.begin(), utf8.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return;  // code points are bytes
  starts_.reserve(utf8.size() + 1);
  for (size_t i = 0; i < utf8.size();) {
    starts_.push_back(static_cast<uint32_t>(i));
    i += decode_utf8(utf8, i).length;
  }
  starts_.push_back(size_);
}

}  // namespace mzr::syntax

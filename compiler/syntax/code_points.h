#pragma once
// ANTLR's C++ input stream counts code points; mzrules counts bytes. This maps one to the other
// for one UTF-8 text. Every parser in compiler/syntax uses it.

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace mzr::syntax {

class CodePointMap {
 public:
  explicit CodePointMap(std::string_view utf8);
  // The byte offset of code point `index`; the text's size for the end or beyond.
  uint32_t byte_of(size_t index) const {
    if (starts_.empty()) return static_cast<uint32_t>(std::min<size_t>(index, size_));
    return index < starts_.size() ? starts_[index] : starts_.back();
  }

 private:
  uint32_t size_;
  std::vector<uint32_t> starts_;  // one per code point, then the size; empty for ASCII text
};

}  // namespace mzr::syntax

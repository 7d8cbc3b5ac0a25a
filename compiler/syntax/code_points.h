#pragma once
// ANTLR's C++ input stream counts code points; mzrules counts bytes. This maps one to the other
// for one UTF-8 text.

#include <cstdint>
#include <string_view>
#include <vector>

namespace mzr::syntax {

class CodePointMap {
 public:
  explicit CodePointMap(std::string_view utf8);
  // The byte offset of code point `index`; the text's size for the end or beyond.
  uint32_t byte_of(size_t index) const {
    return index < starts_.size() ? starts_[index] : starts_.back();
  }
  // The code point index that starts at or contains byte `offset`.
  size_t index_of(uint32_t offset) const;

 private:
  std::vector<uint32_t> starts_;  // one per code point, then the text's size
};

}  // namespace mzr::syntax

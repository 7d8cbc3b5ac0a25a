#include "compiler/base/source.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "compiler/base/utf8.h"

namespace mzr {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
    ++p;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
  std::string_view all = text_;
  for (size_t k = 0; k < line_starts_.size(); ++k) {
    uint32_t start = line_starts_[k];
    uint32_t stop = k + 1 < line_starts_.size() ? line_starts_[k + 1] : size();
    if (stop - start <= kColumnMarkStride) continue;
    // The same decoding as count_code_points, so counting on from a mark agrees with counting
    // from the line's start.
    uint32_t code_points = 0;
    uint32_t next_mark = start + kColumnMarkStride;
    for (uint32_t i = start; i < stop;) {
      if (i >= next_mark) {
        column_marks_.push_back({i, code_points});
        next_mark = i + kColumnMarkStride;
      }
      // Eight ASCII bytes at a time: nearly all of any real line.
      if (uint64_t word; i + 8 <= stop) {
        std::memcpy(&word, all.data() + i, 8);
        if ((word & 0x8080808080808080ULL) == 0) {
          i += 8;
          code_points += 8;
          continue;
        }
      }
      i += static_cast<uint32_t>(decode_utf8(all, i).length);
      ++code_points;
    }
  }
}

SourceFile::ColumnMark SourceFile::count_from(uint32_t line_start, uint32_t offset) const {
  auto it = std::upper_bound(column_marks_.begin(), column_marks_.end(), offset,
                             [](uint32_t o, const ColumnMark& m) { return o < m.offset; });
  if (it == column_marks_.begin() || std::prev(it)->offset < line_start) return {line_start, 0};
  return *std::prev(it);
}

uint32_t SourceFile::column_count_length(uint32_t offset) const {
  offset = std::min(offset, size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return offset - count_from(*std::prev(it), offset).offset;
}

LineCol SourceFile::line_col(uint32_t offset) const {
  offset = std::min(offset, size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t start = line_starts_[line - 1];
  ColumnMark mark = count_from(start, offset);
  std::string_view before = std::string_view(text_).substr(mark.offset, offset - mark.offset);
  auto code_points = mark.code_points + static_cast<uint32_t>(count_code_points(before));
  return {line, offset - start + 1, code_points + 1};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : size();
  std::string_view s = std::string_view(text_).substr(start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

SourceId SourceManager::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<SourceId>(files_.size() - 1);
}

}  // namespace mzr

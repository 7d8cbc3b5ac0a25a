#pragma once
// Source files and byte ranges. Every position in mzrules is a byte offset into one SourceFile;
// lines and columns are computed only when a diagnostic is rendered.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mzr {

using SourceId = uint32_t;
inline constexpr SourceId kNoSource = UINT32_MAX;

// A half-open byte range [begin, end) in one source file.
struct Span {
  SourceId file = kNoSource;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kNoSource; }
  friend bool operator==(const Span&, const Span&) = default;
};

// A 1-based position as rendered: `column` counts bytes (as Prometheus and Go tools do),
// `char_column` counts Unicode code points (as editors and GitHub do).
struct LineCol {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t char_column = 0;
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  uint32_t size() const { return static_cast<uint32_t>(text_.size()); }

  LineCol line_col(uint32_t offset) const;
  // The text of 1-based line `line`, without its line terminator.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  uint32_t line_start(uint32_t line) const { return line_starts_[line - 1]; }
  // The bytes line_col reads to count the code points before `offset`: fewer than about
  // kColumnMarkStride, however long the line.
  uint32_t column_count_length(uint32_t offset) const;

  // On lines longer than this, the code points from the line's start are recorded every this
  // many bytes.
  static constexpr uint32_t kColumnMarkStride = 1024;

 private:
  // A character boundary on a long line and the code points between the line's start and it.
  struct ColumnMark {
    uint32_t offset;
    uint32_t code_points;
  };
  // Where counting the code points before `offset` starts: the line's start or the last mark.
  ColumnMark count_from(uint32_t line_start, uint32_t offset) const;

  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
  // Minified JSON or a flow sequence can put thousands of diagnostics on one line of megabytes;
  // counting each one's column from the line's start would make rendering them quadratic.
  std::vector<ColumnMark> column_marks_;  // in offset order
};

// Owns every source file of a compilation. Files are never removed, so SourceIds and the views
// into their text stay valid for the manager's lifetime.
class SourceManager {
 public:
  SourceId add(std::string path, std::string text);
  const SourceFile& file(SourceId id) const { return *files_[id]; }
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace mzr

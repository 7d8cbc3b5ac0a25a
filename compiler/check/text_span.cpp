#include "compiler/check/text_span.h"

#include <algorithm>
#include <vector>

namespace mzr {
namespace {

std::vector<size_t> occurrences(std::string_view hay, std::string_view needle) {
  std::vector<size_t> at;
  for (size_t i = hay.find(needle); i != std::string_view::npos; i = hay.find(needle, i + 1)) {
    at.push_back(i);
  }
  return at;
}

}  // namespace

Span locate_in_text(Span span, std::string_view value, uint32_t begin, uint32_t end,
                    const SourceManager* sources) {
  if (sources == nullptr || span.file == kNoSource || span.end <= span.begin) return span;
  std::string_view text = sources->file(span.file).text();
  if (span.end > text.size()) return span;
  begin = std::min<uint32_t>(begin, static_cast<uint32_t>(value.size()));
  end = std::clamp<uint32_t>(end, begin, static_cast<uint32_t>(value.size()));
  std::string_view ref = value.substr(begin, end - begin);
  if (ref.empty()) return span;
  std::string_view written = text.substr(span.begin, span.end - span.begin);
  std::vector<size_t> in_value = occurrences(value, ref);
  std::vector<size_t> in_written = occurrences(written, ref);
  if (in_value.size() != in_written.size()) return span;
  for (size_t k = 0; k < in_value.size(); ++k) {
    if (in_value[k] != begin) continue;
    auto b = static_cast<uint32_t>(span.begin + in_written[k]);
    return Span{span.file, b, static_cast<uint32_t>(b + ref.size())};
  }
  return span;
}

}  // namespace mzr

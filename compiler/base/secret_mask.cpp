#include "compiler/base/secret_mask.h"

#include <algorithm>
#include <vector>

namespace mzr {

MaskedLine mask_secrets(const Diagnostics& diags, SourceId file, uint32_t line_start,
                        std::string_view line, size_t begin, size_t end) {
  MaskedLine m;
  m.line = line;
  m.begin = begin;
  m.end = end;
  uint32_t line_end = line_start + static_cast<uint32_t>(line.size());
  std::vector<Span> secrets = diags.secrets_in(file, line_start, line_end);
  if (secrets.empty()) return m;
  // A position inside a secret moves to the mask's start (a range's begin) or end (its end);
  // one after it shifts by what the masks before it changed in length.
  auto moved = [&](size_t p, bool is_end) {
    size_t shift_done = 0;  // length of the text before p, masked
    size_t copied = 0;      // bytes of the line before p accounted for
    for (const Span& s : secrets) {
      size_t from = std::max(s.begin, line_start) - line_start;
      size_t to = std::min(s.end, line_end) - line_start;
      if (p <= from) break;
      if (p < to || (is_end && p == to)) {
        return shift_done + (from - copied) + (is_end ? kSecretMask.size() : 0);
      }
      shift_done += (from - copied) + kSecretMask.size();
      copied = to;
    }
    return shift_done + (p - copied);
  };
  size_t copied = 0;
  for (const Span& s : secrets) {
    size_t from = std::max(s.begin, line_start) - line_start;
    size_t to = std::min(s.end, line_end) - line_start;
    m.masked.append(line.substr(copied, from - copied));
    m.masked.append(kSecretMask);
    copied = to;
  }
  m.masked.append(line.substr(copied));
  m.has_secret = true;
  m.begin = moved(begin, false);
  m.end = std::max(m.begin, moved(end, true));
  return m;
}

}  // namespace mzr

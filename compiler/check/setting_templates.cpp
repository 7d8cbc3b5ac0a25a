#include "compiler/check/setting_templates.h"

#include <algorithm>

namespace mzr {

void template_strings(const model::AmValue& v, std::vector<const model::AmValue*>& out) {
  if (v.kind == model::AmValue::Kind::Scalar && v.scalar.find("{{") != std::string::npos) {
    out.push_back(&v);
  }
  for (const model::AmValue& item : v.items) template_strings(item, out);
  for (const model::AmValueEntry& e : v.entries) template_strings(e.value, out);
}

Span locate_in_setting(const model::AmValue& v, uint32_t begin, uint32_t end,
                       const SourceManager& sources) {
  if (v.span.file == kNoSource || v.span.end <= v.span.begin) return v.span;
  std::string_view text = sources.file(v.span.file).text();
  if (v.span.end > text.size()) return v.span;
  std::string_view raw = text.substr(v.span.begin, v.span.end - v.span.begin);
  std::string_view value = v.scalar;
  begin = std::min<uint32_t>(begin, static_cast<uint32_t>(value.size()));
  end = std::clamp<uint32_t>(end, begin, static_cast<uint32_t>(value.size()));
  std::string_view ref = value.substr(begin, end - begin);
  auto count = [&](std::string_view hay) {
    size_t k = 0;
    for (size_t i = hay.find(ref); i != std::string_view::npos; i = hay.find(ref, i + 1)) ++k;
    return k;
  };
  if (ref.empty() || count(raw) != count(value)) return v.span;
  // The occurrence of `ref` in the value that starts at `begin`, and the same one in the text.
  size_t k = 0;
  for (size_t i = value.find(ref); i != std::string_view::npos && i < begin;
       i = value.find(ref, i + 1)) {
    ++k;
  }
  size_t at = raw.find(ref);
  for (size_t n = 0; n < k && at != std::string_view::npos; ++n) at = raw.find(ref, at + 1);
  if (at == std::string_view::npos) return v.span;
  auto b = static_cast<uint32_t>(v.span.begin + at);
  return Span{v.span.file, b, static_cast<uint32_t>(b + ref.size())};
}

}  // namespace mzr

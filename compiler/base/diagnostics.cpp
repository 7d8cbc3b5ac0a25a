#include "compiler/base/diagnostics.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace mzr {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Off: return "off";
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view s) {
  for (Severity v : {Severity::Off, Severity::Info, Severity::Warning, Severity::Error}) {
    if (severity_name(v) == s) return v;
  }
  return std::nullopt;
}

const std::vector<DiagInfo>& all_diags() {
  static const std::vector<DiagInfo> table = {
#define MZR_DIAG(name, code, severity, explanation) \
  {DiagKind::name, #name, code, Severity::severity, explanation},
#include "compiler/base/diagnostic_kinds.def"
#undef MZR_DIAG
  };
  return table;
}

const DiagInfo& diag_info(DiagKind kind) {
  return all_diags()[static_cast<size_t>(kind)];
}

const DiagInfo* find_diag(std::string_view code) {
  for (const DiagInfo& d : all_diags()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

Diagnostic& Diagnostic::note(Span at, std::string text) {
  notes.push_back({at, std::move(text)});
  return *this;
}

Severity Diagnostics::severity_of(DiagKind kind) const {
  auto it = overrides_.find(kind);
  return it != overrides_.end() ? it->second : diag_info(kind).severity;
}

Diagnostic& Diagnostics::report(DiagKind kind, Span span, std::string message) {
  Severity severity = severity_of(kind);
  if (severity == Severity::Off) {
    dropped_ = Diagnostic{kind, severity, span, {}, {}};
    return dropped_;
  }
  std::vector<size_t>& same_site = sites_[Site{kind, span}];
  for (size_t i : same_site) {
    if (diags_[i].message == message) {
      dropped_ = Diagnostic{kind, severity, span, {}, {}};
      return dropped_;
    }
  }
  same_site.push_back(diags_.size());
  diags_.push_back(Diagnostic{kind, severity, span, std::move(message), {}});
  return diags_.back();
}

void Diagnostics::relevel(const std::function<Severity(const Diagnostic&)>& level) {
  std::vector<Diagnostic> kept;
  kept.reserve(diags_.size());
  for (Diagnostic& d : diags_) {
    Severity s = level(d);
    if (s == Severity::Off) continue;
    d.severity = s;
    kept.push_back(std::move(d));
  }
  diags_ = std::move(kept);
  sites_.clear();
  for (size_t i = 0; i < diags_.size(); ++i)
    sites_[Site{diags_[i].kind, diags_[i].span}].push_back(i);
}

void Diagnostics::mark_secret(Span span) {
  if (!span.valid() || span.end <= span.begin) return;
  uint32_t begin = span.begin;
  uint32_t end = span.end;
  // Merged with the ranges it touches, so that a lookup needs only the range before it.
  auto it = secrets_.lower_bound({span.file, begin});
  if (it != secrets_.begin()) {
    auto prev = std::prev(it);
    if (prev->first.first == span.file && prev->second >= begin) it = prev;
  }
  while (it != secrets_.end() && it->first.first == span.file && it->first.second <= end) {
    begin = std::min(begin, it->first.second);
    end = std::max(end, it->second);
    it = secrets_.erase(it);
  }
  secrets_.emplace(std::make_pair(span.file, begin), end);
}

std::vector<Span> Diagnostics::secrets_in(SourceId file, uint32_t begin, uint32_t end) const {
  std::vector<Span> out;
  auto it = secrets_.lower_bound({file, begin});
  if (it != secrets_.begin()) {
    auto prev = std::prev(it);
    if (prev->first.first == file && prev->second > begin) it = prev;
  }
  for (; it != secrets_.end() && it->first.first == file && it->first.second < end; ++it) {
    out.push_back(Span{file, it->first.second, it->second});
  }
  return out;
}

size_t Diagnostics::SiteHash::operator()(const Site& s) const {
  uint64_t h = static_cast<uint64_t>(s.kind);
  for (uint64_t v : {uint64_t{s.span.file}, uint64_t{s.span.begin}, uint64_t{s.span.end}}) {
    h = (h ^ v) * 0x100000001B3ULL;  // FNV-1a's prime, a word at a time
  }
  return static_cast<size_t>(h);
}

std::vector<const Diagnostic*> Diagnostics::sorted() const {
  std::vector<const Diagnostic*> out;
  out.reserve(diags_.size());
  for (const Diagnostic& d : diags_) out.push_back(&d);
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->span.file != b->span.file) return a->span.file < b->span.file;
    return a->span.begin < b->span.begin;
  });
  return out;
}

size_t Diagnostics::count(Severity s) const {
  return static_cast<size_t>(std::count_if(diags_.begin(), diags_.end(),
                                           [&](const Diagnostic& d) { return d.severity == s; }));
}

}  // namespace mzr

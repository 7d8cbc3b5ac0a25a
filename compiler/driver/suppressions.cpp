#include "compiler/driver/suppressions.h"

#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mzr::driver {
namespace {

constexpr std::string_view kMarker = "mzrules-ignore";

struct Suppression {
  Span span;                    // the comment, from its marker to the end of the line
  uint32_t line;                // the line whose findings it drops
  std::vector<DiagKind> kinds;  // the codes it names
  std::vector<bool> used;       // per code: whether it dropped a finding
};

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool reads_comments(std::string_view path) {
  for (std::string_view ext : {".yaml", ".yml", ".mzr", ".jsonnet", ".libsonnet"}) {
    if (path.ends_with(ext)) return true;
  }
  return false;
}

// The comment opener right before the marker ('#' or '//', spaces between), or npos.
size_t comment_start(std::string_view line, size_t marker) {
  size_t i = marker;
  while (i > 0 && is_space(line[i - 1])) --i;
  if (i >= 1 && line[i - 1] == '#') return i - 1;
  if (i >= 2 && line[i - 1] == '/' && line[i - 2] == '/') return i - 2;
  return std::string_view::npos;
}

// The suppressions of one file; malformed ones are reported and left out.
void scan(const SourceFile& file, SourceId id, Diagnostics& diags, std::vector<Suppression>& out) {
  for (uint32_t line = 1; line <= file.line_count(); ++line) {
    std::string_view text = file.line_text(line);
    size_t marker = text.find(kMarker);
    if (marker == std::string_view::npos) continue;
    size_t opener = comment_start(text, marker);
    if (opener == std::string_view::npos) continue;
    std::string_view content = trim(text);
    uint32_t start = file.line_start(line);
    Span span{id, start + static_cast<uint32_t>(opener),
              start + static_cast<uint32_t>(content.data() + content.size() - text.data())};
    std::string_view rest = text.substr(marker + kMarker.size());
    size_t colon = rest.find(':');
    std::string_view codes = trim(rest.substr(0, colon));
    std::string_view reason =
        colon == std::string_view::npos ? std::string_view() : trim(rest.substr(colon + 1));
    Suppression s{span, trim(text.substr(0, opener)).empty() ? line + 1 : line, {}, {}};
    bool bad = false;
    size_t pos = 0;
    while (pos < codes.size()) {
      size_t end = codes.find_first_of(", \t", pos);
      if (end == std::string_view::npos) end = codes.size();
      std::string_view code = codes.substr(pos, end - pos);
      pos = end + 1;
      if (code.empty()) continue;
      if (const DiagInfo* info = find_diag(code)) {
        s.kinds.push_back(info->kind);
      } else {
        diags.report(DiagKind::InvalidSuppression, span,
                     fmt::format("'{}' is not a diagnostic code", code));
        bad = true;
      }
    }
    if (bad) continue;
    if (s.kinds.empty()) {
      diags.report(DiagKind::InvalidSuppression, span,
                   "the suppression names no diagnostic code; write 'mzrules-ignore CODE: reason'");
      continue;
    }
    if (reason.empty()) {
      diags.report(DiagKind::InvalidSuppression, span,
                   "the suppression gives no reason; write 'mzrules-ignore CODE: reason', the "
                   "reason after a colon");
      continue;
    }
    s.used.assign(s.kinds.size(), false);
    out.push_back(std::move(s));
  }
}

}  // namespace

void apply_suppressions(const SourceManager& sources, Diagnostics& diags) {
  std::vector<Suppression> all;
  for (SourceId id = 0; id < sources.size(); ++id) {
    const SourceFile& file = sources.file(id);
    if (!reads_comments(file.path()) || file.text().find(kMarker) == std::string_view::npos)
      continue;
    scan(file, id, diags, all);
  }
  if (all.empty()) return;
  std::map<std::pair<SourceId, uint32_t>, std::vector<Suppression*>> by_line;
  for (Suppression& s : all) by_line[{s.span.file, s.line}].push_back(&s);
  diags.relevel([&](const Diagnostic& d) {
    if (!d.span.valid()) return d.severity;
    uint32_t line = sources.file(d.span.file).line_col(d.span.begin).line;
    auto it = by_line.find({d.span.file, line});
    if (it == by_line.end()) return d.severity;
    bool drop = false;
    for (Suppression* s : it->second) {
      for (size_t i = 0; i < s->kinds.size(); ++i) {
        if (s->kinds[i] == d.kind) {
          s->used[i] = true;
          drop = true;
        }
      }
    }
    return drop ? Severity::Off : d.severity;
  });
  for (const Suppression& s : all) {
    for (size_t i = 0; i < s.kinds.size(); ++i) {
      if (s.used[i]) continue;
      diags.report(DiagKind::UnusedSuppression, s.span,
                   fmt::format("nothing to suppress: no {} is reported on line {}",
                               diag_info(s.kinds[i]).code, s.line));
    }
  }
}

}  // namespace mzr::driver

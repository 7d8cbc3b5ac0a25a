#pragma once
// Diagnostics are collected, never thrown. Each has a kind from the registry
// (diagnostic_kinds.def), which fixes its stable code and default severity.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "compiler/base/source.h"

namespace mzr {

enum class Severity : uint8_t { Off, Info, Warning, Error };
std::string_view severity_name(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

enum class DiagKind : uint16_t {
#define MZR_DIAG(name, code, severity, explanation) name,
#include "compiler/base/diagnostic_kinds.def"
#undef MZR_DIAG
};

struct DiagInfo {
  DiagKind kind;
  std::string_view name;
  std::string_view code;
  Severity severity;
  std::string_view explanation;
};

const DiagInfo& diag_info(DiagKind kind);
const DiagInfo* find_diag(std::string_view code);
const std::vector<DiagInfo>& all_diags();

struct Note {
  Span span;
  std::string message;
};

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  Span span;
  std::string message;
  std::vector<Note> notes;

  Diagnostic& note(Span at, std::string text);
};

// The collection of one compilation's diagnostics. Severity overrides (lint policy) apply at
// report time; a diagnostic switched off is dropped. Identical reports are kept once.
class Diagnostics {
 public:
  Diagnostic& report(DiagKind kind, Span span, std::string message);

  void set_severity(DiagKind kind, Severity severity) { overrides_[kind] = severity; }
  // Gives each diagnostic collected so far the severity `level` returns for it; Off drops it.
  // For what is decided once everything is reported: suppressions, baselines, per-path levels.
  void relevel(const std::function<Severity(const Diagnostic&)>& level);
  Severity severity_of(DiagKind kind) const;

  const std::vector<Diagnostic>& all() const { return diags_; }
  // Sorted by file, position, then report order: the order renderers print in.
  std::vector<const Diagnostic*> sorted() const;
  size_t count(Severity s) const;
  bool has_errors() const { return count(Severity::Error) > 0; }

  // Marks the source text of `span` as a secret (a credential written in a source): renderers
  // print '***' instead of it in every excerpt that shows its line, whichever diagnostic it is
  // for, and messages never quote it.
  void mark_secret(Span span);
  // The secret ranges that overlap [begin, end) of `file`, disjoint and in source order.
  std::vector<Span> secrets_in(SourceId file, uint32_t begin, uint32_t end) const;

 private:
  std::vector<Diagnostic> diags_;
  // Secret ranges, kept disjoint: (file, begin) → end.
  std::map<std::pair<SourceId, uint32_t>, uint32_t> secrets_;
  std::map<DiagKind, Severity> overrides_;
  // The diagnostics kept, by kind and span: an identical report (same message too) is dropped.
  struct Site {
    DiagKind kind;
    Span span;
    friend bool operator==(const Site&, const Site&) = default;
  };
  struct SiteHash {
    size_t operator()(const Site& s) const;
  };
  std::unordered_map<Site, std::vector<size_t>, SiteHash> sites_;  // → indexes into diags_
  Diagnostic dropped_;  // target of note() on a report that was switched off or repeated
};

}  // namespace mzr

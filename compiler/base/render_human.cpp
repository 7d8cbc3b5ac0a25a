#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "compiler/base/excerpt.h"
#include "compiler/base/render.h"
#include "compiler/base/secret_mask.h"
#include "compiler/base/visible_text.h"

namespace mzr {
namespace {

struct Style {
  bool on;
  std::string_view wrap(std::string_view code) const { return on ? code : std::string_view(); }
  std::string_view bold() const { return wrap("\x1b[1m"); }
  std::string_view reset() const { return wrap("\x1b[0m"); }
  std::string_view severity(Severity s) const {
    switch (s) {
      case Severity::Error: return wrap("\x1b[1;31m");
      case Severity::Warning: return wrap("\x1b[1;35m");
      default: return wrap("\x1b[1;36m");
    }
  }
  std::string_view caret() const { return wrap("\x1b[1;32m"); }
};

// Appends its pieces in order: the renderer's inner loop, run once per diagnostic and note.
template <typename... Pieces>
void append(std::string& out, const Pieces&... pieces) {
  (out.append(pieces), ...);
}

std::string_view decimal(uint32_t n, std::array<char, 16>& buffer) {
  auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), n);
  return {buffer.data(), static_cast<size_t>(r.ptr - buffer.data())};
}

// Messages, paths and the echoed line go through visible_text (or the excerpt, which escapes the
// same way): a newline or escape sequence from a source must not start a line of its own in a CI
// log, where a line like `::error ...` is read as a command, nor act on the terminal.
void render_location(const SourceManager& sm, const Diagnostics& diags, Span span,
                     std::string_view label, std::string_view label_style, std::string_view message,
                     const Style& st, std::string& out) {
  if (!span.valid()) {
    append(out, st.bold(), "mzrules: ", label_style, label, st.bold(), ": ", visible_text(message),
           st.reset(), "\n");
    return;
  }
  const SourceFile& file = sm.file(span.file);
  LineCol lc = file.line_col(span.begin);
  std::array<char, 16> line_buffer;
  std::array<char, 16> column_buffer;
  std::string_view line_number = decimal(lc.line, line_buffer);
  append(out, st.bold(), visible_text(file.path()), ":", line_number, ":",
         decimal(lc.column, column_buffer), ": ", label_style, label, st.bold(), ": ",
         visible_text(message), st.reset(), "\n");
  if (file.size() == 0) return;
  std::string_view line = file.line_text(lc.line);
  size_t begin = span.begin - file.line_start(lc.line);
  size_t end = span.end > span.begin ? span.end - file.line_start(lc.line) : begin + 1;
  // Secrets marked in the sources are never echoed (secret_mask.h).
  MaskedLine masked = mask_secrets(diags, span.file, file.line_start(lc.line), line, begin, end);
  Excerpt e = make_excerpt(masked.text(), masked.begin, masked.end);
  append(out, " ", line_number, " | ", e.text, "\n ");
  out.append(line_number.size(), ' ');
  out.append(" | ");
  out.append(e.underline_from, ' ');
  append(out, st.caret(), "^");
  out.append(e.underline_width - 1, '~');
  append(out, st.reset(), "\n");
}

}  // namespace

void render_human(const SourceManager& sm, const Diagnostics& diags, std::ostream& out,
                  const RenderOptions& options) {
  Style st{options.color};
  // Written out in pieces of about this size, so a long report is never held whole.
  constexpr size_t kChunk = 1 << 16;
  std::string text;
  text.reserve(kChunk + 1024);
  for (const Diagnostic* d : diags.sorted()) {
    if (text.size() > kChunk) {
      out << text;
      text.clear();
    }
    std::string label;
    append(label, severity_name(d->severity), "[", diag_info(d->kind).code, "]");
    render_location(sm, diags, d->span, label, st.severity(d->severity), d->message, st, text);
    for (const Note& n : d->notes) {
      render_location(sm, diags, n.span, "note", st.severity(Severity::Info), n.message, st, text);
    }
  }
  size_t errors = diags.count(Severity::Error);
  size_t warnings = diags.count(Severity::Warning);
  if (errors + warnings > 0) {
    auto plural = [](size_t n, std::string_view word) {
      return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
    };
    text += fmt::format("{}, {}\n", plural(errors, "error"), plural(warnings, "warning"));
  }
  out << text;
}

}  // namespace mzr

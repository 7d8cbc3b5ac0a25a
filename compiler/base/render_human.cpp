#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "compiler/base/render.h"
#include "compiler/base/secret_mask.h"
#include "compiler/base/utf8.h"

namespace mzr {
namespace {

constexpr int kTabWidth = 4;
// Echoed lines longer than this are cut to a window around the underline.
constexpr size_t kMaxEcho = 120;

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

// The line as it is echoed (tabs expanded, control characters shown as '?') and, for the byte
// range [begin, end) of that line, the display columns the underline covers.
struct EchoedLine {
  std::string text;
  size_t underline_from = 0;
  size_t underline_to = 0;
};

bool printable_ascii(std::string_view line) {
  for (char c : line) {
    if (c < 0x20 || c >= 0x7F) return false;
  }
  return true;
}

EchoedLine echo_line(std::string_view line, size_t begin, size_t end) {
  EchoedLine e;
  // Nearly every real line: echoed as is, a column per byte.
  if (printable_ascii(line)) {
    e.text = line;
    e.underline_from = begin <= line.size() ? begin : 0;
    e.underline_to = std::max(e.underline_from, std::min(end, line.size()));
    return e;
  }
  size_t col = 0;
  for (size_t i = 0; i <= line.size();) {
    if (i == begin) e.underline_from = col;
    if (i == end || (i == line.size() && end > line.size())) e.underline_to = col;
    if (i == line.size()) break;
    // Printable ASCII, nearly every byte of a real line, is echoed as is and one column wide.
    if (line[i] >= 0x20 && line[i] < 0x7F) {
      e.text += line[i];
      col += 1;
      i += 1;
      continue;
    }
    DecodedRune r = decode_utf8(line, i);
    if (line[i] == '\t') {
      size_t n = kTabWidth - col % kTabWidth;
      e.text.append(n, ' ');
      col += n;
    } else if (r.rune < 0x20 || r.rune == 0x7F || (r.rune == 0xFFFD && r.length == 1)) {
      e.text += '?';
      col += 1;
    } else {
      e.text.append(line.substr(i, r.length));
      col += static_cast<size_t>(display_width(r.rune));
    }
    i += r.length;
  }
  if (e.underline_to < e.underline_from) e.underline_to = e.underline_from;
  return e;
}

// Cuts a long echoed line to about kMaxEcho columns around the underline, marking the cuts with
// "...". Works on display columns; the echoed text is re-measured rune by rune.
void window(EchoedLine& e) {
  // No rune is wider in columns than in bytes, so a short line needs no measuring.
  if (e.text.size() <= kMaxEcho) return;
  size_t total = 0;
  std::vector<std::pair<size_t, size_t>> cols;  // (byte offset in e.text, display column)
  for (size_t i = 0; i < e.text.size();) {
    DecodedRune r = decode_utf8(e.text, i);
    cols.emplace_back(i, total);
    total += static_cast<size_t>(display_width(r.rune));
    i += r.length;
  }
  if (total <= kMaxEcho) return;
  size_t underline = std::min(e.underline_to - e.underline_from, kMaxEcho / 2);
  size_t from = e.underline_from > kMaxEcho / 4 ? e.underline_from - kMaxEcho / 4 : 0;
  size_t to = std::min(total, from + kMaxEcho);
  auto byte_at = [&](size_t col) {
    for (const auto& [byte, c] : cols) {
      if (c >= col) return byte;
    }
    return e.text.size();
  };
  std::string cut = e.text.substr(byte_at(from), byte_at(to) - byte_at(from));
  std::string prefix = from > 0 ? "..." : "";
  std::string suffix = to < total ? "..." : "";
  e.text = prefix + cut + suffix;
  e.underline_from = e.underline_from - from + prefix.size();
  e.underline_to = e.underline_from + std::max<size_t>(underline, 1);
}

// Appends its pieces in order: the renderer's inner loop, run once per diagnostic and note.
template <typename... Pieces>
void append(std::string& out, const Pieces&... pieces) {
  (out.append(pieces), ...);
}

std::string_view decimal(uint32_t n, std::array<char, 16>& buffer) {
  auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), n);
  return {buffer.data(), static_cast<size_t>(r.ptr - buffer.data())};
}

void render_location(const SourceManager& sm, const Diagnostics& diags, Span span,
                     std::string_view label, std::string_view label_style, std::string_view message,
                     const Style& st, std::string& out) {
  if (!span.valid()) {
    append(out, st.bold(), "mzrules: ", label_style, label, st.bold(), ": ", message, st.reset(),
           "\n");
    return;
  }
  const SourceFile& file = sm.file(span.file);
  LineCol lc = file.line_col(span.begin);
  std::array<char, 16> line_buffer;
  std::array<char, 16> column_buffer;
  std::string_view line_number = decimal(lc.line, line_buffer);
  append(out, st.bold(), file.path(), ":", line_number, ":", decimal(lc.column, column_buffer),
         ": ", label_style, label, st.bold(), ": ", message, st.reset(), "\n");
  if (file.size() == 0) return;
  std::string_view line = file.line_text(lc.line);
  size_t begin = span.begin - file.line_start(lc.line);
  size_t end = span.end > span.begin ? span.end - file.line_start(lc.line) : begin + 1;
  // Secrets marked in the sources are never echoed (secret_mask.h).
  MaskedLine masked = mask_secrets(diags, span.file, file.line_start(lc.line), line, begin, end);
  EchoedLine e = echo_line(masked.text(), masked.begin, masked.end);
  window(e);
  size_t width = e.underline_to > e.underline_from ? e.underline_to - e.underline_from : 1;
  append(out, " ", line_number, " | ", e.text, "\n ");
  out.append(line_number.size(), ' ');
  out.append(" | ");
  out.append(e.underline_from, ' ');
  append(out, st.caret(), "^");
  out.append(width - 1, '~');
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

// The machine-readable renderers: JSON and GitHub workflow commands.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/base/render.h"
#include "compiler/base/visible_text.h"

namespace mzr {
namespace {

void add_location(nlohmann::ordered_json& j, const SourceManager& sm, Span span) {
  if (!span.valid()) return;
  const SourceFile& f = sm.file(span.file);
  LineCol b = f.line_col(span.begin);
  LineCol e = f.line_col(span.end);
  j["file"] = f.path();
  j["line"] = b.line;
  j["column"] = b.column;
  j["end_line"] = e.line;
  j["end_column"] = e.column;
  j["offset"] = span.begin;
  j["length"] = span.end - span.begin;
}

// Workflow command values escape '%', CR and LF; property values also ':' and ',' (as the
// Actions toolkit's escapeData and escapeProperty do). Text from sources has been through
// visible_text before, so the only line breaks left are the ones the renderer puts between notes.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::optional<DiagFormat> parse_diag_format(std::string_view s) {
  if (s == "human") return DiagFormat::Human;
  if (s == "json") return DiagFormat::Json;
  if (s == "github") return DiagFormat::Github;
  if (s == "sarif") return DiagFormat::Sarif;
  return std::nullopt;
}

void render_json(const SourceManager& sm, const Diagnostics& diags, std::ostream& out) {
  auto arr = nlohmann::ordered_json::array();
  for (const Diagnostic* d : diags.sorted()) {
    nlohmann::ordered_json j;
    j["code"] = diag_info(d->kind).code;
    j["severity"] = severity_name(d->severity);
    // Messages quote names and values from sources: their control characters are escaped here
    // as in every format, so a consumer that prints the message prints one harmless line.
    j["message"] = visible_text(d->message);
    add_location(j, sm, d->span);
    auto notes = nlohmann::ordered_json::array();
    for (const Note& n : d->notes) {
      nlohmann::ordered_json nj;
      nj["message"] = visible_text(n.message);
      add_location(nj, sm, n.span);
      notes.push_back(std::move(nj));
    }
    j["notes"] = std::move(notes);
    arr.push_back(std::move(j));
  }
  out << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void render_github(const SourceManager& sm, const Diagnostics& diags, std::ostream& out) {
  for (const Diagnostic* d : diags.sorted()) {
    std::string_view command = d->severity == Severity::Error     ? "error"
                               : d->severity == Severity::Warning ? "warning"
                                                                  : "notice";
    std::string props;
    if (d->span.valid()) {
      const SourceFile& f = sm.file(d->span.file);
      LineCol b = f.line_col(d->span.begin);
      LineCol e = f.line_col(d->span.end);
      // GitHub counts columns in characters, not bytes.
      props = fmt::format("file={},line={},col={},endLine={},endColumn={},",
                          escape_property(visible_text(f.path())), b.line, b.char_column, e.line,
                          e.char_column);
    }
    std::string message = visible_text(d->message);
    for (const Note& n : d->notes) {
      std::string where;
      if (n.span.valid()) {
        const SourceFile& f = sm.file(n.span.file);
        LineCol lc = f.line_col(n.span.begin);
        where = fmt::format("{}:{}:{}: ", visible_text(f.path()), lc.line, lc.column);
      }
      message += fmt::format("\n{}note: {}", where, visible_text(n.message));
    }
    out << fmt::format("::{} {}title={}::{}\n", command, props,
                       escape_property(diag_info(d->kind).code), escape_data(message));
  }
}

void render(DiagFormat format, const SourceManager& sm, const Diagnostics& diags, std::ostream& out,
            const RenderOptions& options) {
  switch (format) {
    case DiagFormat::Human: render_human(sm, diags, out, options); break;
    case DiagFormat::Json: render_json(sm, diags, out); break;
    case DiagFormat::Github: render_github(sm, diags, out); break;
    case DiagFormat::Sarif: render_sarif(sm, diags, out, options); break;
  }
}

}  // namespace mzr

#pragma once
// Renderers turn collected diagnostics into text for people (human), programs (json) and CI
// annotations (github, sarif). They read diagnostics and sources; they decide nothing.

#include <optional>
#include <ostream>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace mzr {

enum class DiagFormat { Human, Json, Github, Sarif };
std::optional<DiagFormat> parse_diag_format(std::string_view s);

struct RenderOptions {
  bool color = false;
  std::string_view tool_version = {};  // named in SARIF output
};

// `file:line:col: error[CODE]: message`, the source line, and a caret/tilde underline; notes
// follow with their own locations; a one-line summary closes the output when anything was said.
void render_human(const SourceManager& sm, const Diagnostics& diags, std::ostream& out,
                  const RenderOptions& options);

// One JSON array of objects with stable field names (see docs/diagnostics.md).
void render_json(const SourceManager& sm, const Diagnostics& diags, std::ostream& out);

// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`.
void render_github(const SourceManager& sm, const Diagnostics& diags, std::ostream& out);

// SARIF 2.1.0, for code-scanning services: one run, a rule per code that occurs, columns in code
// points.
void render_sarif(const SourceManager& sm, const Diagnostics& diags, std::ostream& out,
                  const RenderOptions& options);

void render(DiagFormat format, const SourceManager& sm, const Diagnostics& diags, std::ostream& out,
            const RenderOptions& options);

}  // namespace mzr

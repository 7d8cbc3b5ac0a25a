// libFuzzer target for the .mzr front end: any byte string must parse and lower (dashboards too)
// with diagnostics, never a crash, a sanitizer report or a hang; a file without errors must format
// to text that parses without errors and formats to the same bytes again (`mzrules fmt` is
// idempotent).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/dsl/lower.h"
#include "compiler/dsl/lower_dashboard.h"
#include "compiler/dsl/printer.h"
#include "compiler/syntax/mzr_parser.h"

namespace {

bool spans_inside(const mzr::Diagnostics& diags, mzr::SourceId id, size_t size) {
  for (const mzr::Diagnostic& d : diags.all()) {
    if (d.span.file != id) continue;
    if (d.span.end > size || d.span.begin > d.span.end) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  mzr::SourceManager sources;
  mzr::SourceId id = sources.add("fuzz.mzr", text);
  mzr::Diagnostics diags;
  mzr::dsl::File file = mzr::syntax::parse_mzr(sources, id, diags);
  mzr::dsl::Lowered lowered;
  mzr::dsl::lower(file, lowered, diags);
  mzr::model::GrafanaStack grafana =
      lowered.stack ? lowered.stack->grafana : mzr::model::GrafanaStack{};
  for (const mzr::dsl::DashboardBlock& b : lowered.dashboards) {
    mzr::model::Dashboard d = mzr::dsl::lower_dashboard(b, grafana, diags);
    // The document is what gets deployed: it must serialise.
    if (d.document.dump().empty()) std::abort();
  }
  if (!spans_inside(diags, id, text.size())) std::abort();
  if (diags.has_errors()) return 0;

  mzr::Diagnostics print_diags;
  std::optional<std::string> printed = mzr::dsl::print(file, sources.file(id), print_diags);
  if (!printed) return 0;  // a comment the canonical form has no place for (E0712)
  mzr::SourceId id2 = sources.add("printed.mzr", *printed);
  mzr::Diagnostics diags2;
  mzr::dsl::File again = mzr::syntax::parse_mzr(sources, id2, diags2);
  if (diags2.has_errors()) std::abort();
  std::optional<std::string> twice = mzr::dsl::print(again, sources.file(id2), diags2);
  if (!twice || *twice != *printed) std::abort();
  return 0;
}

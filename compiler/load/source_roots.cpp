#include "compiler/load/source_roots.h"

#include <fmt/format.h>

namespace mzr {
namespace {

std::string settings_dir(const model::Settings& settings) {
  return settings.root.empty() ? "." : settings.root;
}

}  // namespace

ReadBounds repository_bounds(const FileSystem& fs, const model::Settings& settings) {
  return ReadBounds(fs, settings_dir(settings));
}

std::vector<std::string> project_source_roots(const FileSystem& fs, const model::Settings& settings,
                                              ReadBounds& bounds, Diagnostics& diags) {
  std::vector<std::string> roots;
  for (const model::SourceFolder& s : settings.sources) {
    std::string p = join_path(settings_dir(settings), s.path);
    if (!fs.exists(p)) {
      // The default folders (no mzrules.yaml) may be missing; a folder the settings name may not:
      // whatever it should hold would silently go unchecked.
      if (s.span.valid()) {
        diags.report(DiagKind::FileNotFound, s.span,
                     fmt::format("source folder '{}' named in mzrules.yaml does not exist "
                                 "(searched '{}')",
                                 s.path, p));
      }
      continue;
    }
    ReadBounds::Place at = bounds.locate(p);
    if (!at.inside && settings.allow_sources_outside) {
      bounds.open(p);
    } else if (!at.inside) {
      std::string where = bounds.written_inside_repository(p)
                              ? fmt::format("leads to '{}',", at.real)
                              : std::string("is");
      diags.report(DiagKind::SourceOutsideRepository, s.span,
                   fmt::format("source folder '{}' {} outside the repository; set "
                               "'allow_sources_outside: true' in mzrules.yaml to read it",
                               s.path, where));
      continue;
    }
    roots.push_back(p);
  }
  return roots;
}

void open_named_paths(const std::vector<std::string>& paths, ReadBounds& bounds) {
  for (const std::string& p : paths) {
    if (!bounds.written_inside_repository(p)) bounds.open(p);
  }
}

}  // namespace mzr

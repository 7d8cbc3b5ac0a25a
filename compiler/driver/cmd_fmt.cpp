#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/unified_diff.h"
#include "compiler/dsl/printer.h"
#include "compiler/load/source_roots.h"
#include "compiler/load/sources.h"
#include "compiler/syntax/mzr_parser.h"

namespace mzr::driver {

int run_fmt(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Format .mzr sources canonically, in place. With no paths, formats the source "
      "folders named in mzrules.yaml. A file with syntax errors is left as it is.",
      "fmt");
  OutputOptions output;
  std::vector<std::string> paths;
  bool check = false;
  bool diff = false;
  add_output_options(app, output);
  app.add_flag("--check", check, "write nothing; fail if a file is not formatted");
  app.add_flag("--diff", diff,
               "write nothing; print what formatting would change as a unified diff, and fail "
               "if it would change anything");
  app.add_option("paths", paths, "files or directories to format");
  if (int code = parse_args(app, args, env); code >= 0) return code;

  Compilation c;
  if (!load_project_settings(env.fs, c)) return report(c, output, env);
  ReadBounds bounds = repository_bounds(env.fs, c.settings);
  std::vector<std::string> roots = paths;
  if (roots.empty()) {
    roots = project_source_roots(env.fs, c.settings, bounds, c.diags);
  } else {
    open_named_paths(paths, bounds);
  }
  std::vector<std::string> unformatted;
  bool write_failed = false;
  for (const SourcePath& sp : discover_sources(env.fs, roots, !paths.empty(), bounds, c.diags)) {
    if (!sp.path.ends_with(".mzr")) continue;
    auto id = read_source(env.fs, sp.path, c.sources, c.diags);
    if (!id) continue;
    size_t errors = c.diags.count(Severity::Error);
    dsl::File file = syntax::parse_mzr(c.sources, *id, c.diags);
    if (c.diags.count(Severity::Error) > errors) continue;
    auto text = dsl::print(file, c.sources.file(*id), c.diags);
    if (!text || *text == c.sources.file(*id).text()) continue;
    if (diff) env.out << unified_diff(sp.path, c.sources.file(*id).text(), *text);
    if (check || diff) {
      unformatted.push_back(sp.path);
      continue;
    }
    FsError err;
    if (!env.fs.write_atomic(sp.path, *text, err)) {
      env.err << fmt::format("mzrules fmt: cannot write '{}': {}\n", sp.path, err.message);
      write_failed = true;
    }
  }
  int code = report(c, output, env);
  for (const std::string& p : diff ? std::vector<std::string>() : unformatted)
    env.err << fmt::format("mzrules fmt: '{}' is not formatted\n", p);
  if (write_failed) return kExitUsage;
  return code != kExitOk || !unformatted.empty() ? kExitErrors : kExitOk;
}

}  // namespace mzr::driver

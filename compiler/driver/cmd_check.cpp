#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/targets.h"

namespace mzr::driver {

int run_check(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Parse, type-check and lint monitoring sources. With no paths, checks the source "
      "folders named in mzrules.yaml.",
      "check");
  OutputOptions output;
  std::vector<std::string> paths;
  add_output_options(app, output);
  std::vector<std::string> loki_rules;
  app.add_option("paths", paths, "files or directories to check");
  app.add_option(
         "--loki-rules", loki_rules,
         "rule files at or below this path hold LogQL (adds to 'loki_rules' in mzrules.yaml)")
      ->allow_extra_args(false);
  if (int code = parse_args(app, args, env); code >= 0) return code;

  Compilation c;
  if (load_project_settings(env.fs, c)) {
    c.loki_rule_paths = std::move(loki_rules);
    compile(env.fs, paths, c);
    // The whole project is emitted in memory, so that what the build could not write fails here
    // too; a check of some paths has only part of the model to emit.
    if (paths.empty() && !c.diags.has_errors()) emit_all_targets(c);
  }
  return report(c, output, env);
}

}  // namespace mzr::driver

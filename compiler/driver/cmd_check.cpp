#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/gate.h"
#include "compiler/driver/targets.h"

namespace mzr::driver {

int run_check(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Parse, type-check and lint monitoring sources. With no paths, checks the source "
      "folders named in mzrules.yaml.",
      "check");
  OutputOptions output;
  GateOptions gate;
  std::vector<std::string> paths;
  add_output_options(app, output);
  add_gate_options(app, gate);
  std::vector<std::string> loki_rules;
  app.add_option("paths", paths, "files or directories to check");
  app.add_option(
         "--loki-rules", loki_rules,
         "rule files at or below this path hold LogQL (adds to 'loki_rules' in mzrules.yaml)")
      ->allow_extra_args(false);
  if (int code = parse_args(app, args, env); code >= 0) return code;

  auto check = [&](const FileSystem& fs, Compilation& c) {
    if (!load_project_settings(fs, c)) return false;
    c.loki_rule_paths = loki_rules;
    compile(fs, paths, c);
    check_route_tests(c);
    // The whole project is emitted in memory, so that what the build could not write fails here
    // too; a check of some paths has only part of the model to emit.
    if (paths.empty() && !c.diags.has_errors()) emit_all_targets(c);
    return true;
  };
  Compilation c;
  bool compiled = check(env.fs, c);
  if (int code = apply_gate(
          c, gate,
          [&](const FileSystem& fs, Compilation& old) {
            check(fs, old);
            finish_diagnostics(old);
          },
          env);
      code >= 0) {
    return code;
  }
  int code = report(c, output, env);
  if (compiled && c.source_files > 0 && output.format == "human") env.err << checked_summary(c);
  return code;
}

}  // namespace mzr::driver

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/emit/alertmanager.h"
#include "compiler/emit/grafana_resources.h"
#include "compiler/emit/loki_rules.h"
#include "compiler/emit/thanos_rules.h"
#include "compiler/emit/writer.h"

namespace mzr::driver {

int run_build(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Compile the project's sources (from mzrules.yaml) and write the output directory. "
      "Nothing is written when there are errors.",
      "build");
  OutputOptions output;
  std::string out_dir;
  bool check = false;
  add_output_options(app, output);
  app.add_option("-o,--output", out_dir, "output directory (default: 'output' in mzrules.yaml)");
  app.add_flag("--check", check, "write nothing; fail if the output directory is not up to date");
  if (int code = parse_args(app, args, env); code >= 0) return code;

  Compilation c;
  if (load_project_settings(env.fs, c)) compile(env.fs, {}, c);
  int code = report(c, output, env);
  if (code != kExitOk) {
    env.err << "mzrules build: errors found; the output directory was not changed\n";
    return code;
  }
  if (out_dir.empty())
    out_dir = join_path(c.settings.root.empty() ? "." : c.settings.root, c.settings.output);

  emit::OutputSet files;
  emit::emit_thanos(c.rule_sets, c.stack, c.sources, c.settings.root, files);
  emit::emit_grafana(c.dashboards, c.stack.grafana, c.sources, c.settings.dashboard_schema, files);
  if (!c.alertmanager_configs.empty())
    emit::emit_alertmanager(c.alertmanager_configs.front(), files);
  emit::emit_loki(c.rule_sets, c.stack, c.sources, c.settings.root, files);

  if (check) {
    auto stale = emit::stale_files(env.fs, out_dir, files);
    for (const std::string& s : stale)
      env.err << fmt::format("mzrules build: '{}' is not up to date\n", s);
    if (!stale.empty()) {
      env.err << "mzrules build: run 'mzrules build' and commit the result\n";
      return kExitErrors;
    }
    return kExitOk;
  }
  emit::WriteResult result = emit::write_output(env.fs, out_dir, files);
  if (!result.ok) {
    env.err << "mzrules build: " << result.error << "; the output directory was not changed\n";
    return kExitUsage;
  }
  env.err << fmt::format("mzrules build: {} files in '{}' ({} written, {} removed)\n",
                         files.files.size(), out_dir, result.written.size(), result.removed.size());
  return kExitOk;
}

}  // namespace mzr::driver

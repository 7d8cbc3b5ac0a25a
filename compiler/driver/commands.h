#pragma once
// The subcommand table and the pieces every command shares.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/render.h"
#include "compiler/driver/environment.h"
#include "compiler/driver/pipeline.h"

namespace CLI {
class App;
}

namespace mzr::driver {

struct Command {
  std::string_view name;
  std::string_view summary;
  // Runs the command on its own arguments (after the command name).
  int (*run)(const std::vector<std::string>& args, Environment& env);
};

const std::vector<Command>& commands();

// Output options shared by the commands that report diagnostics.
struct OutputOptions {
  std::string format = "human";
  std::string color = "auto";
};
void add_output_options(CLI::App& app, OutputOptions& options);

// Parses `args` with a CLI11 app; returns -1 to continue, or the exit code when parsing ended the
// command (help printed, or a usage error reported).
int parse_args(CLI::App& app, const std::vector<std::string>& args, Environment& env);

// Renders the compilation's diagnostics in the chosen format and returns the exit code they imply.
int report(const Compilation& c, const OutputOptions& options, Environment& env);

int run_check(const std::vector<std::string>& args, Environment& env);
int run_build(const std::vector<std::string>& args, Environment& env);
int run_explain(const std::vector<std::string>& args, Environment& env);
int run_version(const std::vector<std::string>& args, Environment& env);
int run_test(const std::vector<std::string>& args, Environment& env);
int run_routes(const std::vector<std::string>& args, Environment& env);
int run_fmt(const std::vector<std::string>& args, Environment& env);
int run_expr(const std::vector<std::string>& args, Environment& env);
int run_query(const std::vector<std::string>& args, Environment& env);
int run_template(const std::vector<std::string>& args, Environment& env);
int run_completion(const std::vector<std::string>& args, Environment& env);
int run_init(const std::vector<std::string>& args, Environment& env);
int run_not_available(std::string_view name, const std::vector<std::string>& args,
                      Environment& env);

}  // namespace mzr::driver

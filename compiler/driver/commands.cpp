#include "compiler/driver/commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/base/suggest.h"
#include "compiler/driver/driver.h"

namespace mzr::driver {
namespace {

void print_usage(std::ostream& out) {
  out << "mzrules: a compiler for monitoring configuration (rules, alerts, routes, dashboards)\n\n"
         "Usage: mzrules <command> [options] [paths...]\n\nCommands:\n";
  for (const Command& c : commands()) out << fmt::format("  {:<10} {}\n", c.name, c.summary);
  out << "\nRun 'mzrules <command> --help' for a command's options.\n";
}

// What was written to standard output must have arrived: a full disk or a closed file would
// otherwise leave a truncated report behind a successful exit.
int check_output(int code, Environment& env) {
  env.out.flush();
  if (env.out) return code;
  env.err << "mzrules: error: cannot write to standard output\n";
  return kExitUsage;
}

int dispatch(const std::vector<std::string>& args, Environment& env) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(args.empty() ? env.err : env.out);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") return run_version({}, env);
  std::vector<std::string> rest(args.begin() + 1, args.end());
  std::vector<std::string_view> names;
  for (const Command& c : commands()) {
    if (c.name == args[0]) return c.run(rest, env);
    names.push_back(c.name);
  }
  env.err << fmt::format("mzrules: unknown command '{}'{}\n", args[0],
                         did_you_mean(args[0], names));
  env.err << "Run 'mzrules --help' for the list of commands.\n";
  return kExitUsage;
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"check", "parse, type-check and lint sources; writes nothing", run_check},
      {"build", "compile sources and write the deployable output directory", run_build},
      {"test", "run rule unit tests and route tests", run_test},
      {"routes", "show the routing tree and test which receivers alerts reach", run_routes},
      {"fmt", "format .mzr sources canonically", run_fmt},
      {"expr", "check one PromQL or LogQL expression and print its type and labels", run_expr},
      {"query", "evaluate a PromQL expression against series from a file", run_query},
      {"explain", "print the explanation of a diagnostic code", run_explain},
      {"template", "parse and render Go templates as Prometheus and Alertmanager do", run_template},
      {"version", "print the version", run_version},
      {"completion", "print a completion script for bash or zsh", run_completion},
      {"init", "write a commented mzrules.yaml for an existing repository", run_init},
  };
  return table;
}

void add_output_options(CLI::App& app, OutputOptions& options) {
  app.add_option("--format", options.format, "diagnostic format: human, json, github or sarif")
      ->check(CLI::IsMember({"human", "json", "github", "sarif"}));
  app.add_option("--color", options.color, "colour in human output: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

int parse_args(CLI::App& app, const std::vector<std::string>& args, Environment& env) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    env.out << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    env.err << "mzrules " << app.get_name() << ": " << e.what() << "\n";
    env.err << "Run 'mzrules " << app.get_name() << " --help' for usage.\n";
    return kExitUsage;
  }
  return -1;
}

int report(const Compilation& c, const OutputOptions& options, Environment& env) {
  DiagFormat format = parse_diag_format(options.format).value_or(DiagFormat::Human);
  bool color = options.color == "always" ||
               (options.color == "auto" && env.err_is_tty && !env.vars.count("NO_COLOR"));
  std::ostream& out = format == DiagFormat::Human ? env.err : env.out;
  render(format, c.sources, c.diags, out, RenderOptions{color, MZR_VERSION});
  return c.diags.has_errors() ? kExitErrors : kExitOk;
}

int run_not_available(std::string_view name, const std::vector<std::string>&, Environment& env) {
  env.err << fmt::format("mzrules {}: this command is not available in this version of mzrules\n",
                         name);
  return kExitUsage;
}

int run(const std::vector<std::string>& args, Environment& env) {
  return check_output(dispatch(args, env), env);
}

}  // namespace mzr::driver

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/base/diagnostics.h"
#include "compiler/base/suggest.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"

namespace mzr::driver {

int run_explain(const std::vector<std::string>& args, Environment& env) {
  CLI::App app("Print the explanation of a diagnostic code, or list every code.", "explain");
  std::string code;
  bool list = false;
  app.add_option("code", code, "a diagnostic code such as E0101");
  app.add_flag("--list", list, "list every code with its default level");
  if (int c = parse_args(app, args, env); c >= 0) return c;
  if (list || code.empty()) {
    for (const DiagInfo& d : all_diags()) {
      env.out << fmt::format("{}  {:<8} {}\n", d.code, severity_name(d.severity), d.name);
    }
    return kExitOk;
  }
  std::string upper;
  for (char ch : code) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const DiagInfo* info = find_diag(upper);
  if (!info) {
    std::vector<std::string_view> codes;
    for (const DiagInfo& d : all_diags()) codes.push_back(d.code);
    env.err << fmt::format("mzrules explain: unknown diagnostic code '{}'{}\n", code,
                           did_you_mean(upper, codes));
    return kExitUsage;
  }
  env.out << fmt::format("{} ({}, {} by default)\n\n{}\n", info->code, info->name,
                         severity_name(info->severity), info->explanation);
  return kExitOk;
}

}  // namespace mzr::driver

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

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
  std::string format = "human";
  app.add_option("--format", format, "human, or json: one document on stdout")
      ->check(CLI::IsMember({"human", "json"}));
  if (int c = parse_args(app, args, env); c >= 0) return c;
  bool json = format == "json";
  auto as_json = [](const DiagInfo& d) {
    return nlohmann::json{{"code", d.code},
                          {"name", d.name},
                          {"severity", severity_name(d.severity)},
                          {"explanation", d.explanation}};
  };
  if (list || code.empty()) {
    nlohmann::json all = nlohmann::json::array();
    for (const DiagInfo& d : all_diags()) {
      if (json) {
        all.push_back(as_json(d));
      } else {
        env.out << fmt::format("{}  {:<8} {}\n", d.code, severity_name(d.severity), d.name);
      }
    }
    if (json) env.out << all.dump(2) << "\n";
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
  if (json) {
    env.out << as_json(*info).dump(2) << "\n";
    return kExitOk;
  }
  env.out << fmt::format("{} ({}, {} by default)\n\n{}\n", info->code, info->name,
                         severity_name(info->severity), info->explanation);
  return kExitOk;
}

}  // namespace mzr::driver

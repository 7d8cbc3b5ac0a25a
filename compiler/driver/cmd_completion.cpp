// `mzrules completion bash|zsh`: a completion script for the shell. Commands come from the
// command table; a command's options are read from its --help when they are completed, so the
// script never falls behind the options.

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"

namespace mzr::driver {
namespace {

// `@COMMANDS@` stands for the command names.
constexpr std::string_view kBash =
    R"SH(# bash completion for mzrules: eval "$(mzrules completion bash)"
_mzrules_options() {
  mzrules "$1" --help 2>/dev/null | grep -oE -- '--[a-zA-Z][a-zA-Z0-9._-]*' | sort -u
}
_mzrules() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  if (( COMP_CWORD == 1 )); then
    COMPREPLY=($(compgen -W "@COMMANDS@" -- "$cur"))
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_mzrules_options "${COMP_WORDS[1]}")" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _mzrules mzrules
)SH";

constexpr std::string_view kZsh = R"SH(#compdef mzrules
# zsh completion for mzrules: mzrules completion zsh > "${fpath[1]}/_mzrules"
_mzrules_options() {
  mzrules "$1" --help 2>/dev/null | grep -oE -- '--[a-zA-Z][a-zA-Z0-9._-]*' | sort -u
}
_mzrules() {
  if (( CURRENT == 2 )); then
    compadd -- @COMMANDS@
  elif [[ $PREFIX == -* ]]; then
    compadd -- ${(f)"$(_mzrules_options "$words[2]")"}
  else
    _files
  fi
}
compdef _mzrules mzrules
)SH";

}  // namespace

int run_completion(const std::vector<std::string>& args, Environment& env) {
  CLI::App app("Print a completion script for bash or zsh: commands, their options and file names.",
               "completion");
  std::string shell;
  app.add_option("shell", shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  if (int code = parse_args(app, args, env); code >= 0) return code;
  std::string names;
  for (const Command& c : commands()) names += (names.empty() ? "" : " ") + std::string(c.name);
  std::string script(shell == "bash" ? kBash : kZsh);
  constexpr std::string_view kPlaceholder = "@COMMANDS@";
  script.replace(script.find(kPlaceholder), kPlaceholder.size(), names);
  env.out << script;
  return kExitOk;
}

}  // namespace mzr::driver

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/gate.h"
#include "compiler/driver/targets.h"
#include "compiler/emit/output_names.h"
#include "compiler/emit/writer.h"

namespace mzr::driver {
namespace {

std::string absolute_lexical(const FileSystem& fs, const std::string& path) {
  if (!path.empty() && path.front() == '/') return path;
  std::string cwd = fs.write_path(".").value_or("/");
  // Lexical only: ".." climbs the written path, not the links on the way.
  std::vector<std::string> parts;
  std::string joined = cwd + "/" + path;
  for (size_t start = 0; start <= joined.size();) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    std::string part = joined.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

// Why the build may not write `out_dir`, or empty. The output directory is a folder inside the
// repository, also once symbolic links are resolved, so that a link committed in a pull request
// cannot send the output elsewhere. Only a folder named with -o that is outside the repository
// as written (an absolute path, or one climbing out with "..") may be elsewhere: the person
// running mzrules chose it.
std::string output_dir_problem(const FileSystem& fs, const std::string& root,
                               const std::string& out_dir, bool from_command_line) {
  auto real_root = fs.write_path(root);
  auto real_out = fs.write_path(out_dir);
  if (!real_root || !real_out)
    return fmt::format("cannot resolve the output directory '{}'", out_dir);
  if (from_command_line &&
      !emit::is_within(absolute_lexical(fs, root), absolute_lexical(fs, out_dir))) {
    return "";
  }
  if (!emit::is_within(*real_root, *real_out) || *real_out == *real_root) {
    return fmt::format(
        "the output directory '{}' is '{}', which is not a folder inside the repository '{}' "
        "(a symbolic link leads there); name a folder outside the repository with -o to write "
        "there",
        out_dir, *real_out, *real_root);
  }
  return "";
}

}  // namespace

int run_build(const std::vector<std::string>& args, Environment& env) {
  CLI::App app(
      "Compile the project's sources (from mzrules.yaml) and write the output directory. "
      "Nothing is written when there are errors.",
      "build");
  OutputOptions output;
  std::string out_dir;
  bool check = false;
  add_output_options(app, output);
  app.add_option("-o,--output", out_dir,
                 "output directory (default: 'output' in mzrules.yaml); a folder inside the "
                 "repository, unless named here outside it");
  app.add_flag("--check", check,
               "write nothing; fail if the output directory is not exactly what a build writes");
  if (int code = parse_args(app, args, env); code >= 0) return code;

  Compilation c;
  emit::OutputSet files;
  bool compiled = load_project_settings(env.fs, c);
  if (compiled) {
    compile(env.fs, {}, c);
    check_route_tests(c);
  }
  finish_diagnostics(c);
  if (!c.diags.has_errors()) files = emit_all_targets(c);
  int code = report(c, output, env);
  if (compiled && c.source_files > 0 && output.format == "human") env.err << checked_summary(c);
  if (code != kExitOk) {
    env.err << "mzrules build: errors found; the output directory was not changed\n";
    return code;
  }
  bool from_command_line = !out_dir.empty();
  std::string root = c.settings.root.empty() ? "." : c.settings.root;
  if (out_dir.empty()) out_dir = join_path(root, c.settings.output);
  if (std::string why = output_dir_problem(env.fs, root, out_dir, from_command_line);
      !why.empty()) {
    env.err << "mzrules build: " << why << "; nothing was written\n";
    return kExitUsage;
  }

  if (check) {
    auto stale = emit::stale_files(env.fs, out_dir, files);
    for (const emit::StaleFile& s : stale)
      env.err << fmt::format("mzrules build: '{}' {}\n", s.path, s.reason);
    if (!stale.empty()) {
      env.err << "mzrules build: run 'mzrules build' and commit the result\n";
      return kExitErrors;
    }
    return kExitOk;
  }
  emit::WriteResult result = emit::write_output(env.fs, out_dir, files);
  if (result.recovered) {
    env.err << fmt::format("mzrules build: finished or undid an interrupted build in '{}'\n",
                           out_dir);
  }
  if (!result.ok) {
    env.err << "mzrules build: " << result.error
            << (result.unchanged ? "; the output directory was not changed\n"
                                 : "; the output directory may be changed in part\n");
    return kExitUsage;
  }
  if (!result.note.empty()) env.err << "mzrules build: " << result.note << "\n";
  env.err << fmt::format("mzrules build: {} files in '{}' ({} written, {} removed)\n",
                         files.files.size(), out_dir, result.written.size(), result.removed.size());
  return kExitOk;
}

}  // namespace mzr::driver

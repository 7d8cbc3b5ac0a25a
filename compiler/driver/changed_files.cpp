#include "compiler/driver/changed_files.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <set>
#include <tuple>

namespace mzr::driver {
namespace {

// `s` quoted for the POSIX shell.
std::string quote(std::string_view s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'')
      out += "'\\''";
    else
      out += ch;
  }
  return out + "'";
}

std::string normalize(std::string_view p) {
  while (p.starts_with("./")) p.remove_prefix(2);
  return std::string(p);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

using Key = std::tuple<std::string, std::string, std::string>;  // code, file, message

Key key_of(const SourceManager& sources, const Diagnostic& d) {
  return {std::string(diag_info(d.kind).code),
          d.span.valid() ? normalize(sources.file(d.span.file).path()) : std::string(), d.message};
}

// A temporary folder, removed with everything in it when this goes out of scope.
struct TempDir {
  std::string path;
  TempDir() {
    std::error_code ec;
    std::string pattern =
        (std::filesystem::temp_directory_path(ec) / "mzrules-ref-XXXXXX").string();
    if (ec) pattern = "/tmp/mzrules-ref-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

void keep_changed_findings(Compilation& c, const std::string& ref, const Recheck& recheck,
                           Environment& env) {
  auto fail = [&](std::string why) {
    c.diags.report(DiagKind::ChangedFromFailed, {},
                   fmt::format("--changed-from '{}': {}; reporting every finding", ref, why));
  };
  if (!env.shell) return fail("this environment cannot run git");
  std::string out;
  if (env.shell(fmt::format("git rev-parse --verify --quiet {}^{{commit}} 2>/dev/null", quote(ref)),
                out) != 0) {
    return fail("not a commit of the git repository here");
  }
  std::set<std::string> changed;
  if (env.shell(fmt::format("git diff --name-only --relative {} -- 2>/dev/null", quote(ref)),
                out) != 0) {
    return fail("'git diff' failed");
  }
  for (const std::string& l : lines(out)) changed.insert(normalize(l));
  if (env.shell("git ls-files --others --exclude-standard 2>/dev/null", out) != 0) {
    return fail("'git ls-files' failed");
  }
  for (const std::string& l : lines(out)) changed.insert(normalize(l));

  // The findings of REF's own content, checked the same way. git archive writes the files of
  // the folder it runs in, so it runs at the top of the work tree; mzrules then runs in the
  // copy's folder where it runs here.
  std::string prefix;
  if (env.shell("git rev-parse --show-prefix 2>/dev/null", out) != 0) {
    return fail("'git rev-parse --show-prefix' failed");
  }
  prefix = lines(out).empty() ? "" : lines(out).front();
  TempDir tmp;
  if (tmp.path.empty()) return fail("cannot create a temporary folder");
  if (env.shell(fmt::format("cd \"$(git rev-parse --show-toplevel)\" && git archive --format=tar "
                            "{} | tar -x -C {} 2>/dev/null",
                            quote(ref), quote(tmp.path)),
                out) != 0) {
    return fail("'git archive' failed");
  }
  std::map<Key, size_t> before;
  {
    RealFileSystem fs(join_path(tmp.path, prefix.empty() ? "." : prefix));
    Compilation old;
    recheck(fs, old);
    for (const Diagnostic& d : old.diags.all()) ++before[key_of(old.sources, d)];
  }
  c.diags.relevel([&](const Diagnostic& d) {
    Key key = key_of(c.sources, d);
    if (std::get<1>(key).empty() || changed.count(std::get<1>(key))) return d.severity;
    auto it = before.find(key);
    if (it == before.end() || it->second == 0) return d.severity;  // caused by the change
    --it->second;
    return Severity::Off;
  });
}

}  // namespace mzr::driver

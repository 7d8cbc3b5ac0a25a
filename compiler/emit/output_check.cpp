// `build --check`: the output directory is exactly what a build would leave, in the folders
// mzrules generates. Files at the top of the output directory that are not mzrules' own (a
// README) are the user's and are not looked at; a file in a generated folder is not, since it
// would be deployed with the generated ones.

#include <fmt/format.h>

#include <set>

#include "compiler/emit/output_tree.h"
#include "compiler/emit/writer.h"

namespace mzr::emit {
namespace {

bool same_content(const FileSystem& fs, const std::string& path, const std::string& content) {
  std::string current;
  FsError err;
  return !fs.is_symlink(path) && fs.read(path, current, err) && current == content;
}

}  // namespace

std::vector<StaleFile> stale_files(const FileSystem& fs, const std::string& out_dir,
                                   const OutputSet& output) {
  std::vector<StaleFile> stale;
  std::set<std::string> reported;
  auto add = [&](const std::string& rel, const char* reason) {
    if (reported.insert(rel).second) stale.push_back({join_path(out_dir, rel), reason});
  };
  std::string staging = join_path(out_dir, kStagingName);
  if (fs.exists(staging) || fs.is_symlink(staging))
    add(kStagingName, "is left over from an interrupted build");
  for (const auto& [rel, content] : output.files) {
    if (!same_content(fs, join_path(out_dir, rel), content)) add(rel, "is not up to date");
  }
  for (const std::string& rel : read_manifest(fs, out_dir)) {
    std::string path = join_path(out_dir, rel);
    if (!output.files.count(rel) && (fs.exists(path) || fs.is_symlink(path)))
      add(rel, "is no longer generated and would be removed");
  }
  if (!same_content(fs, join_path(out_dir, kManifestName), manifest_text(output)))
    add(kManifestName, "is not up to date");
  for (const std::string& rel : generated_tree_files(fs, out_dir, output)) {
    if (output.files.count(rel)) continue;
    std::string name = rel.substr(rel.rfind('/') + 1);
    const char* reason = "was not written by mzrules build";
    if (is_leftover_name(name)) {
      reason = "is left over from an interrupted build";
    } else if (rel.find('/') == std::string::npos) {
      // A file or link named like a folder mzrules writes: the build never writes through it.
      reason = "stands where mzrules build writes a folder; remove it";
    }
    add(rel, reason);
  }
  return stale;
}

}  // namespace mzr::emit

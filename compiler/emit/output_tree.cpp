#include "compiler/emit/output_tree.h"

#include <set>

#include "compiler/emit/manifest.h"
#include "compiler/emit/writer.h"

namespace mzr::emit {
namespace {

void walk(const FileSystem& fs, const std::string& out_dir, const std::string& rel,
          std::vector<std::string>& files) {
  std::string path = join_path(out_dir, rel);
  if (fs.is_directory(path) && !fs.is_symlink(path)) {
    for (const std::string& name : fs.list(path)) walk(fs, out_dir, rel + "/" + name, files);
  } else if (fs.exists(path) || fs.is_symlink(path)) {
    files.push_back(rel);
  }
}

}  // namespace

std::vector<std::string> generated_tree_files(const FileSystem& fs, const std::string& out_dir,
                                              const OutputSet& output) {
  std::set<std::string> folders = {"alertmanager", "grafana", "helm", "loki", "thanos"};
  for (const auto& [path, _] : output.files) {
    if (auto slash = path.find('/'); slash != std::string::npos)
      folders.insert(path.substr(0, slash));
  }
  std::vector<std::string> files;
  for (const std::string& name : fs.list(out_dir)) {
    if (folders.count(name)) {
      walk(fs, out_dir, name, files);
    } else if ((name.starts_with(".mzrules-") || is_leftover_name(name)) && name != kManifestName &&
               name != kStagingName) {
      files.push_back(name);
    }
  }
  return files;
}

bool is_leftover_name(std::string_view name) {
  // This version's temporary files, and the staged files of versions before the staging folder.
  return name.starts_with(".mzrules-staged-") || name.find(".mzrules-tmp-") != std::string::npos;
}

}  // namespace mzr::emit

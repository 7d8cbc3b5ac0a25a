#pragma once
// Where one run may read. Sources, jsonnet imports and Alertmanager templates are read only
// below the repository (the directory of mzrules.yaml, or where mzrules runs without one) and
// below directories the user opened on purpose: paths named on the command line that are
// written outside the repository, and source folders outside it when mzrules.yaml sets
// 'allow_sources_outside'. Places are compared by their real paths, so neither '..' nor a
// symbolic link leads out. The repository's own .git folder is outside too. A repository is content
// from whoever wrote it (a pull request); the machine that checks it holds files and tokens that
// must not end up in a diagnostic or in the output.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/file_system.h"

namespace mzr {

// Whether the absolute, normal path `path` is `dir` or below it.
bool is_below(std::string_view path, std::string_view dir);

class ReadBounds {
 public:
  // `repository` as the file system names it ("." or a relative path like "..").
  ReadBounds(const FileSystem& fs, const std::string& repository);

  // Whether `path` is written as a place in the repository (or in the bounds), links not
  // followed: what was typed, not where it leads.
  bool written_inside_repository(const std::string& path) const;
  bool written_inside(const std::string& path) const;
  // Lets reads go below `path` too, or below its directory when it is a file.
  void open(const std::string& path);

  struct Place {
    FileKind kind = FileKind::Missing;
    std::string real;     // the real path; empty when the path does not exist
    bool inside = false;  // below the repository or an opened directory
  };
  // Where `path` leads.
  Place locate(const std::string& path) const;

 private:
  bool contains(std::string_view real) const;
  // `path` made absolute against where mzrules runs, '.' and '..' removed; empty when unknown.
  std::string written_absolute(const std::string& path) const;
  const FileSystem* fs_;
  std::string repository_;          // real path
  std::vector<std::string> roots_;  // real paths, the repository first
};

}  // namespace mzr

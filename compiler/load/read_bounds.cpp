#include "compiler/load/read_bounds.h"

#include <algorithm>

namespace mzr {

bool is_below(std::string_view path, std::string_view dir) {
  if (dir.empty()) return false;
  if (dir == "/") return !path.empty() && path[0] == '/';
  return path.starts_with(dir) && (path.size() == dir.size() || path[dir.size()] == '/');
}

ReadBounds::ReadBounds(const FileSystem& fs, const std::string& repository) : fs_(&fs) {
  // A repository that cannot be resolved leaves nothing readable rather than everything.
  if (auto real = fs.real_path(repository.empty() ? "." : repository)) {
    repository_ = *real;
    roots_.push_back(*real);
  }
}

std::string ReadBounds::written_absolute(const std::string& path) const {
  if (!path.empty() && path[0] == '/') return lexically_normal(path);
  auto here = fs_->real_path(".");
  return here ? lexically_normal(join_path(*here, path)) : std::string();
}

bool ReadBounds::written_inside_repository(const std::string& path) const {
  std::string absolute = written_absolute(path);
  return !repository_.empty() && !absolute.empty() && is_below(absolute, repository_);
}

bool ReadBounds::written_inside(const std::string& path) const {
  std::string absolute = written_absolute(path);
  return !absolute.empty() && contains(absolute);
}

void ReadBounds::open(const std::string& path) {
  Place at = locate(path);
  if (at.kind == FileKind::Missing) return;
  std::string dir = at.real;
  if (at.kind != FileKind::Directory) dir = dir.substr(0, std::max<size_t>(dir.rfind('/'), 1));
  if (!contains(dir)) roots_.push_back(dir);
}

ReadBounds::Place ReadBounds::locate(const std::string& path) const {
  Place at;
  auto real = fs_->real_path(path);
  if (!real) return at;
  at.kind = fs_->kind(path);
  at.real = std::move(*real);
  at.inside = contains(at.real);
  return at;
}

bool ReadBounds::contains(std::string_view real) const {
  // A checkout's .git holds what CI saved there, often the token it fetched with
  // (.git/config); it is never content, so it counts as outside.
  return std::any_of(roots_.begin(), roots_.end(), [&](const std::string& root) {
    return is_below(real, root) && !is_below(real, join_path(root, ".git"));
  });
}

}  // namespace mzr

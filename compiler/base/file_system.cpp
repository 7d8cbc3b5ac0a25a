#include "compiler/base/file_system.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace mzr {

namespace fs = std::filesystem;

std::string join_path(std::string_view a, std::string_view b) {
  if (a.empty() || a == "." || (!b.empty() && b.front() == '/')) return std::string(b);
  if (b.empty() || b == ".") return std::string(a);
  std::string out(a);
  if (out.back() != '/') out += '/';
  out += b;
  return out;
}

RealFileSystem::RealFileSystem(std::string base) : base_(std::move(base)) {}

std::string RealFileSystem::resolve(const std::string& path) const {
  return join_path(base_, path);
}

bool RealFileSystem::exists(const std::string& path) const {
  std::error_code ec;
  return fs::exists(resolve(path), ec);
}

bool RealFileSystem::is_directory(const std::string& path) const {
  std::error_code ec;
  return fs::is_directory(resolve(path), ec);
}

std::optional<uint64_t> RealFileSystem::file_size(const std::string& path) const {
  std::error_code ec;
  auto p = resolve(path);
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  auto size = fs::file_size(p, ec);
  if (ec) return std::nullopt;
  return size;
}

bool RealFileSystem::read(const std::string& path, std::string& out, FsError& error) const {
  std::ifstream in(resolve(path), std::ios::binary);
  if (!in) {
    error.message = std::strerror(errno);
    return false;
  }
  // Blocks, not characters: istreambuf_iterator costs about twenty instructions a byte.
  out.clear();
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    error.message = "read error";
    return false;
  }
  return true;
}

std::vector<std::string> RealFileSystem::list(const std::string& path) const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(resolve(path), ec)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool RealFileSystem::write_atomic(const std::string& path, std::string_view data, FsError& error) {
  std::string target = resolve(path);
  std::string dir = fs::path(target).parent_path().string();
  if (dir.empty()) dir = ".";
  std::string tmp =
      join_path(dir, "." + fs::path(target).filename().string() + ".mzrules-tmp-XXXXXX");
  std::vector<char> name(tmp.begin(), tmp.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    error.message = std::strerror(errno);
    return false;
  }
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      error.message = std::strerror(errno);
      ::close(fd);
      ::unlink(name.data());
      return false;
    }
    written += static_cast<size_t>(n);
  }
  fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error.message = std::strerror(errno);
    ::unlink(name.data());
    return false;
  }
  if (::rename(name.data(), target.c_str()) != 0) {
    error.message = std::strerror(errno);
    ::unlink(name.data());
    return false;
  }
  return true;
}

bool RealFileSystem::remove(const std::string& path, FsError& error) {
  std::error_code ec;
  fs::remove(resolve(path), ec);
  if (ec) error.message = ec.message();
  return !ec;
}

bool RealFileSystem::rename(const std::string& from, const std::string& to, FsError& error) {
  if (::rename(resolve(from).c_str(), resolve(to).c_str()) != 0) {
    error.message = std::strerror(errno);
    return false;
  }
  return true;
}

bool RealFileSystem::make_directories(const std::string& path, FsError& error) {
  std::error_code ec;
  fs::create_directories(resolve(path), ec);
  if (ec) error.message = ec.message();
  return !ec;
}

// Reading confined to a root.

std::string lexically_normal(std::string_view path) {
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = std::min(path.find('/', i), path.size());
    std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else if (part != ".." || !absolute) {
      parts.push_back(part);
    }
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  return out.empty() ? "." : out;
}

namespace {

// Kernel file systems whose "regular" files are views of the running system: their sizes are 0
// or invented, reading them can block or never end, and their content is not the repository's.
bool is_kernel_file_system(const std::string& path) {
  struct statfs info {};
  if (::statfs(path.c_str(), &info) != 0) return false;
  switch (static_cast<unsigned long>(info.f_type)) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC:
    case EFIVARFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC: return true;
    default: return false;
  }
}

}  // namespace

FileKind RealFileSystem::kind(const std::string& path) const {
  std::string p = resolve(path);
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return FileKind::Missing;
  if (S_ISDIR(st.st_mode)) return FileKind::Directory;
  if (!S_ISREG(st.st_mode) || is_kernel_file_system(p)) return FileKind::Other;
  return FileKind::Regular;
}

std::optional<std::string> RealFileSystem::real_path(const std::string& path) const {
  std::string p = resolve(path);
  char* real = ::realpath(p.empty() ? "." : p.c_str(), nullptr);
  if (!real) return std::nullopt;
  std::string out(real);
  std::free(real);
  return out;
}

FileKind MemoryFileSystem::kind(const std::string& path) const {
  if (files_.count(normal(path))) return FileKind::Regular;
  return is_directory(path) ? FileKind::Directory : FileKind::Missing;
}

std::optional<std::string> MemoryFileSystem::real_path(const std::string& path) const {
  if (!exists(path)) return std::nullopt;
  return lexically_normal(join_path(kMemoryRoot, path));
}

std::string MemoryFileSystem::normal(const std::string& path) {
  std::string p = path;
  while (p.size() > 2 && p.compare(0, 2, "./") == 0) p.erase(0, 2);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

bool MemoryFileSystem::exists(const std::string& path) const {
  return files_.count(normal(path)) || is_directory(path);
}

bool MemoryFileSystem::is_directory(const std::string& path) const {
  std::string p = normal(path);
  if (p == "." || p.empty() || dirs_.count(p)) return true;
  std::string prefix = p + "/";
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::optional<uint64_t> MemoryFileSystem::file_size(const std::string& path) const {
  auto it = files_.find(normal(path));
  if (it == files_.end()) return std::nullopt;
  return it->second.size();
}

bool MemoryFileSystem::read(const std::string& path, std::string& out, FsError& error) const {
  auto it = files_.find(normal(path));
  if (it == files_.end()) {
    error.message = "No such file or directory";
    return false;
  }
  out = it->second;
  return true;
}

std::vector<std::string> MemoryFileSystem::list(const std::string& path) const {
  std::string p = normal(path);
  std::string prefix = (p == "." || p.empty()) ? "" : p + "/";
  std::vector<std::string> names;
  auto add = [&](const std::string& full) {
    if (full.compare(0, prefix.size(), prefix) != 0 || full.size() == prefix.size()) return;
    std::string rest = full.substr(prefix.size());
    std::string name = rest.substr(0, rest.find('/'));
    if (names.empty() || names.back() != name) names.push_back(name);
  };
  for (const auto& [f, _] : files_) add(f);
  for (const auto& [d, _] : dirs_) add(d);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool MemoryFileSystem::write_atomic(const std::string& path, std::string_view data,
                                    FsError& error) {
  if (writes_left_ == 0) {
    error.message = "simulated write failure";
    return false;
  }
  if (writes_left_ > 0) --writes_left_;
  if (crashed() || denied(path)) {
    error.message = denied(path) ? "Permission denied" : "simulated crash";
    return false;
  }
  files_[normal(path)] = std::string(data);
  return true;
}

bool MemoryFileSystem::remove(const std::string& path, FsError& error) {
  if (crashed() || denied(path)) {
    error.message = denied(path) ? "Permission denied" : "simulated crash";
    return false;
  }
  files_.erase(normal(path));
  dirs_.erase(normal(path));
  return true;
}

bool MemoryFileSystem::rename(const std::string& from, const std::string& to, FsError& error) {
  if (bool crash = crashed(); crash || denied(from) || denied(to)) {
    error.message = crash ? "simulated crash" : "Permission denied";
    return false;
  }
  auto it = files_.find(normal(from));
  if (it == files_.end()) {
    error.message = "No such file or directory";
    return false;
  }
  files_[normal(to)] = std::move(it->second);
  files_.erase(normal(from));
  return true;
}

bool MemoryFileSystem::make_directories(const std::string& path, FsError& error) {
  if (crashed()) {
    error.message = "simulated crash";
    return false;
  }
  dirs_[normal(path)] = true;
  return true;
}

// Writing confined to the output directory

namespace {

// Holds an flock(2) on a directory's descriptor; closing the descriptor releases it.
class FlockedDirectory : public DirectoryLock {
 public:
  explicit FlockedDirectory(int fd) : fd_(fd) {}
  ~FlockedDirectory() override { ::close(fd_); }
  FlockedDirectory(const FlockedDirectory&) = delete;
  FlockedDirectory& operator=(const FlockedDirectory&) = delete;

 private:
  int fd_;
};

class NoLock : public DirectoryLock {};

}  // namespace

std::optional<std::string> RealFileSystem::write_path(const std::string& path) const {
  std::error_code ec;
  fs::path p = fs::absolute(resolve(path), ec);
  if (ec) return std::nullopt;
  // The longest prefix that exists (a link counts, even a dangling one) is resolved by the
  // kernel; the rest cannot contain links, since it does not exist.
  std::vector<fs::path> parts(p.begin(), p.end());
  size_t existing = parts.size();
  fs::path prefix;
  for (; existing > 0; --existing) {
    prefix.clear();
    for (size_t i = 0; i < existing; ++i) prefix /= parts[i];
    struct stat st;
    if (::lstat(prefix.c_str(), &st) == 0) break;
  }
  std::string resolved = "/";
  if (existing > 0) {
    char* real = ::realpath(prefix.c_str(), nullptr);
    if (!real) return std::nullopt;  // a dangling link or a loop
    resolved = real;
    ::free(real);
  }
  fs::path out = resolved;
  for (size_t i = existing; i < parts.size(); ++i) {
    if (parts[i] == "..") return std::nullopt;  // climbing out of a folder that does not exist
    out /= parts[i];
  }
  return lexically_normal(out.string());
}

bool RealFileSystem::is_symlink(const std::string& path) const {
  struct stat st;
  return ::lstat(resolve(path).c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

std::unique_ptr<DirectoryLock> RealFileSystem::lock_directory(const std::string& path, int wait_ms,
                                                              FsError& error) {
  int fd = ::open(resolve(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error.message = std::strerror(errno);
    return nullptr;
  }
  // Polled rather than blocking, so that a wedged holder cannot hang a CI job forever.
  constexpr int kStepMs = 20;
  for (int waited = 0;; waited += kStepMs) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return std::make_unique<FlockedDirectory>(fd);
    if (errno != EWOULDBLOCK && errno != EINTR) break;
    if (waited >= wait_ms) {
      errno = EWOULDBLOCK;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kStepMs));
  }
  error.message =
      errno == EWOULDBLOCK ? "another mzrules build holds its lock" : std::strerror(errno);
  ::close(fd);
  return nullptr;
}

bool MemoryFileSystem::denied(const std::string& path) const {
  return std::find(denied_.begin(), denied_.end(), normal(path)) != denied_.end();
}

bool MemoryFileSystem::crashed() {
  if (changes_left_ < 0) return false;
  if (changes_left_ == 0) return true;
  --changes_left_;
  return false;
}

std::optional<std::string> MemoryFileSystem::write_path(const std::string& path) const {
  return lexically_normal("/" + normal(path));
}

std::unique_ptr<DirectoryLock> MemoryFileSystem::lock_directory(const std::string&, int, FsError&) {
  return std::make_unique<NoLock>();
}

}  // namespace mzr

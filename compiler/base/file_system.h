#pragma once
// All file access goes through this interface so that the compiler can be tested without a disk
// and so that writes are atomic in one place.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mzr {

struct FsError {
  std::string message;
};

// Reading confined to a root: what a path is once symbolic links are followed. Other is
// anything that is not a plain file or directory: devices, fifos, sockets, and the files of
// kernel file systems (/proc, /sys), whose sizes say nothing about what reading them returns.
enum class FileKind { Missing, Regular, Directory, Other };
// The path with '.' and 'x/..' removed without looking at the disk: "a/./b/../c" is "a/c";
// leading '..' of a relative path stay, "/.." is "/", and the empty path is ".".
std::string lexically_normal(std::string_view path);
// Held while a build writes an output directory; releasing it (destruction) ends the lock.
class DirectoryLock {
 public:
  virtual ~DirectoryLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual bool exists(const std::string& path) const = 0;
  virtual bool is_directory(const std::string& path) const = 0;
  // Size in bytes, or nullopt when the path is not a readable regular file.
  virtual std::optional<uint64_t> file_size(const std::string& path) const = 0;
  virtual bool read(const std::string& path, std::string& out, FsError& error) const = 0;
  // Names (not paths) of the entries of a directory, sorted bytewise.
  virtual std::vector<std::string> list(const std::string& path) const = 0;
  // Writes the whole file or nothing: a temporary file beside the target, then a rename.
  virtual bool write_atomic(const std::string& path, std::string_view data, FsError& error) = 0;
  virtual bool remove(const std::string& path, FsError& error) = 0;
  virtual bool rename(const std::string& from, const std::string& to, FsError& error) = 0;
  virtual bool make_directories(const std::string& path, FsError& error) = 0;

  // Reading confined to a root.
  // What `path` is, symbolic links followed.
  virtual FileKind kind(const std::string& path) const = 0;
  // The absolute path with every symbolic link, '.' and '..' resolved; nullopt when the path
  // does not exist.
  virtual std::optional<std::string> real_path(const std::string& path) const = 0;
  // Writing confined to the output directory
  // The absolute path with every symbolic link resolved; the part that does not exist yet is
  // appended as written. nullopt when it cannot be resolved (a dangling link, a loop).
  virtual std::optional<std::string> write_path(const std::string& path) const = 0;
  // Whether `path` itself is a symbolic link (not followed).
  virtual bool is_symlink(const std::string& path) const = 0;
  // An exclusive lock on an existing directory, shared by every process that asks for it: waits
  // up to `wait_ms` for another holder, then fails. Released when the handle is destroyed.
  virtual std::unique_ptr<DirectoryLock> lock_directory(const std::string& path, int wait_ms,
                                                        FsError& error) = 0;
};

// The real file system; relative paths are resolved against `base`.
class RealFileSystem : public FileSystem {
 public:
  explicit RealFileSystem(std::string base);

  bool exists(const std::string& path) const override;
  bool is_directory(const std::string& path) const override;
  std::optional<uint64_t> file_size(const std::string& path) const override;
  bool read(const std::string& path, std::string& out, FsError& error) const override;
  std::vector<std::string> list(const std::string& path) const override;
  bool write_atomic(const std::string& path, std::string_view data, FsError& error) override;
  bool remove(const std::string& path, FsError& error) override;
  bool rename(const std::string& from, const std::string& to, FsError& error) override;
  bool make_directories(const std::string& path, FsError& error) override;

  // Reading confined to a root.
  FileKind kind(const std::string& path) const override;
  std::optional<std::string> real_path(const std::string& path) const override;
  // Writing confined to the output directory
  std::optional<std::string> write_path(const std::string& path) const override;
  bool is_symlink(const std::string& path) const override;
  std::unique_ptr<DirectoryLock> lock_directory(const std::string& path, int wait_ms,
                                                FsError& error) override;

 private:
  std::string resolve(const std::string& path) const;
  std::string base_;
};

// An in-memory file system for tests. Directories exist implicitly as prefixes of files, or
// explicitly when made.
class MemoryFileSystem : public FileSystem {
 public:
  void add(const std::string& path, std::string content) {
    files_[normal(path)] = std::move(content);
  }
  const std::map<std::string, std::string>& files() const { return files_; }
  // Makes every later write fail, to test that failed builds change nothing.
  void fail_writes_after(int n) { writes_left_ = n; }

  bool exists(const std::string& path) const override;
  bool is_directory(const std::string& path) const override;
  std::optional<uint64_t> file_size(const std::string& path) const override;
  bool read(const std::string& path, std::string& out, FsError& error) const override;
  std::vector<std::string> list(const std::string& path) const override;
  bool write_atomic(const std::string& path, std::string_view data, FsError& error) override;
  bool remove(const std::string& path, FsError& error) override;
  bool rename(const std::string& from, const std::string& to, FsError& error) override;
  bool make_directories(const std::string& path, FsError& error) override;

  // Reading confined to a root. There are no links here; real paths are the paths below
  // kMemoryRoot, so that '..' can leave the root.
  static constexpr std::string_view kMemoryRoot = "/memory";
  FileKind kind(const std::string& path) const override;
  std::optional<std::string> real_path(const std::string& path) const override;
  // Writing confined to the output directory
  // Paths resolve lexically below "/" (there are no links); no lock is needed in one process.
  // `crash_after(n)`: after n more changes every change fails, as if the process had been
  // killed there; `crash_after(-1)` restarts it.
  void crash_after(int n) { changes_left_ = n; }
  // Every change of `path` (written, removed, renamed from or to) fails, as for a file the user
  // may not change.
  void deny(const std::string& path) { denied_.push_back(normal(path)); }
  std::optional<std::string> write_path(const std::string& path) const override;
  bool is_symlink(const std::string&) const override { return false; }
  std::unique_ptr<DirectoryLock> lock_directory(const std::string& path, int wait_ms,
                                                FsError& error) override;

 private:
  bool crashed();
  bool denied(const std::string& path) const;
  static std::string normal(const std::string& path);
  std::map<std::string, std::string> files_;
  std::map<std::string, bool> dirs_;
  int writes_left_ = -1;
  int changes_left_ = -1;
  std::vector<std::string> denied_;
};

// Joins two slash-separated paths ("a" + "b/c" = "a/b/c"; an absolute right side wins).
std::string join_path(std::string_view a, std::string_view b);

}  // namespace mzr

#include "compiler/load/jsonnet.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <nlohmann/json.hpp>
#include <regex>

extern "C" {
#include <libjsonnet.h>
}

#include "compiler/load/read_bounds.h"

namespace mzr {
namespace {

constexpr std::string_view kOutsideMarker = "is outside the repository";

bool below(const std::string& path, const std::string& root) {
  if (root == ".") return path != ".." && !path.starts_with("../") && path[0] != '/';
  return path == root || path.starts_with(root + "/");
}

struct ImportContext {
  JsonnetVm* vm;
  const FileSystem* fs;
  std::string root;                        // normalised
  std::vector<std::string> library_paths;  // normalised, below root
  ReadBounds bounds;                       // the root by its real path: links do not lead out
  std::vector<std::string> imported;       // the files read, for the error locator
};

char* copy_out(JsonnetVm* vm, const std::string& s) {
  char* buf = jsonnet_realloc(vm, nullptr, s.size() + 1);
  std::memcpy(buf, s.c_str(), s.size() + 1);
  return buf;
}

char* import_callback(void* ctx_ptr, const char* base, const char* rel, char** found_here,
                      int* success) {
  auto* ctx = static_cast<ImportContext*>(ctx_ptr);
  *success = 0;
  std::string r(rel);
  if (!r.empty() && r[0] == '/') {
    return copy_out(ctx->vm, fmt::format("'{}' {}", r, kOutsideMarker));
  }
  std::string dir(base);
  std::vector<std::string> candidates{lexically_normal(dir.empty() ? r : dir + "/" + r)};
  for (const std::string& lib : ctx->library_paths)
    candidates.push_back(lexically_normal(lib + "/" + r));
  for (const std::string& c : candidates) {
    if (!below(c, ctx->root)) {
      // Only the path relative to the importer can climb out; library paths are inside.
      return copy_out(ctx->vm,
                      fmt::format("'{}' resolves to '{}', which {}", r, c, kOutsideMarker));
    }
    if (!ctx->fs->exists(c) || ctx->fs->is_directory(c)) continue;
    ReadBounds::Place at = ctx->bounds.locate(c);
    if (!at.inside) {
      return copy_out(ctx->vm, fmt::format("'{}' leads to '{}' through a symbolic link, which {}",
                                           r, at.real, kOutsideMarker));
    }
    if (at.kind != FileKind::Regular) {
      return copy_out(ctx->vm, fmt::format("'{}' is not a regular file", r));
    }
    ctx->imported.push_back(c);
    std::string text;
    FsError error;
    if (!ctx->fs->read(c, text, error)) return copy_out(ctx->vm, error.message);
    *found_here = copy_out(ctx->vm, c);
    *success = 1;
    return copy_out(ctx->vm, text);
  }
  return copy_out(ctx->vm, fmt::format("no file '{}' next to the importing file or in the "
                                       "library paths",
                                       r));
}

constexpr int kMemoryPollMilliseconds = 5;

// What the child process sends back: a status byte, then the JSON or the error message.
enum : char { kOk = 'O', kFailed = 'E', kTooLarge = 'L', kOutOfMemory = 'M' };

// One field of /proc/<pid>/statm in bytes (0: the address space, 1: resident memory), or nullopt
// where /proc cannot tell.
std::optional<uint64_t> statm_bytes(const char* path, int field) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[128];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return std::nullopt;
  buf[n] = '\0';
  char* p = buf;
  uint64_t value = 0;
  for (int i = 0; i <= field; ++i) {
    char* end = nullptr;
    value = std::strtoull(p, &end, 10);
    if (end == p) return std::nullopt;
    p = end;
  }
  return value * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

std::optional<uint64_t> resident_bytes(pid_t pid) {
  std::string path = fmt::format("/proc/{}/statm", pid);
  return statm_bytes(path.c_str(), 1);
}

// The child inherits the parent's address space, which can be far larger than anything it
// uses (the allocator may reserve a large range up front). A limit below that size would make
// every new mapping fail, wherever the allocator happens to need one; so the address-space limit
// only bounds what the child adds. Memory the child takes from ranges that are already mapped
// is watched by the parent instead (watch_memory below).
void limit_added_address_space(uint64_t max_bytes) {
  std::optional<uint64_t> current = statm_bytes("/proc/self/statm", 0);
  if (!current) return;
  rlim_t cap = *current + max_bytes;
  rlimit limit{cap, cap};
  setrlimit(RLIMIT_AS, &limit);
}

[[noreturn]] void run_child(int out_fd, const FileSystem& fs, const SourceFile& file,
                            const JsonnetOptions& options) {
  alarm(options.max_seconds);
  limit_added_address_space(options.max_memory_bytes);
  // libjsonnet prints to stderr when an allocation fails; what the child has to say goes
  // through the pipe, as a diagnostic.
  if (int null = open("/dev/null", O_WRONLY | O_CLOEXEC); null >= 0) dup2(null, STDERR_FILENO);
  JsonnetVm* vm = jsonnet_make();
  jsonnet_max_stack(vm, options.max_stack);
  jsonnet_max_trace(vm, options.max_trace);
  ImportContext ctx{vm, &fs, lexically_normal(options.root), {}, ReadBounds(fs, options.root), {}};
  for (const std::string& p : options.library_paths) {
    ctx.library_paths.push_back(lexically_normal(options.root + "/" + p));
  }
  jsonnet_import_callback(vm, import_callback, &ctx);
  int error = 0;
  std::string text(file.text());
  std::string result;
  char status = kOk;
  try {
    char* out = jsonnet_evaluate_snippet(vm, file.path().c_str(), text.c_str(), &error);
    result = out ? out : "";
    status = error ? kFailed : kOk;
  } catch (const std::bad_alloc&) {
    // The address-space limit: an allocation was refused.
    status = kOutOfMemory;
    result.clear();
  }
  if (!error && result.size() > options.max_output_bytes) {
    status = kTooLarge;
    result.clear();
  }
  auto write_all = [&](const char* p, size_t n) {
    while (n > 0) {
      ssize_t w = write(out_fd, p, n);
      if (w <= 0) break;
      p += w;
      n -= static_cast<size_t>(w);
    }
  };
  write_all(&status, 1);
  write_all(result.data(), result.size());
  // After an error message (which holds no NUL: it is a C string), the files imported, each
  // after a NUL: the only files besides the sources whose lines the error may show.
  for (size_t i = 0; error && i < ctx.imported.size(); ++i) {
    write_all("", 1);
    write_all(ctx.imported[i].data(), ctx.imported[i].size());
  }
  _exit(0);
}

struct Position {
  std::string path;
  uint32_t line = 0, column = 0;
};

// The "path:line:col" and "path:(line:col)" in a libjsonnet message, in order: for static
// errors the place of the error first, for runtime errors the innermost frame first.
std::vector<Position> positions(const std::string& message) {
  static const std::regex kPos(R"re(([^\s:()]+):\(?(\d+):(\d+))re");
  std::vector<Position> out;
  for (auto it = std::sregex_iterator(message.begin(), message.end(), kPos);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.push_back({m[1].str(), static_cast<uint32_t>(std::stoul(m[2].str())),
                   static_cast<uint32_t>(std::stoul(m[3].str()))});
  }
  return out;
}

// Where an error is: the first position in a file that is a source of this run or that the
// evaluation imported. No other file is read, whatever the message names: `error
// "/etc/passwd:1:1"` is text the jsonnet chose, and showing its line would print that file.
Span error_span(SourceManager& sm, const FileSystem& fs, SourceId file,
                const std::vector<Position>& candidates, const std::vector<std::string>& imported) {
  for (const Position& pos : candidates) {
    SourceId id = kNoSource;
    for (size_t i = 0; i < sm.size(); ++i) {
      if (sm.file(static_cast<SourceId>(i)).path() == pos.path) id = static_cast<SourceId>(i);
    }
    if (id == kNoSource &&
        std::find(imported.begin(), imported.end(), pos.path) != imported.end()) {
      std::string text;
      FsError error;
      if (fs.read(pos.path, text, error)) id = sm.add(pos.path, std::move(text));
    }
    if (id == kNoSource) continue;
    const SourceFile& f = sm.file(id);
    if (pos.line == 0 || pos.line > f.line_count()) return {id, 0, 0};
    // Columns are 1-based code points; close enough to count bytes for the ASCII jsonnet is.
    uint32_t offset = f.line_start(pos.line) + pos.column - 1;
    std::string_view line = f.line_text(pos.line);
    offset =
        std::min<uint32_t>(offset, f.line_start(pos.line) + static_cast<uint32_t>(line.size()));
    return {id, offset, std::min<uint32_t>(offset + 1, f.size())};
  }
  if (candidates.empty()) return {file, 0, std::min<uint32_t>(1, sm.file(file).size())};
  return {file, 0, 0};
}

// libjsonnet's message without its "RUNTIME ERROR: " prefix and stack trace, first line only.
std::string headline(const std::string& message) {
  std::string m = message.substr(0, message.find('\n'));
  for (std::string_view prefix : {"RUNTIME ERROR: ", "STATIC ERROR: "}) {
    if (m.starts_with(prefix)) m = m.substr(prefix.size());
  }
  // Static errors repeat the position first: "file:1:2-3: message".
  static const std::regex kLead(R"re(^[^\s:]+:\(?\d+:\d+[^ ]*: )re");
  m = std::regex_replace(m, kLead, "");
  if (!m.empty()) m[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(m[0])));
  while (!m.empty() && (m.back() == '.' || m.back() == ' ')) m.pop_back();
  return m;
}

bool is_document_object(const nlohmann::json& j) {
  for (const char* key : {"groups", "kind", "apiVersion", "panels", "dashboard"}) {
    if (j.contains(key)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::vector<JsonnetDocument>> evaluate_jsonnet(const FileSystem& fs,
                                                             SourceManager& sm, SourceId file,
                                                             const JsonnetOptions& options,
                                                             Diagnostics& diags) {
  const SourceFile& src = sm.file(file);
  Span file_start{file, 0, std::min<uint32_t>(1, src.size())};
  // What the child shares with this process at the fork counts as its resident memory too.
  uint64_t baseline = statm_bytes("/proc/self/statm", 1).value_or(0);
  int fds[2];
  if (pipe(fds) != 0) {
    diags.report(DiagKind::JsonnetError, file_start, "cannot start the jsonnet evaluation");
    return std::nullopt;
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    diags.report(DiagKind::JsonnetError, file_start, "cannot start the jsonnet evaluation");
    return std::nullopt;
  }
  if (pid == 0) {
    close(fds[0]);
    run_child(fds[1], fs, src, options);
  }
  close(fds[1]);
  std::string received;
  uint64_t cap = options.max_output_bytes + (1u << 20);
  char buf[65536];
  bool too_large = false;
  bool over_memory = false;
  pollfd ready{fds[0], POLLIN, 0};
  for (;;) {
    // The memory limit: the child's resident memory, looked at whenever it writes and at least
    // every few milliseconds, so that it overshoots by little.
    std::optional<uint64_t> resident = resident_bytes(pid);
    if (resident && *resident > baseline + options.max_memory_bytes) {
      over_memory = true;
      kill(pid, SIGKILL);
      break;
    }
    int events = poll(&ready, 1, kMemoryPollMilliseconds);
    if (events < 0 && errno != EINTR) break;
    if (events <= 0) continue;
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(buf, static_cast<size_t>(n));
    if (received.size() > cap) {
      too_large = true;
      kill(pid, SIGKILL);
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);

  auto limit = [&](std::string message) {
    diags.report(DiagKind::JsonnetLimitExceeded, file_start, std::move(message));
    return std::nullopt;
  };
  if (over_memory || (!received.empty() && received[0] == kOutOfMemory)) {
    return limit(fmt::format("jsonnet evaluation used more than {} MiB of memory",
                             options.max_memory_bytes >> 20));
  }
  if (too_large || (!received.empty() && received[0] == kTooLarge)) {
    return limit(fmt::format("jsonnet output is larger than {} bytes", options.max_output_bytes));
  }
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    return limit(
        fmt::format("jsonnet evaluation took longer than {} seconds", options.max_seconds));
  }
  if (received.empty()) {
    return limit("jsonnet evaluation ran out of memory or was killed");
  }
  std::string body = received.substr(1);
  if (received[0] == kFailed) {
    std::vector<std::string> imported;
    if (size_t nul = body.find('\0'); nul != std::string::npos) {
      for (size_t i = nul + 1; i <= body.size();) {
        size_t end = std::min(body.find('\0', i), body.size());
        imported.push_back(body.substr(i, end - i));
        i = end + 1;
      }
      body.resize(nul);
    }
    Span at = error_span(sm, fs, file, positions(body), imported);
    std::string message = headline(body);
    if (body.find(kOutsideMarker) != std::string::npos) {
      diags.report(DiagKind::JsonnetImportOutsideRepository, at, message);
    } else if (body.find("max stack frames exceeded") != std::string::npos) {
      diags.report(DiagKind::JsonnetLimitExceeded, at,
                   fmt::format("{} (the limit is {} frames)", message, options.max_stack));
    } else {
      diags.report(DiagKind::JsonnetError, at, message);
    }
    return std::nullopt;
  }

  nlohmann::json value = nlohmann::json::parse(body, nullptr, false);
  if (value.is_discarded()) {
    diags.report(DiagKind::JsonnetError, file_start, "jsonnet output is not valid JSON");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, const nlohmann::json*>> parts;
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) parts.emplace_back(fmt::format("[{}]", i), &value[i]);
  } else if (value.is_object() && !is_document_object(value) && !value.empty() &&
             std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_object(); })) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      parts.emplace_back(fmt::format("[\"{}\"]", it.key()), &it.value());
    }
  } else {
    parts.emplace_back("", &value);
  }
  std::vector<JsonnetDocument> out;
  for (const auto& [name, part] : parts) {
    if (!part->is_object()) {
      diags.report(DiagKind::JsonnetUnexpectedOutput, file_start,
                   fmt::format("jsonnet output{} is a {}, not a rule file or resource",
                               name.empty() ? "" : " " + name, part->type_name()));
      continue;
    }
    std::string path = src.path() + " (evaluated)" + name;
    out.push_back({name, sm.add(std::move(path), part->dump(2) + "\n")});
  }
  return out;
}

JsonnetSourceMap::JsonnetSourceMap(const SourceManager& sm, SourceId jsonnet)
    : jsonnet_(jsonnet), text_(sm.file(jsonnet).text()) {}

std::optional<EmbeddedText> JsonnetSourceMap::find(const std::string& value) const {
  auto offsets = text_.unique(value);
  if (!offsets) return std::nullopt;
  return EmbeddedText{value, jsonnet_, std::move(*offsets), 0};
}

Span JsonnetSourceMap::locate(const std::string& value, Span span) const {
  if (auto at = find(value)) return at->span(0, static_cast<uint32_t>(value.size()));
  return span;
}

EmbeddedText JsonnetSourceMap::locate(const EmbeddedText& text) const {
  if (auto at = find(text.text)) return std::move(*at);
  return text;
}

void JsonnetSourceMap::relocate(EmbeddedText& text, Span& whole) const {
  if (auto at = find(text.text)) {
    text = std::move(*at);
    whole = text.span(0, static_cast<uint32_t>(text.text.size()));
  }
}

}  // namespace mzr

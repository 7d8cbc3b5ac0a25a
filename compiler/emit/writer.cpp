#include "compiler/emit/writer.h"

#include <fmt/format.h>

#include <optional>
#include <set>

#include "compiler/emit/output_names.h"
#include "compiler/emit/output_tree.h"

namespace mzr::emit {
namespace {

constexpr const char* kJournalName = "journal";
constexpr const char* kJournalHeader =
    "# mzrules build journal: the changes of a build; the next build finishes them.\n";

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string base_name(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

bool same_content(const FileSystem& fs, const std::string& path, const std::string& content) {
  std::string current;
  FsError err;
  return !fs.is_symlink(path) && fs.read(path, current, err) && current == content;
}

// One change of the transaction: the staged file `index` put at `rel`, or `rel` removed.
struct Step {
  bool put = true;
  size_t index = 0;
  std::string rel;
};

std::string journal_text(const std::vector<Step>& steps) {
  std::string text = kJournalHeader;
  for (const Step& s : steps) {
    text += fmt::format("{} {} {}\n", s.put ? "put" : "remove", s.index, encode_path(s.rel));
  }
  return text;
}

std::optional<std::vector<Step>> parse_journal(const std::string& text) {
  std::vector<Step> steps;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return std::nullopt;  // cut short: not a journal mzrules wrote
    std::string line = text.substr(start, nl - start);
    start = nl + 1;
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find(' ');
    size_t b = a == std::string::npos ? a : line.find(' ', a + 1);
    if (b == std::string::npos) return std::nullopt;
    std::string verb = line.substr(0, a);
    std::string index = line.substr(a + 1, b - a - 1);
    auto rel = decode_path(line.substr(b + 1));
    if ((verb != "put" && verb != "remove") || index.empty() || index.size() > 9 ||
        index.find_first_not_of("0123456789") != std::string::npos || !rel) {
      return std::nullopt;
    }
    steps.push_back({verb == "put", std::stoul(index), *rel});
  }
  return steps;
}

class Transaction {
 public:
  Transaction(FileSystem& fs, std::string out_dir, std::string real_out)
      : fs_(fs),
        out_(std::move(out_dir)),
        real_out_(std::move(real_out)),
        staging_(join_path(out_, kStagingName)),
        journal_(join_path(staging_, kJournalName)) {}

  const std::string& staging() const { return staging_; }
  const std::string& journal() const { return journal_; }
  std::string target(const Step& s) const { return join_path(out_, s.rel); }
  std::string staged(const Step& s) const { return join_path(staging_, std::to_string(s.index)); }
  std::string backup(const Step& s) const {
    return join_path(staging_, "b" + std::to_string(s.index));
  }
  bool present(const std::string& path) const { return fs_.exists(path) || fs_.is_symlink(path); }

  // Why `rel` may not be written or removed, or empty: it must be a safe relative path whose
  // folder, with every link resolved, is inside the real output directory.
  std::string confine(const std::string& rel) const {
    std::string target = join_path(out_, rel);
    if (rel != kManifestName && !is_safe_output_path(rel))
      return fmt::format("'{}' is not a name mzrules writes", target);
    auto real_dir = fs_.write_path(join_path(out_, parent_of(rel)));
    if (!real_dir || !is_within(real_out_, *real_dir)) {
      return fmt::format(
          "'{}' is in a folder that leads outside the output directory '{}' "
          "through a symbolic link; not writing there",
          target, out_);
    }
    if (fs_.is_directory(target) && !fs_.is_symlink(target))
      return fmt::format("'{}' is a folder", target);
    return "";
  }

  // Puts one change in place; the previous file goes to the staging folder. Safe to repeat
  // after an interruption at any point.
  bool apply(const Step& s, std::string& error) {
    FsError err;
    std::string t = target(s);
    std::string b = backup(s);
    if (s.put) {
      std::string st = staged(s);
      if (!present(st)) return true;  // already in place
      if (!make_folders(parent_of(s.rel), error)) return false;
      if (present(t) && !present(b) && !fs_.rename(t, b, err)) {
        error = fmt::format("cannot replace '{}': {}", t, err.message);
        return false;
      }
      if (!fs_.rename(st, t, err)) {
        error = fmt::format("cannot replace '{}': {}", t, err.message);
        return false;
      }
    } else if (present(t) && !present(b) && !fs_.rename(t, b, err)) {
      error = fmt::format("cannot remove '{}': {}", t, err.message);
      return false;
    }
    return true;
  }

  // Takes one change back out; false when that failed.
  bool undo(const Step& s) {
    FsError err;
    bool ok = true;
    std::string t = target(s);
    std::string b = backup(s);
    if (s.put && !present(staged(s)) && present(t)) ok = fs_.rename(t, staged(s), err);
    if (ok && present(b)) ok = fs_.rename(b, t, err);
    return ok;
  }

  // Removes the folders this transaction created, deepest first.
  void remove_created_folders() {
    FsError ignored;
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs_.remove(*it, ignored);
    created_.clear();
  }

  // Removes the staging folder: the journal first, so that an interruption here leaves a
  // folder without a journal, which is rolled back (removed) next time.
  bool clean(std::string& error) {
    FsError err;
    if (present(journal_) && !fs_.remove(journal_, err)) {
      error = fmt::format("cannot remove '{}': {}", journal_, err.message);
      return false;
    }
    for (const std::string& name : fs_.list(staging_)) {
      if (!fs_.remove(join_path(staging_, name), err)) {
        error = fmt::format("cannot remove '{}': {}", join_path(staging_, name), err.message);
        return false;
      }
    }
    if (present(staging_) && !fs_.remove(staging_, err)) {
      error = fmt::format("cannot remove '{}': {}", staging_, err.message);
      return false;
    }
    return true;
  }

  // Finishes the changes of an interrupted build that reached its journal, or rolls back one
  // that did not. Sets `recovered` when there was something to do.
  bool recover(bool& recovered, std::string& error) {
    if (!present(staging_)) return true;
    recovered = true;
    if (fs_.is_symlink(staging_) || !fs_.is_directory(staging_)) {
      error = fmt::format("'{}' is not a folder mzrules made; remove it", staging_);
      return false;
    }
    if (present(journal_)) {
      std::string text;
      FsError err;
      auto steps = fs_.read(journal_, text, err) ? parse_journal(text) : std::nullopt;
      if (!steps) {
        error = fmt::format(
            "'{}' is not a journal mzrules wrote; check the output directory "
            "and remove '{}'",
            journal_, staging_);
        return false;
      }
      for (const Step& s : *steps) {
        if (std::string why = confine(s.rel); !why.empty()) {
          error = why;
          return false;
        }
      }
      for (const Step& s : *steps) {
        if (!apply(s, error)) return false;
      }
    }
    return clean(error);
  }

 private:
  // Creates the missing folders of `rel_dir` one level at a time, remembering them for undo.
  bool make_folders(const std::string& rel_dir, std::string& error) {
    if (rel_dir.empty()) return true;
    for (size_t slash = 0; slash != std::string::npos;) {
      slash = rel_dir.find('/', slash + 1);
      std::string dir = join_path(out_, rel_dir.substr(0, slash));
      if (fs_.is_directory(dir)) continue;
      FsError err;
      if (!fs_.make_directories(dir, err)) {
        error = fmt::format("cannot create '{}': {}", dir, err.message);
        return false;
      }
      created_.push_back(dir);
    }
    return true;
  }

  FileSystem& fs_;
  std::string out_;
  std::string real_out_;
  std::string staging_;
  std::string journal_;
  std::vector<std::string> created_;
};

}  // namespace

bool is_within(const std::string& dir, const std::string& path) {
  if (dir == "/") return !path.empty() && path.front() == '/';
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         path[dir.size()] == '/');
}

WriteResult write_output(FileSystem& fs, const std::string& out_dir, const OutputSet& output,
                         int lock_wait_ms) {
  WriteResult result;
  auto fail = [&](std::string error, bool unchanged = true) {
    result.ok = false;
    result.error = std::move(error);
    result.unchanged = unchanged;
    result.written.clear();
    result.removed.clear();
    return result;
  };
  // The emitters make every name safe; this is the last line of defence.
  for (const auto& [rel, _] : output.files) {
    if (!is_safe_output_path(rel))
      return fail(fmt::format("'{}' is not a name mzrules writes", join_path(out_dir, rel)));
  }
  FsError err;
  if (!fs.is_directory(out_dir) && !fs.make_directories(out_dir, err))
    return fail(fmt::format("cannot create '{}': {}", out_dir, err.message));
  auto real_out = fs.write_path(out_dir);
  if (!real_out) return fail(fmt::format("cannot resolve '{}'", out_dir));
  auto lock = fs.lock_directory(out_dir, lock_wait_ms, err);
  if (!lock) return fail(fmt::format("cannot lock '{}': {}", out_dir, err.message));

  Transaction tx(fs, out_dir, *real_out);
  std::string error;
  if (!tx.recover(result.recovered, error)) {
    return fail(fmt::format("cannot finish or undo an interrupted build: {}", error), false);
  }
  // Staged and temporary files of interrupted builds of earlier versions.
  for (const std::string& rel : generated_tree_files(fs, out_dir, output)) {
    if (!is_leftover_name(base_name(rel))) continue;
    result.recovered = true;
    if (!fs.remove(join_path(out_dir, rel), err)) {
      return fail(fmt::format("cannot remove '{}': {}", join_path(out_dir, rel), err.message));
    }
  }

  OutputSet all = output;
  all.files[kManifestName] = manifest_text(output);
  std::set<std::string> previous = read_manifest(fs, out_dir);
  std::vector<Step> steps;
  for (const auto& [rel, content] : all.files) {
    if (std::string why = tx.confine(rel); !why.empty()) return fail(why);
    std::string target = join_path(out_dir, rel);
    if (same_content(fs, target, content)) continue;
    if (rel != kManifestName && tx.present(target) && !previous.count(rel)) {
      return fail(
          fmt::format("'{}' exists and was not generated by mzrules; not overwriting it", target));
    }
    steps.push_back({true, 0, rel});
  }
  // The manifest is put in place last: until then it names the files of the previous build.
  if (!steps.empty() && steps.front().rel == kManifestName) {
    steps.push_back(steps.front());
    steps.erase(steps.begin());
  }
  size_t manifest_steps = !steps.empty() && steps.back().rel == kManifestName ? 1 : 0;
  for (const std::string& rel : previous) {
    if (all.files.count(rel) || !tx.present(join_path(out_dir, rel))) continue;
    if (std::string why = tx.confine(rel); !why.empty()) return fail(why);
    steps.insert(steps.end() - static_cast<std::ptrdiff_t>(manifest_steps), Step{false, 0, rel});
  }
  if (steps.empty()) return result;
  for (size_t i = 0; i < steps.size(); ++i) steps[i].index = i;

  // Stage every new file; nothing in place changes until all are staged and the journal is
  // written.
  auto abandon = [&](std::string message) {
    std::string ignored;
    tx.clean(ignored);
    return fail(std::move(message));
  };
  if (!fs.make_directories(tx.staging(), err))
    return abandon(fmt::format("cannot create '{}': {}", tx.staging(), err.message));
  for (const Step& s : steps) {
    if (!s.put) continue;
    if (!fs.write_atomic(tx.staged(s), all.files.at(s.rel), err))
      return abandon(fmt::format("cannot write '{}': {}", tx.target(s), err.message));
  }
  if (!fs.write_atomic(tx.journal(), journal_text(steps), err))
    return abandon(fmt::format("cannot write '{}': {}", tx.journal(), err.message));

  for (size_t i = 0; i < steps.size(); ++i) {
    if (tx.apply(steps[i], error)) continue;
    bool undone = true;
    for (size_t j = i + 1; j-- > 0;) undone = tx.undo(steps[j]) && undone;
    if (!undone) {
      return fail(error +
                      "; undoing the build's other changes failed too, so the next build "
                      "finishes them",
                  false);
    }
    tx.remove_created_folders();
    return abandon(error);
  }
  for (const Step& s : steps) {
    if (s.rel == kManifestName) continue;
    (s.put ? result.written : result.removed).push_back(tx.target(s));
  }
  // Only backups are left; a failure here is cleaned up by the next build.
  if (!tx.clean(error)) result.note = error + "; the next build removes it";
  return result;
}

}  // namespace mzr::emit

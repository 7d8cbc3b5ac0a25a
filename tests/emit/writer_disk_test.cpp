// The output writer on a real disk: symbolic links cannot send writes or removals outside the
// output directory, and concurrent builds (real processes) take turns.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "compiler/emit/writer.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;

constexpr const char* kRules =
    "groups:\n  - name: node\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) "
    "(up)\n";

// A repository and a folder beside it standing for "anywhere else on the machine".
struct Sandbox {
  fs::path top;
  fs::path repo;
  fs::path outside;

  explicit Sandbox(const std::string& name) {
    top = fs::temp_directory_path() / ("mzrules-" + name + "-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(reinterpret_cast<uintptr_t>(this) & 0xffff));
    fs::remove_all(top);
    repo = top / "repo";
    outside = top / "outside";
    fs::create_directories(repo / "rules");
    fs::create_directories(outside);
    write("mzrules.yaml", "sources: [rules]\n");
    write("rules/node.yaml", kRules);
  }
  ~Sandbox() { fs::remove_all(top); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((repo / rel).parent_path());
    std::ofstream(repo / rel) << text;
  }
  size_t files_outside() const {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(outside)) n += e.is_regular_file();
    return n;
  }
};

// Finding: a symlinked out/thanos was written through (38 files outside).
TEST(OutputConfinement, SymlinkedFolderInOutputIsNotWrittenThrough) {
  Sandbox s("linked-folder");
  fs::create_directories(s.repo / "out");
  fs::create_directory_symlink(s.outside, s.repo / "out/thanos");
  RealFileSystem rfs(s.repo.string());
  auto r = run_cli(rfs, {"build"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("leads outside the output directory"), std::string::npos) << r.err;
  EXPECT_EQ(s.files_outside(), 0u);
  EXPECT_FALSE(fs::exists(s.repo / "out/helm"));  // refused before anything was written
}

// Finding: `output: outlink`, a link to a folder outside, was written through.
TEST(OutputConfinement, OutputSettingThroughALinkIsRefused) {
  Sandbox s("linked-output");
  s.write("mzrules.yaml", "sources: [rules]\noutput: outlink\n");
  fs::create_directory_symlink(s.outside, s.repo / "outlink");
  RealFileSystem rfs(s.repo.string());
  auto r = run_cli(rfs, {"build"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("not a folder inside the repository"), std::string::npos) << r.err;
  EXPECT_EQ(s.files_outside(), 0u);
  // The same link named with -o is still inside the repository as written: refused too.
  r = run_cli(rfs, {"build", "-o", "outlink"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(s.files_outside(), 0u);
}

// -o naming a folder outside the repository is the person running mzrules choosing it.
TEST(OutputConfinement, OutputNamedOutsideOnTheCommandLineIsAllowed) {
  Sandbox s("dash-o");
  RealFileSystem rfs(s.repo.string());
  auto r = run_cli(rfs, {"build", "-o", (s.outside / "build").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(s.outside / "build/thanos/rules/rules-node.yaml"));
}

// Finding: a symlinked folder inside out/ plus a manifest line deleted a file outside.
TEST(OutputConfinement, ManifestCannotRemoveThroughALink) {
  Sandbox s("linked-removal");
  std::ofstream(s.outside / "victim.yaml") << "precious\n";
  fs::create_directories(s.repo / "out");
  fs::create_directory_symlink(s.outside, s.repo / "out/grafana");
  std::ofstream(s.repo / "out/.mzrules-manifest") << "# m\ngrafana/victim.yaml\n";
  RealFileSystem rfs(s.repo.string());
  auto r = run_cli(rfs, {"build"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(fs::exists(s.outside / "victim.yaml"));
  EXPECT_FALSE(fs::exists(s.repo / "out/thanos"));
}

TEST(OutputConfinement, RealPathResolvesLinks) {
  Sandbox s("real-path");
  fs::create_directory_symlink(s.outside, s.repo / "link");
  RealFileSystem rfs(s.repo.string());
  auto outside = fs::canonical(s.outside).string();
  EXPECT_EQ(rfs.write_path("link/not/yet"), outside + "/not/yet");
  EXPECT_EQ(rfs.write_path("link/missing/../x"), std::nullopt);
  fs::create_symlink(s.top / "nowhere", s.repo / "dangling");
  EXPECT_EQ(rfs.write_path("dangling/x"), std::nullopt);
}

// Builds of one directory take turns; one that cannot get its turn says why.
TEST(OutputLock, HeldLockMakesAWaitingBuildFailClearly) {
  Sandbox s("lock");
  fs::create_directories(s.repo / "out");
  RealFileSystem rfs(s.repo.string());
  FsError err;
  auto held = rfs.lock_directory("out", 0, err);
  ASSERT_TRUE(held) << err.message;
  emit::OutputSet set;
  set.files["thanos/rules/x.yaml"] = "x\n";
  auto result = emit::write_output(rfs, "out", set, 100);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("another mzrules build holds its lock"), std::string::npos)
      << result.error;
  EXPECT_FALSE(fs::exists(s.repo / "out/thanos"));
  held.reset();
  EXPECT_TRUE(emit::write_output(rfs, "out", set, 100).ok);
}

// Runs the mzrules binary in `dir` without waiting; returns its pid.
pid_t spawn_build(const fs::path& dir) {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(100);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 2);
    ::execl(MZR_BINARY, MZR_BINARY, "build", static_cast<char*>(nullptr));
    ::_exit(101);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Finding: of two concurrent builds, one failed in 23 of 40 pairs with a false message.
TEST(OutputLock, ConcurrentBuildProcessesBothSucceed) {
  Sandbox s("concurrent");
  RealFileSystem rfs(s.repo.string());
  for (int round = 0; round < 8; ++round) {
    s.write("rules/r" + std::to_string(round) + ".yaml",
            "groups:\n  - name: g" + std::to_string(round) +
                "\n    rules:\n      - record: job:up:r" + std::to_string(round) +
                "\n        expr: sum(up)\n");
    pid_t a = spawn_build(s.repo);
    pid_t b = spawn_build(s.repo);
    EXPECT_EQ(wait_for(a), 0) << "round " << round;
    EXPECT_EQ(wait_for(b), 0) << "round " << round;
    auto r = run_cli(rfs, {"build", "--check"});
    EXPECT_EQ(r.code, 0) << "round " << round << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(s.repo / "out" / emit::kStagingName));
}

}  // namespace
}  // namespace mzr

// Nothing outside the repository is read: not through '..', absolute paths or symbolic links in
// sources, settings, Alertmanager templates or jsonnet imports, not through the jsonnet error
// locator, and no special file. Each test builds a real directory tree with real links: a
// repository beside an "outside" folder holding a secret that must never appear in what
// mzrules prints or writes.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;

constexpr const char* kSecret = "hunter2-token";

// tmp/<test>/repo with mzrules.yaml, and tmp/<test>/outside/creds (the secret on line 2).
class Tree {
 public:
  Tree() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    base_ = fs::temp_directory_path() /
            fmt::format("mzr-confine-{}-{}-{}", ::getpid(), info->test_suite_name(), info->name());
    fs::remove_all(base_);
    fs::create_directories(repo());
    fs::create_directories(outside());
    write(outside() / "creds", fmt::format("user=ci\ntoken={}\n", kSecret));
    // A YAML file whose syntax error would show its secret line, were it read.
    write(outside() / "secret.yaml", fmt::format("groups:\n  - name: [{}\n", kSecret));
    write(outside() / "secret.tmpl",
          fmt::format("{{{{ define \"x\" }}}}{}{{{{ end }}}}\n", kSecret));
    settings("sources: [rules, alerts]\n");
    // Source folders named in mzrules.yaml must exist; a test may leave one of them empty.
    fs::create_directories(repo() / "rules");
    fs::create_directories(repo() / "alerts");
  }
  ~Tree() {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  fs::path repo() const { return base_ / "repo"; }
  fs::path outside() const { return base_ / "outside"; }
  void settings(const std::string& text) const { write(repo() / "mzrules.yaml", text); }
  void file(const std::string& path, const std::string& text) const { write(repo() / path, text); }
  void link(const std::string& path, const fs::path& target) const {
    fs::create_directories((repo() / path).parent_path());
    fs::create_symlink(target, repo() / path);
  }
  testing::RunResult run(const std::vector<std::string>& args) const {
    RealFileSystem files(repo().string());
    return run_cli(files, args);
  }

 private:
  static void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  fs::path base_;
};

const char* kRules =
    "groups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n";
const char* kAlertmanager = "route: {receiver: x}\nreceivers:\n- name: x\n";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// -- Alertmanager templates ------------------------------------------------------------------

TEST(ReadConfinement, TemplatesClimbingOutAreAnErrorAndNothingIsCopied) {
  Tree t;
  t.file("alerts/alertmanager.yml",
         std::string("templates: ['../../outside/*.tmpl']\n") + kAlertmanager);
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1) << check.err;
  EXPECT_TRUE(has(check.err,
                  "alerts/alertmanager.yml:1:13: error[E0013]: template path "
                  "'../../outside/*.tmpl' is outside the repository; not read"))
      << check.err;
  auto build = t.run({"build"});
  EXPECT_NE(build.code, 0);
  EXPECT_FALSE(fs::exists(t.repo() / "out")) << build.err;
}

TEST(ReadConfinement, TemplatesOfEtcAreAnErrorWithPosition) {
  Tree t;
  t.file("alerts/alertmanager.yml",
         std::string("templates:\n  - '../../../../../../../../etc/*'\n") + kAlertmanager);
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1) << check.err;
  EXPECT_TRUE(has(check.err, "alerts/alertmanager.yml:2:5: error[E0013]")) << check.err;
  auto build = t.run({"build"});
  EXPECT_NE(build.code, 0);
  EXPECT_FALSE(fs::exists(t.repo() / "out/alertmanager/templates"));
  EXPECT_FALSE(fs::exists(t.repo() / "out/helm"));
}

TEST(ReadConfinement, ProcTemplateIsAnError) {
  Tree t;
  t.file("alerts/alertmanager.yml",
         std::string("templates: ['../../../../../../../../proc/self/environ']\n") + kAlertmanager);
  auto build = t.run({"build"});
  EXPECT_EQ(build.code, 1) << build.err;
  EXPECT_TRUE(has(build.err, "error[E0013]")) << build.err;
  EXPECT_FALSE(fs::exists(t.repo() / "out"));
}

TEST(ReadConfinement, DslTemplatesThroughALinkAreAnError) {
  Tree t;
  t.link("alerts/tmpl", t.outside());
  t.file("alerts/am.mzr", "templates \"tmpl/*.tmpl\"\nreceiver x {}\nroute { receiver x }\n");
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1) << check.err;
  EXPECT_TRUE(has(check.err,
                  "alerts/am.mzr:1:11: error[E0013]: template path 'tmpl/*.tmpl' "
                  "leads to '" +
                      fs::canonical(t.outside()).string() + "', outside the repository; not read"))
      << check.err;
  auto build = t.run({"build"});
  EXPECT_NE(build.code, 0);
  EXPECT_FALSE(fs::exists(t.repo() / "out"));
}

TEST(ReadConfinement, TemplatesInsideTheRepositoryStillShip) {
  Tree t;
  t.file("templates/a.tmpl", "{{ define \"a\" }}a{{ end }}\n");
  t.file("alerts/alertmanager.yml",
         std::string("templates: ['../templates/*.tmpl', '/etc/alertmanager/extra.tmpl']\n") +
             kAlertmanager);
  auto build = t.run({"build"});
  EXPECT_EQ(build.code, 0) << build.err;
  EXPECT_TRUE(fs::exists(t.repo() / "out/alertmanager/templates/a.tmpl"));
  EXPECT_TRUE(has(testing::read_file((t.repo() / "out/alertmanager/alertmanager.yml").string()),
                  "/etc/alertmanager/extra.tmpl"));
}

// -- jsonnet ----------------------------------------------------------------------------------

// A CI checkout keeps the token it fetched with in .git/config: never content, never copied.
TEST(ReadConfinement, GitMetadataIsNotReadAsATemplate) {
  Tree t;
  t.file(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n");
  t.file("alerts/alertmanager.yml", std::string("templates: ['../.git/config']\n") + kAlertmanager);
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1) << check.err;
  EXPECT_TRUE(has(check.err, "alerts/alertmanager.yml:1:13: error[E0013]")) << check.err;
  auto build = t.run({"build"});
  EXPECT_NE(build.code, 0);
  EXPECT_FALSE(fs::exists(t.repo() / "out")) << build.err;
}

TEST(ReadConfinement, JsonnetErrorNamingAFileDoesNotPrintIt) {
  Tree t;
  std::string creds = (t.outside() / "creds").string();
  t.file("rules/a.jsonnet", fmt::format("error \"{}:2:1\"\n", creds));
  for (const char* format : {"human", "json", "sarif"}) {
    auto check = t.run({"check", std::string("--format=") + format});
    EXPECT_EQ(check.code, 1) << format;
    EXPECT_FALSE(has(check.out + check.err, kSecret)) << check.out << check.err;
  }
  // The error is placed in the jsonnet, the next position of the message.
  auto check = t.run({"check"});
  EXPECT_TRUE(has(check.err, "rules/a.jsonnet:1:1: error[E0120]")) << check.err;
}

TEST(ReadConfinement, JsonnetErrorInAnImportedLibraryStillShowsItsLine) {
  Tree t;
  t.file("rules/lib.libsonnet", "{\n  x: error 'broken library',\n}\n");
  t.file("rules/a.jsonnet", "(import 'lib.libsonnet').x\n");
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err, "rules/lib.libsonnet:2:6: error[E0120]: broken library")) << check.err;
  EXPECT_TRUE(has(check.err, "x: error 'broken library'")) << check.err;
}

TEST(ReadConfinement, JsonnetImportstrThroughALinkToRootIsRefused) {
  Tree t;
  t.link("rootlink", "/");
  std::string creds = fs::canonical(t.outside() / "creds").string();
  t.file("rules/a.jsonnet",
         fmt::format("{{ groups: [{{ name: importstr '../rootlink{}', rules: [] }}] }}\n", creds));
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1) << check.err;
  EXPECT_TRUE(has(check.err, "error[E0121]")) << check.err;
  EXPECT_TRUE(has(check.err, "through a symbolic link, which is outside the repository"))
      << check.err;
  EXPECT_FALSE(has(check.err, kSecret));
  EXPECT_NE(t.run({"build"}).code, 0);
  EXPECT_FALSE(fs::exists(t.repo() / "out"));
}

// -- Source discovery -------------------------------------------------------------------------

TEST(ReadConfinement, LinkedFolderOutsideIsNotSearched) {
  Tree t;
  t.file("rules/a.yaml", kRules);
  t.link("rules/etclink", t.outside());
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err, "error[E0011]: 'rules/etclink' leads to '" +
                                 fs::canonical(t.outside()).string() +
                                 "', outside the repository; not read"))
      << check.err;
  EXPECT_FALSE(has(check.err, kSecret)) << check.err;
}

TEST(ReadConfinement, LinkedFileOutsideIsNotRead) {
  Tree t;
  t.link("rules/s.yaml", t.outside() / "secret.yaml");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"check"}, std::vector<std::string>{"check", "rules/s.yaml"}}) {
    auto check = t.run(args);
    EXPECT_EQ(check.code, 1);
    EXPECT_TRUE(has(check.err, "error[E0011]: 'rules/s.yaml' leads to")) << check.err;
    EXPECT_FALSE(has(check.err, kSecret)) << check.err;
  }
}

TEST(ReadConfinement, LinkToProcIsNotRead) {
  Tree t;
  t.link("rules/p.yaml", "/proc/self/pagemap");
  t.link("rules/e.yaml", "/proc/self/environ");
  auto start = std::chrono::steady_clock::now();
  auto check = t.run({"check"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err, "error[E0011]: 'rules/p.yaml' leads to '/proc/")) << check.err;
  EXPECT_TRUE(has(check.err, "error[E0011]: 'rules/e.yaml' leads to '/proc/")) << check.err;
  EXPECT_FALSE(has(check.err, "E0003")) << check.err;  // environ was not read
}

TEST(ReadConfinement, SpecialFilesAreRefused) {
  Tree t;
  fs::create_directories(t.repo() / "rules");
  ASSERT_EQ(::mkfifo((t.repo() / "rules/f.yaml").c_str(), 0600), 0);
  auto start = std::chrono::steady_clock::now();
  auto check = t.run({"check"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err, "error[E0012]: 'rules/f.yaml' is not a regular file")) << check.err;
  // Named on the command line, /proc files are refused too (they are outside, but typed).
  for (const char* proc : {"/proc/self/pagemap", "/proc/self/environ"}) {
    auto named = t.run({"check", proc});
    EXPECT_EQ(named.code, 1);
    EXPECT_TRUE(has(named.err, fmt::format("error[E0012]: '{}' is not a regular file", proc)))
        << named.err;
  }
}

// A counting file system: how often each source is read.
class CountingFileSystem : public RealFileSystem {
 public:
  using RealFileSystem::RealFileSystem;
  bool read(const std::string& path, std::string& out, FsError& error) const override {
    if (path.ends_with("a.yaml")) ++reads_;
    return RealFileSystem::read(path, out, error);
  }
  int reads() const { return reads_; }

 private:
  mutable int reads_ = 0;
};

TEST(ReadConfinement, LinkLoopLoadsEachSourceOnce) {
  Tree t;
  t.file("rules/a.yaml", kRules);
  t.link("rules/loop", ".");
  CountingFileSystem files(t.repo().string());
  auto check = run_cli(files, {"check"});
  EXPECT_EQ(check.code, 0) << check.err;
  EXPECT_EQ(files.reads(), 1);
}

TEST(ReadConfinement, TwoLinkLoopsStayLinear) {
  Tree t;
  t.file("rules/a.yaml", kRules);
  t.link("rules/loop1", ".");
  t.link("rules/sub/loop2", "..");
  t.link("rules/sub/loop3", "../..");
  CountingFileSystem files(t.repo().string());
  auto start = std::chrono::steady_clock::now();
  auto check = run_cli(files, {"check"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(check.code, 0) << check.err;
  EXPECT_EQ(files.reads(), 1);
}

// -- Settings ---------------------------------------------------------------------------------

TEST(ReadConfinement, SourcesOutsideTheRepositoryNeedAnOptIn) {
  Tree t;
  t.settings("sources: [rules, /etc, ../outside]\n");
  t.file("rules/a.yaml", kRules);
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err,
                  "mzrules.yaml:1:18: error[E0010]: source folder '/etc' is outside "
                  "the repository; set 'allow_sources_outside: true' in mzrules.yaml "
                  "to read it"))
      << check.err;
  EXPECT_TRUE(has(check.err, "mzrules.yaml:1:24: error[E0010]: source folder '../outside'"))
      << check.err;
  EXPECT_FALSE(has(check.err, kSecret)) << check.err;

  t.settings("sources: [rules, ../outside]\nallow_sources_outside: true\n");
  auto allowed = t.run({"check"});
  EXPECT_FALSE(has(allowed.err, "E0010")) << allowed.err;
  EXPECT_TRUE(has(allowed.err, "secret.yaml")) << allowed.err;  // read, as asked
}

TEST(ReadConfinement, LinkedSourceFolderNeedsTheOptInToo) {
  Tree t;
  fs::remove(t.repo() / "rules");
  t.link("rules", t.outside());
  t.settings("sources: [rules]\n");
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err, "error[E0010]: source folder 'rules' leads to '")) << check.err;
  EXPECT_FALSE(has(check.err, kSecret)) << check.err;
}

TEST(ReadConfinement, LinkedSettingsFileIsNotRead) {
  Tree t;
  fs::remove(t.repo() / "mzrules.yaml");
  t.link("mzrules.yaml", t.outside() / "secret.yaml");
  auto check = t.run({"check"});
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err, "error[E0011]: 'mzrules.yaml' leads to")) << check.err;
  EXPECT_FALSE(has(check.err, kSecret)) << check.err;
}

// A path the user types outside the repository is read: that is the user's choice, not the
// repository's.
TEST(ReadConfinement, PathNamedOutsideOnTheCommandLineIsRead) {
  Tree t;
  auto check = t.run({"check", (t.outside() / "secret.yaml").string()});
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(has(check.err, "error[E0101]")) << check.err;
}

}  // namespace
}  // namespace mzr

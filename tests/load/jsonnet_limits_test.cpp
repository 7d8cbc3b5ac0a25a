// The jsonnet child's memory limit: it counts what the evaluation adds, so that runaway jsonnet
// is stopped with a diagnostic, and valid jsonnet is never refused because of memory the
// compiler had reserved before the child started.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "compiler/load/jsonnet.h"

namespace mzr {
namespace {

uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

TEST(JsonnetLimits, RunawayMemoryIsStoppedWithADiagnostic) {
  MemoryFileSystem fs;
  SourceManager sm;
  Diagnostics diags;
  SourceId id = sm.add("bomb.jsonnet",
                       "local s = std.repeat('abcdefghij', 300000000);\n"
                       "{ groups: [], n: std.length(s) }\n");
  JsonnetOptions options;
  options.max_memory_bytes = 64u << 20;
  EXPECT_FALSE(evaluate_jsonnet(fs, sm, id, options, diags).has_value());
  ASSERT_EQ(diags.all().size(), 1u);
  const Diagnostic& d = diags.all().front();
  EXPECT_EQ(d.kind, DiagKind::JsonnetLimitExceeded);
  EXPECT_NE(d.message.find("memory"), std::string::npos) << d.message;
}

// The child started as a copy of its parent and was stopped soon after it had added the limit
// (the parent looks every few milliseconds). The peak is read in a process of its own: the
// largest child this test process ever waited for would be counted otherwise.
TEST(JsonnetLimits, RunawayChildIsStoppedNearTheLimit) {
  auto measure = [] {
    MemoryFileSystem fs;
    SourceManager sm;
    Diagnostics diags;
    SourceId id = sm.add("bomb.jsonnet",
                         "local s = std.repeat('abcdefghij', 300000000);\n"
                         "{ groups: [], n: std.length(s) }\n");
    JsonnetOptions options;
    options.max_memory_bytes = 64u << 20;
    uint64_t before = resident_bytes();
    bool stopped = !evaluate_jsonnet(fs, sm, id, options, diags).has_value();
    rusage children{};
    getrusage(RUSAGE_CHILDREN, &children);
    uint64_t peak = static_cast<uint64_t>(children.ru_maxrss) * 1024;
    bool near = peak < before + options.max_memory_bytes + (64u << 20);
    if (!near)
      std::fprintf(stderr, "peak %llu, before %llu\n", (unsigned long long)peak,
                   (unsigned long long)before);
    std::_Exit(stopped && near ? 0 : 1);
  };
  EXPECT_EXIT(measure(), ::testing::ExitedWithCode(0), "");
}

#ifdef MZR_BINARY
// The compiler binary reserves a large heap range at start; the same valid jsonnet, with an
// import, evaluates every time.
TEST(JsonnetLimits, ValidJsonnetWithAnImportAlwaysEvaluates) {
  namespace fsys = std::filesystem;
  fsys::path dir = fsys::temp_directory_path() / ("mzr-jsonnet-" + std::to_string(getpid()));
  fsys::create_directories(dir / "rules");
  std::ofstream(dir / "mzrules.yaml") << "sources: [rules]\noutput: out\n";
  std::ofstream(dir / "rules" / "lib.libsonnet") << "{ name: 'g' }\n";
  std::ofstream(dir / "rules" / "a.jsonnet")
      << "local lib = import 'lib.libsonnet';\n"
         "{ groups: [{ name: lib.name, rules: [{ record: 'a:b:c', expr: 'sum(up)' }] }] }\n";
  std::string command = "cd '" + dir.string() + "' && '" MZR_BINARY "' check >out.txt 2>&1";
  int failures = 0;
  std::string first_failure;
  for (int i = 0; i < 50; ++i) {
    if (std::system(command.c_str()) != 0) {
      if (failures++ == 0) {
        std::ifstream out(dir / "out.txt");
        first_failure.assign(std::istreambuf_iterator<char>(out), {});
      }
    }
  }
  fsys::remove_all(dir);
  EXPECT_EQ(failures, 0) << first_failure;
}

// In the compiler binary too, runaway jsonnet is stopped once it has added the limit
// ('jsonnet.max_memory_bytes', 64 MiB here) to what the compiler uses.
TEST(JsonnetLimits, RunawayMemoryIsStoppedInTheCompiler) {
  namespace fsys = std::filesystem;
  fsys::path dir = fsys::temp_directory_path() / ("mzr-jsonnet-bomb-" + std::to_string(getpid()));
  fsys::create_directories(dir / "rules");
  std::ofstream(dir / "mzrules.yaml")
      << "sources: [rules]\noutput: out\njsonnet: {max_memory_bytes: 67108864}\n";
  std::ofstream(dir / "rules" / "a.jsonnet")
      << "local s = std.repeat('abcdefghij', 300000000);\n{ groups: [], n: std.length(s) }\n";
  std::string command = "cd '" + dir.string() + "' && '" MZR_BINARY "' check >out.txt 2>&1";
  int status = std::system(command.c_str());
  std::ifstream out_file(dir / "out.txt");
  std::string out(std::istreambuf_iterator<char>(out_file), {});
  fsys::remove_all(dir);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("error[E0122]: jsonnet evaluation used more than 64 MiB of memory"),
            std::string::npos)
      << out;
  rusage children{};
  getrusage(RUSAGE_CHILDREN, &children);
  EXPECT_LT(static_cast<uint64_t>(children.ru_maxrss) * 1024, uint64_t{256} << 20);
}
#endif

}  // namespace
}  // namespace mzr

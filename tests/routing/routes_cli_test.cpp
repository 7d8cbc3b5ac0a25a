// `mzrules routes`: amtool's output and exit codes, run in-process on an in-memory file system.

#include <gtest/gtest.h>

#include <istream>
#include <sstream>

#include "compiler/driver/driver.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kConfig = R"(route:
  receiver: default
  routes:
    - matchers: ['team="db"', 'severity=~"critical|page"']
      receiver: db-pager
      continue: true
    - match: {team: db}
      receiver: db-mail
      routes:
        - match_re: {env: prod.*}
          receiver: db-prod
    - matchers: [service="web"]
      receiver: web
      mute_time_intervals: [night]
receivers: [{name: default},{name: db-pager},{name: db-mail},{name: db-prod},{name: web}]
time_intervals:
- name: night
  time_intervals: [{times: [{start_time: "00:00", end_time: "06:00"}]}]
)";

testing::RunResult routes(std::vector<std::string> args) {
  MemoryFileSystem fs;
  fs.add("am.yml", kConfig);
  fs.add("bad.yml", "route: {}\n");
  fs.add("in.jsonl",
         "{\"team\":\"db\",\"env\":\"prod1\"}\n{\"labels\":{\"service\":\"web\"}}\n[1]\n");
  args.insert(args.begin(), "routes");
  return testing::run_cli(fs, args);
}

TEST(RoutingCli, Show) {
  auto r = routes({"show", "--config.file=am.yml"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(
      r.out,
      "Routing tree:\n"
      ".\n"
      "└── default-route  receiver: default\n"
      "    ├── {severity=~\"critical|page\",team=\"db\"}  continue: true  receiver: db-pager\n"
      "    ├── {team=\"db\"}  receiver: db-mail\n"
      "    │   └── {env=~\"^(?:prod.*)$\"}  receiver: db-prod\n"
      "    └── {service=\"web\"}  receiver: web\n"
      "\n");
  r = routes({"show", "--config.file", "am.yml", "--format=dot"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("  r4 -> r2;\n"), std::string::npos) << r.out;
}

TEST(RoutingCli, Test) {
  auto r = routes({"test", "--config.file=am.yml", "team=db", "severity=critical", "env=prod1"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "db-pager,db-prod\n");
  r = routes(
      {"test", "--config.file=am.yml", "--tree", "team=db", "severity=critical", "env=prod1"});
  EXPECT_EQ(r.out,
            "Matching routes:\n"
            ".\n"
            "└── default-route\n"
            "    ├── {severity=~\"critical|page\",team=\"db\"}  receiver: db-pager\n"
            "    └── {team=\"db\"}\n"
            "        └── {env=~\"^(?:prod.*)$\"}  receiver: db-prod\n"
            "\n\n"
            "db-pager,db-prod\n");
  r = routes(
      {"test", "--config.file=am.yml", "--verify.receivers=db-pager", "team=db", "severity=page"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out,
            "db-pager,db-mail\nWARNING: Expected receivers did not match resolved receivers.\n");
  r = routes({"test", "--config.file=am.yml", "--verify.receivers=db-mail", "team=db"});
  EXPECT_EQ(r.code, 0);
  r = routes({"test", "--config.file=am.yml", "team=~db"});
  EXPECT_EQ(r.code, 2);  // a malformed argument is a usage error
  EXPECT_EQ(r.err,
            "mzrules routes: error: Failed to parse labels: labels must be specified as key=value "
            "pairs\n");
  r = routes({"test", "--config.file=am.yml", "--at=2024-05-06T03:00:00Z", "service=web"});
  EXPECT_EQ(r.out, "web\nweb: muted at 2024-05-06T03:00:00Z (time interval 'night')\n");
}

TEST(RoutingCli, JsonLinesAndErrors) {
  auto r = routes({"test", "--config.file=am.yml", "--jsonl=in.jsonl"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(
      r.out,
      "{\"labels\":{\"env\":\"prod1\",\"team\":\"db\"},\"receivers\":[\"db-prod\"],\"routes\":"
      "[{\"continue\":false,\"group_by\":[],\"group_by_all\":false,\"key\":\"{}/{team=\\\"db\\\"}/"
      "{env=~\\\"^(?:prod.*)$\\\"}\",\"path\":[1,0],\"receiver\":\"db-prod\"}]}\n"
      "{\"labels\":{\"service\":\"web\"},\"receivers\":[\"web\"],\"routes\":[{\"continue\":false,"
      "\"group_by\":[],\"group_by_all\":false,\"key\":\"{}/{service=\\\"web\\\"}\",\"path\":[2],"
      "\"receiver\":\"web\"}]}\n"
      "{\"error\":\"expected a JSON object of string label values\",\"line\":3}\n");
  r = routes({"test", "--config.file=bad.yml", "a=b"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error[E0606]: root route must specify a default receiver"),
            std::string::npos)
      << r.err;
  // Without --config.file: the repository's own routing, and here there is none.
  r = routes({"test", "a=b"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("the repository has no routing configuration"), std::string::npos) << r.err;
  r = routes({"frobnicate", "--config.file=am.yml"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("mzrules routes: unknown subcommand 'frobnicate'\n", 0), 0u);
}

// Malformed label arguments are usage errors (2), not failed tests (1).
TEST(RoutingCli, MalformedLabelsAreUsageErrors) {
  auto r = routes({"test", "--config.file=am.yml", "=x"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("Failed to parse labels"), std::string::npos) << r.err;
  r = routes({"test", "--config.file=am.yml", "--inhibited-by", "zzz", "a=b"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("Failed to parse --inhibited-by labels"), std::string::npos) << r.err;
}

// Input that records, whenever mzrules asks for more, what had been written by then.
class WatchingInput : public std::streambuf {
 public:
  WatchingInput(std::vector<std::string> chunks, const std::ostringstream& out)
      : chunks_(std::move(chunks)), out_(out) {}
  const std::vector<std::string>& written_before_chunk() const { return seen_; }

 protected:
  int_type underflow() override {
    if (next_ == chunks_.size()) return traits_type::eof();
    seen_.push_back(out_.str());
    std::string& c = chunks_[next_++];
    setg(c.data(), c.data(), c.data() + c.size());
    return traits_type::to_int_type(c[0]);
  }

 private:
  std::vector<std::string> chunks_;
  const std::ostringstream& out_;
  std::vector<std::string> seen_;
  size_t next_ = 0;
};

// --jsonl answers each line before it reads the next: the whole input used to be read first,
// holding every line and every answer in memory, and a caller feeding one alert at a time
// through a pipe waited forever.
TEST(RoutingCli, JsonLinesAreAnsweredBeforeTheNextLineIsRead) {
  MemoryFileSystem fs;
  fs.add("am.yml", kConfig);
  std::ostringstream out;
  std::ostringstream err;
  WatchingInput input({"{\"service\":\"web\"}\n", "{\"team\":\"db\"}\n", "\n"}, out);
  std::istream in(&input);
  driver::Environment env{fs, in, out, err, false, false, {}};
  int code = driver::run({"routes", "test", "--config.file=am.yml", "--jsonl"}, env);
  EXPECT_EQ(code, 0) << err.str();
  const std::vector<std::string>& seen = input.written_before_chunk();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "");
  EXPECT_NE(seen[1].find("\"receivers\":[\"web\"]"), std::string::npos) << seen[1];
  EXPECT_EQ(seen[1].find("db-mail"), std::string::npos) << seen[1];
  EXPECT_NE(seen[2].find("\"receivers\":[\"db-mail\"]"), std::string::npos) << seen[2];
}

}  // namespace
}  // namespace mzr

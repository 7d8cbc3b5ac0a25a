// `mzrules routes test --jsonl` through real pipes: each answer is flushed as soon as it is due,
// so a caller can write one alert, read its answer, and write the next.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace mzr {
namespace {

// Reads one line from `fd`; gives up (returning what it has) when nothing comes for `limit_ms`,
// which only guards against hanging the suite: the answer is due at once.
std::string read_line(int fd, int limit_ms) {
  std::string line;
  char c;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, limit_ms) <= 0) return line;
    if (read(fd, &c, 1) != 1) return line;
    line += c;
    if (c == '\n') return line;
  }
}

TEST(RoutesJsonlPipe, EachAnswerArrivesBeforeTheInputEnds) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("mzr-jsonl-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "am.yml") << "route: {receiver: a, routes: [{matchers: [x=\"1\"], "
                                   "receiver: b}]}\nreceivers: [{name: a}, {name: b}]\n";
  int to_child[2];
  int from_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(from_child), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[1]);
    close(from_child[0]);
    if (chdir(dir.c_str()) != 0) _exit(127);
    execl(MZR_BINARY, MZR_BINARY, "routes", "test", "--config.file=am.yml", "--jsonl",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  std::string first = "{\"x\":\"1\"}\n";
  ASSERT_EQ(write(to_child[1], first.data(), first.size()), static_cast<ssize_t>(first.size()));
  // The input is still open: the answer must come anyway.
  std::string answer = read_line(from_child[0], 60000);
  EXPECT_NE(answer.find("\"receivers\":[\"b\"]"), std::string::npos) << answer;
  std::string second = "{\"x\":\"2\"}\n";
  ASSERT_EQ(write(to_child[1], second.data(), second.size()), static_cast<ssize_t>(second.size()));
  answer = read_line(from_child[0], 60000);
  EXPECT_NE(answer.find("\"receivers\":[\"a\"]"), std::string::npos) << answer;
  close(to_child[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  close(from_child[0]);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mzr

#pragma once
// JUnit XML for test results, as CI systems (GitLab, Jenkins, GitHub test reporters) read it:
// one <testsuite> per source file, one <testcase> per test, <failure> or <error> inside.

#include <string>
#include <vector>

namespace mzr::driver {

struct JunitCase {
  std::string name;
  std::string file;  // the source path
  int line = 0;
  enum class Outcome { Passed, Failed, Error } outcome = Outcome::Passed;
  std::string message;  // one line
  std::string details;  // the full report of a failure or error
};

std::string junit_xml(const std::string& suites_name, const std::vector<JunitCase>& cases);

}  // namespace mzr::driver

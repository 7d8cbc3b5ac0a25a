#include "compiler/driver/junit_report.h"

#include <fmt/format.h>

#include <map>

namespace mzr::driver {
namespace {

// Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry.
std::string xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (c >= 0x20 || c == '\r') out += ch;
    }
  }
  return out;
}

struct Counts {
  size_t tests = 0, failures = 0, errors = 0;
};

}  // namespace

std::string junit_xml(const std::string& suites_name, const std::vector<JunitCase>& cases) {
  std::map<std::string, std::vector<const JunitCase*>> by_file;
  Counts total;
  for (const JunitCase& c : cases) {
    by_file[c.file].push_back(&c);
    ++total.tests;
    total.failures += c.outcome == JunitCase::Outcome::Failed;
    total.errors += c.outcome == JunitCase::Outcome::Error;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     xml(suites_name), total.tests, total.failures, total.errors);
  for (const auto& [file, list] : by_file) {
    Counts n;
    for (const JunitCase* c : list) {
      ++n.tests;
      n.failures += c->outcome == JunitCase::Outcome::Failed;
      n.errors += c->outcome == JunitCase::Outcome::Error;
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n",
        xml(file), n.tests, n.failures, n.errors);
    for (const JunitCase* c : list) {
      std::string head =
          fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                      xml(c->name), xml(file), xml(file), c->line);
      if (c->outcome == JunitCase::Outcome::Passed) {
        out += head + "/>\n";
        continue;
      }
      const char* tag = c->outcome == JunitCase::Outcome::Failed ? "failure" : "error";
      out += head + ">\n";
      out += fmt::format("      <{} message=\"{}\">{}</{}>\n", tag, xml(c->message),
                         xml(c->details), tag);
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace mzr::driver

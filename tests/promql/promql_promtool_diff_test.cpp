// Differential test against promtool (Debian's 2.42): corpus expressions and deterministic
// mutations of them get the same valid/invalid verdict, except where Prometheus 3.x changed the
// language on purpose. Skipped when promtool or the corpus is absent.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "compiler/load/yaml.h"
#include "tests/promql/promql_test_util.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::testing {
namespace {

std::vector<std::string> kube_prometheus_exprs(const std::string& corpus) {
  std::vector<std::string> out;
  std::filesystem::path dir = std::filesystem::path(corpus) / "real/kube-prometheus/manifests";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().find("prometheusRule") == std::string::npos) continue;
    SourceManager sm;
    Diagnostics diags;
    yaml::Stream s = yaml::parse(sm, sm.add(entry.path().string(), read_file(entry.path())), diags);
    for (const yaml::Document& d : s.documents) {
      const yaml::Node* spec = d.root != nullptr ? d.root->get("spec") : nullptr;
      const yaml::Node* groups = spec != nullptr ? spec->get("groups") : nullptr;
      if (groups == nullptr) continue;
      for (const yaml::Node* g : groups->items) {
        const yaml::Node* rules = g->get("rules");
        if (rules == nullptr) continue;
        for (const yaml::Node* r : rules->items) {
          if (const yaml::Node* e = r->get("expr")) out.push_back(e->value);
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Deletions, insertions of PromQL fragments and cut ranges, from a fixed-seed generator.
std::vector<std::string> mutate(const std::vector<std::string>& exprs) {
  static const char* kFragments[] = {
      "(", ")",     "[", "]",  "{",      "}",   ",",    " by ", " on ",       " offset ",     "5m",
      "1", "\"a\"", "+", "==", " bool ", "sum", "rate", "@",    " ignoring ", " group_left ", ":",
      "-", "=~",    "!", "x"};
  uint64_t state = 42;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return n == 0 ? 0 : (state >> 33) % n;
  };
  std::vector<std::string> out;
  for (const std::string& e : exprs) {
    out.push_back(e);
    for (int k = 0; k < 6; ++k) {
      std::string s = e;
      size_t i = next(s.size() + 1);
      switch (next(3)) {
        case 0:
          if (!s.empty()) s.erase(std::min(i, s.size() - 1), 1);
          break;
        case 1: s.insert(i, kFragments[next(std::size(kFragments))]); break;
        default: {
          size_t j = next(s.size() + 1);
          if (j > i) s.erase(i, j - i);
        }
      }
      out.push_back(s);
    }
  }
  return out;
}

// Messages of promtool 2.42 for syntax that Prometheus 3.x accepts on purpose.
bool changed_in_prometheus_3(const std::string& promtool_message) {
  return promtool_message.find("missing unit character in duration") != std::string::npos ||
         promtool_message.find("unexpected duration") != std::string::npos;
}

TEST(PromqlPromtoolDiff, SameVerdictAsPromtoolOnCorpusAndMutations) {
  MZR_REQUIRE_CORPUS(corpus);
  MZR_REQUIRE_PROGRAM(promtool, "promtool");
  std::vector<std::string> exprs = mutate(kube_prometheus_exprs(corpus));
  ASSERT_GT(exprs.size(), 1000u);

  auto dir =
      std::filesystem::temp_directory_path() / ("mzr-promtool-diff-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string rules = (dir / "rules.yml").string();
  {
    std::ofstream out(rules);
    out << "groups:\n- name: g\n  rules:\n";
    for (size_t i = 0; i < exprs.size(); ++i) {
      // A JSON string is a valid YAML double-quoted scalar.
      out << "  - record: r" << i << "\n    expr: " << nlohmann::json(exprs[i]).dump() << "\n";
    }
  }
  std::map<size_t, std::string> rejected;
  FILE* p = ::popen(("'" + promtool + "' check rules " + rules + " 2>&1").c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string output;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) output.append(buf, n);
  ::pclose(p);
  std::filesystem::remove_all(dir);
  std::regex rule_re(R"(rule (\d+), "r\d+": (.*))");
  for (auto it = std::sregex_iterator(output.begin(), output.end(), rule_re);
       it != std::sregex_iterator(); ++it) {
    rejected[std::stoul((*it)[1]) - 1] = (*it)[2];
  }
  ASSERT_FALSE(rejected.empty()) << output.substr(0, 500);

  size_t agree = 0, explained = 0;
  for (size_t i = 0; i < exprs.size(); ++i) {
    PromqlRun run;
    run_promql(run, exprs[i], {});
    bool ours = !run.diags.has_errors();
    bool theirs = rejected.count(i) == 0;
    if (ours == theirs) {
      ++agree;
    } else if (ours && changed_in_prometheus_3(rejected[i])) {
      ++explained;
    } else {
      ADD_FAILURE() << "disagree on: " << exprs[i]
                    << "\n  promtool: " << (theirs ? "valid" : rejected[i])
                    << "\n  mzrules: " << run.first();
    }
  }
  std::cout << "PromQL vs promtool 2.42: " << agree << "/" << exprs.size() << " agree, "
            << explained << " differ by a Prometheus 3.x change\n";
}

}  // namespace
}  // namespace mzr::testing

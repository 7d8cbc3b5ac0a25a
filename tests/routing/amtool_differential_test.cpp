// Differential test against Debian's amtool (0.25): for every configuration amtool accepts,
// label sets derived from the configuration's own matchers must reach the same receivers, in
// the same order, as `amtool config routes test` reports.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "compiler/routing/route_tree.h"
#include "tests/require.h"
#include "tests/routing/am_test_util.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  if (status) *status = rc;
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

bool safe(const std::string& v) {
  return std::all_of(v.begin(), v.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

// A literal and the strings around it: it extended on either side, contained in a longer
// value, and cut short. A matcher that is not anchored at both ends (or compares a prefix)
// answers differently for one of them: `env=~"prod"` must not take `env=preprod`.
void add_with_neighbours(std::set<std::string>& v, const std::string& literal) {
  if (!safe(literal)) return;
  v.insert(literal);
  v.insert("pre" + literal);
  v.insert(literal + "x");
  v.insert("a" + literal + "z");
  if (literal.size() > 1) v.insert(literal.substr(0, literal.size() - 1));
}

// Candidate values for each label name, from equality values and the literal alternatives of
// regexes and the strings around them, plus a value no matcher mentions.
void collect(const model::AmRoute& r, std::map<std::string, std::set<std::string>>& values) {
  for (const model::AmMatcher& m : r.matchers) {
    std::set<std::string>& v = values[m.name];
    v.insert("zz-other");
    if (m.op == model::AmMatchOp::Equal || m.op == model::AmMatchOp::NotEqual) {
      add_with_neighbours(v, m.value);
      continue;
    }
    std::string re = m.value;
    std::string stripped;
    for (char c : re) {
      if (c != '^' && c != '$' && c != '(' && c != ')' && c != '?' && c != ':') stripped += c;
    }
    size_t start = 0;
    while (start <= stripped.size()) {
      size_t bar = stripped.find('|', start);
      std::string alt =
          stripped.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      for (auto [pat, rep] : {std::pair{".*", ""}, std::pair{".+", "x"}, std::pair{"..", "00"}}) {
        for (size_t p; (p = alt.find(pat)) != std::string::npos;) alt.replace(p, 2, rep);
      }
      add_with_neighbours(v, alt);
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  }
  for (const model::AmRoute& c : r.routes) collect(c, values);
}

struct Outcome {
  size_t compared = 0;
  size_t agreed = 0;
};

Outcome compare(const std::string& amtool, const std::string& path, size_t count,
                std::mt19937& rng) {
  Outcome o;
  testing::LoadedAm am;
  testing::load_am(am, testing::read_file(path), path);
  EXPECT_FALSE(am.has_errors()) << path;
  if (am.has_errors() || !am.config.route) return o;
  routing::RoutingTree tree = routing::RoutingTree::build(*am.config.route);
  std::map<std::string, std::set<std::string>> values;
  collect(*am.config.route, values);

  std::vector<routing::LabelSet> sets;
  sets.push_back({});
  while (sets.size() < count) {
    routing::LabelSet l;
    for (const auto& [name, vs] : values) {
      if (rng() % 3 == 0) continue;
      auto it = vs.begin();
      std::advance(it, static_cast<long>(rng() % vs.size()));
      l[name] = *it;
    }
    sets.push_back(std::move(l));
  }
  // One shell runs every amtool invocation for this file; a marker line ends each answer.
  std::string script;
  for (const routing::LabelSet& l : sets) {
    script += shell_quote(amtool) + " config routes test --config.file=" + shell_quote(path);
    for (const auto& [k, v] : l) script += " " + shell_quote(k + "=" + v);
    script += " 2>/dev/null; echo '--end--'\n";
  }
  fs::path script_file = fs::temp_directory_path() / ("mzr-amtool-" + std::to_string(getpid()) +
                                                      "-" + std::to_string(rng()) + ".sh");
  std::ofstream(script_file) << script;
  std::string output = run("sh " + shell_quote(script_file.string()));
  fs::remove(script_file);

  std::vector<std::string> answers;
  std::string current;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line == "--end--") {
      answers.push_back(current);
      current.clear();
    } else if (!line.empty()) {
      current = line;  // the receivers are the last line amtool prints
    }
  }
  EXPECT_EQ(answers.size(), sets.size()) << path;
  for (size_t i = 0; i < std::min(answers.size(), sets.size()); ++i) {
    std::string ours;
    for (const std::string& r : routing::receivers_of(tree.match(sets[i]))) {
      ours += (ours.empty() ? "" : ",") + r;
    }
    ++o.compared;
    if (ours == answers[i]) {
      ++o.agreed;
    } else {
      std::string labels;
      for (const auto& [k, v] : sets[i]) labels += k + "=" + v + " ";
      ADD_FAILURE() << path << ": " << labels << "-> mzrules " << ours << ", amtool " << answers[i];
    }
  }
  return o;
}

// Richer routing than the corpus: continue, nested fall-back, regex and negative matchers.
constexpr std::string_view kSynthetic = R"(route:
  receiver: default
  group_by: ['alertname']
  routes:
    - matchers: ['team="db"', 'severity=~"critical|page"']
      receiver: db-pager
      continue: true
    - match: {team: db}
      receiver: db-mail
      routes:
        - match_re: {env: prod.*}
          receiver: db-prod
        - matchers: [env!~"prod.*|staging", severity="warning"]
          receiver: db-nonprod-warn
          continue: true
        - matchers: [region=""]
          receiver: db-noregion
    - matchers: ['{service=~"api|web", env!="dev"}']
      receiver: frontend
      routes:
        - matchers: [region=""]
          receiver: frontend-noregion
        - matchers: [region=~"eu|us"]
          receiver: frontend-region
          continue: true
        - matchers: [severity="critical"]
          receiver: frontend-critical
    - receiver: catchall-team
      matchers: [team=~".+"]
      continue: true
    - matchers: [severity="critical"]
      receiver: critical
    - matchers: [env=~"prod"]
      receiver: prod-exact
    - match: {env: staging}
      receiver: staging-exact
receivers: [{name: prod-exact},{name: staging-exact},{name: default},{name: db-pager},{name: db-mail},{name: db-prod},{name: db-nonprod-warn},{name: db-noregion},{name: frontend},{name: frontend-noregion},{name: frontend-region},{name: frontend-critical},{name: catchall-team},{name: critical}]
)";

TEST(RoutingAmtoolDifferential, SameReceiversAsAmtool) {
  MZR_REQUIRE_PROGRAM(amtool, "amtool");
  MZR_REQUIRE_CORPUS(corpus);

  fs::path synthetic =
      fs::temp_directory_path() / ("mzr-amtool-synthetic-" + std::to_string(getpid()) + ".yml");
  std::ofstream(synthetic) << kSynthetic;
  std::vector<std::pair<std::string, size_t>> files = {
      {synthetic.string(), 300}, {corpus + "/real/kube-prometheus/split/alertmanager.yaml", 120}};
  for (const auto& e : fs::recursive_directory_iterator(corpus + "/real/alertmanager-configs")) {
    if (e.is_regular_file()) files.emplace_back(e.path().string(), 60);
  }
  std::sort(files.begin() + 2, files.end());

  std::mt19937 rng(20240501);
  Outcome total;
  size_t configs = 0;
  for (const auto& [path, count] : files) {
    int status = 0;
    run(shell_quote(amtool) + " check-config " + shell_quote(path) + " >/dev/null 2>&1", &status);
    if (status != 0) continue;  // amtool 0.25 rejects it (newer fields); nothing to compare
    ++configs;
    Outcome o = compare(amtool, path, path.ends_with("conf.good.yml") ? 150 : count, rng);
    total.compared += o.compared;
    total.agreed += o.agreed;
  }
  fs::remove(synthetic);
  EXPECT_GE(configs, 10u);
  EXPECT_GE(total.compared, 900u);
  EXPECT_EQ(total.agreed, total.compared);
  std::cout << "[ RoutingAmtoolDifferential ] " << configs << " configurations, " << total.compared
            << " label sets compared, " << total.agreed << " agree\n";
}

}  // namespace
}  // namespace mzr

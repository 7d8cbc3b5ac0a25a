// W0421 (a matcher on a label the metric never has) over the real corpora, checked with the
// standard catalogs and no settings. The kubernetes-mixin and kube-prometheus dashboards match on
// 'cluster', an external label their deployments add and that nothing here declares; every
// other hit must be a selector that really selects nothing.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(RealCorpus, AbsentLabelMatchersAreUndeclaredExternalLabelsOrRealMistakes) {
  MZR_REQUIRE_CORPUS(corpus);
  RealFileSystem files(corpus + "/real");
  auto r = testing::run_cli(files, {"check", "--format=json", "."});
  // Prometheus' rule-ordering fixture filters recorded series on labels their aggregation
  // dropped ('sum by (job)', then '{cluster="cluster1"}'): those selectors are always empty.
  const std::string chain = "prometheus-testdata/rules/fixtures/rules_chain.yaml";
  int cluster = 0;
  std::map<std::string, int> others;  // file:line -> hits
  for (const auto& d : nlohmann::json::parse(r.out)) {
    if (d["code"] != "W0421") continue;
    std::string message = d["message"];
    std::string file = d.value("file", "");
    if (file != chain && message.find("never has label \"cluster\"") != std::string::npos) {
      ++cluster;
      continue;
    }
    others[file + ":" + std::to_string(d.value("line", 0))]++;
  }
  std::cout << "W0421 over the corpus: " << cluster << " on 'cluster', " << others.size()
            << " other selectors\n";
  EXPECT_GT(cluster, 1000);
  const std::map<std::string, int> expected = {
      {chain + ":14", 1}, {chain + ":18", 1}, {chain + ":20", 1}, {chain + ":22", 1}};
  EXPECT_EQ(others, expected);
}

}  // namespace
}  // namespace mzr

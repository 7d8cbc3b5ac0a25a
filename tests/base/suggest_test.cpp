// "Did you mean": the distance is the optimal string alignment distance, and the bounded search
// finds what a full comparison with every candidate finds.

#include "compiler/base/suggest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace mzr::testing {
namespace {

// The whole table, as written in the textbook: the reference for the bounded version.
size_t reference_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

TEST(Suggest, DistanceCountsEditsAndTranspositions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("severity", "sevreity"), 1u);  // one transposition
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);             // OSA, not Damerau: no edit twice
  EXPECT_EQ(edit_distance("namespace", "namespace"), 0u);
}

TEST(Suggest, ClosestMatchIsTheNearestWithinALengthBound) {
  std::vector<std::string_view> names = {"kube_pod_info", "kube_pod_labels", "node_load1"};
  EXPECT_EQ(closest_match("kube_pod_inf", names), "kube_pod_info");
  EXPECT_EQ(closest_match("node_laod1", names), "node_load1");
  EXPECT_EQ(closest_match("up", names), std::nullopt);
  // A name cut short beats one with a letter changed at the same distance.
  std::vector<std::string_view> functions = {"rad", "rate"};
  EXPECT_EQ(closest_match("rat", functions), "rate");
  EXPECT_EQ(did_you_mean("kube_pod_lables", names), ", did you mean 'kube_pod_labels'?");
  EXPECT_EQ(did_you_mean("completely_else", names), "");
}

TEST(Suggest, BoundedSearchAgreesWithFullComparison) {
  std::mt19937 random(7);
  auto word = [&](size_t max) {
    std::string s(random() % (max + 1), ' ');
    for (char& c : s) c = "abcde_"[random() % 6];
    return s;
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> pool;
    for (int k = 0; k < 40; ++k) pool.push_back(word(14));
    std::vector<std::string_view> candidates(pool.begin(), pool.end());
    std::string w = word(14);
    // What the search must return: the first candidate at the least distance within the limit,
    // where one that begins with the word beats the others at that distance.
    size_t limit = std::max<size_t>(1, w.size() / 3);
    std::optional<std::string> expected;
    size_t best = limit + 1;
    bool best_extends = false;
    for (const std::string& c : pool) {
      size_t d = reference_distance(w, c);
      bool extends = c.starts_with(w);
      if (d < best || (d == best && d <= limit && extends && !best_extends)) {
        best = d;
        expected = c;
        best_extends = extends;
      }
    }
    EXPECT_EQ(closest_match(w, candidates), expected) << w;
    for (const std::string& c : pool) {
      ASSERT_EQ(edit_distance(w, c), reference_distance(w, c)) << w << " / " << c;
      // Shared prefixes and suffixes, which the distance skips.
      std::string pre = "ab" + w + "ba";
      std::string post = "ab" + c + "ba";
      ASSERT_EQ(edit_distance(pre, post), reference_distance(pre, post)) << pre << " / " << post;
    }
  }
}

TEST(Suggest, SuggesterAnswersAsTheSortedListDoesAndKeepsItsAnswers) {
  // Two candidates at distance 1 from the word: the tie goes to the first in sorted order,
  // whatever order they were given in.
  Suggester suggester({"job:b_total:rate5m", "job:a_total:rate5m", "node:load:avg"});
  EXPECT_EQ(suggester.did_you_mean("job:c_total:rate5m"), ", did you mean 'job:a_total:rate5m'?");
  EXPECT_EQ(suggester.did_you_mean("job:c_total:rate5m"), ", did you mean 'job:a_total:rate5m'?");
  EXPECT_EQ(suggester.did_you_mean("node:laod:avg"), ", did you mean 'node:load:avg'?");
  EXPECT_EQ(suggester.did_you_mean("unrelated_name"), "");
}

}  // namespace
}  // namespace mzr::testing

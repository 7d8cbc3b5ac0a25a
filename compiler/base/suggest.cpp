#include "compiler/base/suggest.h"

#include <algorithm>
#include <vector>

namespace mzr {

namespace {

// The optimal string alignment distance (insertions, deletions, substitutions, transpositions)
// if it is at most `bound`, else some value above `bound`. `rows` is scratch space, kept by the
// caller across calls.
size_t bounded_distance(std::string_view a, std::string_view b, size_t bound,
                        std::vector<size_t>& rows) {
  // A common prefix or suffix costs nothing, and names often share long ones.
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  size_t longer = std::max(a.size(), b.size());
  size_t shorter = std::min(a.size(), b.size());
  if (longer - shorter > bound) return bound + 1;
  size_t width = b.size() + 1;
  rows.assign(3 * width, 0);
  // Rows i-2, i-1 and i of the table, in turn.
  auto row = [&](size_t i) { return rows.data() + (i % 3) * width; };
  for (size_t j = 0; j < width; ++j) row(0)[j] = j;
  size_t up_min = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t* cur = row(i);
    const size_t* up = row(i - 1);
    const size_t* up2 = row(i + 1);  // row i-2, modulo 3
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j < width; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t d = std::min({up[j] + 1, cur[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, up2[j - 2] + 1);
      }
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    // A row's minimum is at least the smaller of the row above's and (through a
    // transposition) one more than the row two above's: once two rows in turn exceed the bound,
    // every later one does.
    if (row_min > bound && up_min > bound) return bound + 1;
    up_min = row_min;
  }
  return row(a.size())[b.size()];
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> rows;
  return bounded_distance(a, b, std::max(a.size(), b.size()), rows);
}

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates) {
  if (word.size() > 128) return std::nullopt;
  size_t limit = std::max<size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  std::vector<size_t> rows;
  // Among equally close candidates, one the word begins (a name cut short, "rat" for "rate")
  // is preferred over one with a letter changed ("rad").
  bool best_extends = false;
  for (std::string_view c : candidates) {
    if (c.size() > 128) continue;
    bool extends = c.starts_with(word);
    size_t bound = extends && !best_extends ? best_distance : best_distance - 1;
    if (bound > limit) bound = limit;
    size_t d = bounded_distance(word, c, bound, rows);
    if (d < best_distance || (d == best_distance && d <= limit && extends && !best_extends)) {
      best_distance = d;
      best = std::string(c);
      best_extends = extends;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  auto m = closest_match(word, candidates);
  return m ? ", did you mean '" + *m + "'?" : "";
}

std::string Suggester::did_you_mean(std::string_view word) {
  if (auto known = answers_.find(word); known != answers_.end()) return known->second;
  if (!sorted_) {
    std::sort(candidates_.begin(), candidates_.end());
    sorted_ = true;
  }
  std::string answer = mzr::did_you_mean(word, candidates_);
  answers_.emplace(std::string(word), answer);
  return answer;
}

}  // namespace mzr

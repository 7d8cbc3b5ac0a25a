#pragma once
// "Did you mean" suggestions for misspelt names.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mzr {

size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance proportional to the word's length, if any.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

// ", did you mean 'x'?" or "" — appended to messages.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

// did_you_mean() for many words against one large list of candidates: the list is sorted (so
// that ties go to the same candidate whatever order it came in) when first needed, and each
// word's answer is kept.
class Suggester {
 public:
  explicit Suggester(std::vector<std::string_view> candidates)
      : candidates_(std::move(candidates)) {}

  std::string did_you_mean(std::string_view word);

 private:
  std::vector<std::string_view> candidates_;
  bool sorted_ = false;
  std::map<std::string, std::string, std::less<>> answers_;
};

}  // namespace mzr

#pragma once
// "Did you mean" suggestions for misspelt names.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mzr {

size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance proportional to the word's length, if any.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

// ", did you mean 'x'?" or "" — appended to messages.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace mzr

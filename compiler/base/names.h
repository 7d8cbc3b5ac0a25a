#pragma once
// Metric and label name validity under Prometheus' two name validation schemes.

#include <optional>
#include <string_view>

namespace mzr {

enum class NameScheme { Utf8, Legacy };
std::optional<NameScheme> parse_name_scheme(std::string_view s);

bool is_valid_metric_name(std::string_view name, NameScheme scheme);
bool is_valid_label_name(std::string_view name, NameScheme scheme);
// Legacy-valid names are the ones PromQL accepts without quotes.
inline bool is_legacy_metric_name(std::string_view n) {
  return is_valid_metric_name(n, NameScheme::Legacy);
}
inline bool is_legacy_label_name(std::string_view n) {
  return is_valid_label_name(n, NameScheme::Legacy);
}

}  // namespace mzr

#pragma once
// Prometheus' PromQL parser options, named as its --enable-feature flags.

#include <set>
#include <string>
#include <string_view>

namespace mzr::promql {

inline constexpr std::string_view kFeatureDurationExpr = "promql-duration-expr";
inline constexpr std::string_view kFeatureExperimentalFunctions = "promql-experimental-functions";
inline constexpr std::string_view kFeatureExtendedRangeSelectors =
    "promql-extended-range-selectors";
inline constexpr std::string_view kFeatureBinopFillModifiers = "promql-binop-fill-modifiers";

struct Features {
  bool duration_expr = true;  // on by default since Prometheus 3.14
  bool experimental_functions = false;
  bool extended_range_selectors = false;
  bool binop_fill_modifiers = false;
  // The Prometheus major version the queries are for: 2 knows neither Prometheus 3's functions
  // nor its renames (holt_winters is double_exponential_smoothing in 3).
  int prometheus_major = 3;

  // Exactly the named features on, every other one off. Unknown names are ignored here; the
  // caller validates them with is_known_feature().
  static Features from_names(const std::set<std::string>& names) {
    Features f;
    f.duration_expr = false;  // exactly the named gates
    for (const std::string& name : names) {
      f.duration_expr |= name == kFeatureDurationExpr;
      f.experimental_functions |= name == kFeatureExperimentalFunctions;
      f.extended_range_selectors |= name == kFeatureExtendedRangeSelectors;
      f.binop_fill_modifiers |= name == kFeatureBinopFillModifiers;
    }
    return f;
  }
};

inline bool is_known_feature(std::string_view name) {
  return name == kFeatureDurationExpr || name == kFeatureExperimentalFunctions ||
         name == kFeatureExtendedRangeSelectors || name == kFeatureBinopFillModifiers;
}

}  // namespace mzr::promql

#pragma once
// Label sets as the engine handles them: sorted by name, no empty values, `__name__` among them.
// Series in the store share one interned copy of their label set; results build their own.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mzr::eval {

inline constexpr std::string_view kMetricName = "__name__";

struct Label {
  std::string name;
  std::string value;
  friend bool operator==(const Label&, const Label&) = default;
  friend auto operator<=>(const Label&, const Label&) = default;
};

// Sorted by name, names unique, values never empty.
using Labels = std::vector<Label>;

// The value of `name`, or "" when the label is absent.
std::string_view get(const Labels& ls, std::string_view name);
// Sets `name` to `value`; an empty value removes the label.
void set(Labels& ls, std::string_view name, std::string_view value);
void remove(Labels& ls, std::string_view name);
// Sorts and drops empty values (for label sets built in any order).
void normalize(Labels& ls);
// Only the labels named in `names` (sorted or not).
Labels keep_only(const Labels& ls, const std::vector<std::string>& names);
// Every label but those named, and but `__name__` when `drop_name`.
Labels without(const Labels& ls, const std::vector<std::string>& names, bool drop_name);
// Removes the metadata labels __name__, __type__ and __unit__ (what Prometheus drops as "the
// metric name").
void drop_metadata(Labels& ls);
bool is_metadata_label(std::string_view name);
// A byte string that identifies the label set (for hashing and grouping).
std::string signature(const Labels& ls);

// Prometheus' text form: `name{a="b", c="d"}`, `{}` for the empty set.
std::string to_string(const Labels& ls);

}  // namespace mzr::eval

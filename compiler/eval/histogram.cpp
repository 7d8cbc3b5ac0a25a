#include "compiler/eval/histogram.h"

#include "compiler/eval/format.h"

namespace mzr::eval {

namespace {
std::string list(const std::vector<double>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ' ';
    out += format_value(v[i]);
  }
  return out + "]";
}
}  // namespace

std::string to_string(const Histogram& h) {
  std::string out = "{{";
  if (h.custom()) {
    out += "schema:-53 custom_values:" + list(h.custom_bounds) + " ";
  } else {
    out += "schema:" + std::to_string(h.schema) + " ";
  }
  out += "count:" + format_value(h.count) + " sum:" + format_value(h.sum);
  if (h.zero_count != 0) out += " z_bucket:" + format_value(h.zero_count);
  if (h.zero_threshold != 0) out += " z_bucket_w:" + format_value(h.zero_threshold);
  if (h.positive_offset != 0) out += " offset:" + std::to_string(h.positive_offset);
  if (!h.positive.empty()) out += " buckets:" + list(h.positive);
  if (h.negative_offset != 0) out += " n_offset:" + std::to_string(h.negative_offset);
  if (!h.negative.empty()) out += " n_buckets:" + list(h.negative);
  return out + "}}";
}

}  // namespace mzr::eval

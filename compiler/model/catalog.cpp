#include "compiler/model/catalog.h"

namespace mzr::model {

std::string_view metric_type_name(MetricType t) {
  switch (t) {
    case MetricType::Counter: return "counter";
    case MetricType::Gauge: return "gauge";
    case MetricType::Histogram: return "histogram";
    case MetricType::Summary: return "summary";
    case MetricType::Info: return "info";
  }
  return "gauge";
}

}  // namespace mzr::model

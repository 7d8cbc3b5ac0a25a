// The named time intervals of alertmanager.yml ('time_intervals' and the deprecated
// 'mute_time_intervals'), parsed by routing's time-interval parsers.

#include <fmt/format.h>

#include "compiler/load/alertmanager_decoder.h"
#include "compiler/load/decode.h"
#include "compiler/routing/time_interval.h"
#include "compiler/routing/time_interval_parse.h"

namespace mzr {
namespace {

template <typename Parse>
std::optional<std::vector<model::AmRange>> ranges(yaml::NodeRef n, std::string_view field,
                                                  Parse parse, Diagnostics& diags) {
  if (yaml::is_null_text(n)) return std::nullopt;
  std::vector<model::AmRange> out;
  for (const model::Text& t : yaml::read_texts(n, fmt::format("'{}'", field), diags)) {
    std::string error;
    if (auto r = parse(t.value, &error)) {
      out.push_back(*r);
    } else {
      diags.report(DiagKind::AmInvalidTimeInterval, t.span, error);
    }
  }
  return out;
}

}  // namespace

void AmDecoder::load_time_intervals(NodeRef n, bool deprecated, model::AlertmanagerConfig& c) {
  std::string_view what = deprecated ? "mute time interval" : "time interval";
  for (NodeRef item :
       yaml::read_items(n, deprecated ? "mute time intervals" : "time intervals", diags_)) {
    yaml::FieldReader f(item, what, diags_);
    if (!f.ok()) continue;
    model::AmTimeInterval ti;
    ti.span = item.span();
    ti.deprecated_mute_section = deprecated;
    NodeRef name = f.field("name");
    NodeRef specs = f.field("time_intervals");
    f.finish();
    ti.name = yaml::read_text(name, "'name'", diags_).value_or(Text{});
    if (ti.name.value.empty()) {
      Span key = name && !yaml::is_null_text(name) ? name.span() : yaml::key_span(item, "name");
      diags_.report(DiagKind::AmMissingName, key.valid() ? key : item.span(),
                    fmt::format("missing name in {}", what));
      if (!name) ti.name.span = item.span();
    }
    for (NodeRef s : yaml::read_items(specs, "time interval specifications", diags_)) {
      if (auto spec = load_time_spec(s)) ti.specs.push_back(std::move(*spec));
    }
    c.time_intervals.push_back(std::move(ti));
  }
}

std::optional<model::AmTimeSpec> AmDecoder::load_time_spec(NodeRef n) {
  yaml::FieldReader f(n, "time interval specification", diags_);
  if (!f.ok()) return std::nullopt;
  model::AmTimeSpec spec;
  spec.span = n.span();
  NodeRef times = f.field("times");
  NodeRef weekdays = f.field("weekdays");
  NodeRef days = f.field("days_of_month");
  NodeRef months = f.field("months");
  NodeRef years = f.field("years");
  NodeRef location = f.field("location");
  f.finish();
  if (times && !yaml::is_null_text(times)) spec.times = load_times(times);
  spec.weekdays = ranges(weekdays, "weekdays", routing::parse_weekday_range, diags_);
  spec.days_of_month = ranges(days, "days_of_month", routing::parse_day_of_month_range, diags_);
  spec.months = ranges(months, "months", routing::parse_month_range, diags_);
  spec.years = ranges(years, "years", routing::parse_year_range, diags_);
  if (location && !yaml::is_null_text(location)) {
    if (auto loc = yaml::read_text(location, "'location'", diags_)) {
      if (!routing::is_known_location(loc->value)) {
        diags_.report(DiagKind::AmUnknownTimeZone, loc->span,
                      fmt::format("unknown time zone '{}'", loc->value));
      } else if (!loc->value.empty()) {
        spec.location = loc->value;
      }
    }
  }
  return spec;
}

// 'times': a list of {start_time, end_time}; a range that does not parse is reported at the
// clock that is wrong.
std::optional<std::vector<model::AmTimeOfDay>> AmDecoder::load_times(NodeRef n) {
  std::vector<model::AmTimeOfDay> out;
  for (NodeRef t : yaml::read_items(n, "times", diags_)) {
    yaml::FieldReader tf(t, "time range", diags_);
    if (!tf.ok()) continue;
    NodeRef start = tf.field("start_time");
    NodeRef end = tf.field("end_time");
    tf.finish();
    auto s = yaml::read_text(start, "'start_time'", diags_);
    auto e = yaml::read_text(end, "'end_time'", diags_);
    if (!s || !e) continue;
    std::string error;
    auto range = routing::parse_time_of_day(s->value, e->value, &error);
    if (!range) {
      Span at = t.span();
      if (!s->value.empty() && !routing::parse_clock(s->value, nullptr)) {
        at = s->span;
      } else if (!e->value.empty() && !routing::parse_clock(e->value, nullptr)) {
        at = e->span;
      }
      diags_.report(DiagKind::AmInvalidTimeInterval, at, error);
      continue;
    }
    out.push_back(*range);
  }
  return out;
}

}  // namespace mzr

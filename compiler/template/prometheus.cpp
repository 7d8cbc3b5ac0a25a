#include "compiler/template/prometheus.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compiler/base/duration.h"
#include "compiler/template/go_fmt.h"
#include "compiler/template/go_time.h"
#include "compiler/template/text_funcs.h"

namespace mzr::tmpl {
namespace {

const Function* histogram_method(std::string_view name);

const TypeInfo kQueryResult{"template.queryResult"};
const TypeInfo kSample{"*template.sample"};
const TypeInfo kHistogram{"*histogram.FloatHistogram", histogram_method};
const TypeInfo kHTML{"template.HTML"};
const TypeInfo kTimePtr{"*time.Time", nullptr};
const TypeInfo kAlertData{
    "struct { Labels map[string]string; ExternalLabels map[string]string; "
    "ExternalURL string; Value interface {} }"};

const Function* histogram_method(std::string_view name) {
  static const Function kString = [] {
    Function f;
    f.call = [](std::vector<Value>& a) {
      const Value& h = a[0];
      double count = 0, sum = 0;
      for (const auto& [k, v] : h.c->fields) {
        if (k == "Count") count = v.f;
        if (k == "Sum") sum = v.f;
      }
      return CallResult{
          make_string(fmt::format("{{count:{}, sum:{}}}", go_sprint({make_float(count)}),
                                  go_sprint({make_float(sum)}))),
          {},
          false};
    };
    return f;
  }();
  return name == "String" ? &kString : nullptr;
}

CallResult ok(Value v) {
  return CallResult{std::move(v), {}, false};
}

// common/helpers/templates.ConvertToFloat.
std::optional<double> to_float(const Value& v, std::string& err) {
  switch (v.kind) {
    case Kind::Float: return v.f;
    case Kind::String: {
      auto f = go_parse_float(v.s);
      if (!f)
        err = fmt::format("strconv.ParseFloat: parsing {}: invalid syntax", go_quote_string(v.s));
      return f;
    }
    case Kind::Int: return static_cast<double>(v.i);
    case Kind::Uint: return static_cast<double>(v.u);
    case Kind::Duration: return static_cast<double>(v.i) / 1e9;
    default:
      err = fmt::format("can't convert {} to float",
                        v.kind == Kind::Invalid || v.kind == Kind::Nil ? "<nil>" : v.type_name());
      return std::nullopt;
  }
}

std::string g4(double v) {
  return go_sprintf("%.4g", {make_float(v)});
}

// floatToTime: nullopt with err, or "nan" when v is NaN or infinite.
std::optional<Value> float_to_time(double v, std::string& err, bool& nan_or_inf) {
  nan_or_inf = std::isnan(v) || std::isinf(v);
  if (nan_or_inf) {
    err = "value is NaN or Inf";
    return std::nullopt;
  }
  double ts = v * 1e9;
  if (ts > 9223372036854775807.0 || ts < -9223372036854775808.0) {
    err =
        fmt::format("{} cannot be represented as a nanoseconds timestamp since it overflows int64",
                    go_sprint({make_float(v)}));
    return std::nullopt;
  }
  int64_t ns = static_cast<int64_t>(ts);
  int64_t ms = ns / 1000000;
  int64_t sec = ms / 1000;
  int64_t msr = ms % 1000;
  if (msr < 0) {
    msr += 1000;
    --sec;
  }
  Value t = utc_time(sec, static_cast<int32_t>(msr * 1000000));
  return t;
}

Function fn(std::vector<Param> params, bool variadic,
            std::function<CallResult(std::vector<Value>&)> call) {
  Function f;
  f.params = std::move(params);
  f.variadic = variadic;
  f.call = std::move(call);
  return f;
}

std::string humanize_duration(double v) {
  if (std::isnan(v) || std::isinf(v)) return g4(v);
  if (v == 0) return g4(v) + "s";
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    int64_t d = static_cast<int64_t>(v);
    int64_t seconds = d % 60, minutes = d / 60 % 60, hours = d / 3600 % 24, days = d / 86400;
    if (days != 0) return fmt::format("{}{}d {}h {}m {}s", sign, days, hours, minutes, seconds);
    if (hours != 0) return fmt::format("{}{}h {}m {}s", sign, hours, minutes, seconds);
    if (minutes != 0) return fmt::format("{}{}m {}s", sign, minutes, seconds);
    return sign + g4(v) + "s";
  }
  std::string prefix;
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix + "s";
}

const Value* sample_field(const Value& s, std::string_view name) {
  if (s.kind != Kind::Struct) return nullptr;
  for (const auto& [k, v] : s.c->fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::string sample_label(const Value& s, const std::string& name) {
  const Value* labels = sample_field(s, "Labels");
  if (!labels || labels->kind != Kind::Map) return "";
  auto it = labels->c->map.find(name);
  return it == labels->c->map.end() ? "" : it->second.s;
}

CallResult want_sample(const Value& v) {
  if (v.kind == Kind::Invalid || v.kind == Kind::Nil) {
    return CallResult::fail("invalid memory address or nil pointer dereference");
  }
  if (v.type != &kSample) {
    return CallResult::fail(
        fmt::format("wrong type for value; expected *template.sample; got {}", v.type_name()));
  }
  return CallResult{};
}

}  // namespace

void add_prometheus_html_functions(FuncMap& funcs, const Set& set, const ExecOptions& options) {
  const FuncMap* all = &funcs;
  const Set* s = &set;
  ExecOptions eo = options;
  funcs["tmpl"] = fn({Param::String, Param::Any}, false, [all, s, eo](std::vector<Value>& a) {
    Value data = a[1].kind == Kind::Nil && !a[1].type ? make_invalid() : a[1];
    ExecResult r = execute(*s, a[0].s, data, *all, eo);
    if (r.error) return CallResult::fail(go_error_text(*s, *r.error));
    return ok(make_string(std::move(r.output), &kHTML));
  });
}

Function humanize_duration_function() {
  return fn({Param::Any}, false, [](std::vector<Value>& a) {
    std::string err;
    auto f = to_float(a[0], err);
    if (!f) return CallResult::fail(err);
    return ok(make_string(humanize_duration(*f)));
  });
}

Value string_map(const std::map<std::string, std::string>& m) {
  std::map<std::string, Value> out;
  for (const auto& [k, v] : m) out[k] = make_string(v);
  return make_map(std::move(out), make_string(""), &types::kStringMap);
}

Value prometheus_sample(std::map<std::string, std::string> labels, double value) {
  return make_struct({{"Labels", string_map(labels)}, {"Value", make_float(value)}}, &kSample);
}

Value prometheus_histogram_sample(std::map<std::string, std::string> labels, double count,
                                  double sum) {
  Value h = make_struct({{"Count", make_float(count)}, {"Sum", make_float(sum)}}, &kHistogram);
  return make_struct({{"Labels", string_map(labels)}, {"Value", h}}, &kSample);
}

Value prometheus_query_result(std::vector<Value> samples) {
  return make_list(std::move(samples), &kQueryResult);
}

Value alert_template_data(const std::map<std::string, std::string>& labels,
                          const std::map<std::string, std::string>& external_labels,
                          const std::string& external_url, double value) {
  return make_struct({{"Labels", string_map(labels)},
                      {"ExternalLabels", string_map(external_labels)},
                      {"ExternalURL", make_string(external_url)},
                      {"Value", make_float(value)}},
                     &kAlertData);
}

FuncMap prometheus_functions(const PrometheusEnv& env) {
  FuncMap m = builtins();
  auto query = env.query;
  m["query"] = fn({Param::String}, false, [query](std::vector<Value>& a) {
    if (!query) {
      return CallResult::fail(
          "query is not available: mzrules has no PromQL evaluator to run it yet");
    }
    std::string err;
    auto r = query(a[0].s, err);
    if (!r) return CallResult::fail(err);
    return ok(*r);
  });
  m["first"] = fn({Param::Typed}, false, [](std::vector<Value>& a) {
    const Value& v = a[0];
    if (v.kind == Kind::List && v.type == &kQueryResult) {
      if (v.c->list.empty()) return CallResult::fail("first() called on vector with no elements");
      return ok(v.c->list[0]);
    }
    if (v.kind == Kind::Invalid || v.kind == Kind::Nil) {
      return CallResult::fail("first() called on vector with no elements");
    }
    return CallResult::fail(
        fmt::format("wrong type for value; expected template.queryResult; got {}", v.type_name()));
  });
  m["label"] = fn({Param::String, Param::Typed}, false, [](std::vector<Value>& a) {
    CallResult c = want_sample(a[1]);
    if (c.failed) return c;
    return ok(make_string(sample_label(a[1], a[0].s)));
  });
  m["value"] = fn({Param::Typed}, false, [](std::vector<Value>& a) {
    CallResult c = want_sample(a[0]);
    if (c.failed) return c;
    return ok(*sample_field(a[0], "Value"));
  });
  m["strvalue"] = fn({Param::Typed}, false, [](std::vector<Value>& a) {
    CallResult c = want_sample(a[0]);
    if (c.failed) return c;
    return ok(make_string(sample_label(a[0], "__value__")));
  });
  m["args"] = fn({Param::Any}, true, [](std::vector<Value>& a) {
    std::map<std::string, Value> out;
    for (size_t i = 0; i < a.size(); ++i) out[fmt::format("arg{}", i)] = a[i];
    return ok(make_map(std::move(out), make_nil()));
  });
  m["reReplaceAll"] =
      fn({Param::String, Param::String, Param::String}, false, [](std::vector<Value>& a) {
        std::string err;
        auto r = go_replace_all(a[0].s, a[1].s, a[2].s, err);
        if (!r) return CallResult::fail(err);
        return ok(make_string(*r));
      });
  m["safeHtml"] = fn({Param::String}, false,
                     [](std::vector<Value>& a) { return ok(make_string(a[0].s, &kHTML)); });
  m["match"] = fn({Param::String, Param::String}, false, [](std::vector<Value>& a) {
    std::string err;
    auto r = go_match(a[0].s, a[1].s, err);
    if (!r) return CallResult::fail(err);
    return ok(make_bool(*r));
  });
  m["title"] = fn({Param::String}, false,
                  [](std::vector<Value>& a) { return ok(make_string(go_title(a[0].s, false))); });
  m["toUpper"] = fn({Param::String}, false,
                    [](std::vector<Value>& a) { return ok(make_string(go_to_upper(a[0].s))); });
  m["toLower"] = fn({Param::String}, false,
                    [](std::vector<Value>& a) { return ok(make_string(go_to_lower(a[0].s))); });
  m["graphLink"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    return ok(make_string(fmt::format("/graph?g0.expr={}&g0.tab=0", go_query_escape(a[0].s))));
  });
  m["tableLink"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    return ok(make_string(fmt::format("/graph?g0.expr={}&g0.tab=1", go_query_escape(a[0].s))));
  });
  m["sortByLabel"] = fn({Param::String, Param::Typed}, false, [](std::vector<Value>& a) {
    const Value& v = a[1];
    if (v.kind != Kind::List || v.type != &kQueryResult) {
      return CallResult::fail(fmt::format(
          "wrong type for value; expected template.queryResult; got {}", v.type_name()));
    }
    std::vector<Value> items = v.c->list;
    const std::string& label = a[0].s;
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
      return sample_label(x, label) < sample_label(y, label);
    });
    return ok(prometheus_query_result(std::move(items)));
  });
  m["stripPort"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    auto hp = go_split_host_port(a[0].s);
    return ok(make_string(hp ? hp->first : a[0].s));
  });
  m["stripDomain"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    const std::string& hostport = a[0].s;
    auto hp = go_split_host_port(hostport);
    std::string host = hp ? hp->first : hostport;
    std::string port = hp ? hp->second : "";
    if (go_is_ip(host)) return ok(make_string(hostport));
    host = host.substr(0, host.find('.'));
    if (!port.empty()) {
      if (host.find(':') != std::string::npos) return ok(make_string("[" + host + "]:" + port));
      return ok(make_string(host + ":" + port));
    }
    return ok(make_string(host));
  });
  m["humanize"] = fn({Param::Any}, false, [](std::vector<Value>& a) {
    std::string err;
    auto f = to_float(a[0], err);
    if (!f) return CallResult::fail(err);
    double v = *f;
    if (v == 0 || std::isnan(v) || std::isinf(v)) return ok(make_string(g4(v)));
    std::string prefix;
    if (std::fabs(v) >= 1) {
      for (const char* p : {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
        if (std::fabs(v) < 1000) break;
        prefix = p;
        v /= 1000;
      }
    } else {
      for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
        if (std::fabs(v) >= 1) break;
        prefix = p;
        v *= 1000;
      }
    }
    return ok(make_string(g4(v) + prefix));
  });
  m["humanize1024"] = fn({Param::Any}, false, [](std::vector<Value>& a) {
    std::string err;
    auto f = to_float(a[0], err);
    if (!f) return CallResult::fail(err);
    double v = *f;
    if (std::fabs(v) <= 1 || std::isnan(v) || std::isinf(v)) return ok(make_string(g4(v)));
    std::string prefix;
    for (const char* p : {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
      if (std::fabs(v) < 1024) break;
      prefix = p;
      v /= 1024;
    }
    return ok(make_string(g4(v) + prefix));
  });
  m["humanizeDuration"] = humanize_duration_function();
  m["humanizePercentage"] = fn({Param::Any}, false, [](std::vector<Value>& a) {
    std::string err;
    auto f = to_float(a[0], err);
    if (!f) return CallResult::fail(err);
    return ok(make_string(g4(*f * 100) + "%"));
  });
  m["humanizeTimestamp"] = fn({Param::Any}, false, [](std::vector<Value>& a) {
    std::string err;
    auto f = to_float(a[0], err);
    if (!f) return CallResult::fail(err);
    bool nan_or_inf = false;
    auto t = float_to_time(*f, err, nan_or_inf);
    if (nan_or_inf) return ok(make_string(g4(*f)));
    if (!t) return CallResult::fail(err);
    return ok(make_string(go_time_string(*t)));
  });
  m["toTime"] = fn({Param::Any}, false, [](std::vector<Value>& a) {
    std::string err;
    auto f = to_float(a[0], err);
    if (!f) return CallResult::fail(err);
    bool nan_or_inf = false;
    auto t = float_to_time(*f, err, nan_or_inf);
    if (!t) return CallResult::fail(err);
    return ok(*t);
  });
  m["toDuration"] = fn({Param::Any}, false, [](std::vector<Value>& a) {
    std::string err;
    auto f = to_float(a[0], err);
    if (!f) return CallResult::fail(err);
    return ok(make_duration(static_cast<int64_t>(*f * 1e9)));
  });
  int64_t ts = env.timestamp_ms;
  m["now"] = fn({}, false, [ts](std::vector<Value>&) {
    return ok(make_float(static_cast<double>(ts) / 1000.0));
  });
  std::string url = env.external_url;
  std::string path;
  {
    size_t scheme = url.find("://");
    size_t start = scheme == std::string::npos ? 0 : url.find('/', scheme + 3);
    if (start != std::string::npos) {
      path = url.substr(start);
      path = path.substr(0, path.find_first_of("?#"));
    }
  }
  m["pathPrefix"] = fn({}, false, [path](std::vector<Value>&) { return ok(make_string(path)); });
  m["externalURL"] = fn({}, false, [url](std::vector<Value>&) { return ok(make_string(url)); });
  m["parseDuration"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    std::string_view s = a[0].s;
    bool neg = !s.empty() && s[0] == '-';
    if (neg) s.remove_prefix(1);
    DurationError derr;
    auto d = parse_duration(s, &derr);
    if (!d) return CallResult::fail(derr.message);
    double secs = static_cast<double>(d->ms) / 1000.0;
    return ok(make_float(neg ? -secs : secs));
  });
  m["urlQueryEscape"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    return ok(make_string(go_query_escape(a[0].s)));
  });
  return m;
}

}  // namespace mzr::tmpl

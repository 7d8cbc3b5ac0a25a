#include "compiler/template/alertmanager.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "compiler/template/go_fmt.h"
#include "compiler/template/go_time.h"
#include "compiler/template/json_value.h"
#include "compiler/template/parse.h"
#include "compiler/template/prometheus.h"
#include "compiler/template/text_funcs.h"

namespace mzr::tmpl {
namespace {

const Function* kv_method(std::string_view name);
const Function* pairs_method(std::string_view name);
const Function* strings_method(std::string_view name);
const Function* alerts_method(std::string_view name);

const TypeInfo kKV{"template.KV", kv_method};
const TypeInfo kPairs{"template.Pairs", pairs_method};
const TypeInfo kPair{"template.Pair"};
const TypeInfo kStrings{"template.Strings", strings_method};
const TypeInfo kAlerts{"template.Alerts", alerts_method};
const TypeInfo kAlertList{"[]template.Alert"};
const TypeInfo kAlert{"template.Alert"};
const TypeInfo kData{"template.Data"};
const TypeInfo kHTML{"template.HTML"};
const TypeInfo kURL{"template.URL"};

CallResult ok(Value v) {
  return CallResult{std::move(v), {}, false};
}

Function fn(std::vector<Param> params, bool variadic,
            std::function<CallResult(std::vector<Value>&)> call) {
  Function f;
  f.params = std::move(params);
  f.variadic = variadic;
  f.call = std::move(call);
  return f;
}

std::string field_string(const Value& s, std::string_view name) {
  for (const auto& [k, v] : s.c->fields) {
    if (k == name) return v.s;
  }
  return "";
}

Value sorted_pairs(const Value& kv) {
  std::vector<Value> pairs;
  auto add = [&](const std::string& k, const Value& v) {
    pairs.push_back(make_struct({{"Name", make_string(k)}, {"Value", make_string(v.s)}}, &kPair));
  };
  if (auto it = kv.c->map.find("alertname"); it != kv.c->map.end()) add(it->first, it->second);
  for (const auto& [k, v] : kv.c->map) {
    if (k != "alertname") add(k, v);
  }
  return make_list(std::move(pairs), &kPairs);
}

Value pair_column(const Value& pairs, std::string_view which) {
  std::vector<Value> out;
  for (const Value& p : pairs.c->list) out.push_back(make_string(field_string(p, which)));
  return make_list(std::move(out), &kStrings);
}

std::string pairs_string(const Value& pairs) {
  std::string out;
  const auto& l = pairs.c->list;
  for (size_t i = 0; i < l.size(); ++i) {
    out += field_string(l[i], "Name");
    out += '=';
    out += field_string(l[i], "Value");
    if (i + 1 < l.size()) out += ", ";
  }
  return out;
}

const Function* kv_method(std::string_view name) {
  static const Function kSortedPairs =
      fn({}, false, [](std::vector<Value>& a) { return ok(sorted_pairs(a[0])); });
  static const Function kRemove = fn({Param::Typed}, false, [](std::vector<Value>& a) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : a[0].c->map) out[k] = v.s;
    if (a[1].kind == Kind::List) {
      for (const Value& key : a[1].c->list) out.erase(key.s);
    } else if (a[1].kind != Kind::Nil && a[1].kind != Kind::Invalid) {
      return CallResult::fail(
          fmt::format("wrong type for value; expected []string; got {}", a[1].type_name()));
    }
    return ok(alertmanager_kv(out));
  });
  static const Function kNames = fn(
      {}, false, [](std::vector<Value>& a) { return ok(pair_column(sorted_pairs(a[0]), "Name")); });
  static const Function kValues = fn({}, false, [](std::vector<Value>& a) {
    return ok(pair_column(sorted_pairs(a[0]), "Value"));
  });
  static const Function kString = fn({}, false, [](std::vector<Value>& a) {
    return ok(make_string(pairs_string(sorted_pairs(a[0]))));
  });
  if (name == "SortedPairs") return &kSortedPairs;
  if (name == "Remove") return &kRemove;
  if (name == "Names") return &kNames;
  if (name == "Values") return &kValues;
  if (name == "String") return &kString;
  return nullptr;
}

const Function* pairs_method(std::string_view name) {
  static const Function kNames =
      fn({}, false, [](std::vector<Value>& a) { return ok(pair_column(a[0], "Name")); });
  static const Function kValues =
      fn({}, false, [](std::vector<Value>& a) { return ok(pair_column(a[0], "Value")); });
  static const Function kString =
      fn({}, false, [](std::vector<Value>& a) { return ok(make_string(pairs_string(a[0]))); });
  if (name == "Names") return &kNames;
  if (name == "Values") return &kValues;
  if (name == "String") return &kString;
  return nullptr;
}

const Function* strings_method(std::string_view name) {
  static const Function kJoin = fn({Param::String}, false, [](std::vector<Value>& a) {
    std::string out;
    const auto& l = a[0].c->list;
    for (size_t i = 0; i < l.size(); ++i) {
      if (i > 0) out += a[1].s;
      out += l[i].s;
    }
    return ok(make_string(out));
  });
  return name == "Join" ? &kJoin : nullptr;
}

Value alerts_with_status(const Value& alerts, std::string_view status) {
  std::vector<Value> out;
  for (const Value& a : alerts.c->list) {
    if (field_string(a, "Status") == status) out.push_back(a);
  }
  return make_list(std::move(out), &kAlertList);
}

const Function* alerts_method(std::string_view name) {
  static const Function kFiring =
      fn({}, false, [](std::vector<Value>& a) { return ok(alerts_with_status(a[0], "firing")); });
  static const Function kResolved =
      fn({}, false, [](std::vector<Value>& a) { return ok(alerts_with_status(a[0], "resolved")); });
  if (name == "Firing") return &kFiring;
  if (name == "Resolved") return &kResolved;
  return nullptr;
}

Value kv_from_json(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_object()) return alertmanager_kv({}, true);
  std::map<std::string, std::string> m;
  for (auto it = j[key].begin(); it != j[key].end(); ++it) {
    m[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
  }
  return alertmanager_kv(m);
}

std::string str_from_json(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

Value time_from_json(const nlohmann::json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string()) {
    if (auto t = parse_rfc3339(j[key].get<std::string>())) return *t;
  }
  return utc_time(-62135596800, 0);
}

// A time.Time in the zone `name`, or nullopt.
std::optional<Value> in_zone(const Value& t, const std::string& name) {
  try {
    const date::time_zone* zone = date::locate_zone(name);
    date::sys_seconds tp{std::chrono::seconds(t.i)};
    date::sys_info info = zone->get_info(tp);
    Value out = t;
    out.offset = static_cast<int32_t>(info.offset.count());
    out.s = info.abbrev;
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// time.ParseInLocation(layout, s, time.UTC) for the numeric layout elements and month names.
std::optional<Value> parse_time(std::string_view layout, std::string_view s, std::string& err) {
  int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  size_t i = 0, j = 0;
  auto fail = [&](std::string_view elem) {
    err = fmt::format("parsing time {} as {}: cannot parse {} as {}", go_quote_string(s),
                      go_quote_string(layout), go_quote_string(s.substr(j)), go_quote_string(elem));
    return std::nullopt;
  };
  auto digits = [&](int n, int& out) {
    if (j + static_cast<size_t>(n) > s.size()) return false;
    out = 0;
    for (int k = 0; k < n; ++k) {
      char c = s[j + static_cast<size_t>(k)];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    j += static_cast<size_t>(n);
    return true;
  };
  while (i < layout.size()) {
    std::string_view rest = layout.substr(i);
    if (rest.starts_with("2006")) {
      if (!digits(4, year)) return fail("2006");
      i += 4;
    } else if (rest.starts_with("01")) {
      if (!digits(2, month) || month < 1 || month > 12) return fail("01");
      i += 2;
    } else if (rest.starts_with("02")) {
      if (!digits(2, day) || day < 1 || day > 31) return fail("02");
      i += 2;
    } else if (rest.starts_with("15")) {
      if (!digits(2, hour) || hour > 23) return fail("15");
      i += 2;
    } else if (rest.starts_with("04")) {
      if (!digits(2, minute) || minute > 59) return fail("04");
      i += 2;
    } else if (rest.starts_with("05")) {
      if (!digits(2, second) || second > 59) return fail("05");
      i += 2;
    } else {
      if (j >= s.size() || s[j] != layout[i]) return fail(layout.substr(i));
      ++i;
      ++j;
    }
  }
  if (j != s.size()) {
    err = fmt::format("parsing time {}: extra text: {}", go_quote_string(s),
                      go_quote_string(s.substr(j)));
    return std::nullopt;
  }
  auto days = [](int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
  };
  int64_t secs = days(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                 hour * 3600 + minute * 60 + second;
  return utc_time(secs, 0);
}

std::string base64_url(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  while (i + 2 < in.size()) {
    uint32_t n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
    i += 3;
  }
  if (i < in.size()) {
    uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> unbase64_url(std::string_view in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t n = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = in[i + k];
      int v;
      if (c >= 'A' && c <= 'Z')
        v = c - 'A';
      else if (c >= 'a' && c <= 'z')
        v = c - 'a' + 26;
      else if (c >= '0' && c <= '9')
        v = c - '0' + 52;
      else if (c == '-')
        v = 62;
      else if (c == '_')
        v = 63;
      else if (c == '=' && i + 4 == in.size() && k >= 2) {
        v = 0;
        ++pad;
      } else {
        return std::nullopt;
      }
      if (pad > 0 && c != '=') return std::nullopt;
      n = n << 6 | static_cast<uint32_t>(v);
    }
    out += static_cast<char>(n >> 16);
    if (pad < 2) out += static_cast<char>((n >> 8) & 255);
    if (pad < 1) out += static_cast<char>(n & 255);
  }
  return out;
}

// routeLabels: renders route labels as templates, each once, with cycles reported.
struct RouteLabelResolver {
  std::map<std::string, std::string> raw;
  bool rendered = false;
  Value data;
  std::map<std::string, std::string> memo;
  std::vector<std::string> stack;
  FuncMap own_funcs;  // the functions route label templates run with, routeLabels included
  const FuncMap* funcs = &own_funcs;

  CallResult resolve(const std::string& name) {
    auto it = raw.find(name);
    if (it == raw.end()) return ok(make_string(""));
    if (rendered) return ok(make_string(it->second));
    if (auto m = memo.find(name); m != memo.end()) return ok(make_string(m->second));
    for (const auto& s : stack) {
      if (s == name) {
        std::string cycle;
        for (const auto& x : stack) cycle += x + " -> ";
        return CallResult::fail("route label cycle detected: " + cycle + name);
      }
    }
    stack.push_back(name);
    Set set;
    uint16_t src = set.add_source("", it->second);
    ParseOptions po;
    po.has_function = [this](std::string_view n) { return funcs->find(n) != funcs->end(); };
    auto perr = parse(set, src, "", po);
    std::string out;
    std::string err;
    if (perr) {
      err = go_error_text(set, *perr);
    } else {
      ExecOptions eo;
      eo.missing_key = MissingKey::Zero;
      ExecResult r = execute(set, "", data, *funcs, eo);
      if (r.error) {
        // An error from a nested routeLabels call is passed through as Go wraps it.
        err = go_error_text(set, *r.error);
      }
      out = std::move(r.output);
    }
    stack.pop_back();
    if (!err.empty()) return CallResult::fail(err);
    memo[name] = out;
    return ok(make_string(out));
  }
};

}  // namespace

Value alertmanager_kv(const std::map<std::string, std::string>& m, bool nil) {
  std::map<std::string, Value> out;
  for (const auto& [k, v] : m) out[k] = make_string(v);
  Value kv = make_map(std::move(out), make_string(""), &kKV);
  if (nil) {
    auto c = std::make_shared<Compound>(*kv.c);
    c->nil = true;
    kv.c = std::move(c);
  }
  return kv;
}

Value alertmanager_alert(const nlohmann::json& j) {
  Value a = make_struct({{"Status", make_string(str_from_json(j, "status"))},
                         {"Labels", kv_from_json(j, "labels")},
                         {"Annotations", kv_from_json(j, "annotations")},
                         {"StartsAt", time_from_json(j, "startsAt")},
                         {"EndsAt", time_from_json(j, "endsAt")},
                         {"GeneratorURL", make_string(str_from_json(j, "generatorURL"))},
                         {"Fingerprint", make_string(str_from_json(j, "fingerprint"))}},
                        &kAlert);
  auto c = std::make_shared<Compound>(*a.c);
  c->json_names = {"status", "labels",       "annotations", "startsAt",
                   "endsAt", "generatorURL", "fingerprint"};
  a.c = std::move(c);
  return a;
}

Value alertmanager_data(const nlohmann::json& j) {
  std::vector<Value> alerts;
  bool nil_alerts = true;
  if (j.is_object() && j.contains("alerts") && j["alerts"].is_array()) {
    nil_alerts = false;
    for (const auto& a : j["alerts"]) alerts.push_back(alertmanager_alert(a));
  }
  Value list = make_list(std::move(alerts), &kAlerts);
  if (nil_alerts) {
    auto c = std::make_shared<Compound>(*list.c);
    c->nil = true;
    list.c = std::move(c);
  }
  Value d =
      make_struct({{"Receiver", make_string(str_from_json(j, "receiver"))},
                   {"Status", make_string(str_from_json(j, "status"))},
                   {"Alerts", list},
                   {"NotificationReason", make_string(str_from_json(j, "notification_reason"))},
                   {"GroupLabels", kv_from_json(j, "groupLabels")},
                   {"CommonLabels", kv_from_json(j, "commonLabels")},
                   {"CommonAnnotations", kv_from_json(j, "commonAnnotations")},
                   {"RouteLabels", kv_from_json(j, "routeLabels")},
                   {"ExternalURL", make_string(str_from_json(j, "externalURL"))}},
                  &kData);
  auto c = std::make_shared<Compound>(*d.c);
  c->json_names = {"receiver",
                   "status",
                   "alerts",
                   "notification_reason",
                   "groupLabels",
                   "commonLabels",
                   "commonAnnotations",
                   "routeLabels",
                   "externalURL"};
  d.c = std::move(c);
  return d;
}

FuncMap alertmanager_functions(const AlertmanagerEnv& env, const Value& data) {
  FuncMap m = builtins();
  m["toUpper"] = fn({Param::String}, false,
                    [](std::vector<Value>& a) { return ok(make_string(go_to_upper(a[0].s))); });
  m["toLower"] = fn({Param::String}, false,
                    [](std::vector<Value>& a) { return ok(make_string(go_to_lower(a[0].s))); });
  m["title"] = fn({Param::String}, false,
                  [](std::vector<Value>& a) { return ok(make_string(go_title(a[0].s, true))); });
  m["trimSpace"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    std::string_view s = a[0].s;
    size_t b = s.find_first_not_of(" \t\n\r\v\f");
    if (b == std::string_view::npos) return ok(make_string(""));
    size_t e = s.find_last_not_of(" \t\n\r\v\f");
    return ok(make_string(std::string(s.substr(b, e - b + 1))));
  });
  m["join"] = fn({Param::String, Param::Typed}, false, [](std::vector<Value>& a) {
    const Value& l = a[1];
    if (l.kind == Kind::Nil || l.kind == Kind::Invalid) return ok(make_string(""));
    if (l.kind != Kind::List) {
      return CallResult::fail(
          fmt::format("wrong type for value; expected []string; got {}", l.type_name()));
    }
    std::string out;
    for (size_t i = 0; i < l.c->list.size(); ++i) {
      if (l.c->list[i].kind != Kind::String) {
        return CallResult::fail(
            fmt::format("wrong type for value; expected []string; got {}", l.type_name()));
      }
      if (i > 0) out += a[0].s;
      out += l.c->list[i].s;
    }
    return ok(make_string(out));
  });
  m["match"] = fn({Param::String, Param::String}, false, [](std::vector<Value>& a) {
    std::string err;
    auto r = go_match(a[0].s, a[1].s, err);
    if (!r) return CallResult::fail(err);
    return ok(make_bool(*r));
  });
  m["safeHtml"] = fn({Param::String}, false,
                     [](std::vector<Value>& a) { return ok(make_string(a[0].s, &kHTML)); });
  m["safeUrl"] = fn({Param::String}, false,
                    [](std::vector<Value>& a) { return ok(make_string(a[0].s, &kURL)); });
  m["urlUnescape"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    auto r = go_query_unescape(a[0].s);
    if (!r) return CallResult::fail(fmt::format("invalid URL escape"));
    return ok(make_string(*r));
  });
  m["reReplaceAll"] =
      fn({Param::String, Param::String, Param::String}, false, [](std::vector<Value>& a) {
        std::string err;
        auto r = go_replace_all(a[0].s, a[1].s, a[2].s, err);
        if (!r) return CallResult::fail(err);
        return ok(make_string(*r));
      });
  m["stringSlice"] = fn({Param::String}, true, [](std::vector<Value>& a) {
    return ok(make_list(a, &types::kStringList));
  });
  m["date"] = fn({Param::String, Param::Typed}, false, [](std::vector<Value>& a) {
    if (a[1].kind != Kind::Time) {
      return CallResult::fail(
          fmt::format("wrong type for value; expected time.Time; got {}", a[1].type_name()));
    }
    return ok(make_string(go_time_format(a[1], a[0].s)));
  });
  m["tz"] = fn({Param::String, Param::Typed}, false, [](std::vector<Value>& a) {
    if (a[1].kind != Kind::Time) {
      return CallResult::fail(
          fmt::format("wrong type for value; expected time.Time; got {}", a[1].type_name()));
    }
    auto t = in_zone(a[1], a[0].s);
    if (!t) return CallResult::fail("unknown time zone " + a[0].s);
    return ok(*t);
  });
  double now = env.now;
  auto now_time = [now] {
    double secs = std::floor(now);
    return utc_time(static_cast<int64_t>(secs), static_cast<int32_t>((now - secs) * 1e9));
  };
  m["now"] = fn({}, false, [now_time](std::vector<Value>&) { return ok(now_time()); });
  m["since"] = fn({Param::Typed}, false, [now_time](std::vector<Value>& a) {
    if (a[0].kind != Kind::Time) {
      return CallResult::fail(
          fmt::format("wrong type for value; expected time.Time; got {}", a[0].type_name()));
    }
    Value n = now_time();
    int64_t ns = (n.i - a[0].i) * 1000000000 + (n.nsec - a[0].nsec);
    return ok(make_duration(ns));
  });
  m["humanizeDuration"] = humanize_duration_function();
  m["toDate"] = fn({Param::String, Param::String}, false, [](std::vector<Value>& a) {
    std::string err;
    auto t = parse_time(a[0].s, a[1].s, err);
    return ok(t ? *t : utc_time(-62135596800, 0));
  });
  m["mustToDate"] = fn({Param::String, Param::String}, false, [](std::vector<Value>& a) {
    std::string err;
    auto t = parse_time(a[0].s, a[1].s, err);
    if (!t) return CallResult::fail(err);
    return ok(*t);
  });
  m["toJson"] = fn({Param::Any}, false,
                   [](std::vector<Value>& a) { return ok(make_string(value_to_json(a[0]))); });
  m["base64encode"] = fn({Param::String}, false,
                         [](std::vector<Value>& a) { return ok(make_string(base64_url(a[0].s))); });
  m["base64decode"] = fn({Param::String}, false, [](std::vector<Value>& a) {
    auto r = unbase64_url(a[0].s);
    if (!r) return CallResult::fail("illegal base64 data at input byte 0");
    return ok(make_string(*r));
  });
  m["list"] = fn({Param::Any}, true, [](std::vector<Value>& a) { return ok(make_list(a)); });
  m["append"] = fn({Param::Typed, Param::Any}, true, [](std::vector<Value>& a) {
    std::vector<Value> out;
    if (a[0].kind == Kind::List) {
      out = a[0].c->list;
    } else if (a[0].kind != Kind::Nil && a[0].kind != Kind::Invalid) {
      return CallResult::fail(
          fmt::format("wrong type for value; expected []interface {{}}; got {}", a[0].type_name()));
    }
    out.insert(out.end(), a.begin() + 1, a.end());
    return ok(make_list(std::move(out)));
  });
  m["dict"] = fn({Param::Any}, true, [](std::vector<Value>& a) {
    if (a.size() % 2 != 0) return CallResult::fail("dict requires an even number of arguments");
    std::map<std::string, Value> out;
    for (size_t i = 0; i < a.size(); i += 2) {
      if (a[i].kind != Kind::String) return CallResult::fail("dict keys must be strings");
      out[a[i].s] = a[i + 1];
    }
    return ok(make_map(std::move(out), make_nil()));
  });
  auto resolver = std::make_shared<RouteLabelResolver>();
  resolver->rendered = env.route_labels_rendered;
  resolver->data = data;
  if (data.kind == Kind::Struct && data.type == &kData) {
    for (const auto& [k, v] : data.c->fields) {
      if (k == "RouteLabels" && v.kind == Kind::Map) {
        for (const auto& [name, value] : v.c->map) resolver->raw[name] = value.s;
      }
    }
  }
  m["routeLabels"] = fn({Param::String}, false,
                        [resolver](std::vector<Value>& a) { return resolver->resolve(a[0].s); });
  // The resolver renders with the same functions; its own copy calls it back by address (it
  // owns that copy, so it outlives it).
  resolver->own_funcs = m;
  RouteLabelResolver* self = resolver.get();
  resolver->own_funcs["routeLabels"] =
      fn({Param::String}, false, [self](std::vector<Value>& a) { return self->resolve(a[0].s); });
  return m;
}

}  // namespace mzr::tmpl

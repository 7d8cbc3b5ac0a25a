#include "compiler/template/go_time.h"

#include <fmt/format.h>

#include <array>

namespace mzr::tmpl {
namespace {

struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
  int hour, minute, second;
  int yday;     // 1..366
  int weekday;  // 0 = Sunday
};

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

Civil civil(const Value& t) {
  int64_t secs = t.i + t.offset;
  int64_t days = floor_div(secs, 86400);
  int64_t rem = secs - days * 86400;
  Civil c{};
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.second = static_cast<int>(rem % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  // Days to civil date (proleptic Gregorian).
  int64_t z = days + 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = c.month <= 2 ? y + 1 : y;
  static constexpr std::array<int, 12> kCumulative = {0,   31,  59,  90,  120, 151,
                                                      181, 212, 243, 273, 304, 334};
  bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
  c.yday = kCumulative[c.month - 1] + c.day + (leap && c.month > 2 ? 1 : 0);
  return c;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};

void zone_offset(std::string& out, int32_t offset, bool colon, bool seconds_only_if,
                 bool hours_only, bool z) {
  (void)seconds_only_if;
  if (z && offset == 0) {
    out += 'Z';
    return;
  }
  int32_t off = offset;
  char sign = '+';
  if (off < 0) {
    sign = '-';
    off = -off;
  }
  out += sign;
  out += fmt::format("{:02}", off / 3600);
  if (hours_only) return;
  if (colon) out += ':';
  out += fmt::format("{:02}", off / 60 % 60);
}

}  // namespace

Value utc_time(int64_t sec, int32_t nsec) {
  return make_time(sec, nsec, 0, "UTC");
}

std::string go_time_format(const Value& t, std::string_view layout) {
  Civil c = civil(t);
  std::string out;
  size_t i = 0;
  auto starts = [&](std::string_view p) { return layout.substr(i).starts_with(p); };
  while (i < layout.size()) {
    if (starts("January")) {
      out += kMonths[c.month - 1];
      i += 7;
    } else if (starts("Jan")) {
      out += kMonths[c.month - 1].substr(0, 3);
      i += 3;
    } else if (starts("Monday")) {
      out += kDays[c.weekday];
      i += 6;
    } else if (starts("Mon")) {
      out += kDays[c.weekday].substr(0, 3);
      i += 3;
    } else if (starts("MST")) {
      if (!t.s.empty()) {
        out += t.s;
      } else {
        zone_offset(out, t.offset, false, false, false, false);
      }
      i += 3;
    } else if (starts("2006")) {
      out += fmt::format("{:04}", c.year);
      i += 4;
    } else if (starts("2")) {
      if (starts("2006")) continue;
      out += fmt::format("{}", c.day);
      i += 1;
    } else if (starts("_2")) {
      if (starts("_2006")) {
        out += '_';
        i += 1;
        continue;
      }
      out += fmt::format("{:>2}", c.day);
      i += 2;
    } else if (starts("01")) {
      out += fmt::format("{:02}", c.month);
      i += 2;
    } else if (starts("02")) {
      out += fmt::format("{:02}", c.day);
      i += 2;
    } else if (starts("002")) {
      out += fmt::format("{:03}", c.yday);
      i += 3;
    } else if (starts("03")) {
      int h = c.hour % 12;
      out += fmt::format("{:02}", h == 0 ? 12 : h);
      i += 2;
    } else if (starts("04")) {
      out += fmt::format("{:02}", c.minute);
      i += 2;
    } else if (starts("05")) {
      out += fmt::format("{:02}", c.second);
      i += 2;
    } else if (starts("06")) {
      out += fmt::format("{:02}", ((c.year % 100) + 100) % 100);
      i += 2;
    } else if (starts("15")) {
      out += fmt::format("{:02}", c.hour);
      i += 2;
    } else if (starts("1")) {
      out += fmt::format("{}", c.month);
      i += 1;
    } else if (starts("3")) {
      int h = c.hour % 12;
      out += fmt::format("{}", h == 0 ? 12 : h);
      i += 1;
    } else if (starts("4")) {
      out += fmt::format("{}", c.minute);
      i += 1;
    } else if (starts("5")) {
      out += fmt::format("{}", c.second);
      i += 1;
    } else if (starts("PM")) {
      out += c.hour >= 12 ? "PM" : "AM";
      i += 2;
    } else if (starts("pm")) {
      out += c.hour >= 12 ? "pm" : "am";
      i += 2;
    } else if (starts("-07:00:00") || starts("Z07:00:00")) {
      bool z = layout[i] == 'Z';
      zone_offset(out, t.offset, true, false, false, z);
      if (!(z && t.offset == 0)) out += fmt::format(":{:02}", std::abs(t.offset) % 60);
      i += 9;
    } else if (starts("-07:00") || starts("Z07:00")) {
      zone_offset(out, t.offset, true, false, false, layout[i] == 'Z');
      i += 6;
    } else if (starts("-0700") || starts("Z0700")) {
      zone_offset(out, t.offset, false, false, false, layout[i] == 'Z');
      i += 5;
    } else if (starts("-07") || starts("Z07")) {
      zone_offset(out, t.offset, false, false, true, layout[i] == 'Z');
      i += 3;
    } else if ((starts(".0") || starts(",0") || starts(".9") || starts(",9"))) {
      char digit = layout[i + 1];
      size_t j = i + 1;
      while (j < layout.size() && layout[j] == digit) ++j;
      // Only a fraction when not followed by another digit.
      if (j < layout.size() && layout[j] >= '0' && layout[j] <= '9') {
        out += layout[i];
        ++i;
        continue;
      }
      size_t n = j - i - 1;
      std::string frac = fmt::format("{:09}", t.nsec).substr(0, n);
      if (digit == '9') {
        while (!frac.empty() && frac.back() == '0') frac.pop_back();
        if (!frac.empty()) {
          out += layout[i];
          out += frac;
        }
      } else {
        out += layout[i];
        out += frac;
      }
      i = j;
    } else {
      out += layout[i];
      ++i;
    }
  }
  return out;
}

std::string go_time_string(const Value& t) {
  std::string out = go_time_format(t, "2006-01-02 15:04:05.999999999 -0700 MST");
  return out;
}

std::string go_duration_string(int64_t d) {
  if (d == 0) return "0s";
  bool neg = d < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(d) : static_cast<uint64_t>(d);
  std::string out;
  auto frac = [](uint64_t v, int prec) {
    // v with `prec` decimal digits, trailing zeros removed.
    std::string digits;
    bool print = false;
    std::string tail;
    for (int k = 0; k < prec; ++k) {
      int digit = static_cast<int>(v % 10);
      print = print || digit != 0;
      if (print) tail.insert(tail.begin(), static_cast<char>('0' + digit));
      v /= 10;
    }
    if (!tail.empty()) tail.insert(tail.begin(), '.');
    return std::pair<uint64_t, std::string>{v, tail};
  };
  if (u < 1000000000ULL) {
    // Less than a second: ns, µs or ms.
    if (u < 1000ULL) {
      out = fmt::format("{}ns", u);
    } else if (u < 1000000ULL) {
      auto [w, f] = frac(u, 3);
      out = fmt::format("{}{}µs", w, f);
    } else {
      auto [w, f] = frac(u, 6);
      out = fmt::format("{}{}ms", w, f);
    }
  } else {
    auto [secs, f] = frac(u, 9);
    uint64_t s = secs % 60;
    uint64_t m = secs / 60;
    out = fmt::format("{}{}s", s, f);
    if (m > 0) {
      uint64_t h = m / 60;
      m %= 60;
      out = fmt::format("{}m", m) + out;
      if (h > 0) out = fmt::format("{}h", h) + out;
    }
  }
  return neg ? "-" + out : out;
}

}  // namespace mzr::tmpl

namespace mzr::tmpl {
namespace {

Function method(std::vector<Param> params, std::function<CallResult(std::vector<Value>&)> f) {
  Function fn;
  fn.params = std::move(params);
  fn.call = std::move(f);
  return fn;
}

const Function* time_method(std::string_view name) {
  static const Function kFormat = method({Param::String}, [](std::vector<Value>& a) {
    return CallResult{make_string(go_time_format(a[0], a[1].s)), {}, false};
  });
  static const Function kString = method({}, [](std::vector<Value>& a) {
    return CallResult{make_string(go_time_string(a[0])), {}, false};
  });
  static const Function kUnix = method({}, [](std::vector<Value>& a) {
    return CallResult{make_int(a[0].i, &types::kInt64), {}, false};
  });
  static const Function kUnixMilli = method({}, [](std::vector<Value>& a) {
    return CallResult{make_int(a[0].i * 1000 + a[0].nsec / 1000000, &types::kInt64), {}, false};
  });
  static const Function kUnixNano = method({}, [](std::vector<Value>& a) {
    return CallResult{make_int(a[0].i * 1000000000 + a[0].nsec, &types::kInt64), {}, false};
  });
  static const Function kUTC = method({}, [](std::vector<Value>& a) {
    return CallResult{utc_time(a[0].i, a[0].nsec), {}, false};
  });
  static const Function kAdd = method({Param::Typed}, [](std::vector<Value>& a) {
    if (a[1].kind != Kind::Duration && a[1].kind != Kind::Int) {
      return CallResult::fail("wrong type for value; expected time.Duration; got " +
                              std::string(a[1].type_name()));
    }
    int64_t total = a[0].nsec + a[1].i % 1000000000;
    int64_t sec = a[0].i + a[1].i / 1000000000 + total / 1000000000;
    total %= 1000000000;
    if (total < 0) {
      total += 1000000000;
      --sec;
    }
    Value t = a[0];
    t.i = sec;
    t.nsec = static_cast<int32_t>(total);
    return CallResult{t, {}, false};
  });
  static const Function kIsZero = method({}, [](std::vector<Value>& a) {
    return CallResult{make_bool(a[0].i == -62135596800 && a[0].nsec == 0), {}, false};
  });
  if (name == "Format") return &kFormat;
  if (name == "String") return &kString;
  if (name == "Unix") return &kUnix;
  if (name == "UnixMilli") return &kUnixMilli;
  if (name == "UnixNano") return &kUnixNano;
  if (name == "UTC" || name == "Local") return &kUTC;
  if (name == "Add") return &kAdd;
  if (name == "IsZero") return &kIsZero;
  return nullptr;
}

const Function* duration_method(std::string_view name) {
  static const Function kString = method({}, [](std::vector<Value>& a) {
    return CallResult{make_string(go_duration_string(a[0].i)), {}, false};
  });
  static const Function kSeconds = method({}, [](std::vector<Value>& a) {
    return CallResult{make_float(static_cast<double>(a[0].i) / 1e9), {}, false};
  });
  static const Function kMinutes = method({}, [](std::vector<Value>& a) {
    return CallResult{make_float(static_cast<double>(a[0].i) / 6e10), {}, false};
  });
  static const Function kHours = method({}, [](std::vector<Value>& a) {
    return CallResult{make_float(static_cast<double>(a[0].i) / 3.6e12), {}, false};
  });
  static const Function kMilliseconds = method({}, [](std::vector<Value>& a) {
    return CallResult{make_int(a[0].i / 1000000, &types::kInt64), {}, false};
  });
  if (name == "String") return &kString;
  if (name == "Seconds") return &kSeconds;
  if (name == "Minutes") return &kMinutes;
  if (name == "Hours") return &kHours;
  if (name == "Milliseconds") return &kMilliseconds;
  return nullptr;
}

}  // namespace

namespace types {
const TypeInfo kTime{"time.Time", time_method};
const TypeInfo kDuration{"time.Duration", duration_method};
}  // namespace types

}  // namespace mzr::tmpl

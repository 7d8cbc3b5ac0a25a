#include "compiler/ruletest/go_text.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "compiler/base/duration.h"
#include "compiler/base/go_quote.h"

namespace mzr::ruletest {
namespace {

bool legacy_name(const std::string& n) {
  if (n.empty()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string labels_text(const eval::Labels& labels) {
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    out += legacy_name(labels[i].name) ? labels[i].name : go_quote(labels[i].name);
    out += '=';
    out += go_quote(labels[i].value);
  }
  out += '}';
  return out;
}

std::string float_e(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  for (char& c : s) {
    if (c == 'e') c = 'E';
  }
  return s;
}

std::string go_duration(int64_t ms) {
  if (ms == 0) return "0s";
  std::string sign = ms < 0 ? "-" : "";
  uint64_t u = static_cast<uint64_t>(ms < 0 ? -ms : ms);
  if (u < 1000) return sign + std::to_string(u) + "ms";
  uint64_t h = u / 3'600'000, m = u / 60'000 % 60, s = u / 1000 % 60, frac = u % 1000;
  std::string sec = std::to_string(s);
  if (frac != 0) {
    std::string f = fmt::format("{:03}", frac);
    while (!f.empty() && f.back() == '0') f.pop_back();
    sec += "." + f;
  }
  if (h > 0) return fmt::format("{}{}h{}m{}s", sign, h, m, sec);
  if (m > 0) return fmt::format("{}{}m{}s", sign, m, sec);
  return sign + sec + "s";
}

std::string prom_duration(int64_t ms) {
  return format_duration(Duration{ms});
}

}  // namespace mzr::ruletest

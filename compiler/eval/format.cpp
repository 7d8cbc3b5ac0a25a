#include "compiler/eval/format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "compiler/base/utf8.h"

namespace mzr::eval {

namespace {
std::string special(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "+Inf" : "-Inf";
}
}  // namespace

std::string format_value(double v) {
  if (!std::isfinite(v)) return special(v);
  char buf[512];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string format_g(double v) {
  if (!std::isfinite(v)) return special(v);
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, r.ptr);  // d.ddde±x
  size_t e = s.find('e');
  int exp = std::atoi(s.c_str() + e + 1);
  if (exp < -4 || exp >= 6) {
    // Go writes at least two exponent digits: 1e+06, 1.5e-07.
    std::string mant = s.substr(0, e);
    std::string digits = std::to_string(std::abs(exp));
    if (digits.size() < 2) digits = "0" + digits;
    return mant + "e" + (exp < 0 ? "-" : "+") + digits;
  }
  return format_value(v);
}

bool is_valid_label_name(const std::string& name) {
  return !name.empty() && !find_invalid_utf8(name).has_value();
}

}  // namespace mzr::eval

#include "compiler/template/json_value.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "compiler/base/utf8.h"
#include "compiler/template/go_fmt.h"
#include "compiler/template/go_time.h"

namespace mzr::tmpl {
namespace {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Value scalar(const nlohmann::json& j, std::string_view elem) {
  if (elem == "float64") {
    if (j.is_string()) {
      std::string s = j.get<std::string>();
      if (s == "+Inf") return make_float(std::numeric_limits<double>::infinity());
      if (s == "-Inf") return make_float(-std::numeric_limits<double>::infinity());
      if (s == "NaN") return make_float(std::nan(""));
    }
    if (j.is_number()) return make_float(j.get<double>());
  }
  if (elem == "int64" && j.is_number_integer()) return make_int(j.get<int64_t>(), &types::kInt64);
  if (elem == "int" && j.is_number_integer()) return make_int(j.get<int64_t>());
  if (elem == "uint64" && j.is_number()) return make_uint(j.get<uint64_t>(), &types::kUint64);
  if (elem == "uint" && j.is_number()) return make_uint(j.get<uint64_t>(), &types::kUint);
  return value_from_json(j, {}, false);
}

}  // namespace

std::optional<Value> parse_rfc3339(std::string_view s) {
  // 2006-01-02T15:04:05.999999999Z07:00
  auto num = [&](size_t at, size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = s[at + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int y, mo, d, h, mi, se;
  if (!num(0, 4, y) || s.size() < 20 || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' ||
      !num(8, 2, d) || (s[10] != 'T' && s[10] != 't') || !num(11, 2, h) || s[13] != ':' ||
      !num(14, 2, mi) || s[16] != ':' || !num(17, 2, se)) {
    return std::nullopt;
  }
  size_t i = 19;
  int32_t nsec = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (digits < 9) nsec = nsec * 10 + (s[i] - '0');
      ++digits;
      ++i;
    }
    if (digits == 0) return std::nullopt;
    for (int k = digits; k < 9; ++k) nsec *= 10;
  }
  int32_t offset = 0;
  std::string zone;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    zone = "UTC";
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!num(i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !num(i + 4, 2, om)) {
      return std::nullopt;
    }
    offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != s.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) {
    return std::nullopt;
  }
  int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                 h * 3600 + mi * 60 + se - offset;
  return make_time(secs, nsec, offset, zone);
}

Value value_from_json(const nlohmann::json& j, std::string_view go_type, bool top) {
  if (go_type.starts_with("[]") && j.is_array()) {
    std::string_view elem = go_type.substr(2);
    const TypeInfo* t = elem == "float64"  ? &types::kFloatList
                        : elem == "string" ? &types::kStringList
                        : elem == "int"    ? &types::kIntList
                        : elem == "int64"  ? &types::kInt64List
                        : elem == "uint"   ? &types::kUintList
                        : elem == "uint64" ? &types::kUint64List
                                           : &types::kAnyList;
    std::vector<Value> items;
    for (const auto& e : j) items.push_back(scalar(e, elem));
    return make_list(std::move(items), t);
  }
  if (go_type == "map[string]string" && j.is_object()) {
    std::map<std::string, Value> m;
    for (auto it = j.begin(); it != j.end(); ++it) {
      m[it.key()] = make_string(it->is_string() ? it->get<std::string>() : it->dump());
    }
    return make_map(std::move(m), make_string(""), &types::kStringMap);
  }
  if (go_type == "time.Time" && j.is_string()) {
    if (auto t = parse_rfc3339(j.get<std::string>())) return *t;
  }
  switch (j.type()) {
    case nlohmann::json::value_t::null: return top ? make_invalid() : make_nil();
    case nlohmann::json::value_t::boolean: return make_bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer: return make_int(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) return make_uint(u, &types::kUint64);
      return make_int(static_cast<int64_t>(u));
    }
    case nlohmann::json::value_t::number_float: return make_float(j.get<double>());
    case nlohmann::json::value_t::string: return make_string(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      std::vector<Value> items;
      for (const auto& e : j) items.push_back(value_from_json(e, {}, false));
      return make_list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      std::map<std::string, Value> m;
      for (auto it = j.begin(); it != j.end(); ++it) m[it.key()] = value_from_json(*it, {}, false);
      return make_map(std::move(m), make_nil());
    }
    default: return make_invalid();
  }
}

namespace {

void json_string(std::string& out, std::string_view s) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '<': out += "\\u003c"; break;
        case '>': out += "\\u003e"; break;
        case '&': out += "\\u0026"; break;
        default:
          if (c < 0x20) {
            out += fmt::format("\\u{:04x}", c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    DecodedRune d = decode_utf8(s, i);
    if (d.rune == 0xFFFD && d.length == 1) {
      out += "\\ufffd";
    } else if (d.rune == 0x2028 || d.rune == 0x2029) {
      out += fmt::format("\\u{:04x}", static_cast<uint32_t>(d.rune));
    } else {
      out.append(s.substr(i, d.length));
    }
    i += d.length;
  }
  out += '"';
}

void to_json(std::string& out, const Value& v) {
  switch (v.kind) {
    case Kind::Invalid:
    case Kind::Nil: out += "null"; return;
    case Kind::Bool: out += v.b ? "true" : "false"; return;
    case Kind::Int:
    case Kind::Duration: out += std::to_string(v.i); return;
    case Kind::Uint: out += std::to_string(v.u); return;
    case Kind::Float: {
      double a = std::fabs(v.f);
      std::string s;
      if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        s = go_format_float(v.f, 'e', -1);
        // Go's encoding/json writes e-07, not e-07 -> keeps two digits; trims "e-0X" to "e-X".
        size_t e = s.find('e');
        if (e != std::string::npos && s.size() - e == 4 && s[e + 2] == '0') s.erase(e + 2, 1);
      } else {
        s = go_format_float(v.f, 'f', -1);
      }
      out += s;
      return;
    }
    case Kind::Complex: out += "null"; return;
    case Kind::String: json_string(out, v.s); return;
    case Kind::Time: {
      std::string s = go_time_format(v, "2006-01-02T15:04:05.999999999Z07:00");
      json_string(out, s);
      return;
    }
    case Kind::List: {
      if (v.c->nil) {
        out += "null";
        return;
      }
      out += '[';
      for (size_t i = 0; i < v.c->list.size(); ++i) {
        if (i > 0) out += ',';
        to_json(out, v.c->list[i]);
      }
      out += ']';
      return;
    }
    case Kind::Map: {
      if (v.c->nil) {
        out += "null";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.c->map) {
        if (!first) out += ',';
        first = false;
        json_string(out, k);
        out += ':';
        to_json(out, e);
      }
      out += '}';
      return;
    }
    case Kind::Struct: {
      out += '{';
      bool first = true;
      for (size_t i = 0; i < v.c->fields.size(); ++i) {
        const auto& [k, e] = v.c->fields[i];
        if (!first) out += ',';
        first = false;
        json_string(out, i < v.c->json_names.size() ? v.c->json_names[i] : k);
        out += ':';
        to_json(out, e);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string value_to_json(const Value& v) {
  std::string out;
  to_json(out, v);
  return out;
}

}  // namespace mzr::tmpl

#include "compiler/template/go_fmt.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "compiler/base/go_quote.h"
#include "compiler/base/utf8.h"
#include "compiler/template/go_time.h"

namespace mzr::tmpl {
namespace {

struct Spec {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  int width = -1;
  int prec = -1;
  char verb = 'v';
};

// Decimal digits of |f| and the position of the decimal point: f = 0.d1d2d3... * 10^dp.
struct Digits {
  std::string d;
  int dp = 0;
};

Digits digits_of(double f, int significant) {
  char buf[64];
  std::to_chars_result r =
      significant < 0
          ? std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific)
          : std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific,
                          significant - 1);
  std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
  size_t e = s.find('e');
  Digits out;
  for (char c : s.substr(0, e)) {
    if (c != '.') out.d.push_back(c);
  }
  int exp = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0), s.data() + s.size(), exp);
  out.dp = exp + 1;
  while (out.d.size() > 1 && out.d.back() == '0') out.d.pop_back();
  if (out.d == "0") out.dp = 0, out.d.clear();
  return out;
}

void fmt_e(std::string& out, const Digits& dg, int prec, char e) {
  out += dg.d.empty() ? '0' : dg.d[0];
  if (prec > 0) {
    out += '.';
    for (int i = 1; i <= prec; ++i) {
      out += i < static_cast<int>(dg.d.size()) ? dg.d[i] : '0';
    }
  }
  out += e;
  int exp = dg.d.empty() ? 0 : dg.dp - 1;
  out += exp < 0 ? '-' : '+';
  exp = std::abs(exp);
  if (exp < 10) out += '0';
  out += std::to_string(exp);
}

void fmt_f(std::string& out, const Digits& dg, int prec) {
  int nd = static_cast<int>(dg.d.size());
  if (dg.dp > 0) {
    for (int i = 0; i < dg.dp; ++i) out += i < nd ? dg.d[i] : '0';
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (int i = 1; i <= prec; ++i) {
      int j = dg.dp + i - 1;
      out += (j >= 0 && j < nd) ? dg.d[j] : '0';
    }
  }
}

}  // namespace

std::string go_format_float(double f, char fmtc, int prec) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  std::string out;
  if (std::signbit(f)) out += '-';
  char lower = static_cast<char>(fmtc | 0x20);
  if (lower == 'e') {
    Digits dg = digits_of(f, prec < 0 ? -1 : prec + 1);
    fmt_e(out, dg, prec < 0 ? static_cast<int>(dg.d.size()) - 1 : prec, fmtc);
    if (prec < 0 && dg.d.empty()) {
      out = std::signbit(f) ? "-0e+00" : "0e+00";
    }
    return out;
  }
  if (lower == 'f') {
    if (prec < 0) {
      Digits dg = digits_of(f, -1);
      fmt_f(out, dg, std::max(static_cast<int>(dg.d.size()) - dg.dp, 0));
      return out;
    }
    char buf[400];
    auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::fixed, prec);
    out.append(buf, r.ptr);
    return out;
  }
  // 'g'
  bool shortest = prec < 0;
  int p = prec;
  if (p == 0) p = 1;
  Digits dg = digits_of(f, shortest ? -1 : p);
  int nd = static_cast<int>(dg.d.size());
  if (shortest) p = nd == 0 ? 1 : nd;
  int eprec = p;
  if (eprec > nd && nd >= dg.dp) eprec = nd;
  if (shortest) eprec = 6;
  int exp = dg.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (p > nd) p = nd;
    fmt_e(out, dg, std::max(p - 1, 0), lower == fmtc ? 'e' : 'E');
    return out;
  }
  if (p > dg.dp) p = nd;
  fmt_f(out, dg, std::max(p - dg.dp, 0));
  return out;
}

std::string go_quote_string(std::string_view s) {
  return go_quote(s);
}

namespace {

bool call_string_method(const Value& v, std::string& out) {
  if (!v.type || !v.type->method) return false;
  const Function* m = v.type->method("String");
  if (!m) m = v.type->method("Error");
  if (!m || !m->params.empty()) return false;
  std::vector<Value> args{v};
  CallResult r = m->call(args);
  if (r.failed) return false;
  out = r.value.s;
  return true;
}

size_t rune_count(std::string_view s) {
  return count_code_points(s);
}

class Printer {
 public:
  std::string out;

  void pad(std::string_view s, const Spec& sp) {
    if (sp.width < 0) {
      out += s;
      return;
    }
    int n = sp.width - static_cast<int>(rune_count(s));
    if (n <= 0) {
      out += s;
      return;
    }
    if (sp.minus) {
      out += s;
      out.append(static_cast<size_t>(n), ' ');
    } else {
      out.append(static_cast<size_t>(n), sp.zero ? '0' : ' ');
      out += s;
    }
  }

  void fmt_integer(uint64_t u, bool neg, int base, char verb, const Spec& sp0, bool is_signed) {
    Spec sp = sp0;
    (void)is_signed;
    std::string digits;
    const char* hex = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    if (u == 0) digits = "0";
    while (u > 0) {
      digits.insert(digits.begin(), hex[u % static_cast<uint64_t>(base)]);
      u /= static_cast<uint64_t>(base);
    }
    int prec = sp.prec;
    if (prec == 0 && digits == "0") digits.clear();
    bool zero_pad = sp.zero && sp.width >= 0 && !sp.minus && prec < 0;
    if (prec >= 0) {
      while (static_cast<int>(digits.size()) < prec) digits.insert(digits.begin(), '0');
    }
    std::string prefix;
    if (sp.sharp) {
      if (base == 8 && (digits.empty() || digits[0] != '0')) prefix = "0";
      if (base == 16) prefix = verb == 'X' ? "0X" : "0x";
      if (base == 2) prefix = "0b";
    }
    if (verb == 'O') prefix = "0o";
    std::string sign;
    if (neg)
      sign = "-";
    else if (sp.plus)
      sign = "+";
    else if (sp.space)
      sign = " ";
    if (zero_pad) {
      int w = sp.width - static_cast<int>(sign.size() + prefix.size());
      while (static_cast<int>(digits.size()) < w) digits.insert(digits.begin(), '0');
    }
    Spec p = sp;
    p.zero = false;
    pad(sign + prefix + digits, p);
  }

  void fmt_float(double f, char verb, const Spec& sp) {
    char v = verb == 'v' ? 'g' : verb == 'F' ? 'f' : verb;
    int prec = sp.prec;
    if (prec < 0 && (v == 'e' || v == 'E' || v == 'f')) prec = 6;
    std::string num = go_format_float(f, v, prec);
    if (sp.sharp && v != 'b') {
      // Not supported beyond Go's common case: keep as is.
    }
    if (num[0] != '-' && num[0] != '+') num.insert(num.begin(), '+');
    if (sp.space && num[0] == '+' && !sp.plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') {
      if (num[1] == 'N' && !sp.space && !sp.plus) num.erase(0, 1);
      Spec p = sp;
      p.zero = false;
      pad(num, p);
      return;
    }
    if (sp.plus || num[0] != '+') {
      if (sp.zero && !sp.minus && sp.width > static_cast<int>(num.size())) {
        out += num[0];
        out.append(static_cast<size_t>(sp.width) - num.size(), '0');
        out.append(num, 1);
        return;
      }
      pad(num, sp);
      return;
    }
    Spec p = sp;
    if (p.zero && !p.minus && p.width > static_cast<int>(num.size()) - 1) {
      out.append(static_cast<size_t>(p.width) - (num.size() - 1), '0');
      out.append(num, 1);
      return;
    }
    pad(std::string_view(num).substr(1), p);
  }

  void fmt_string(std::string_view s, char verb, const Spec& sp) {
    switch (verb) {
      case 'v':
      case 's': {
        if (sp.prec >= 0) {
          size_t i = 0;
          int n = 0;
          while (i < s.size() && n < sp.prec) {
            i += decode_utf8(s, i).length;
            ++n;
          }
          s = s.substr(0, i);
        }
        pad(s, sp);
        return;
      }
      case 'q': {
        if (sp.sharp && s.find('`') == std::string_view::npos &&
            s.find_first_of("\r\n\t") == std::string_view::npos) {
          pad("`" + std::string(s) + "`", sp);
          return;
        }
        pad(go_quote(s), sp);
        return;
      }
      case 'x':
      case 'X': {
        const char* hex = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        std::string h;
        for (size_t i = 0; i < s.size(); ++i) {
          if (sp.space && i > 0) h += ' ';
          if (sp.sharp && (sp.space || i == 0)) h += verb == 'X' ? "0X" : "0x";
          unsigned char c = static_cast<unsigned char>(s[i]);
          h += hex[c >> 4];
          h += hex[c & 15];
        }
        pad(h, sp);
        return;
      }
      default: bad_verb(verb, make_string(std::string(s)), sp);
    }
  }

  // Go's badVerb: the value is printed with %v and the verb's flags, width and precision.
  void bad_verb(char verb, const Value& v, const Spec& sp = Spec{}) {
    out += "%!";
    out += verb;
    out += '(';
    if (v.kind == Kind::Invalid || v.kind == Kind::Nil) {
      out += "<nil>";
    } else {
      out += v.type_name();
      out += '=';
      print(v, 'v', sp, 0);
    }
    out += ')';
  }

  void print(const Value& v, char verb, const Spec& sp, int depth) {
    if (verb == 'T') {
      fmt_string(v.kind == Kind::Invalid || v.kind == Kind::Nil ? "<nil>" : v.type_name(), 's', sp);
      return;
    }
    if (v.kind == Kind::Invalid || (v.kind == Kind::Nil && !v.type)) {
      if (verb == 'v' || depth > 0) {
        pad("<nil>", sp);
      } else {
        bad_verb(verb, v, sp);
      }
      return;
    }
    if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
      std::string s;
      if (v.kind != Kind::String && call_string_method(v, s)) {
        fmt_string(s, verb, sp);
        return;
      }
    }
    switch (v.kind) {
      case Kind::Nil:
        if (verb == 'v') {
          pad(v.type && v.type->name.starts_with("map")  ? "map[]"
              : v.type && v.type->name.starts_with("[]") ? "[]"
                                                         : "<nil>",
              sp);
        } else {
          bad_verb(verb, v, sp);
        }
        return;
      case Kind::Bool:
        if (verb == 't' || verb == 'v') {
          pad(v.b ? "true" : "false", sp);
        } else {
          bad_verb(verb, v, sp);
        }
        return;
      case Kind::Int:
      case Kind::Uint:
      case Kind::Duration: {
        bool neg = v.kind != Kind::Uint && v.i < 0;
        uint64_t u = v.kind == Kind::Uint ? v.u
                     : neg                ? 0 - static_cast<uint64_t>(v.i)
                                          : static_cast<uint64_t>(v.i);
        switch (verb) {
          case 'v':
          case 'd': fmt_integer(u, neg, 10, 'd', sp, true); return;
          case 'b': fmt_integer(u, neg, 2, 'b', sp, true); return;
          case 'o':
          case 'O': fmt_integer(u, neg, 8, verb, sp, true); return;
          case 'x':
          case 'X': fmt_integer(u, neg, 16, verb, sp, true); return;
          case 'c': {
            std::string s;
            append_utf8(s, static_cast<char32_t>(u));
            pad(s, sp);
            return;
          }
          case 'q': {
            std::string s;
            append_utf8(s, static_cast<char32_t>(u));
            std::string q = go_quote(s);
            if (q == "\"'\"") q = "\"\\'\"";
            pad("'" + q.substr(1, q.size() - 2) + "'", sp);
            return;
          }
          case 'U': {
            std::string s = fmt::format("U+{:04X}", u);
            pad(s, sp);
            return;
          }
          case 'e':
          case 'E':
          case 'f':
          case 'F':
          case 'g':
          case 'G':
          default: bad_verb(verb, v, sp); return;
        }
      }
      case Kind::Float:
        switch (verb) {
          case 'v':
          case 'e':
          case 'E':
          case 'f':
          case 'F':
          case 'g':
          case 'G': fmt_float(v.f, verb, sp); return;
          default: bad_verb(verb, v, sp); return;
        }
      case Kind::Complex:
        switch (verb) {
          case 'v':
          case 'e':
          case 'E':
          case 'f':
          case 'F':
          case 'g':
          case 'G': {
            out += '(';
            fmt_float(v.f, verb, sp);
            Spec im = sp;
            im.plus = true;
            fmt_float(v.im, verb, im);
            out += "i)";
            return;
          }
          default: bad_verb(verb, v, sp); return;
        }
      case Kind::String: fmt_string(v.s, verb, sp); return;
      case Kind::Time: fmt_string(go_time_string(v), verb, sp); return;
      case Kind::List: {
        out += '[';
        const auto& items = v.c->list;
        for (size_t i = 0; i < items.size(); ++i) {
          if (i > 0) out += ' ';
          print(items[i], verb, sp, depth + 1);
        }
        out += ']';
        return;
      }
      case Kind::Map: {
        out += "map[";
        bool first = true;
        for (const auto& [k, e] : v.c->map) {
          if (!first) out += ' ';
          first = false;
          fmt_string(k, verb == 'v' ? 's' : verb, sp);
          out += ':';
          print(e, verb, sp, depth + 1);
        }
        out += ']';
        return;
      }
      case Kind::Struct: {
        out += '{';
        bool first = true;
        for (const auto& [k, e] : v.c->fields) {
          if (!first) out += ' ';
          first = false;
          if (sp.plus_v) {
            out += k;
            out += ':';
          }
          print(e, verb, sp, depth + 1);
        }
        out += '}';
        return;
      }
      case Kind::Invalid: return;
    }
  }
};

}  // namespace

std::string go_sprint(const std::vector<Value>& args) {
  Printer p;
  bool prev_string = false;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_string = args[i].kind == Kind::String;
    if (i > 0 && !is_string && !prev_string) p.out += ' ';
    p.print(args[i], 'v', Spec{}, 0);
    prev_string = is_string;
  }
  return std::move(p.out);
}

std::string go_sprintln(const std::vector<Value>& args) {
  Printer p;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) p.out += ' ';
    p.print(args[i], 'v', Spec{}, 0);
  }
  p.out += '\n';
  return std::move(p.out);
}

std::string go_sprintf(std::string_view format, const std::vector<Value>& args) {
  Printer p;
  size_t arg = 0;
  size_t i = 0;
  const size_t end = format.size();
  while (i < end) {
    size_t pct = format.find('%', i);
    if (pct == std::string_view::npos) pct = end;
    p.out.append(format.substr(i, pct - i));
    if (pct >= end) break;
    i = pct + 1;
    Spec sp;
    // Flags.
    for (; i < end; ++i) {
      char c = format[i];
      if (c == '#')
        sp.sharp = true;
      else if (c == '0')
        sp.zero = !sp.minus;
      else if (c == '+')
        sp.plus = true;
      else if (c == '-')
        sp.minus = true, sp.zero = false;
      else if (c == ' ')
        sp.space = true;
      else
        break;
    }
    // Width.
    auto read_num = [&](int& n) {
      bool any = false;
      n = 0;
      while (i < end && format[i] >= '0' && format[i] <= '9') {
        n = n * 10 + (format[i] - '0');
        if (n > 1000000) n = 1000000;
        ++i;
        any = true;
      }
      return any;
    };
    bool bad_width = false, bad_prec = false;
    if (i < end && format[i] == '*') {
      ++i;
      if (arg < args.size() && args[arg].kind == Kind::Int) {
        sp.width = static_cast<int>(args[arg].i);
        if (sp.width < 0) {
          sp.minus = true;
          sp.zero = false;
          sp.width = -sp.width;
        }
        if (sp.width > 1000000) bad_width = true, sp.width = -1;
      } else {
        bad_width = true;
      }
      ++arg;
    } else {
      int w;
      if (read_num(w)) sp.width = w;
    }
    if (i < end && format[i] == '.') {
      ++i;
      if (i < end && format[i] == '*') {
        ++i;
        if (arg < args.size() && args[arg].kind == Kind::Int) {
          sp.prec = static_cast<int>(args[arg].i);
          if (sp.prec < 0) sp.prec = -1, bad_prec = true;
        } else {
          bad_prec = true;
        }
        ++arg;
      } else {
        int pr = 0;
        read_num(pr);
        sp.prec = pr;
      }
    }
    if (bad_width) p.out += "%!(BADWIDTH)";
    if (bad_prec) p.out += "%!(BADPREC)";
    if (i >= end) {
      p.out += "%!(NOVERB)";
      break;
    }
    DecodedRune d = decode_utf8(format, i);
    i += d.length;
    char verb = d.rune < 0x80 ? static_cast<char>(d.rune) : '?';
    if (d.rune == '%') {
      p.out += '%';
      continue;
    }
    if (arg >= args.size()) {
      p.out += "%!";
      append_utf8(p.out, d.rune);
      p.out += "(MISSING)";
      continue;
    }
    if (verb == 'v') {
      if (sp.plus) sp.plus_v = true, sp.plus = false;
      if (sp.sharp) sp.sharp_v = true, sp.sharp = false;
    }
    if (d.rune >= 0x80) {
      p.out += "%!";
      append_utf8(p.out, d.rune);
      p.out += '(';
      p.out += args[arg].type_name();
      p.out += '=';
      p.print(args[arg], 'v', Spec{}, 0);
      p.out += ')';
      ++arg;
      continue;
    }
    p.print(args[arg], verb, sp, 0);
    ++arg;
  }
  if (arg < args.size()) {
    p.out += "%!(EXTRA ";
    for (size_t k = arg; k < args.size(); ++k) {
      if (k > arg) p.out += ", ";
      if (args[k].kind == Kind::Invalid || (args[k].kind == Kind::Nil && !args[k].type)) {
        p.out += "<nil>";
      } else {
        p.out += args[k].type_name();
        p.out += '=';
        p.print(args[k], 'v', Spec{}, 0);
      }
    }
    p.out += ')';
  }
  return std::move(p.out);
}

}  // namespace mzr::tmpl

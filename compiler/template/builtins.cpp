// Go's text/template builtin functions (text/template/funcs.go), with Go's semantics and errors.

#include <fmt/format.h>

#include "compiler/base/utf8.h"
#include "compiler/template/exec.h"
#include "compiler/template/go_fmt.h"

namespace mzr::tmpl {
namespace {

enum class Basic { Invalid, Bool, Int, Uint, Float, Complex, String };

Basic basic_kind(const Value& v) {
  switch (v.kind) {
    case Kind::Bool: return Basic::Bool;
    case Kind::Int:
    case Kind::Duration: return Basic::Int;
    case Kind::Uint: return Basic::Uint;
    case Kind::Float: return Basic::Float;
    case Kind::Complex: return Basic::Complex;
    case Kind::String: return Basic::String;
    default: return Basic::Invalid;
  }
}

bool is_nil(const Value& v) {
  if (!v.is_valid() || v.kind == Kind::Nil) return true;
  if ((v.kind == Kind::Map || v.kind == Kind::List) && v.c && v.c->nil) return true;
  return false;
}

// Go's eq on one pair; nullopt with the error.
// Go's indirectInterface: a nil interface is no value.
Value indirect_interface(const Value& v) {
  return v.kind == Kind::Nil && !v.type ? make_invalid() : v;
}

CallResult eq_values(const Value& a1_in, const std::vector<Value>& rest_in) {
  if (rest_in.empty()) return CallResult::fail("missing argument for comparison");
  Value a1 = indirect_interface(a1_in);
  std::vector<Value> rest;
  for (const Value& v : rest_in) rest.push_back(indirect_interface(v));
  Basic k1 = basic_kind(a1);
  for (const Value& a : rest) {
    Basic k2 = basic_kind(a);
    bool truth = false;
    if (k1 != k2) {
      if (k1 == Basic::Int && k2 == Basic::Uint) {
        truth = a1.i >= 0 && static_cast<uint64_t>(a1.i) == a.u;
      } else if (k1 == Basic::Uint && k2 == Basic::Int) {
        truth = a.i >= 0 && a1.u == static_cast<uint64_t>(a.i);
      } else if (a1.is_valid() && a.is_valid()) {
        return CallResult::fail("incompatible types for comparison");
      }
    } else {
      switch (k1) {
        case Basic::Bool: truth = a1.b == a.b; break;
        case Basic::Complex: truth = a1.f == a.f && a1.im == a.im; break;
        case Basic::Float: truth = a1.f == a.f; break;
        case Basic::Int: truth = a1.i == a.i; break;
        case Basic::String: truth = a1.s == a.s; break;
        case Basic::Uint: truth = a1.u == a.u; break;
        case Basic::Invalid:
          if (a1.kind != a.kind && a1.is_valid() && a.is_valid()) {
            return CallResult::fail(fmt::format("non-comparable types {}: {}, {}: {}",
                                                go_sprint({a1}), a1.type_name(), a.type_name(),
                                                go_sprint({a})));
          }
          if (is_nil(a1) || is_nil(a)) {
            truth = is_nil(a1) == is_nil(a);
          } else if (a1.kind == Kind::Time) {
            truth = a1.i == a.i && a1.nsec == a.nsec;
          } else {
            return CallResult::fail(
                fmt::format("non-comparable type {}: {}", go_sprint({a}), a.type_name()));
          }
          break;
      }
    }
    if (truth) return CallResult{make_bool(true), {}, false};
  }
  return CallResult{make_bool(false), {}, false};
}

CallResult lt_values(const Value& a1, const Value& a2) {
  Basic k1 = basic_kind(a1);
  if (k1 == Basic::Invalid) return CallResult::fail("invalid type for comparison");
  Basic k2 = basic_kind(a2);
  if (k2 == Basic::Invalid) return CallResult::fail("invalid type for comparison");
  bool truth = false;
  if (k1 != k2) {
    if (k1 == Basic::Int && k2 == Basic::Uint) {
      truth = a1.i < 0 || static_cast<uint64_t>(a1.i) < a2.u;
    } else if (k1 == Basic::Uint && k2 == Basic::Int) {
      truth = a2.i >= 0 && a1.u < static_cast<uint64_t>(a2.i);
    } else {
      return CallResult::fail("incompatible types for comparison");
    }
  } else {
    switch (k1) {
      case Basic::Bool:
      case Basic::Complex: return CallResult::fail("invalid type for comparison");
      case Basic::Float: truth = a1.f < a2.f; break;
      case Basic::Int: truth = a1.i < a2.i; break;
      case Basic::String: truth = a1.s < a2.s; break;
      case Basic::Uint: truth = a1.u < a2.u; break;
      default: break;
    }
  }
  return CallResult{make_bool(truth), {}, false};
}

CallResult ok(Value v) {
  return CallResult{std::move(v), {}, false};
}

// Go's indexArg.
bool index_arg(const Value& index, size_t cap, int64_t& x, std::string& err) {
  switch (index.kind) {
    case Kind::Int: x = index.i; break;
    case Kind::Uint: x = static_cast<int64_t>(index.u); break;
    case Kind::Invalid:
    case Kind::Nil: err = "cannot index slice/array with nil"; return false;
    default:
      err = fmt::format("cannot index slice/array with type {}", index.type_name());
      return false;
  }
  if (x < 0 || static_cast<uint64_t>(x) > cap) {
    err = fmt::format("index out of range: {}", x);
    return false;
  }
  return true;
}

// The text of html, js and urlquery's arguments (Go's evalArgs).
std::string eval_args(const std::vector<Value>& args) {
  if (args.size() == 1 && args[0].kind == Kind::String) return args[0].s;
  std::vector<Value> printable = args;
  for (Value& v : printable) {
    if (!v.is_valid() || (v.kind == Kind::Nil && !v.type)) v = make_string("<no value>");
  }
  return go_sprint(printable);
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += c;
    }
  }
  return out;
}

std::string js_escape(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '"': out += "\\\""; break;
        case '<': out += "\\u003C"; break;
        case '>': out += "\\u003E"; break;
        case '&': out += "\\u0026"; break;
        case '=': out += "\\u003D"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\u{:04X}", c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    DecodedRune d = decode_utf8(s, i);
    out.append(s.substr(i, d.length));
    i += d.length;
  }
  return out;
}

std::string query_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Function fn(std::vector<Param> params, bool variadic,
            std::function<CallResult(std::vector<Value>&)> call) {
  Function f;
  f.params = std::move(params);
  f.variadic = variadic;
  f.call = std::move(call);
  return f;
}

}  // namespace

FuncMap builtins() {
  FuncMap m;
  Function and_fn = fn({Param::Reflect, Param::Reflect}, true, nullptr);
  and_fn.special = Special::And;
  m["and"] = and_fn;
  Function or_fn = fn({Param::Reflect, Param::Reflect}, true, nullptr);
  or_fn.special = Special::Or;
  m["or"] = or_fn;
  m["not"] = fn({Param::Reflect}, false,
                [](std::vector<Value>& a) { return ok(make_bool(!is_true(a[0]))); });
  m["len"] = fn({Param::Reflect}, false, [](std::vector<Value>& a) {
    const Value& v = a[0];
    if (!v.is_valid() || (v.kind == Kind::Nil && !v.type))
      return CallResult::fail("len of nil pointer");
    if (v.kind == Kind::String || v.kind == Kind::List || v.kind == Kind::Map) {
      return ok(make_int(static_cast<int64_t>(v.len())));
    }
    return CallResult::fail(fmt::format("len of type {}", v.type_name()));
  });
  m["index"] = fn({Param::Reflect, Param::Reflect}, true, [](std::vector<Value>& a) {
    Value item = a[0];
    if (!item.is_valid() || (item.kind == Kind::Nil && !item.type)) {
      return CallResult::fail("index of untyped nil");
    }
    for (size_t k = 1; k < a.size(); ++k) {
      const Value& index = a[k];
      if (item.kind == Kind::Nil) return CallResult::fail("index of nil pointer");
      switch (item.kind) {
        case Kind::List:
        case Kind::String: {
          int64_t x;
          std::string err;
          size_t len = item.len();
          if (!index_arg(index, len, x, err)) return CallResult::fail(err);
          if (static_cast<size_t>(x) == len) {
            return CallResult::fail(fmt::format("index out of range: {}", x));
          }
          if (item.kind == Kind::String) {
            item = make_uint(static_cast<unsigned char>(item.s[static_cast<size_t>(x)]),
                             &types::kUint8);
          } else {
            item = item.c->list[static_cast<size_t>(x)];
          }
          break;
        }
        case Kind::Map: {
          if (!index.is_valid() || index.kind == Kind::Nil) {
            return CallResult::fail("value is nil; should be of type string");
          }
          if (index.kind != Kind::String) {
            return CallResult::fail(
                fmt::format("value has type {}; should be string", index.type_name()));
          }
          auto it = item.c->map.find(index.s);
          item = it != item.c->map.end() ? it->second : item.c->elem_zero;
          break;
        }
        default:
          return CallResult::fail(fmt::format("can't index item of type {}", item.type_name()));
      }
    }
    return ok(item);
  });
  m["slice"] = fn({Param::Reflect, Param::Reflect}, true, [](std::vector<Value>& a) {
    const Value& item = a[0];
    if (!item.is_valid() || (item.kind == Kind::Nil && !item.type)) {
      return CallResult::fail("slice of untyped nil");
    }
    size_t n = a.size() - 1;
    if (n > 3) return CallResult::fail(fmt::format("too many slice indexes: {}", n));
    if (item.kind == Kind::String) {
      if (n == 3) return CallResult::fail("cannot 3-index slice a string");
    } else if (item.kind != Kind::List) {
      return CallResult::fail(fmt::format("can't slice item of type {}", item.type_name()));
    }
    size_t cap = item.len();
    int64_t idx[3] = {0, static_cast<int64_t>(cap), 0};
    for (size_t k = 0; k < n; ++k) {
      std::string err;
      if (!index_arg(a[k + 1], cap, idx[k], err)) return CallResult::fail(err);
    }
    if (idx[0] > idx[1]) {
      return CallResult::fail(fmt::format("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if (n == 3 && idx[1] > idx[2]) {
      return CallResult::fail(fmt::format("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    size_t b = static_cast<size_t>(idx[0]), e = static_cast<size_t>(idx[1]);
    if (item.kind == Kind::String) return ok(make_string(item.s.substr(b, e - b), item.type));
    std::vector<Value> part(item.c->list.begin() + static_cast<ptrdiff_t>(b),
                            item.c->list.begin() + static_cast<ptrdiff_t>(e));
    return ok(make_list(std::move(part), item.type));
  });
  m["print"] =
      fn({Param::Any}, true, [](std::vector<Value>& a) { return ok(make_string(go_sprint(a))); });
  m["println"] =
      fn({Param::Any}, true, [](std::vector<Value>& a) { return ok(make_string(go_sprintln(a))); });
  m["printf"] = fn({Param::String, Param::Any}, true, [](std::vector<Value>& a) {
    std::vector<Value> rest(a.begin() + 1, a.end());
    return ok(make_string(go_sprintf(a[0].s, rest)));
  });
  m["html"] = fn({Param::Any}, true,
                 [](std::vector<Value>& a) { return ok(make_string(html_escape(eval_args(a)))); });
  m["js"] = fn({Param::Any}, true,
               [](std::vector<Value>& a) { return ok(make_string(js_escape(eval_args(a)))); });
  m["urlquery"] = fn({Param::Any}, true, [](std::vector<Value>& a) {
    return ok(make_string(query_escape(eval_args(a))));
  });
  m["eq"] = fn({Param::Reflect, Param::Reflect}, true, [](std::vector<Value>& a) {
    std::vector<Value> rest(a.begin() + 1, a.end());
    return eq_values(a[0], rest);
  });
  m["ne"] = fn({Param::Reflect, Param::Reflect}, false, [](std::vector<Value>& a) {
    CallResult r = eq_values(a[0], {a[1]});
    if (!r.failed) r.value.b = !r.value.b;
    return r;
  });
  m["lt"] = fn({Param::Reflect, Param::Reflect}, false,
               [](std::vector<Value>& a) { return lt_values(a[0], a[1]); });
  m["le"] = fn({Param::Reflect, Param::Reflect}, false, [](std::vector<Value>& a) {
    CallResult r = lt_values(a[0], a[1]);
    if (r.failed || r.value.b) return r;
    return eq_values(a[0], {a[1]});
  });
  m["gt"] = fn({Param::Reflect, Param::Reflect}, false, [](std::vector<Value>& a) {
    CallResult r = lt_values(a[0], a[1]);
    if (r.failed) return r;
    if (r.value.b) return ok(make_bool(false));
    CallResult e = eq_values(a[0], {a[1]});
    if (e.failed) return e;
    return ok(make_bool(!e.value.b));
  });
  m["ge"] = fn({Param::Reflect, Param::Reflect}, false, [](std::vector<Value>& a) {
    CallResult r = lt_values(a[0], a[1]);
    if (r.failed) return r;
    return ok(make_bool(!r.value.b));
  });
  m["call"] = fn({Param::Reflect, Param::Reflect}, true, [](std::vector<Value>& a) {
    return CallResult::fail(
        fmt::format("non-function {} of type {}", go_sprint({a[0]}), a[0].type_name()));
  });
  return m;
}

}  // namespace mzr::tmpl

// PromQL's label and ordering functions: label_replace, label_join, sort*, absent*.

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <numbers>
#include <optional>
#include <string_view>

#include "compiler/base/go_quote.h"
#include "compiler/eval/format.h"
#include "compiler/eval/functions_internal.h"

namespace mzr::eval::detail {

using namespace promql;

namespace {

// Go's regexp.Expand for label_replace: $1, ${1}, $name, ${name}, $$.
std::string expand(std::string_view tmpl, const re2::RE2& re,
                   const std::vector<std::string_view>& groups) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
      out += tmpl[i];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    size_t next;
    auto is_name = [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    };
    if (tmpl[i + 1] == '{') {
      size_t close = tmpl.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += '$';
        continue;
      }
      name = tmpl.substr(i + 2, close - i - 2);
      bool ok = !name.empty() && std::all_of(name.begin(), name.end(), is_name);
      if (!ok) {
        out += '$';
        continue;
      }
      next = close + 1;
    } else {
      size_t j = i + 1;
      while (j < tmpl.size() && is_name(tmpl[j])) ++j;
      if (j == i + 1) {
        out += '$';
        continue;
      }
      name = tmpl.substr(i + 1, j - i - 1);
      next = j;
    }
    bool digits = std::all_of(name.begin(), name.end(),
                              [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    if (digits) {
      size_t n = 0;
      bool overflow = name.size() > 9;
      if (!overflow) std::from_chars(name.data(), name.data() + name.size(), n);
      if (!overflow && n < groups.size()) out += groups[n];
    } else {
      auto it = re.NamedCapturingGroups().find(std::string(name));
      if (it != re.NamedCapturingGroups().end() &&
          static_cast<size_t>(it->second) < groups.size()) {
        out += groups[it->second];
      }
    }
    i = next - 1;
  }
  return out;
}

void label_replace(Ctx& c) {
  const std::string& dst = c.args[1].str;
  const std::string& repl = c.args[2].str;
  const std::string& src = c.args[3].str;
  const std::string& pattern = c.args[4].str;
  re2::RE2::Options opts;
  opts.set_dot_nl(true);
  opts.set_log_errors(false);
  re2::RE2 re("^(?:" + pattern + ")$", opts);
  if (!re.ok()) {
    c.ev.fail("invalid regular expression in label_replace(): " + pattern, c.arg_span(4));
  }
  if (!is_valid_label_name(dst)) {
    c.ev.fail("invalid destination label name in label_replace(): " + dst, c.arg_span(1));
  }
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> pieces(static_cast<size_t>(n));
  for (Elem& e : c.args[0].vec) {
    std::string value(get(e.labels, src));
    if (re.Match(value, 0, value.size(), re2::RE2::UNANCHORED, pieces.data(), n)) {
      std::vector<std::string_view> groups;
      for (const auto& p : pieces) groups.emplace_back(p.data(), p.size());
      std::string res = expand(repl, re, groups);
      set(e.labels, dst, res);
      if (dst == kMetricName) e.drop_name = false;
    }
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

void label_join(Ctx& c) {
  const std::string& dst = c.args[1].str;
  const std::string& sep = c.args[2].str;
  if (!is_valid_label_name(dst)) {
    c.ev.fail("invalid destination label name in label_join(): " + dst, c.arg_span(1));
  }
  for (size_t i = 3; i < c.args.size(); ++i) {
    if (!is_valid_label_name(c.args[i].str)) {
      c.ev.fail("invalid source label name in label_join(): " + c.args[i].str, c.arg_span(i));
    }
  }
  for (Elem& e : c.args[0].vec) {
    std::string joined;
    for (size_t i = 3; i < c.args.size(); ++i) {
      if (i > 3) joined += sep;
      joined += get(e.labels, c.args[i].str);
    }
    set(e.labels, dst, joined);
    if (dst == kMetricName) e.drop_name = false;
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

// Natural order of label values: digit runs compare as numbers.
bool natural_less(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = std::isdigit(static_cast<unsigned char>(a[i]));
    bool db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      std::string_view na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie;
      j = je;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

void sort_by_label(Ctx& c, bool desc) {
  std::vector<std::string> names;
  for (size_t i = 1; i < c.args.size(); ++i) names.push_back(c.args[i].str);
  auto& v = c.args[0].vec;
  std::stable_sort(v.begin(), v.end(), [&](const Elem& a, const Elem& b) {
    for (const std::string& n : names) {
      std::string_view x = get(a.labels, n), y = get(b.labels, n);
      if (x == y) continue;
      return desc ? natural_less(y, x) : natural_less(x, y);
    }
    return desc ? b.labels < a.labels : a.labels < b.labels;
  });
  for (Elem& e : v) {
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

void sort_by_value(Ctx& c, bool desc) {
  auto& v = c.args[0].vec;
  std::erase_if(v, [](const Elem& e) { return e.h != nullptr; });
  std::stable_sort(v.begin(), v.end(), [&](const Elem& a, const Elem& b) {
    if (std::isnan(a.f)) return false;
    if (std::isnan(b.f)) return true;
    return desc ? a.f > b.f : a.f < b.f;
  });
  for (Elem& e : v) {
    e.t = c.t;
    c.out.vec.push_back(std::move(e));
  }
}

Labels absent_labels(const Expr* arg) {
  const VectorSelector* vs = as<VectorSelector>(arg);
  if (const auto* ms = as<MatrixSelector>(arg)) vs = as<VectorSelector>(ms->selector);
  Labels out;
  if (vs == nullptr) return out;
  std::map<std::string, bool> has;
  for (const Matcher& m : vs->matchers) {
    if (m.name == kMetricName) continue;
    if (m.op == MatchOp::Equal && !has[m.name]) {
      set(out, m.name, m.value);
      has[m.name] = true;
    } else {
      remove(out, m.name);
    }
  }
  return out;
}

}  // namespace

void register_label_functions(FunctionTable& m) {
  m["label_replace"] = label_replace;
  m["label_join"] = label_join;
  m["sort"] = [](Ctx& c) { sort_by_value(c, false); };
  m["sort_desc"] = [](Ctx& c) { sort_by_value(c, true); };
  m["sort_by_label"] = [](Ctx& c) { sort_by_label(c, false); };
  m["sort_by_label_desc"] = [](Ctx& c) { sort_by_label(c, true); };
  m["absent"] = [](Ctx& c) {
    if (!c.args[0].vec.empty()) return;
    c.out.vec.push_back(Elem{absent_labels(c.call->args[0]), 1, nullptr, c.t});
  };
  m["absent_over_time"] = [](Ctx& c) {
    if (!c.args[0].mat.empty()) return;
    c.out.vec.push_back(Elem{absent_labels(c.call->args[0]), 1, nullptr, c.t});
  };
}

}  // namespace mzr::eval::detail

// Binary operators (Prometheus' VectorBinop, VectorscalarBinop, VectorAnd/Or/Unless).

#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "compiler/eval/evaluator.h"

namespace mzr::eval::detail {

using namespace promql;

namespace {

// Arithmetic and comparisons on two floats: the value, and whether a comparison holds.
std::pair<double, bool> apply(BinOp op, double l, double r) {
  switch (op) {
    case BinOp::Add: return {l + r, true};
    case BinOp::Sub: return {l - r, true};
    case BinOp::Mul: return {l * r, true};
    case BinOp::Div: return {l / r, true};
    case BinOp::Mod: return {std::fmod(l, r), true};
    case BinOp::Pow: return {std::pow(l, r), true};
    case BinOp::Atan2: return {std::atan2(l, r), true};
    case BinOp::Eql: return {l, l == r};
    case BinOp::Neq: return {l, l != r};
    case BinOp::Gtr: return {l, l > r};
    case BinOp::Lss: return {l, l < r};
    case BinOp::Gte: return {l, l >= r};
    case BinOp::Lte: return {l, l <= r};
    default: return {0, false};
  }
}

// Prometheus' FloatHistogram.Equals, for == and != between histograms.
bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}
bool equal_histograms(const Histogram& a, const Histogram& b) {
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!same_bits(x[i], y[i])) return false;
    }
    return true;
  };
  Histogram ca = a, cb = b;
  compact(ca);
  compact(cb);
  return ca.schema == cb.schema && same_bits(ca.count, cb.count) && same_bits(ca.sum, cb.sum) &&
         same_bits(ca.zero_count, cb.zero_count) && ca.zero_threshold == cb.zero_threshold &&
         ca.custom_bounds == cb.custom_bounds && ca.positive_offset == cb.positive_offset &&
         ca.negative_offset == cb.negative_offset && same(ca.positive, cb.positive) &&
         same(ca.negative, cb.negative);
}

// Prometheus' vectorElemBinop where a histogram takes part: the result (a histogram, or the
// left one kept by == and !=), whether there is one, and the annotation it comes with.
struct HistogramResult {
  const Histogram* h = nullptr;
  bool keep = false;
  bool warning = false;
  std::string annotation;
};
HistogramResult histogram_binop(Evaluator& ev, BinOp op, double l, double r, const Histogram* hl,
                                const Histogram* hr) {
  HistogramResult res;
  auto incompatible = [&] {
    res.annotation = "incompatible sample types encountered for binary operator \"" +
                     std::string(spelling(op)) + "\": " + (hl ? "histogram" : "float") + " " +
                     std::string(spelling(op)) + " " + (hr ? "histogram" : "float");
    return res;
  };
  auto done = [&](Histogram h) {
    compact(h);
    res.h = ev.keep(std::move(h));
    res.keep = true;
    return res;
  };
  if (hl == nullptr) {
    if (op == BinOp::Mul) return done(scale(*hr, l, false));
    return incompatible();
  }
  if (hr == nullptr) {
    if (op == BinOp::Mul) return done(scale(*hl, r, false));
    if (op == BinOp::Div) return done(scale(*hl, r, true));
    if (op == BinOp::TrimUpper || op == BinOp::TrimLower) {
      res.h = ev.keep(trim(*hl, r, op == BinOp::TrimUpper));
      res.keep = true;
      return res;
    }
    return incompatible();
  }
  if (op == BinOp::Eql || op == BinOp::Neq) {
    res.h = hl;
    res.keep = equal_histograms(*hl, *hr) == (op == BinOp::Eql);
    return res;
  }
  if (op != BinOp::Add && op != BinOp::Sub) return incompatible();
  Combined c = add(*hl, *hr, op == BinOp::Sub ? -1 : 1);
  if (!c.h) {
    res.warning = true;
    res.annotation =
        "incompatible bucket layout encountered for binary operator " + std::string(spelling(op));
    return res;
  }
  if (op == BinOp::Sub) c.h->hint = CounterResetHint::Gauge;
  std::string what = op == BinOp::Sub ? "subtraction" : "addition";
  if (c.collision) {
    res.warning = true;
    res.annotation = "conflicting counter resets during histogram " + what;
    return res;  // Prometheus drops the sample with the warning
  }
  if (c.bounds_reconciled)
    res.annotation = "mismatched custom buckets were reconciled during " + what;
  return done(std::move(*c.h));
}

bool drops_name(BinOp op) {
  switch (op) {
    case BinOp::Add:
    case BinOp::Sub:
    case BinOp::Mul:
    case BinOp::Div:
    case BinOp::Mod:
    case BinOp::Pow:
    case BinOp::Atan2: return true;
    default: return false;
  }
}

// Prometheus' labels.String(): every label, __name__ included, inside the braces.
std::string raw_string(const Labels& ls) {
  std::string out = "{";
  for (size_t i = 0; i < ls.size(); ++i) {
    if (i > 0) out += ", ";
    out += ls[i].name + "=\"" + ls[i].value + "\"";
  }
  return out + "}";
}

// Prometheus' matchLabels: the `on` labels, or every label but the `ignoring` ones and the
// metadata labels (__name__, __type__, __unit__).
Labels match_labels(const Labels& ls, const VectorMatching& m) {
  if (m.on) return keep_only(ls, m.matching_labels);
  Labels out = without(ls, m.matching_labels, true);
  drop_metadata(out);
  return out;
}

Val set_operation(Evaluator& ev, const BinaryExpr* b, Val lhs, Val rhs) {
  (void)ev;
  const VectorMatching& m = b->matching;
  Val out;
  out.type = ValueType::Vector;
  if (b->op == BinOp::Or) {
    std::set<std::string> left;
    for (Elem& e : lhs.vec) {
      left.insert(signature(match_labels(e.labels, m)));
      out.vec.push_back(std::move(e));
    }
    for (Elem& e : rhs.vec) {
      if (!left.count(signature(match_labels(e.labels, m)))) out.vec.push_back(std::move(e));
    }
    return out;
  }
  std::set<std::string> right;
  for (const Elem& e : rhs.vec) right.insert(signature(match_labels(e.labels, m)));
  bool want = b->op == BinOp::And;
  for (Elem& e : lhs.vec) {
    if (right.count(signature(match_labels(e.labels, m))) == static_cast<size_t>(want)) {
      out.vec.push_back(std::move(e));
    }
  }
  return out;
}

void report_last(Evaluator& ev, Span span,
                 const std::optional<std::pair<bool, std::string>>& last) {
  if (!last) return;
  if (last->first) {
    ev.warn(span, last->second);
  } else {
    ev.info(span, last->second);
  }
}

Val vector_vector(Evaluator& ev, const BinaryExpr* b, Val lhs, Val rhs) {
  const VectorMatching& m = b->matching;
  std::optional<double> fill_lhs = m.fill.lhs, fill_rhs = m.fill.rhs;
  Val out;
  out.type = ValueType::Vector;
  if ((lhs.vec.empty() && rhs.vec.empty()) ||
      ((lhs.vec.empty() || rhs.vec.empty()) && !fill_lhs && !fill_rhs)) {
    return out;
  }
  bool one_to_many = m.card == Cardinality::OneToMany;
  if (one_to_many) std::swap(fill_lhs, fill_rhs);
  std::vector<Elem>& many = one_to_many ? rhs.vec : lhs.vec;
  std::vector<Elem>& one = one_to_many ? lhs.vec : rhs.vec;
  std::map<std::string, const Elem*> one_sigs;
  for (const Elem& e : one) {
    Labels key = match_labels(e.labels, m);
    auto [it, fresh] = one_sigs.emplace(signature(key), &e);
    if (!fresh) {
      std::string a = raw_string(e.labels), c = raw_string(it->second->labels);
      if (a > c) std::swap(a, c);
      ev.fail("found duplicate series for the match group " + raw_string(key) + " on the " +
                  (one_to_many ? "left" : "right") + " hand-side of the operation: [" + a + ", " +
                  c +
                  "];many-to-many matching not allowed: matching labels must be unique on one "
                  "side",
              b->span);
    }
  }
  // Prometheus' VectorBinop returns only the last annotation of its element operations.
  std::optional<std::pair<bool, std::string>> last;
  std::set<std::string> matched;                          // one-to-one
  std::map<std::string, std::set<std::string>> inserted;  // many-to-one: results per group
  auto combine = [&](const Elem& ls, const Elem& rs, const std::string& sig) {
    double l = ls.f, r = rs.f;
    const Histogram *hl = ls.h, *hr = rs.h;
    if (one_to_many) {
      std::swap(l, r);
      std::swap(hl, hr);
    }
    const Histogram* result_h = nullptr;
    double value = 0;
    bool keep = true;
    if (hl != nullptr || hr != nullptr) {
      HistogramResult hres = histogram_binop(ev, b->op, l, r, hl, hr);
      if (!hres.annotation.empty()) last = {hres.warning, hres.annotation};
      if (hres.h == nullptr || (!hres.keep && !is_comparison(b->op))) return;
      keep = hres.keep;
      result_h = b->return_bool ? nullptr : hres.h;
    } else if (b->op == BinOp::TrimUpper || b->op == BinOp::TrimLower) {
      last = {false, "incompatible sample types encountered for binary operator \"" +
                         std::string(spelling(b->op)) + "\": float " +
                         std::string(spelling(b->op)) + " float"};
      return;
    } else {
      std::tie(value, keep) = apply(b->op, l, r);
    }
    if (b->return_bool) value = keep ? 1 : 0;
    Elem res;
    res.labels = ls.labels;
    res.f = value;
    res.h = result_h;
    res.t = ls.t;
    if ((b->return_bool && !ev.options().delayed_name_removal) || drops_name(b->op)) {
      drop_metadata(res.labels);
    }
    if (m.card == Cardinality::OneToOne) {
      res.labels = m.on ? keep_only(res.labels, m.matching_labels)
                        : without(res.labels, m.matching_labels, false);
    }
    for (const std::string& name : m.include) set(res.labels, name, get(rs.labels, name));
    res.drop_name = b->return_bool;
    if (m.card == Cardinality::OneToOne) {
      if (!matched.insert(sig).second) {
        ev.fail(
            "multiple matches for labels: many-to-one matching must be explicit "
            "(group_left/group_right)",
            b->span);
      }
    } else if (!inserted[sig].insert(signature(res.labels)).second) {
      ev.fail("multiple matches for labels: grouping labels must ensure unique matches", b->span);
    }
    if (!keep && !b->return_bool) return;
    out.vec.push_back(std::move(res));
  };
  for (const Elem& e : many) {
    std::string sig = signature(match_labels(e.labels, m));
    auto it = one_sigs.find(sig);
    if (it != one_sigs.end()) {
      combine(e, *it->second, sig);
    } else if (fill_rhs) {
      Elem filler{match_labels(e.labels, m), *fill_rhs, nullptr, e.t, false};
      combine(e, filler, sig);
    }
  }
  if (fill_lhs) {
    for (const Elem& e : one) {
      std::string sig = signature(match_labels(e.labels, m));
      if (m.card == Cardinality::OneToOne ? matched.count(sig) > 0 : !inserted[sig].empty()) {
        continue;
      }
      Elem filler{match_labels(e.labels, m), *fill_lhs, nullptr, e.t, false};
      combine(filler, e, sig);
    }
  }
  report_last(ev, b->span, last);
  return out;
}

}  // namespace

Val apply_binary(Evaluator& ev, const BinaryExpr* b, Val lhs, Val rhs) {
  Val out;
  if (lhs.type == ValueType::Scalar && rhs.type == ValueType::Scalar) {
    out.type = ValueType::Scalar;
    auto [value, keep] = apply(b->op, lhs.scalar, rhs.scalar);
    out.scalar = is_comparison(b->op) ? (keep ? 1 : 0) : value;
    return out;
  }
  if (is_set_operator(b->op)) return set_operation(ev, b, std::move(lhs), std::move(rhs));
  if (lhs.type == ValueType::Vector && rhs.type == ValueType::Vector) {
    return vector_vector(ev, b, std::move(lhs), std::move(rhs));
  }
  bool swap = lhs.type == ValueType::Scalar;
  std::optional<std::pair<bool, std::string>> last;  // as in vector_vector
  Val& vec = swap ? rhs : lhs;
  double scalar = swap ? lhs.scalar : rhs.scalar;
  out.type = ValueType::Vector;
  for (Elem& e : vec.vec) {
    if (e.h != nullptr) {
      const Histogram* hl = swap ? nullptr : e.h;
      const Histogram* hr = swap ? e.h : nullptr;
      HistogramResult hres =
          histogram_binop(ev, b->op, swap ? scalar : 0, swap ? 0 : scalar, hl, hr);
      if (!hres.annotation.empty()) {
        // Prometheus reports only the infos of a vector-scalar operation, the last one.
        if (!hres.warning) {
          last = {false, hres.annotation};
          continue;
        }
      }
      if (hres.h == nullptr) continue;
      e.h = hres.h;
      if (drops_name(b->op)) ev.drop_name(e);
      out.vec.push_back(std::move(e));
      continue;
    }
    double l = e.f, r = scalar;
    if (swap) std::swap(l, r);
    if (b->op == BinOp::TrimUpper || b->op == BinOp::TrimLower) {
      last = {false, "incompatible sample types encountered for binary operator \"" +
                         std::string(spelling(b->op)) + "\": float " +
                         std::string(spelling(b->op)) + " float"};
      continue;
    }
    auto [value, keep] = apply(b->op, l, r);
    if (is_comparison(b->op) && swap) value = r;
    if (b->return_bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    e.f = value;
    if (drops_name(b->op) || b->return_bool) ev.drop_name(e);
    out.vec.push_back(std::move(e));
  }
  report_last(ev, b->span, last);
  return out;
}

}  // namespace mzr::eval::detail

// PromQL's experimental info() (Prometheus promql/info.go): the base vector enriched with the
// data labels of the info series (target_info by default) that share its identifying labels
// `instance` and `job`.

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/eval/evaluator.h"
#include "compiler/promql/functions.h"

namespace mzr::eval::detail {

using namespace promql;

namespace {

constexpr const char* kIdentifying[] = {"instance", "job"};

bool metadata_label(std::string_view name) {
  return name == kMetricName || name == "__type__" || name == "__unit__";
}

// The identity of a series towards the info metric `name`: the name and the identifying
// labels the series has.
std::string info_signature(std::string_view name, const Labels& ls) {
  std::string sig(name);
  for (const char* l : kIdentifying) {
    std::string_view v = get(ls, l);
    if (v.empty()) continue;
    sig += '\xff';
    sig += l;
    sig += '=';
    sig += v;
  }
  return sig;
}

Matcher name_matcher(MatchOp op, std::string value) {
  Matcher m;
  m.name = std::string(kMetricName);
  m.op = op;
  m.value = std::move(value);
  return m;
}

// Prometheus' effectiveInfoNameMatchers: the __name__ matchers given, or target_info when none
// selects positively (negative ones alone narrow the *_info metrics).
std::vector<Matcher> effective_name_matchers(const std::vector<Matcher>& given) {
  for (const Matcher& m : given) {
    if (m.op == MatchOp::Equal || m.op == MatchOp::Regex) return given;
  }
  if (!given.empty()) {
    std::vector<Matcher> out{name_matcher(MatchOp::Regex, ".+_info")};
    out.insert(out.end(), given.begin(), given.end());
    return out;
  }
  return {name_matcher(MatchOp::Equal, "target_info")};
}

}  // namespace

// Prometheus' infoSeriesSelectTimestampAndOffset: when every selector under the base
// expression reads the data as of the same time (the same @ and offset, their own or their
// enclosing subqueries'), the info series are read as of that time too; otherwise at the
// evaluation time. Returns how far before `t` that is.
int64_t Evaluator::info_offset(const Expr* base, int64_t t) {
  struct Ref {
    bool has_at = false;
    int64_t at = 0;
    int64_t offset = 0;
  };
  auto at_ms = [&](const Modifiers& m) -> int64_t {
    switch (m.at) {
      case AtKind::Timestamp: return static_cast<int64_t>(std::llround(m.at_seconds * 1000.0));
      case AtKind::Start: return start_;
      case AtKind::End: return end_;
      case AtKind::None: break;
    }
    return 0;
  };
  bool found = false, uniform = true, reference_free = false;
  Ref first;
  std::vector<const SubqueryExpr*> path;
  std::function<bool(const Expr*)> inspect = [&](const Expr* e) -> bool {
    if (e == nullptr) return false;
    ValueType type = type_of(e);
    if (type != ValueType::Vector && type != ValueType::Matrix) return false;
    if (const auto* vs = as<VectorSelector>(e)) {
      Ref r{vs->modifiers.at != AtKind::None, at_ms(vs->modifiers),
            duration_ms(vs->modifiers.offset, t)};
      for (size_t i = path.size(); !r.has_at && i-- > 0;) {
        r.offset += duration_ms(path[i]->modifiers.offset, t);
        if (path[i]->modifiers.at != AtKind::None) {
          r.has_at = true;
          r.at = at_ms(path[i]->modifiers);
        }
      }
      if (!found) {
        first = r;
        found = true;
      } else if (first.has_at != r.has_at || (r.has_at ? first.at - first.offset != r.at - r.offset
                                                       : first.offset != r.offset)) {
        uniform = false;
      }
      return true;
    }
    std::vector<const Expr*> children;
    const auto* sq = as<SubqueryExpr>(e);
    switch (e->kind) {
      case ExprKind::Paren: children = {static_cast<const ParenExpr*>(e)->expr}; break;
      case ExprKind::Unary: children = {static_cast<const UnaryExpr*>(e)->expr}; break;
      case ExprKind::Binary: {
        const auto* b = static_cast<const BinaryExpr*>(e);
        children = {b->lhs, b->rhs};
        break;
      }
      case ExprKind::Call: {
        const auto* call = static_cast<const Call*>(e);
        if (call->func->name == "info") {
          children = {call->args[0]};
        } else {
          children.assign(call->args.begin(), call->args.end());
        }
        break;
      }
      case ExprKind::Aggregate: {
        const auto* a = static_cast<const AggregateExpr*>(e);
        children = {a->param, a->expr};
        break;
      }
      case ExprKind::Subquery: children = {sq->expr}; break;
      case ExprKind::MatrixSelector:
        children = {static_cast<const MatrixSelector*>(e)->selector};
        break;
      default: break;
    }
    if (sq != nullptr) path.push_back(sq);
    bool has_selector = false;
    for (const Expr* child : children) has_selector |= inspect(child);
    if (sq != nullptr) path.pop_back();
    if (!has_selector) reference_free = true;
    return has_selector;
  };
  inspect(base);
  if (!found || !uniform || reference_free) return 0;
  return first.has_at ? t - (first.at - first.offset) : first.offset;
}

Val Evaluator::info(const Call* c, int64_t t) {
  Val base = eval(c->args[0], t);
  std::vector<Matcher> name_matchers;
  std::map<std::string, std::vector<Matcher>> data_matchers;  // without __name__
  if (c->args.size() > 1) {
    const auto* sel = as<VectorSelector>(unparen(c->args[1]));
    if (sel != nullptr) {
      if (!sel->name.empty()) name_matchers.push_back(name_matcher(MatchOp::Equal, sel->name));
      for (const Matcher& m : sel->matchers) {
        if (m.name == kMetricName) {
          name_matchers.push_back(m);
        } else {
          data_matchers[m.name].push_back(m);
        }
      }
    }
  } else {
    name_matchers.push_back(name_matcher(MatchOp::Equal, "target_info"));
  }
  std::vector<Matcher> effective = effective_name_matchers(name_matchers);
  auto is_info_series = [&](const Labels& ls) {
    std::string_view name = get(ls, kMetricName);
    for (const Matcher& m : effective) {
      if (!matches(m, name)) return false;
    }
    return true;
  };

  // The info series' samples at this step (within the lookback delta of the base selector's
  // reference time): per signature the latest one.
  int64_t ref = t - info_offset(c->args[0], t);
  bool any_identified = false;
  for (const Elem& e : base.vec) {
    if (is_info_series(e.labels)) continue;
    for (const char* l : kIdentifying) any_identified |= !get(e.labels, l).empty();
  }
  struct Pick {
    const Labels* labels = nullptr;
    int64_t t = 0;
  };
  std::map<std::string, Pick> picks;
  std::set<std::string> info_names;
  if (any_identified) {
    std::vector<Matcher> info_name_matchers;
    for (const Matcher& m : name_matchers) info_name_matchers.push_back(m);
    std::vector<Matcher> selection = effective_name_matchers(info_name_matchers);
    for (const Series& s : store_.series()) {
      bool ok = true;
      for (const Matcher& m : selection) ok = ok && matches(m, get(*s.labels, kMetricName));
      for (const auto& [name, ms] : data_matchers) {
        for (const Matcher& m : ms) ok = ok && matches(m, get(*s.labels, name));
      }
      if (!ok || (get(*s.labels, "instance").empty() && get(*s.labels, "job").empty())) continue;
      const Sample* last = nullptr;
      for (const Sample& smp : s.samples) {
        if (smp.t > ref) break;
        if (smp.t > ref - options_.lookback_ms) last = &smp;
      }
      if (last == nullptr || is_stale(last->f)) continue;
      if (last->h != nullptr) fail("info sample should be float", c->span);
      std::string_view name = get(*s.labels, kMetricName);
      info_names.emplace(name);
      std::string sig = info_signature(name, *s.labels);
      auto [it, fresh] = picks.emplace(sig, Pick{s.labels, last->t});
      if (!fresh) {
        if (it->second.t < last->t) {
          it->second = Pick{s.labels, last->t};
        } else if (it->second.t == last->t) {
          fail("found duplicate series for info metric: existing " + to_string(*it->second.labels) +
                   " @ " + std::to_string(it->second.t) + ", new " + to_string(*s.labels) + " @ " +
                   std::to_string(last->t),
               c->span);
        }
      }
    }
  }

  bool all_match_empty = true;
  for (const auto& [name, ms] : data_matchers) {
    for (const Matcher& m : ms) all_match_empty = all_match_empty && matches(m, "");
  }
  Val out;
  out.type = ValueType::Vector;
  for (Elem& e : base.vec) {
    if (is_info_series(e.labels)) {
      out.vec.push_back(std::move(e));
      continue;
    }
    Labels added;
    size_t seen = 0;
    for (const std::string& name : info_names) {
      auto it = picks.find(info_signature(name, e.labels));
      if (it == picks.end()) continue;
      ++seen;
      for (const Label& l : *it->second.labels) {
        if (metadata_label(l.name)) continue;
        if (!data_matchers.empty() && data_matchers.count(l.name) == 0) continue;
        std::string_view have = get(added, l.name);
        if (!have.empty() && have != l.value) {
          fail("conflicting label: " + l.name, c->span);
        }
        if (!get(e.labels, l.name).empty()) continue;
        set(added, l.name, l.value);
      }
    }
    if (seen == 0 && !all_match_empty) continue;
    for (const Label& l : added) set(e.labels, l.name, l.value);
    out.vec.push_back(std::move(e));
  }
  return out;
}

}  // namespace mzr::eval::detail

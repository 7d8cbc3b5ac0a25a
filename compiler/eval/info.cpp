// PromQL's experimental info() (Prometheus promql/info.go): the base vector enriched with the
// data labels of the info series (target_info by default) that share its identifying labels
// `instance` and `job`.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/eval/evaluator.h"

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
  int64_t ref = t;
  if (const auto* vs = as<VectorSelector>(unparen(c->args[0]))) {
    ref = reference_time(vs->modifiers, t);
  }
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
      if (last == nullptr || last->h != nullptr || is_stale(last->f)) continue;
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

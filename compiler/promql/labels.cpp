#include "compiler/promql/labels.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "compiler/base/names.h"
#include "compiler/base/suggest.h"
#include "compiler/promql/functions.h"

namespace mzr::promql {
namespace {

const std::string kName = "__name__";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

LabelSet closed(std::set<std::string> labels) {
  return LabelSet{true, std::move(labels), {}, {}};
}

void drop(LabelSet& s, const std::string& l) {
  s.labels.erase(l);
  s.varying.erase(l);
  if (!s.closed) s.removed.insert(l);
}
void add(LabelSet& s, const std::string& l) {
  s.labels.insert(l);
  s.removed.erase(l);
  s.varying.erase(l);  // its values now come from elsewhere
}

// Labels of `varying` that do not take part in the signature of a one-to-one match.
std::set<std::string> unmatched(const std::set<std::string>& varying, const VectorMatching& m) {
  std::set<std::string> out;
  for (const std::string& l : varying) {
    bool listed =
        std::find(m.matching_labels.begin(), m.matching_labels.end(), l) != m.matching_labels.end();
    if (listed != m.on) out.insert(l);  // not in on(...), or in ignoring(...)
  }
  return out;
}

std::string quoted_list(const std::set<std::string>& labels) {
  std::string out;
  for (const std::string& l : labels) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\"", l);
  }
  return out;
}

const VectorSelector* selector_of(const Expr* e) {
  e = unparen(e);
  if (auto* vs = as<VectorSelector>(e)) return vs;
  if (auto* ms = as<MatrixSelector>(e)) return as<VectorSelector>(ms->selector);
  return nullptr;
}

std::string metric_name(const VectorSelector* vs) {
  if (!vs->name.empty()) return vs->name;
  for (const Matcher& m : vs->matchers) {
    if (m.name == kName && m.op == MatchOp::Equal) return m.value;
  }
  return {};
}

class Inferrer {
 public:
  Inferrer(const Catalog& c, Diagnostics& d, const InferOptions& o)
      : catalog_(c), diags_(d), options_(o) {}

  std::optional<LabelSet> infer(const Expr* e) {
    switch (e->kind) {
      case ExprKind::Number:
      case ExprKind::Duration:
      case ExprKind::String: return std::nullopt;
      case ExprKind::VectorSelector: return selector(as<VectorSelector>(e));
      case ExprKind::MatrixSelector: return infer(as<MatrixSelector>(e)->selector);
      case ExprKind::Subquery: return infer(as<SubqueryExpr>(e)->expr);
      case ExprKind::Paren: return infer(as<ParenExpr>(e)->expr);
      case ExprKind::Unary: {
        auto s = infer(as<UnaryExpr>(e)->expr);
        if (s && as<UnaryExpr>(e)->op == BinOp::Sub) drop(*s, kName);
        return s;
      }
      case ExprKind::Call: return call(as<Call>(e));
      case ExprKind::Aggregate: return aggregate(as<AggregateExpr>(e));
      case ExprKind::Binary: return binary(as<BinaryExpr>(e));
    }
    return std::nullopt;
  }

 private:
  const Catalog& catalog_;
  Diagnostics& diags_;
  const InferOptions& options_;

  void raw_counter(const Expr* side) {
    auto* vs = as<VectorSelector>(unparen(side));
    if (vs == nullptr) return;
    auto m = catalog_.find(metric_name(vs));
    if (m && m->kind == MetricKind::Counter) {
      diags_.report(DiagKind::PromqlRawCounterCompared, vs->span,
                    fmt::format("counter \"{}\" is compared raw; compare its rate() or "
                                "increase() instead",
                                m->name));
    }
  }

  std::optional<LabelSet> selector(const VectorSelector* vs) {
    std::string name = metric_name(vs);
    if (!name.empty()) {
      if (auto m = catalog_.find(name)) {
        LabelSet s = closed(m->labels);
        s.closed = !m->open;
        s.labels.insert(kName);
        if (s.closed) matchers_on_absent_labels(vs, *m);
        // A matcher on a varying label may leave one value.
        for (const std::string& l : m->varying) {
          bool matched = std::any_of(vs->matchers.begin(), vs->matchers.end(),
                                     [&](const Matcher& x) { return x.name == l; });
          if (!matched) s.varying.insert(l);
        }
        return s;
      }
    }
    LabelSet s;
    s.labels.insert(kName);
    for (const Matcher& m : vs->matchers) {
      if (!m.matches_empty) s.labels.insert(m.name);
    }
    return s;
  }

  // A matcher on a label the metric never has sees the empty value on every series.
  void matchers_on_absent_labels(const VectorSelector* vs, const MetricInfo& m) {
    for (const Matcher& x : vs->matchers) {
      if (x.name == kName || m.labels.count(x.name) || asserts_absence(x)) continue;
      std::vector<std::string_view> known(m.labels.begin(), m.labels.end());
      // The name starts the matcher; a name that is not legacy-valid was quoted.
      uint32_t begin = x.span.begin + (is_legacy_label_name(x.name) ? 0 : 1);
      auto end = static_cast<uint32_t>(std::min<size_t>(begin + x.name.size(), x.span.end));
      diags_.report(DiagKind::PromqlMatcherLabelNeverPresent, Span{x.span.file, begin, end},
                    fmt::format("\"{}\" never has label \"{}\", so this matcher {}{}", m.name,
                                x.name, x.matches_empty ? "filters nothing" : "leaves no series",
                                did_you_mean(x.name, known)));
    }
  }

  // `l=""`, `l=~""`, `l!~".+"`: the matcher says the label is absent, which it is.
  static bool asserts_absence(const Matcher& x) {
    switch (x.op) {
      case MatchOp::Equal:
      case MatchOp::Regex: return x.value.empty();
      case MatchOp::NotRegex: return x.value == ".+" || x.value == ".+?" || x.value == "..*";
      case MatchOp::NotEqual: return false;
    }
    return false;
  }

  void never_present(const LabelSet& s, const std::vector<std::string>& labels, Span at,
                     std::string_view what) {
    for (const std::string& l : labels) {
      if (!s.may_have(l)) {
        diags_.report(DiagKind::PromqlLabelNeverPresent, at,
                      fmt::format("{} label \"{}\" that the operand never has", what, l));
      }
    }
  }

  std::optional<LabelSet> call(const Call* c) {
    std::string_view name = c->func->name;
    std::vector<std::optional<LabelSet>> args;
    for (const Expr* a : c->args) args.push_back(infer(a));
    if (c->func->return_type != ValueType::Vector) return std::nullopt;
    if (name == "vector") return closed({});
    if (name == "absent" || name == "absent_over_time") return absent_labels(c);
    // The vector argument: the first one with labels (histogram_quantile's is second).
    std::optional<LabelSet> in;
    for (const auto& a : args) {
      if (a) {
        in = a;
        break;
      }
    }
    if (!in) return closed({});  // e.g. date functions defaulting to vector(time())
    if (name == "rate" || name == "irate" || name == "increase") {
      if (const VectorSelector* vs = selector_of(c->args[0])) {
        auto m = catalog_.find(metric_name(vs));
        if (m && m->kind == MetricKind::Gauge) {
          diags_.report(DiagKind::PromqlRateOfGauge, c->span,
                        fmt::format("{}() of gauge \"{}\"; use deriv() or delta() for gauges", name,
                                    m->name));
        }
      }
    }
    if (name == "histogram_quantile" || name == "histogram_fraction") {
      if (name == "histogram_quantile" && in->closed && !in->may_have("le")) {
        diags_.report(DiagKind::PromqlQuantileWithoutLe, c->args.back()->span,
                      "histogram_quantile() over a vector that never has the \"le\" label");
      }
      drop(*in, "le");
    }
    if (name == "label_replace" || name == "label_join") {
      if (auto* dst = as<StringLiteral>(unparen(c->args[1]))) add(*in, dst->value);
      return in;
    }
    if (name == "info") in->closed = false;  // adds the data labels of info metrics
    if (c->func->drops_name) drop(*in, kName);
    return in;
  }

  // absent(sel): the labels of sel's equality matchers, except a label matched more than once.
  std::optional<LabelSet> absent_labels(const Call* c) {
    LabelSet s = closed({});
    const VectorSelector* vs = c->args.empty() ? nullptr : selector_of(c->args[0]);
    if (vs == nullptr) return s;
    std::map<std::string, int> seen;
    for (const Matcher& m : vs->matchers) {
      if (m.name == kName) continue;
      seen[m.name] += m.op == MatchOp::Equal ? 1 : 2;
    }
    for (const auto& [l, n] : seen) {
      if (n == 1) s.labels.insert(l);
    }
    return s;
  }

  std::optional<LabelSet> aggregate(const AggregateExpr* a) {
    std::optional<LabelSet> in = infer(a->expr);
    if (a->param != nullptr) infer(a->param);
    if (!in) return closed({});
    if (!a->without) never_present(*in, a->grouping, a->span, "grouping by");
    if (a->op == AggOp::Topk || a->op == AggOp::Bottomk || a->op == AggOp::Limitk ||
        a->op == AggOp::LimitRatio) {
      in->varying.clear();  // a selection of the series, possibly one per group
      return in;            // the original series, labels and all
    }
    std::optional<std::string> value_label;
    if (a->op == AggOp::CountValues) {
      if (auto* s = as<StringLiteral>(unparen(a->param))) value_label = s->value;
    }
    LabelSet out;
    if (a->without) {
      out = *in;
      drop(out, kName);
      if (value_label) add(out, *value_label);
      for (const std::string& l : a->grouping) drop(out, l);
    } else {
      out = closed({});
      for (const std::string& l : a->grouping) {
        if (in->may_have(l)) out.labels.insert(l);
        if (in->varying.count(l)) out.varying.insert(l);
      }
      if (value_label) out.labels.insert(*value_label);
    }
    // count_values: series per distinct value, which need not differ in the varying labels.
    if (value_label) out.varying.clear();
    return out;
  }

  // A one-to-one match fails at evaluation when a side has several series with the same
  // matching labels; that is certain when the side has a varying label outside the signature.
  void one_to_one(const BinaryExpr* b, const LabelSet& l, const LabelSet& r) {
    std::set<std::string> left = unmatched(l.varying, b->matching);
    std::set<std::string> right = unmatched(r.varying, b->matching);
    if (left.empty() && right.empty()) return;
    if (!left.empty() && !right.empty()) {
      left.insert(right.begin(), right.end());
      diags_.report(DiagKind::PromqlCertainlyManyToMany, b->span,
                    fmt::format("one-to-one vector matching, but both sides have several series "
                                "per match group: they differ in {}, which is not matched on",
                                quoted_list(left)));
      return;
    }
    bool is_left = !left.empty();
    diags_.report(DiagKind::PromqlCertainlyManyToMany, is_left ? b->lhs->span : b->rhs->span,
                  fmt::format("one-to-one vector matching, but the {} side has several series "
                              "per match group: they differ in {}, which is not matched on",
                              is_left ? "left" : "right", quoted_list(is_left ? left : right)));
  }

  std::optional<LabelSet> binary(const BinaryExpr* b) {
    std::optional<LabelSet> l = infer(b->lhs);
    std::optional<LabelSet> r = infer(b->rhs);
    if (!l && !r) return std::nullopt;
    bool keeps_name = (is_comparison(b->op) && !b->return_bool) || is_set_operator(b->op);
    if (options_.alert && is_comparison(b->op) && !b->return_bool) {
      raw_counter(b->lhs);
      raw_counter(b->rhs);
    }
    if (!l || !r) {  // vector and scalar
      LabelSet s = l ? *l : *r;
      if (!keeps_name) drop(s, kName);
      if (is_comparison(b->op) && !b->return_bool) s.varying.clear();  // a filter
      return s;
    }
    const VectorMatching& m = b->matching;
    if (m.on) {
      never_present(*l, m.matching_labels, b->span, "matching on");
      never_present(*r, m.matching_labels, b->span, "matching on");
    }
    if (m.card == Cardinality::OneToOne && !is_set_operator(b->op)) one_to_one(b, *l, *r);
    // Matching and set operators keep only some series: nothing is certain to vary after them.
    l->varying.clear();
    r->varying.clear();
    if (b->op == BinOp::And || b->op == BinOp::Unless) return l;
    if (b->op == BinOp::Or) {
      LabelSet u;
      u.closed = l->closed && r->closed;
      u.labels = l->labels;
      u.labels.insert(r->labels.begin(), r->labels.end());
      for (const std::string& x : l->removed) {
        if (r->removed.count(x)) u.removed.insert(x);
      }
      return u;
    }
    LabelSet out;
    if (m.card == Cardinality::ManyToOne || m.card == Cardinality::OneToMany) {
      bool left = m.card == Cardinality::ManyToOne;
      const LabelSet& many = left ? *l : *r;
      const LabelSet& one = left ? *r : *l;
      out = many;
      for (const std::string& x : m.include) {
        if (!one.may_have(x)) {
          diags_.report(
              DiagKind::PromqlGroupLabelMissing, b->span,
              fmt::format("{}(\"{}\") copies a label the {} side never has",
                          left ? "group_left" : "group_right", x, left ? "right" : "left"));
        }
        if (one.may_have(x)) add(out, x);
      }
    } else if (m.on) {
      out = closed({});
      for (const std::string& x : m.matching_labels) {
        if (l->may_have(x)) out.labels.insert(x);
      }
    } else {
      out = *l;
      for (const std::string& x : m.matching_labels) drop(out, x);
    }
    if (!keeps_name) drop(out, kName);
    return out;
  }
};

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

void Catalog::add(MetricInfo metric) {
  auto [it, inserted] = metrics_.try_emplace(metric.name);
  if (inserted) {
    it->second = std::move(metric);
    return;
  }
  // A name written by several recording rules: its series may carry the labels of any of them.
  MetricInfo& known = it->second;
  known.open = known.open || metric.open;
  known.labels.insert(metric.labels.begin(), metric.labels.end());
  std::erase_if(known.varying, [&](const std::string& l) { return !metric.varying.count(l); });
  // A label's values stay fixed only when every source fixes them.
  std::erase_if(known.values, [&](const auto& v) { return !metric.values.count(v.first); });
  for (auto& [label, values] : known.values) {
    const auto& more = metric.values.at(label);
    values.insert(more.begin(), more.end());
  }
}

std::optional<MetricInfo> Catalog::find(std::string_view name) const {
  if (auto it = metrics_.find(name); it != metrics_.end()) {
    MetricInfo m = it->second;
    if (m.kind == MetricKind::Summary) m.labels.insert("quantile");
    return m;
  }
  // Series derived from histograms and summaries.
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (!ends_with(name, suffix)) continue;
    auto it = metrics_.find(name.substr(0, name.size() - suffix.size()));
    if (it == metrics_.end()) continue;
    MetricInfo m = it->second;
    if (m.kind != MetricKind::Histogram && m.kind != MetricKind::Summary) continue;
    if (suffix == "_bucket" && m.kind != MetricKind::Histogram) continue;
    if (suffix == "_bucket") {
      m.labels.insert("le");
      m.varying.insert("le");  // a classic histogram has several buckets
    }
    m.name = std::string(name);
    m.kind = MetricKind::Counter;
    return m;
  }
  return std::nullopt;
}

std::optional<Catalog> parse_catalog(std::string_view text, std::string* error) {
  Catalog catalog;
  std::istringstream in{std::string(text)};
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::string t = trim(line);
    if (t.empty()) continue;
    auto fail = [&](std::string_view why) -> std::optional<Catalog> {
      if (error != nullptr) *error = fmt::format("line {}: {}", number, why);
      return std::nullopt;
    };
    size_t space = t.find_first_of(" \t");
    if (space == std::string::npos) return fail("expected '<kind> <name> {labels}'");
    std::string kind = t.substr(0, space);
    std::string rest = trim(t.substr(space));
    MetricInfo m;
    if (kind == "counter")
      m.kind = MetricKind::Counter;
    else if (kind == "gauge")
      m.kind = MetricKind::Gauge;
    else if (kind == "histogram")
      m.kind = MetricKind::Histogram;
    else if (kind == "summary")
      m.kind = MetricKind::Summary;
    else if (kind == "info")
      m.kind = MetricKind::Info;
    else
      return fail(fmt::format("unknown metric kind '{}'", kind));
    size_t brace = rest.find('{');
    m.name = trim(rest.substr(0, brace));
    if (m.name.empty()) return fail("missing metric name");
    if (brace != std::string::npos) {
      size_t close = rest.find('}', brace);
      if (close == std::string::npos) return fail("missing '}'");
      std::istringstream labels(rest.substr(brace + 1, close - brace - 1));
      std::string l;
      while (std::getline(labels, l, ',')) {
        std::string name = trim(l);
        if (!name.empty()) m.labels.insert(name);
      }
    }
    catalog.add(std::move(m));
  }
  return catalog;
}

std::string format_labels(const LabelSet& s) {
  std::string out = "{";
  bool first = true;
  for (const std::string& l : s.labels) {
    if (!first) out += ", ";
    out += l;
    first = false;
  }
  if (!s.closed) out += first ? "..." : ", ...";
  return out + "}";
}

std::optional<LabelSet> infer_labels(const Expr* root, const Catalog& catalog, Diagnostics& diags,
                                     const InferOptions& options) {
  if (root == nullptr) return std::nullopt;
  return Inferrer(catalog, diags, options).infer(root);
}

}  // namespace mzr::promql

#include "compiler/logql/check.h"

#include <fmt/format.h>

#include <cmath>

#include "compiler/logql/literals.h"
#include "compiler/logql/regex.h"

namespace mzr::logql {

namespace {

const std::string kError = "__error__";
const std::string kErrorDetails = "__error_details__";

bool is_error_label(const std::string& name) {
  return name == kError || name == kErrorDetails;
}

// What checking a sub-expression yields to its parent.
struct Value {
  bool metric = false;
  bool literal = false;  // a number, or an operation between numbers (Loki folds those)
  LabelSet labels;
};

class Checker {
 public:
  Checker(const CheckOptions& options, Diagnostics& diags) : options_(options), diags_(diags) {}

  bool ok = true;

  Value expr(const Expr* e) {
    switch (e->kind) {
      case ExprKind::Log: return Value{false, false, log(static_cast<const LogExpr*>(e))};
      case ExprKind::RangeAggregation: return range(static_cast<const RangeAggregation*>(e));
      case ExprKind::VectorAggregation: return vector(static_cast<const VectorAggregation*>(e));
      case ExprKind::Binary: return binary(static_cast<const BinaryExpr*>(e));
      case ExprKind::Literal: return Value{true, true, LabelSet{false, {}}};
      case ExprKind::Vector: return Value{true, false, LabelSet{false, {}}};
      case ExprKind::LabelReplace: return label_replace(static_cast<const LabelReplaceExpr*>(e));
    }
    return Value{};
  }

 private:
  const CheckOptions& options_;
  Diagnostics& diags_;

  Diagnostic& error(DiagKind kind, Span at, std::string message) {
    ok = false;
    return diags_.report(kind, at, std::move(message));
  }

  void absent(const LabelSet& set, const Name& label, std::string_view what) {
    if (set.may_have(label.text) || is_error_label(label.text)) return;
    diags_.report(DiagKind::LogqlAbsentLabel, label.span,
                  fmt::format("label \"{}\" {} is never present here", label.text, what));
  }

  // A selector or filter matcher; returns whether it matches the empty value.
  bool matcher(const Matcher& m) {
    switch (m.op) {
      case MatchOp::Equal: return m.value.value.empty();
      case MatchOp::NotEqual: return !m.value.value.empty();
      case MatchOp::Regex:
      case MatchOp::NotRegex: {
        GoRegex re(m.value.value, true);
        if (!re.ok()) {
          error(DiagKind::LogqlInvalidRegex, m.value.span,
                fmt::format("invalid regular expression in matcher: {}", re.error()));
          return false;  // one mistake, one diagnostic: not also an empty-compatible selector
        }
        return re.full_match("") == (m.op == MatchOp::Regex);
      }
    }
    return true;
  }

  LabelSet log(const LogExpr* e) {
    LabelSet set;
    if (options_.streams != nullptr) set = LabelSet{false, options_.streams->labels};
    bool selective = false;
    for (const Matcher& m : e->matchers) {
      if (!matcher(m)) selective = true;
      if (options_.streams != nullptr && options_.streams->labels.count(m.name.text) == 0) {
        diags_.report(DiagKind::LogqlUnknownStreamLabel, m.name.span,
                      fmt::format("no stream in the catalog has the label \"{}\"", m.name.text));
      }
      set.labels.insert(m.name.text);
    }
    if (!selective) {
      error(DiagKind::LogqlEmptyCompatibleSelector, e->selector_span,
            "queries require at least one regexp or equality matcher that does not have an "
            "empty-compatible value; for instance, app=~\".*\" does not meet this requirement, "
            "but app=~\".+\" will");
    }
    for (const Stage* s : e->stages) stage(s, set);
    return set;
  }

  // Loki builds line filters only when the query runs, so their mistakes are warnings.
  void line_filter(const LineFilterStage* f) {
    bool regex = f->op == LineFilterOp::Regex || f->op == LineFilterOp::NotRegex;
    bool pattern = f->op == LineFilterOp::Pattern || f->op == LineFilterOp::NotPattern;
    for (const LineFilterValue& v : f->values) {
      if (v.ip) {
        if (regex || pattern) {
          diags_.report(DiagKind::LogqlFailsWhenRun, v.span,
                        fmt::format("ip() cannot be used with \"{}\"; only \"|=\" and \"!=\" take "
                                    "it",
                                    spelling(f->op)));
        } else if (!is_ip_pattern(v.value.value)) {
          ip_pattern(v.value);
        }
        continue;
      }
      if (regex) {
        GoRegex re(v.value.value, false);
        if (!re.ok()) {
          diags_.report(DiagKind::LogqlFailsWhenRun, v.value.span,
                        fmt::format("invalid regular expression in line filter: {}", re.error()));
        }
      } else if (pattern) {
        PatternInfo info = parse_pattern(v.value.value);
        if (!info.captures.empty()) {
          diags_.report(DiagKind::LogqlFailsWhenRun, v.value.span,
                        fmt::format("named capture '<{}>' is not allowed in a line filter "
                                    "pattern; use '<_>'",
                                    info.captures.front()));
        }
      }
    }
  }

  // Loki parses line_format and label_format templates only when the query runs. Only the
  // certain mistake is reported: an action that is opened and never closed.
  void template_text(const StringLit& t) {
    const std::string& v = t.value;
    for (size_t open = v.find("{{"); open != std::string::npos; open = v.find("{{", open)) {
      size_t close = v.find("}}", open + 2);
      if (close == std::string::npos) {
        diags_.report(DiagKind::LogqlFailsWhenRun, t.span,
                      "template has an unclosed action: \"{{\" without \"}}\"");
        return;
      }
      open = close + 2;
    }
  }

  void ip_pattern(const StringLit& pattern) {
    if (is_ip_pattern(pattern.value)) return;
    diags_.report(
        DiagKind::LogqlFailsWhenRun, pattern.span,
        fmt::format("\"{}\" is not an IP address, CIDR range or address range", pattern.value));
  }

  void add_error_labels(LabelSet& set) {
    set.labels.insert(kError);
    set.labels.insert(kErrorDetails);
  }

  void stage(const Stage* s, LabelSet& set) {
    switch (s->kind) {
      case StageKind::LineFilter: line_filter(static_cast<const LineFilterStage*>(s)); return;
      case StageKind::Json:
      case StageKind::Logfmt: {
        auto* p = static_cast<const ParserStage*>(s);
        if (p->extractions.empty()) set.open = true;
        for (const Extraction& x : p->extractions) {
          set.labels.insert(x.label.text);
          if (s->kind != StageKind::Json || !x.expression) continue;
          // Loki compiles JSON expressions when it builds the pipeline, that is when it runs.
          if (auto why = json_expression_error(x.expression->value)) {
            diags_.report(
                DiagKind::LogqlFailsWhenRun, x.expression->span,
                fmt::format("cannot parse JSON expression \"{}\": {}", x.expression->value, *why));
          }
        }
        add_error_labels(set);
        return;
      }
      case StageKind::Unpack:
        set.open = true;
        add_error_labels(set);
        return;
      case StageKind::Regexp: {
        auto* p = static_cast<const ParserStage*>(s);
        GoRegex re(p->argument->value, false);
        if (!re.ok()) {
          error(DiagKind::LogqlInvalidParserStage, p->argument->span,
                fmt::format("invalid regexp parser: {}", re.error()));
          return;
        }
        std::vector<std::string> names = re.named_groups();
        if (names.empty()) {
          error(DiagKind::LogqlInvalidParserStage, p->argument->span,
                "invalid regexp parser: at least one named capture such as (?P<name>...) is "
                "required");
        }
        for (const std::string& n : names) set.labels.insert(n);
        for (const std::string& n : re.duplicate_names()) {
          diags_.report(DiagKind::LogqlFailsWhenRun, p->argument->span,
                        fmt::format("regexp names the group \"{}\" more than once", n));
        }
        add_error_labels(set);
        return;
      }
      case StageKind::Pattern: {
        auto* p = static_cast<const ParserStage*>(s);
        PatternInfo info = parse_pattern(p->argument->value);
        if (info.error) {
          error(DiagKind::LogqlInvalidParserStage, p->argument->span,
                "invalid pattern parser: " + *info.error);
          return;
        }
        for (const std::string& n : info.captures) set.labels.insert(n);
        return;
      }
      case StageKind::LineFormat:
        template_text(static_cast<const LineFormatStage*>(s)->template_text);
        return;
      case StageKind::Decolorize: return;
      case StageKind::LabelFormat: {
        for (const LabelFormatItem& item : static_cast<const LabelFormatStage*>(s)->items) {
          if (item.rename) {
            absent(set, item.source, "renamed by label_format");
            set.labels.erase(item.source.text);
          }
          if (!item.rename) template_text(item.template_text);
          set.labels.insert(item.target.text);
        }
        return;
      }
      case StageKind::Drop: {
        for (const NamedMatcher& m : static_cast<const DropKeepStage*>(s)->items) {
          if (m.matcher) {
            matcher(*m.matcher);
            continue;  // dropped only where it matches
          }
          set.labels.erase(m.name.text);
        }
        return;
      }
      case StageKind::Keep: {
        std::set<std::string> kept;
        for (const NamedMatcher& m : static_cast<const DropKeepStage*>(s)->items) {
          if (m.matcher) matcher(*m.matcher);
          if (set.may_have(m.name.text)) kept.insert(m.name.text);
        }
        set = LabelSet{false, std::move(kept)};
        return;
      }
      case StageKind::LabelFilter:
        label_filter(static_cast<const LabelFilterStage*>(s)->filter, set);
        if (removes_errors(static_cast<const LabelFilterStage*>(s)->filter)) {
          set.labels.erase(kError);
          set.labels.erase(kErrorDetails);
        }
        return;
    }
  }

  // `| __error__=""` keeps only lines without errors, so the error labels are gone after it.
  static bool removes_errors(const LabelFilter* f) {
    if (f->kind == FilterKind::And) {
      auto* b = static_cast<const BinaryFilter*>(f);
      return removes_errors(b->lhs) || removes_errors(b->rhs);
    }
    if (f->kind != FilterKind::String) return false;
    const Matcher& m = static_cast<const StringFilter*>(f)->matcher;
    return m.name.text == kError && m.op == MatchOp::Equal && m.value.value.empty();
  }

  void label_filter(const LabelFilter* f, const LabelSet& set) {
    switch (f->kind) {
      case FilterKind::String: {
        const Matcher& m = static_cast<const StringFilter*>(f)->matcher;
        matcher(m);
        // A filter that accepts the empty value also accepts lines without the label.
        if (m.op == MatchOp::Equal && !m.value.value.empty()) absent(set, m.name, "in this filter");
        return;
      }
      case FilterKind::Ip:
        ip_pattern(static_cast<const IpFilter*>(f)->pattern);
        absent(set, static_cast<const IpFilter*>(f)->label, "in this filter");
        return;
      case FilterKind::Number:
      case FilterKind::Duration:
      case FilterKind::Bytes:
        absent(set, static_cast<const CompareFilter*>(f)->label, "in this filter");
        return;
      case FilterKind::And:
      case FilterKind::Or: {
        auto* b = static_cast<const BinaryFilter*>(f);
        label_filter(b->lhs, set);
        label_filter(b->rhs, set);
        return;
      }
    }
  }

  static bool needs_unwrap(RangeOp op) {
    switch (op) {
      case RangeOp::SumOverTime:
      case RangeOp::AvgOverTime:
      case RangeOp::MinOverTime:
      case RangeOp::MaxOverTime:
      case RangeOp::StddevOverTime:
      case RangeOp::StdvarOverTime:
      case RangeOp::QuantileOverTime:
      case RangeOp::FirstOverTime:
      case RangeOp::LastOverTime:
      case RangeOp::RateCounter: return true;
      default: return false;
    }
  }
  static bool forbids_unwrap(RangeOp op) {
    return op == RangeOp::CountOverTime || op == RangeOp::BytesOverTime || op == RangeOp::BytesRate;
  }
  static bool allows_grouping(RangeOp op) {
    switch (op) {
      case RangeOp::AvgOverTime:
      case RangeOp::StddevOverTime:
      case RangeOp::StdvarOverTime:
      case RangeOp::QuantileOverTime:
      case RangeOp::MaxOverTime:
      case RangeOp::MinOverTime:
      case RangeOp::FirstOverTime:
      case RangeOp::LastOverTime: return true;
      default: return false;
    }
  }

  LabelSet group(const std::optional<Grouping>& g, LabelSet input, bool keep_without_grouping) {
    if (!g) return keep_without_grouping ? input : LabelSet{false, {}};
    for (const Name& n : g->labels) absent(input, n, "in this grouping");
    if (!g->without) {
      LabelSet out{false, {}};
      for (const Name& n : g->labels) out.labels.insert(n.text);
      return out;
    }
    for (const Name& n : g->labels) input.labels.erase(n.text);
    return input;
  }

  Value range(const RangeAggregation* e) {
    std::string_view name = spelling(e->op);
    if (e->grouping && !allows_grouping(e->op)) {
      error(DiagKind::LogqlGroupingNotAllowed, e->grouping->span,
            fmt::format("grouping not allowed for {} aggregation", name));
    }
    const LogRange* r = e->range;
    if (r->unwrap == nullptr && needs_unwrap(e->op)) {
      error(DiagKind::LogqlUnwrap, e->op_span,
            fmt::format("invalid aggregation {} without unwrap", name));
    }
    if (r->unwrap != nullptr && forbids_unwrap(e->op)) {
      error(DiagKind::LogqlUnwrap, r->unwrap->span,
            fmt::format("invalid aggregation {} with unwrap", name));
    }
    if (e->op == RangeOp::QuantileOverTime && !e->param) {
      error(DiagKind::LogqlBadParameter, e->op_span,
            fmt::format("parameter required for operation {}", name));
    }
    if (e->op != RangeOp::QuantileOverTime && e->param) {
      error(DiagKind::LogqlBadParameter, e->param->span,
            fmt::format("parameter {} not supported for operation {}", e->param->text, name));
    }
    LabelSet set = log(r->log);
    if (const Unwrap* u = r->unwrap) {
      absent(set, u->label, "unwrapped");
      set.labels.erase(u->label.text);
      add_error_labels(set);
      for (const LabelFilter* f : u->post_filters) {
        label_filter(f, set);
        if (removes_errors(f)) {
          set.labels.erase(kError);
          set.labels.erase(kErrorDetails);
        }
      }
    }
    if (e->op == RangeOp::AbsentOverTime) {
      // The one series absent_over_time returns carries the selector's equality matchers.
      set = LabelSet{false, {}};
      for (const Matcher& m : r->log->matchers) {
        if (m.op == MatchOp::Equal) set.labels.insert(m.name.text);
      }
    }
    return Value{true, false, group(e->grouping, set, true)};
  }

  void require_metric(const Value& v, const Expr* e, std::string_view where) {
    if (v.metric) return;
    error(DiagKind::LogqlExpectedMetric, e->span,
          fmt::format("expected a metric query {}, found a log query", where));
  }

  Value vector(const VectorAggregation* e) {
    std::string_view name = spelling(e->op);
    Value inner = expr(e->inner);
    require_metric(inner, e->inner, fmt::format("in {}", name));
    bool takes_k =
        e->op == VectorOp::Topk || e->op == VectorOp::Bottomk || e->op == VectorOp::ApproxTopk;
    if (takes_k && !e->param) {
      error(DiagKind::LogqlBadParameter, e->op_span,
            fmt::format("parameter required for operation {}", name));
    } else if (takes_k) {
      const NumberLit& p = *e->param;
      bool integer = !p.text.empty() && p.text.find_first_not_of("0123456789") == std::string::npos;
      if (!integer) {
        error(DiagKind::LogqlBadParameter, p.span,
              fmt::format("invalid parameter {}({},: the parameter must be an integer", name,
                          p.text));
      } else if (p.value <= 0) {
        error(DiagKind::LogqlBadParameter, p.span,
              fmt::format("invalid parameter (must be greater than 0) {}({},", name, p.text));
      }
    } else if (e->param) {
      error(DiagKind::LogqlBadParameter, e->param->span,
            fmt::format("unsupported parameter for operation {}({},", name, e->param->text));
    }
    if (e->op == VectorOp::ApproxTopk && e->grouping) {
      error(DiagKind::LogqlGroupingNotAllowed, e->grouping->span,
            "approx_topk does not allow grouping");
    }
    if ((e->op == VectorOp::Sort || e->op == VectorOp::SortDesc) && e->grouping &&
        !e->grouping->labels.empty()) {
      error(DiagKind::LogqlGroupingNotAllowed, e->grouping->span,
            "sort and sort_desc do not allow grouping by labels");
    }
    bool keeps = takes_k || e->op == VectorOp::Sort || e->op == VectorOp::SortDesc;
    return Value{true, false, group(e->grouping, inner.labels, keeps)};
  }

  Value binary(const BinaryExpr* e) {
    Value l = expr(e->lhs);
    Value r = expr(e->rhs);
    std::string op(spelling(e->op));
    require_metric(l, e->lhs, fmt::format("as left operand of \"{}\"", op));
    require_metric(r, e->rhs, fmt::format("as right operand of \"{}\"", op));
    if (is_set_operator(e->op)) {
      if (l.literal) {
        error(DiagKind::LogqlLiteralInSetOperation, e->lhs->span,
              fmt::format("unexpected literal for left leg of logical/set binary operation ({})",
                          op));
      }
      if (r.literal) {
        error(DiagKind::LogqlLiteralInSetOperation, e->rhs->span,
              fmt::format("unexpected literal for right leg of logical/set binary operation ({})",
                          op));
      }
    }
    Value out{true, l.literal && r.literal, l.labels};
    if (l.literal && !r.literal) out.labels = r.labels;
    if (e->op == BinOp::Or) {
      out.labels.open = l.labels.open || r.labels.open;
      out.labels.labels.insert(r.labels.labels.begin(), r.labels.labels.end());
    } else if (e->matching && e->matching->card == Cardinality::OneToOne &&
               !is_set_operator(e->op)) {
      const VectorMatching& m = *e->matching;
      if (m.on) {
        LabelSet kept{false, {}};
        for (const Name& n : m.labels) kept.labels.insert(n.text);
        out.labels = kept;
      } else {
        for (const Name& n : m.labels) out.labels.labels.erase(n.text);
      }
    } else if (e->matching && e->matching->card != Cardinality::OneToOne) {
      const VectorMatching& m = *e->matching;
      LabelSet base = m.card == Cardinality::ManyToOne ? l.labels : r.labels;
      for (const Name& n : m.include) base.labels.insert(n.text);
      out.labels = base;
    }
    return out;
  }

  Value label_replace(const LabelReplaceExpr* e) {
    Value inner = expr(e->inner);
    require_metric(inner, e->inner, "in label_replace");
    GoRegex re(e->regex.value, true);
    if (!re.ok()) {
      error(DiagKind::LogqlInvalidRegex, e->regex.span,
            fmt::format("invalid regex in label_replace: {}", re.error()));
    }
    LabelSet set = inner.labels;
    set.labels.insert(e->dst.value);
    return Value{true, false, set};
  }
};

}  // namespace

CheckResult check_logql(const Expr* root, const CheckOptions& options, Diagnostics& diags) {
  CheckResult result;
  if (root == nullptr) {
    result.ok = false;
    return result;
  }
  Checker checker(options, diags);
  Value v = checker.expr(root);
  result.ok = checker.ok;
  result.labels = std::move(v.labels);
  return result;
}

bool is_metric_query(const Expr* root) {
  return is_metric_expr(root);
}

}  // namespace mzr::logql

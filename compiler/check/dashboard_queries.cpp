// Dashboard queries: variables expanded, the language chosen by the datasource, then the same
// checks as rule expressions, plus what is particular to dashboards (metrics nothing records,
// rate windows, raw counters).

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "compiler/base/suggest.h"
#include "compiler/check/dashboard_checks.h"
#include "compiler/check/dashboard_expand.h"
#include "compiler/check/promql_lints.h"
#include "compiler/frontend/logql.h"
#include "compiler/frontend/promql.h"
#include "compiler/promql/functions.h"

namespace mzr::dash {
namespace {

enum class Language : uint8_t { PromQL, LogQL, Other };

struct Scope {
  const model::Dashboard& d;
  const DashboardCheckOptions& options;

  const model::Variable* find(std::string_view name) const {
    for (const model::Variable& v : d.variables) {
      if (v.name.value == name) return &v;
    }
    return nullptr;
  }

  std::optional<Language> language_of_type(std::string_view type) const {
    if (type == "prometheus") return Language::PromQL;
    if (type == "loki") return Language::LogQL;
    if (type.empty()) return std::nullopt;
    return Language::Other;
  }

  // The variable a datasource UID like "$ds" or "${DS_PROMETHEUS}" names, if it is one.
  const model::Variable* variable_in(std::string_view uid) const {
    auto refs = find_refs(uid);
    if (refs.size() != 1 || refs[0].begin != 0 || refs[0].end != uid.size()) return nullptr;
    return find(refs[0].name);
  }

  std::optional<Language> resolve(const model::DatasourceRef& ref) const {
    if (!ref.present) return std::nullopt;
    std::string_view uid = ref.uid ? std::string_view(ref.uid->value) : std::string_view();
    if (uid == "-- Mixed --") return std::nullopt;
    if (uid == "-- Grafana --" || uid == "-- Dashboard --" || uid == "grafana")
      return Language::Other;
    if (ref.type && find_refs(ref.type->value).empty()) {
      if (ref.type->value == "datasource") return Language::Other;
      return language_of_type(ref.type->value);
    }
    if (uid.empty()) return std::nullopt;
    if (const model::Variable* v = variable_in(uid)) {
      if (v->kind == model::VariableKind::Datasource && !v->plugin_id.empty())
        return language_of_type(v->plugin_id);
    }
    if (auto it = options.datasources.find(std::string(uid)); it != options.datasources.end())
      return language_of_type(it->second);
    // A datasource by name ("Prometheus", "Loki", "${DS_THANOS}").
    std::string lower(uid);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.find("loki") != std::string::npos) return Language::LogQL;
    for (std::string_view p : {"prom", "thanos", "mimir", "cortex", "victoria"}) {
      if (lower.find(p) != std::string::npos) return Language::PromQL;
    }
    return std::nullopt;
  }

  Language language(const model::DatasourceRef& query, const model::DatasourceRef& panel) const {
    if (auto l = resolve(query)) return *l;
    if (auto l = resolve(panel)) return *l;
    return language_of_type(options.default_datasource_type).value_or(Language::Other);
  }
};

bool safe_value(std::string_view v, RefContext ctx) {
  if (v.empty() || v == "$__all") return false;
  for (char c : v) {
    if (c == '"' || c == '\'' || c == '`' || c == '\\' || c == '\n' || c == '$') return false;
  }
  switch (ctx) {
    case RefContext::String:
    case RefContext::RegexString: {
      if (ctx == RefContext::RegexString) {
        int depth = 0;
        for (char c : v) {
          depth += c == '(' ? 1 : c == ')' ? -1 : 0;
          if (depth < 0) return false;
        }
        return depth == 0 && v.find('[') == std::string_view::npos;
      }
      return true;
    }
    case RefContext::Duration:
    case RefContext::Number:
    case RefContext::Other:
      return std::all_of(v.begin(), v.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == ':' || c == '.';
      });
  }
  return false;
}

std::string stand_in(RefContext ctx) {
  switch (ctx) {
    case RefContext::Duration: return "1m";
    case RefContext::Number: return "1";
    case RefContext::RegexString: return ".+";
    default: return "x";
  }
}

std::optional<std::string> variable_value(const model::Variable& v, const VariableRef& ref,
                                          RefContext ctx) {
  if (v.kind == model::VariableKind::Interval || ctx == RefContext::Duration) {
    std::vector<std::string> candidates = v.values;
    if (v.has_query) {
      std::string q = v.query.text;
      size_t start = 0;
      while (start <= q.size()) {
        size_t comma = q.find(',', start);
        std::string item = q.substr(start, comma == std::string::npos ? comma : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        candidates.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    for (const std::string& c : candidates) {
      if (!c.empty() && std::isdigit(static_cast<unsigned char>(c[0])) &&
          safe_value(c, RefContext::Duration))
        return c;
    }
    return "1m";
  }
  std::vector<std::string> candidates = v.values;
  if (v.kind == model::VariableKind::Constant || v.kind == model::VariableKind::Textbox ||
      v.kind == model::VariableKind::Custom) {
    if (v.has_query) {
      std::string q = v.query.text;
      if (v.kind == model::VariableKind::Custom) q = q.substr(0, q.find(','));
      // "key : value" custom options substitute the value.
      if (auto colon = q.find(" : "); colon != std::string::npos) q = q.substr(colon + 3);
      q.erase(0, q.find_first_not_of(' '));
      q.erase(q.find_last_not_of(' ') + 1);
      candidates.push_back(q);
    }
  }
  if (v.all_value && (ctx == RefContext::String || ctx == RefContext::RegexString))
    candidates.push_back(v.all_value->value);
  for (const std::string& c : candidates) {
    if (c == "All" || c == "$__auto") continue;
    if (safe_value(c, ctx)) {
      // `:doublequote`, `:singlequote` and `:json` add quotes around the value.
      if (ref.format == "doublequote" || ref.format == "json") return "\"" + c + "\"";
      if (ref.format == "singlequote") return "'" + c + "'";
      return c;
    }
  }
  return stand_in(ctx);
}

Substitute substitute_for(const Scope& scope) {
  return [&scope](const VariableRef& ref, RefContext ctx) -> std::optional<std::string> {
    if (is_builtin(ref.name)) return builtin_value(ref, ctx);
    const model::Variable* v = scope.find(ref.name);
    if (v == nullptr) return std::nullopt;
    return variable_value(*v, ref, ctx);
  };
}

// Expands the variables of a query, at most `max_bytes` of it; false (with a diagnostic at the
// reference that goes past the limit) when the expansion would be longer.
bool expand_within(const EmbeddedText& query, const Substitute& sub, size_t max_bytes,
                   DiagKind kind, Diagnostics& diags, Expansion& out) {
  out = expand(query, sub, max_bytes);
  if (!out.too_large_at) return true;
  const VariableRef& r = out.refs[*out.too_large_at];
  diags.report(kind, query.span(r.begin, r.end),
               fmt::format("expanding '{}' makes the query longer than {} bytes",
                           query.text.substr(r.begin, r.end - r.begin), max_bytes));
  return false;
}

// The source spans of an expansion's references.
std::vector<std::pair<Span, const VariableRef*>> ref_spans(const EmbeddedText& original,
                                                           const Expansion& e) {
  std::vector<std::pair<Span, const VariableRef*>> out;
  for (const VariableRef& r : e.refs) out.emplace_back(original.span(r.begin, r.end), &r);
  return out;
}

bool overlaps(Span a, Span b) {
  return a.file == b.file && a.begin < b.end && b.begin < a.end;
}

// The lints of promql_lints.h for a dashboard query, with the template variables its text
// was expanded from.
void lint_query(const promql::Expr* root, const DashboardCheckOptions& options,
                const std::vector<std::pair<Span, const VariableRef*>>& refs, bool raw_counter_ok,
                Diagnostics& diags) {
  PromqlLintEnv env;
  env.catalog = options.catalog;
  env.recorded = &options.recorded;
  env.has_recording_rules = options.has_recording_rules;
  env.recorded_suggestions = options.recorded_suggestions.get();
  env.families = &options.families;
  env.from_variable = [&](Span s) {
    return std::any_of(refs.begin(), refs.end(),
                       [&](const auto& r) { return overlaps(r.first, s); });
  };
  // `$__rate_interval`, or `$__range` (a rate or increase over the whole time range shown, as
  // in a stat panel's "errors in range").
  env.dashboard_window = [&](const promql::Expr* range) {
    return range != nullptr && std::any_of(refs.begin(), refs.end(), [&](const auto& r) {
             return (r.second->name == "__rate_interval" || r.second->name == "__range") &&
                    overlaps(r.first, range->span);
           });
  };
  run_promql_lints(root, QueryKind::Dashboard, env, diags, raw_counter_ok);
}

void check_promql(const EmbeddedText& original, const Expansion& e, const Scope& scope,
                  Diagnostics& diags) {
  promql::ParseResult r = promql::parse_expr(e.text, scope.options.promql, diags);
  if (!r.ok) return;
  auto refs = ref_spans(original, e);
  lint_query(r.root, scope.options, refs, false, diags);
  if (scope.options.catalog && (r.type == promql::ValueType::Vector))
    promql::infer_labels(r.root, *scope.options.catalog, diags);
}

// Grafana's Prometheus variable queries: label_names(), label_values(), metrics(),
// query_result(); anything else is a PromQL query.
void check_variable_query(const model::Variable& v, const Expansion& e, const Scope& scope,
                          Diagnostics& diags) {
  const std::string& t = e.text.text;
  size_t b = t.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return;
  size_t open = t.find('(', b);
  std::string fn = open == std::string::npos ? "" : t.substr(b, open - b);
  while (!fn.empty() && std::isspace(static_cast<unsigned char>(fn.back()))) fn.pop_back();
  size_t close = t.find_last_of(')');
  bool call = !fn.empty() && close != std::string::npos && close > open &&
              t.find_first_not_of(" \t\r\n", close + 1) == std::string::npos;
  if (!call ||
      (fn != "label_names" && fn != "label_values" && fn != "metrics" && fn != "query_result")) {
    check_promql(v.query, e, scope, diags);
    return;
  }
  auto arg_begin = static_cast<uint32_t>(open + 1);
  auto arg_end = static_cast<uint32_t>(close);
  if (fn == "metrics") return;  // a regular expression over metric names
  if (fn == "query_result") {
    Expansion inner = e;
    inner.text = slice(e.text, arg_begin, arg_end);
    check_promql(v.query, inner, scope, diags);
    return;
  }
  // label_names([selector]), label_values([selector,] label): the label is after the last
  // comma outside braces and quotes.
  size_t comma = std::string::npos;
  int depth = 0;
  char quote = 0;
  for (size_t i = arg_begin; i < arg_end; ++i) {
    char c = t[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`')
      quote = c;
    else if (c == '{' || c == '(' || c == '[')
      ++depth;
    else if (c == '}' || c == ')' || c == ']')
      --depth;
    else if (c == ',' && depth == 0)
      comma = i;
  }
  uint32_t selector_end = fn == "label_names"          ? arg_end
                          : comma == std::string::npos ? arg_begin
                                                       : static_cast<uint32_t>(comma);
  std::string_view sel(t.data() + arg_begin, selector_end - arg_begin);
  if (sel.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  Expansion inner = e;
  inner.text = slice(e.text, arg_begin, selector_end);
  promql::ParseResult r = promql::parse_expr(inner.text, scope.options.promql, diags);
  if (!r.ok) return;
  auto refs = ref_spans(v.query, e);
  lint_query(r.root, scope.options, refs, true, diags);
  if (fn != "label_values" || comma == std::string::npos || !scope.options.catalog) return;
  uint32_t lb = static_cast<uint32_t>(comma + 1);
  while (lb < arg_end && std::isspace(static_cast<unsigned char>(t[lb]))) ++lb;
  uint32_t le = arg_end;
  while (le > lb && std::isspace(static_cast<unsigned char>(t[le - 1]))) --le;
  std::string label = t.substr(lb, le - lb);
  Diagnostics quiet;
  auto labels = promql::infer_labels(r.root, *scope.options.catalog, quiet);
  if (labels && labels->closed && !labels->may_have(label)) {
    diags.report(DiagKind::DashboardLabelNotOnMetric, e.text.span(lb, le),
                 fmt::format("'{}' never has label '{}'; its series carry {}", std::string(sel),
                             label, promql::format_labels(*labels)));
  }
}

}  // namespace

void check_dashboard_queries(const model::Dashboard& d, const DashboardCheckOptions& options,
                             DashboardStats& stats, Diagnostics& diags) {
  Scope scope{d, options};
  Substitute sub = substitute_for(scope);
  model::for_each_panel(d.panels, [&](const model::Panel& p) {
    ++stats.panels;
    for (const model::PanelQuery& q : p.queries) {
      if (!q.has_expr) continue;
      ++stats.queries;
      if (q.expr.text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      Language lang = scope.language(q.datasource, p.datasource);
      if (lang == Language::Other) {
        ++stats.skipped;
        continue;
      }
      Expansion e;
      if (lang == Language::PromQL) {
        ++stats.promql;
        if (!expand_within(q.expr, sub, promql::kMaxQueryBytes, DiagKind::PromqlTooComplex, diags,
                           e))
          continue;
        check_promql(q.expr, e, scope, diags);
      } else {
        ++stats.logql;
        // Loki refuses queries of kMaxLogqlBytes or more.
        if (!expand_within(q.expr, sub, logql::kMaxQueryBytes - 1, DiagKind::LogqlTooComplex, diags,
                           e))
          continue;
        logql::Options lo;
        logql::parse_logql(e.text, lo, diags);
      }
    }
  });
  for (const model::Variable& v : d.variables) {
    if (v.kind != model::VariableKind::Query || !v.has_query) continue;
    if (v.query.text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    model::DatasourceRef none;
    if (scope.language(v.datasource, none) != Language::PromQL) continue;
    ++stats.variable_queries;
    Expansion e;
    if (!expand_within(v.query, sub, promql::kMaxQueryBytes, DiagKind::PromqlTooComplex, diags, e))
      continue;
    check_variable_query(v, e, scope, diags);
  }
}

}  // namespace mzr::dash

// The routing tree of alertmanager.yml and the matchers that routes and inhibit rules share.

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "compiler/base/names.h"
#include "compiler/base/utf8.h"
#include "compiler/load/alertmanager_decoder.h"
#include "compiler/load/decode.h"
#include "compiler/routing/matcher.h"
#include "compiler/routing/matcher_parse.h"
#include "compiler/routing/regex.h"
#include "compiler/routing/route_tree.h"

namespace mzr {

model::AmRoute AmDecoder::load_route(NodeRef n) {
  model::AmRoute r;
  r.span = n.span();
  yaml::FieldReader f(n, "route", diags_);
  if (!f.ok()) return r;
  NodeRef receiver = f.field("receiver");
  NodeRef group_by = f.field("group_by");
  NodeRef match = f.field("match");
  NodeRef match_re = f.field("match_re");
  NodeRef matchers = f.field("matchers");
  NodeRef mute = f.field("mute_time_intervals");
  NodeRef active = f.field("active_time_intervals");
  NodeRef cont = f.field("continue");
  NodeRef routes = f.field("routes");
  NodeRef group_wait = f.field("group_wait");
  NodeRef group_interval = f.field("group_interval");
  NodeRef repeat_interval = f.field("repeat_interval");
  NodeRef labels = f.field("labels");
  f.finish();

  if (receiver && !yaml::is_null_text(receiver)) {
    r.receiver = yaml::read_text(receiver, "'receiver'", diags_);
  }
  load_match(match, false, "match", r.matchers);
  load_match(match_re, true, "match_re", r.matchers);
  load_matchers(matchers, r.matchers);
  r.has_match = !r.matchers.empty();
  std::stable_sort(r.matchers.begin(), r.matchers.end(),
                   [](const model::AmMatcher& a, const model::AmMatcher& b) {
                     return std::tie(a.name, a.value, a.op) < std::tie(b.name, b.value, b.op);
                   });
  if (group_by && !yaml::is_null_text(group_by)) r.group_by = load_group_by(group_by);
  r.group_wait = yaml::read_duration(group_wait, "group_wait", diags_);
  r.group_interval = yaml::read_duration(group_interval, "group_interval", diags_);
  r.repeat_interval = yaml::read_duration(repeat_interval, "repeat_interval", diags_);
  for (auto [d, name] : {std::pair{&r.group_interval, "group_interval"},
                         std::pair{&r.repeat_interval, "repeat_interval"}}) {
    if (*d && (*d)->value.ms == 0) {
      diags_.report(DiagKind::AmZeroInterval, (*d)->span, fmt::format("'{}' cannot be zero", name));
    }
  }
  if (cont) {
    r.continue_matching = yaml::read_bool(cont, "'continue'", diags_).value_or(false);
    r.continue_span = join(yaml::key_span(n, "continue"), cont.span());
  }
  r.mute_time_intervals = yaml::read_texts(mute, "'mute_time_intervals'", diags_);
  r.active_time_intervals = yaml::read_texts(active, "'active_time_intervals'", diags_);
  if (auto pairs = yaml::read_label_map(labels, "route labels", diags_)) {
    for (model::LabelPair& p : *pairs) {
      if (!is_legacy_label_name(p.name.value)) {
        diags_.report(DiagKind::AmInvalidLabelName, p.name.span,
                      fmt::format("invalid label name '{}' in route labels", p.name.value));
      }
      r.labels.push_back(std::move(p));
    }
  }
  for (NodeRef child : yaml::read_items(routes, "routes", diags_)) {
    r.routes.push_back(load_route(child));
  }
  return r;
}

bool AmDecoder::valid_grouping_label(std::string_view name) const {
  if (opts_.matcher_mode == routing::MatcherMode::Classic) return is_legacy_label_name(name);
  return !name.empty() && !find_invalid_utf8(name);
}

// 'match' and 'match_re': a mapping of label names to values or to regexes.
void AmDecoder::load_match(NodeRef n, bool regex, std::string_view field,
                           std::vector<model::AmMatcher>& out) {
  if (yaml::is_null_text(n)) return;
  if (!n.is_mapping()) {
    diags_.report(
        DiagKind::WrongNodeType, n.span(),
        fmt::format("expected a mapping for '{}', found a {}", field, yaml::kind_name(n.kind())));
    return;
  }
  for (const yaml::RefEntry& e : n.entries()) {
    auto name = yaml::read_string(e.key, fmt::format("a key of '{}'", field), diags_);
    if (!name) continue;
    Span span = join(e.key.span(), e.value ? e.value.span() : e.key.span());
    if (!is_legacy_label_name(*name)) {
      diags_.report(DiagKind::AmInvalidLabelName, e.key.span(),
                    fmt::format("invalid label name '{}'", *name));
      continue;
    }
    if (regex && yaml::is_null_text(e.value)) {
      diags_.report(DiagKind::AmInvalidRegex, e.key.span(),
                    fmt::format("invalid regexp value for '{}'", *name));
      continue;
    }
    auto value = yaml::read_string(e.value, fmt::format("the value of '{}'", *name), diags_);
    if (!value) continue;
    if (!regex) {
      out.push_back({*name, model::AmMatchOp::Equal, *value, span});
      continue;
    }
    std::string error;
    if (!routing::compile_anchored(*value, &error)) {
      diags_.report(DiagKind::AmInvalidRegex, e.value.span(), error);
      continue;
    }
    out.push_back({*name, model::AmMatchOp::Regex, "^(?:" + *value + ")$", span});
  }
}

// 'matchers': a list of matchers in Alertmanager's syntax, read by the parser of the matcher
// mode in force.
void AmDecoder::load_matchers(NodeRef n, std::vector<model::AmMatcher>& out) {
  for (const Text& line : yaml::read_texts(n, "matchers", diags_)) {
    routing::CompatResult r = routing::parse_matchers_compat(line.value, opts_.matcher_mode);
    if (!r.ok()) {
      diags_.report(DiagKind::AmInvalidMatcher, line.span,
                    fmt::format("invalid matcher '{}': {}", line.value, r.error));
      continue;
    }
    if (r.incompatible) {
      diags_.report(DiagKind::AmMatcherFallback, line.span,
                    fmt::format("matcher '{}' is not valid for Alertmanager's UTF-8 parser; "
                                "the classic parser's reading is used",
                                line.value));
    } else if (r.disagreement) {
      diags_.report(DiagKind::AmMatcherFallback, line.span,
                    fmt::format("Alertmanager's two matcher parsers read '{}' differently; "
                                "the classic parser's reading {} is used",
                                line.value, routing::matchers_to_string(*r.matchers)));
    }
    for (const routing::Matcher& m : *r.matchers) {
      out.push_back({m.name, routing::to_model_op(m.op), m.value, line.span});
    }
  }
}

std::vector<model::Text> AmDecoder::load_group_by(NodeRef n) {
  std::vector<Text> names = yaml::read_texts(n, "'group_by'", diags_);
  bool wildcard = false;
  const Text* first_label = nullptr;
  std::map<std::string, Span> seen;
  for (const Text& t : names) {
    if (t.value == "...") {
      wildcard = true;
      continue;
    }
    if (!valid_grouping_label(t.value)) {
      diags_.report(DiagKind::AmInvalidLabelName, t.span,
                    fmt::format("invalid label name '{}' in group_by list", t.value));
      continue;
    }
    if (first_label == nullptr) first_label = &t;
    auto [it, inserted] = seen.emplace(t.value, t.span);
    if (!inserted) {
      diags_
          .report(DiagKind::AmInvalidGroupBy, t.span,
                  fmt::format("duplicated label '{}' in group_by", t.value))
          .note(it->second, "first listed here");
    }
  }
  if (wildcard && first_label != nullptr) {
    diags_.report(DiagKind::AmInvalidGroupBy, n.span(),
                  "cannot have wildcard group_by ('...') and other labels at the same time");
  }
  return names;
}

}  // namespace mzr

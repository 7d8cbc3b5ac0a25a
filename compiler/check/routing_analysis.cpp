#include "compiler/check/routing_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "compiler/check/inhibit_pairs.h"
#include "compiler/routing/inhibit.h"
#include "compiler/routing/route_tree.h"

namespace mzr {
namespace {

using routing::RouteNode;

Tri tri_and(Tri a, Tri b) {
  return std::min(a, b);
}
Tri tri_or(Tri a, Tri b) {
  return std::max(a, b);
}
Tri tri_not(Tri a) {
  return a == Tri::Yes ? Tri::No : a == Tri::No ? Tri::Yes : Tri::Maybe;
}

bool is_template(const std::string& v) {
  return v.find("{{") != std::string::npos;
}

struct Hit {
  const RouteNode* node;
  Tri certainty;
};

// Alertmanager's Route.Match with three-valued matchers: `node` matched with certainty `reach`.
void route(const RouteNode& node, Tri reach, const AlertLabels& a, std::vector<Hit>& hits,
           std::vector<bool>& reached) {
  Tri any = Tri::No;   // some child matched
  Tri stop = Tri::No;  // an earlier child without 'continue' matched
  for (const auto& child : node.children) {
    Tri mc = evaluate(child->matchers, a);
    Tri matched = tri_and(tri_not(stop), mc);
    if (matched == Tri::No) continue;
    reached[child->index] = true;
    route(*child, tri_and(reach, matched), a, hits, reached);
    any = tri_or(any, matched);
    if (!child->continue_matching) stop = tri_or(stop, matched);
  }
  if (any != Tri::Yes) hits.push_back({&node, tri_and(reach, tri_not(any))});
}

// Whether every label set that satisfies `later` also satisfies `m`. Sound, not complete.
bool implied(const routing::Matcher& m, const routing::Matchers& later) {
  using routing::MatchOp;
  if (m.op == MatchOp::Regex && m.value == ".*") return true;
  for (const routing::Matcher& l : later) {
    if (l.name != m.name) continue;
    if (l == m) return true;
    if (l.op == MatchOp::Equal && m.matches(l.value)) return true;
    // Every value `l` accepts differs from the one `m` excludes.
    if (m.op == MatchOp::NotEqual && (l.op == MatchOp::Equal || l.op == MatchOp::Regex) &&
        !l.matches(m.value)) {
      return true;
    }
  }
  return false;
}

bool shadows(const RouteNode& earlier, const RouteNode& later) {
  return std::all_of(earlier.matchers.begin(), earlier.matchers.end(),
                     [&](const routing::Matcher& m) { return implied(m, later.matchers); });
}

void referenced_receivers(const model::AmRoute& r, std::set<std::string, std::less<>>& out) {
  if (r.receiver) out.insert(r.receiver->value);
  for (const model::AmRoute& c : r.routes) referenced_receivers(c, out);
}

std::string route_name(const RouteNode& n) {
  return n.parent == nullptr ? std::string("the root route")
                             : fmt::format("route {}", routing::matchers_to_string(n.matchers));
}

void push_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

void check_structure(const routing::RoutingTree& tree, const model::AlertmanagerConfig& config,
                     std::vector<bool>& shadowed, Diagnostics& diags) {
  for (const RouteNode* n : tree.walk()) {
    for (size_t j = 1; j < n->children.size(); ++j) {
      const RouteNode& later = *n->children[j];
      for (size_t i = 0; i < j; ++i) {
        const RouteNode& earlier = *n->children[i];
        // A matcher that did not compile (already an error) would make the route look wider.
        if (earlier.continue_matching ||
            earlier.matchers.size() != earlier.source->matchers.size() ||
            !shadows(earlier, later)) {
          continue;
        }
        shadowed[later.index] = true;
        diags
            .report(DiagKind::RouteShadowed, later.source->span,
                    fmt::format("{} is never used: every alert it matches is taken by an earlier "
                                "sibling without 'continue'",
                                route_name(later)))
            .note(earlier.source->span, fmt::format("the earlier {}", route_name(earlier)));
        break;
      }
    }
  }
  std::set<std::string, std::less<>> used;
  if (config.route) referenced_receivers(*config.route, used);
  for (const model::AmReceiver& r : config.receivers) {
    if (used.count(r.name.value) == 0) {
      diags.report(DiagKind::ReceiverUnused, r.name.span,
                   fmt::format("receiver '{}' is not used by any route", r.name.value));
    }
  }
}

void check_inhibit_rules(const std::vector<AlertLabels>& alerts,
                         const model::AlertmanagerConfig& config, Diagnostics& diags) {
  std::vector<routing::InhibitRule> rules = routing::compile_inhibit_rules(config);
  for (const routing::InhibitRule& rule : rules) {
    if (rule.rule == nullptr) continue;
    std::vector<const AlertLabels*> sources, targets;
    for (const AlertLabels& a : alerts) {
      if (evaluate(rule.source, a) != Tri::No) sources.push_back(&a);
      if (evaluate(rule.target, a) != Tri::No) targets.push_back(&a);
    }
    Span at = rule.rule->span;
    if (sources.empty()) {
      Span s = rule.rule->source_matchers.empty() ? at : rule.rule->source_matchers.front().span;
      diags.report(DiagKind::InhibitSourceNoAlert, s,
                   "the source matchers of this inhibit rule match no alert of the repository");
    }
    if (targets.empty()) {
      Span s = rule.rule->target_matchers.empty() ? at : rule.rule->target_matchers.front().span;
      diags.report(DiagKind::InhibitTargetNoAlert, s,
                   "the target matchers of this inhibit rule match no alert of the repository");
    }
    for (const model::Text& label : rule.rule->equal) {
      auto none_carry = [&](const std::vector<const AlertLabels*>& side) {
        return !side.empty() && std::none_of(side.begin(), side.end(), [&](const AlertLabels* a) {
          return a->may_carry(label.value);
        });
      };
      bool src = none_carry(sources), tgt = none_carry(targets);
      if (!src && !tgt) continue;
      std::string sides = src && tgt ? "neither the source nor the target alerts carry it"
                          : src      ? "the source alerts never carry it"
                                     : "the target alerts never carry it";
      std::string effect = src && tgt ? "so the rule inhibits across all of its values"
                                      : "so the rule can only inhibit alerts that lack it too";
      diags.report(DiagKind::InhibitEqualLabelMissing, label.span,
                   fmt::format("'equal' label '{}': {}, {}", label.value, sides, effect));
    }
    check_inhibit_pairs(rule, sources, targets, diags);
  }
}

}  // namespace

bool AlertLabels::may_carry(std::string_view name) const {
  if (known.count(name) || unknown.count(name)) return true;
  return open && absent.count(name) == 0;
}

std::vector<AlertLabels> alert_labels(const std::vector<model::RuleSet>& sets,
                                      const model::Stack& stack, const AlertSeriesLabels& series) {
  std::vector<AlertLabels> out;
  for (const model::RuleSet& set : sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind != model::RuleKind::Alerting) continue;
        AlertLabels a;
        a.group = &g;
        a.rule = &r;
        auto it = series.find(&r);
        if (it == series.end()) {
          a.open = true;  // LogQL, or an expression that did not check
        } else if (it->second.closed) {
          a.unknown.insert(it->second.labels.begin(), it->second.labels.end());
        } else {
          a.open = true;
          a.unknown.insert(it->second.labels.begin(), it->second.labels.end());
          a.absent.insert(it->second.removed.begin(), it->second.removed.end());
        }
        a.unknown.erase("__name__");
        // The rule's labels override the series' labels; external labels do not.
        auto set_static = [&](const model::LabelPair& p) {
          if (is_template(p.value.value)) {
            a.known.erase(p.name.value);
            a.unknown.insert(p.name.value);
            a.absent.erase(p.name.value);
          } else {
            a.known[p.name.value] = p.value.value;
            a.unknown.erase(p.name.value);
          }
        };
        for (const model::LabelPair& p : g.labels) set_static(p);
        for (const model::LabelPair& p : r.labels) set_static(p);
        a.known["alertname"] = r.name.value;
        a.unknown.erase("alertname");
        for (const model::LabelPair& p : stack.external_labels) {
          if (!a.known.count(p.name.value) && !a.unknown.count(p.name.value)) {
            a.known[p.name.value] = p.value.value;
          }
        }
        out.push_back(std::move(a));
      }
    }
  }
  return out;
}

Tri evaluate(const routing::Matcher& m, const AlertLabels& a) {
  if (auto it = a.known.find(m.name); it != a.known.end()) {
    return m.matches(it->second) ? Tri::Yes : Tri::No;
  }
  if (!a.may_carry(m.name)) return m.matches("") ? Tri::Yes : Tri::No;
  if (m.op == routing::MatchOp::Regex && m.value == ".*") return Tri::Yes;
  return Tri::Maybe;
}

Tri evaluate(const routing::Matchers& ms, const AlertLabels& a) {
  Tri out = Tri::Yes;
  for (const routing::Matcher& m : ms) out = tri_and(out, evaluate(m, a));
  return out;
}

std::vector<AlertReceivers> analyze_routing(const std::vector<AlertLabels>& alerts,
                                            const model::AlertmanagerConfig& config,
                                            Diagnostics* diags) {
  std::vector<AlertReceivers> out;
  if (!config.route) return out;
  routing::RoutingTree tree = routing::RoutingTree::build(*config.route);
  std::vector<bool> reached(tree.size(), false);
  reached[tree.root().index] = true;
  for (const AlertLabels& a : alerts) {
    std::vector<Hit> hits;
    route(tree.root(), Tri::Yes, a, hits, reached);
    AlertReceivers r;
    r.alert = &a;
    for (const Hit& h : hits) {
      if (h.certainty == Tri::Yes) push_unique(r.definite, h.node->options.receiver);
    }
    for (const Hit& h : hits) {
      if (h.certainty == Tri::Maybe && std::find(r.definite.begin(), r.definite.end(),
                                                 h.node->options.receiver) == r.definite.end()) {
        push_unique(r.possible, h.node->options.receiver);
      }
    }
    r.only_root =
        !tree.root().children.empty() && hits.size() == 1 && hits.front().node == &tree.root();
    out.push_back(std::move(r));
  }
  if (diags == nullptr) return out;

  std::vector<bool> shadowed(tree.size(), false);
  check_structure(tree, config, shadowed, *diags);
  if (alerts.empty()) return out;
  for (const AlertReceivers& r : out) {
    if (!r.only_root) continue;
    diags
        ->report(DiagKind::AlertOnlyRootReceiver, r.alert->rule->name.span,
                 fmt::format("alert '{}' matches no route below the root: it can only go to the "
                             "default receiver '{}'",
                             r.alert->rule->name.value, tree.root().options.receiver))
        .note(config.route->span, "the root route");
  }
  // Routes no alert reaches: only the topmost of a subtree, and not those already shadowed.
  for (const RouteNode* n : tree.walk()) {
    if (n->parent == nullptr || reached[n->index] || shadowed[n->index]) continue;
    if (!reached[n->parent->index]) continue;
    diags->report(DiagKind::RouteUnreachable, n->source->span,
                  fmt::format("no alert of the repository reaches {}", route_name(*n)));
  }
  check_inhibit_rules(alerts, config, *diags);
  return out;
}

}  // namespace mzr

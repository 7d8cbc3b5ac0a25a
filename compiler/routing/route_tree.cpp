#include "compiler/routing/route_tree.h"

#include <algorithm>
#include <functional>

namespace mzr::routing {
namespace {

void inherit(const model::AmRoute& src, const RouteOptions* parent, RouteOptions& out) {
  if (parent != nullptr) out = *parent;
  if (src.receiver && !src.receiver->value.empty()) out.receiver = src.receiver->value;
  if (src.group_by) {
    std::vector<std::string> names;
    bool all = false;
    for (const model::Text& t : *src.group_by) {
      if (t.value == "...") {
        all = true;
      } else {
        names.push_back(t.value);
      }
    }
    if (all && names.empty()) {
      // '...' alone sets "group by everything" and keeps the inherited list, as upstream does.
      out.group_by_all = true;
    } else {
      // An explicit list (also '[]', which resets grouping) replaces the inherited one.
      std::sort(names.begin(), names.end());
      out.group_by = std::move(names);
      out.group_by_all = false;
    }
  }
  if (src.group_wait) out.group_wait = src.group_wait->value;
  if (src.group_interval) out.group_interval = src.group_interval->value;
  if (src.repeat_interval) out.repeat_interval = src.repeat_interval->value;
  out.mute_time_intervals.clear();
  for (const model::Text& t : src.mute_time_intervals) out.mute_time_intervals.push_back(t.value);
  out.active_time_intervals.clear();
  for (const model::Text& t : src.active_time_intervals) {
    out.active_time_intervals.push_back(t.value);
  }
  for (const model::LabelPair& l : src.labels) out.labels[l.name.value] = l.value.value;
}

std::unique_ptr<RouteNode> build_node(const model::AmRoute& src, const RouteNode* parent,
                                      size_t sibling, size_t& count) {
  auto node = std::make_unique<RouteNode>();
  node->source = &src;
  node->parent = parent;
  node->sibling_index = sibling;
  inherit(src, parent ? &parent->options : nullptr, node->options);
  node->matchers = compile_matchers(src.matchers);
  sort_matchers(node->matchers);
  node->continue_matching = src.continue_matching;
  for (size_t i = 0; i < src.routes.size(); ++i) {
    node->children.push_back(build_node(src.routes[i], node.get(), i, count));
  }
  node->index = count++;
  return node;
}

void match_node(const RouteNode& node, const LabelSet& labels, std::vector<const RouteNode*>& out) {
  size_t before = out.size();
  for (const auto& child : node.children) {
    if (!matches_all(child->matchers, labels)) continue;
    size_t n = out.size();
    match_node(*child, labels, out);
    if (out.size() > n && !child->continue_matching) break;
  }
  if (out.size() == before) out.push_back(&node);
}

}  // namespace

model::AmMatchOp to_model_op(MatchOp op) {
  return static_cast<model::AmMatchOp>(op);
}
MatchOp from_model_op(model::AmMatchOp op) {
  return static_cast<MatchOp>(op);
}

Matchers compile_matchers(const std::vector<model::AmMatcher>& ms, std::string* error) {
  Matchers out;
  for (const model::AmMatcher& m : ms) {
    std::string err;
    auto compiled = make_matcher(m.name, from_model_op(m.op), m.value, &err);
    if (!compiled) {
      if (error != nullptr && error->empty()) *error = err;
      continue;
    }
    out.push_back(std::move(*compiled));
  }
  return out;
}

std::string RouteNode::key() const {
  std::string own = matchers_to_string(matchers);
  if (parent == nullptr) return own;
  return parent->key() + "/" + own;
}

std::string RouteNode::id() const {
  if (parent == nullptr) return matchers_to_string(matchers);
  return parent->id() + "/" + matchers_to_string(matchers) + "/" + std::to_string(sibling_index);
}

RoutingTree RoutingTree::build(const model::AmRoute& root) {
  RoutingTree tree;
  size_t count = 0;
  tree.root_ = build_node(root, nullptr, 0, count);
  tree.size_ = count;
  return tree;
}

std::vector<const RouteNode*> RoutingTree::match(const LabelSet& labels) const {
  std::vector<const RouteNode*> out;
  // The root's own matchers are checked too, as in Alertmanager (a root has none when loaded
  // from a valid configuration).
  if (!matches_all(root_->matchers, labels)) return out;
  match_node(*root_, labels, out);
  return out;
}

std::vector<const RouteNode*> RoutingTree::walk() const {
  std::vector<const RouteNode*> out;
  std::function<void(const RouteNode&)> visit = [&](const RouteNode& n) {
    out.push_back(&n);
    for (const auto& c : n.children) visit(*c);
  };
  visit(*root_);
  return out;
}

std::vector<std::string> receivers_of(const std::vector<const RouteNode*>& nodes) {
  std::vector<std::string> out;
  for (const RouteNode* n : nodes) out.push_back(n->options.receiver);
  return out;
}

}  // namespace mzr::routing

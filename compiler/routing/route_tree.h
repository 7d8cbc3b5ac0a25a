#pragma once
// The routing tree as Alertmanager builds and walks it (dispatch/route.go): option inheritance,
// depth-first matching with 'continue', and falling back to the parent when no child matches.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/duration.h"
#include "compiler/model/alertmanager.h"
#include "compiler/routing/matcher.h"

namespace mzr::routing {

// The effective options of a node after inheritance.
struct RouteOptions {
  std::string receiver;
  std::vector<std::string> group_by;  // sorted
  bool group_by_all = false;
  Duration group_wait{30 * 1000};
  Duration group_interval{5 * 60 * 1000};
  Duration repeat_interval{4 * 60 * 60 * 1000};
  // Not inherited: each node has exactly the intervals written on it.
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;
  LabelSet labels;  // merged from the parent, the child wins
};

struct RouteNode {
  RouteOptions options;
  Matchers matchers;  // sorted
  bool continue_matching = false;
  const RouteNode* parent = nullptr;
  size_t sibling_index = 0;
  size_t index = 0;  // post-order position; the root has the highest
  std::vector<std::unique_ptr<RouteNode>> children;
  const model::AmRoute* source = nullptr;  // valid while the model lives

  // Alertmanager's Route.Key(): the matcher sets from the root, "{}" for the root.
  std::string key() const;
  // Route.ID(): the key with each node's sibling index.
  std::string id() const;
};

class RoutingTree {
 public:
  // Builds the tree from a loaded root route. Matchers that fail to compile (already reported
  // by the loader) are dropped.
  static RoutingTree build(const model::AmRoute& root);

  const RouteNode& root() const { return *root_; }
  size_t size() const { return size_; }

  // The matching nodes in Alertmanager's order (Route.Match). Never empty: the root matches
  // every alert.
  std::vector<const RouteNode*> match(const LabelSet& labels) const;

  // Every node, parent before children, children in configuration order.
  std::vector<const RouteNode*> walk() const;

 private:
  std::unique_ptr<RouteNode> root_;
  size_t size_ = 0;
};

// The receivers of the matched nodes, in order, duplicates kept (as amtool prints them).
std::vector<std::string> receivers_of(const std::vector<const RouteNode*>& nodes);

model::AmMatchOp to_model_op(MatchOp op);
MatchOp from_model_op(model::AmMatchOp op);
// Compiles model matchers; those that fail are skipped (`error` gets the first failure).
Matchers compile_matchers(const std::vector<model::AmMatcher>& ms, std::string* error = nullptr);

}  // namespace mzr::routing

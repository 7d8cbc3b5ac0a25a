#pragma once
// Text renderings of a routing tree: amtool's tree drawings ('config routes show' and
// 'config routes test --tree') and Graphviz dot.

#include <string>
#include <vector>

#include "compiler/routing/route_tree.h"

namespace mzr::routing {

// "default-route" for a node without matchers, else its matcher set.
std::string route_label(const RouteNode& node);

// `amtool config routes show`: "Routing tree:", ".", then every node with its options.
std::string print_routing_tree(const RoutingTree& tree);

// `amtool config routes test --tree`: the nodes on the paths to the matched routes; the matched
// ones carry their receiver.
std::string print_matching_tree(const RoutingTree& tree,
                                const std::vector<const RouteNode*>& matched);

// A Graphviz digraph of the tree: one box per route, solid edges to children, 'continue' noted.
std::string print_dot(const RoutingTree& tree);

}  // namespace mzr::routing

#include "compiler/routing/route_print.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

namespace mzr::routing {
namespace {

// xlab/treeprint's layout, as amtool prints it (plain spaces, as upstream's treeprint).
void draw(const RouteNode& node, const std::string& prefix, bool last,
          const std::function<bool(const RouteNode&)>& keep,
          const std::function<std::string(const RouteNode&)>& text, std::string& out) {
  out += prefix + (last ? "└── " : "├── ") + text(node) + "\n";
  std::vector<const RouteNode*> kids;
  for (const auto& c : node.children) {
    if (keep(*c)) kids.push_back(c.get());
  }
  std::string child_prefix = prefix + (last ? "    " : "│   ");
  for (size_t i = 0; i < kids.size(); ++i) {
    draw(*kids[i], child_prefix, i + 1 == kids.size(), keep, text, out);
  }
}

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string route_label(const RouteNode& node) {
  if (node.matchers.empty()) return "default-route";
  return matchers_to_string(node.matchers);
}

std::string print_routing_tree(const RoutingTree& tree) {
  std::string out = "Routing tree:\n.\n";
  draw(
      tree.root(), "", true, [](const RouteNode&) { return true; },
      [](const RouteNode& n) {
        std::string s = route_label(n);
        if (n.continue_matching) s += "  continue: true";
        return s + "  receiver: " + n.options.receiver;
      },
      out);
  return out;
}

std::string print_matching_tree(const RoutingTree& tree,
                                const std::vector<const RouteNode*>& matched) {
  std::set<const RouteNode*> on_path;
  std::set<const RouteNode*> final_nodes(matched.begin(), matched.end());
  for (const RouteNode* n : matched) {
    for (const RouteNode* p = n; p != nullptr; p = p->parent) on_path.insert(p);
  }
  std::string out = "Matching routes:\n.\n";
  if (on_path.empty()) return out;
  draw(
      tree.root(), "", true, [&](const RouteNode& n) { return on_path.count(&n) > 0; },
      [&](const RouteNode& n) {
        std::string s = route_label(n);
        if (final_nodes.count(&n)) s += "  receiver: " + n.options.receiver;
        return s;
      },
      out);
  return out;
}

std::string print_dot(const RoutingTree& tree) {
  std::string out =
      "digraph routes {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (const RouteNode* n : tree.walk()) {
    std::string label =
        dot_escape(route_label(*n)) + "\\nreceiver: " + dot_escape(n->options.receiver);
    if (n->continue_matching) label += "\\ncontinue: true";
    out += fmt::format("  r{} [label=\"{}\"];\n", n->index, label);
  }
  for (const RouteNode* n : tree.walk()) {
    for (const auto& c : n->children) out += fmt::format("  r{} -> r{};\n", n->index, c->index);
  }
  out += "}\n";
  return out;
}

}  // namespace mzr::routing

#include "compiler/check/recording_cycles.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace mzr {
namespace {

// Tarjan's strongly connected components over rule indices.
class Components {
 public:
  explicit Components(const std::vector<std::vector<size_t>>& edges)
      : edges_(edges),
        index_(edges.size(), kUnvisited),
        low_(edges.size()),
        on_stack_(edges.size()) {
    for (size_t v = 0; v < edges.size(); ++v) {
      if (index_[v] == kUnvisited) visit(v);
    }
  }
  std::vector<std::vector<size_t>> components;

 private:
  static constexpr size_t kUnvisited = static_cast<size_t>(-1);
  const std::vector<std::vector<size_t>>& edges_;
  std::vector<size_t> index_, low_;
  std::vector<bool> on_stack_;
  std::vector<size_t> stack_;
  // Iterative depth-first search: a deep chain of rules must not exhaust the stack.
  std::vector<std::pair<size_t, size_t>> work_;  // rule, next edge
  size_t next_ = 0;

  void visit(size_t root) {
    work_.assign(1, {root, 0});
    enter(root);
    while (!work_.empty()) {
      auto& [v, i] = work_.back();
      if (i < edges_[v].size()) {
        size_t w = edges_[v][i++];
        if (index_[w] == kUnvisited) {
          enter(w);
          work_.emplace_back(w, 0);
        } else if (on_stack_[w]) {
          low_[v] = std::min(low_[v], index_[w]);
        }
        continue;
      }
      size_t done = v;
      work_.pop_back();
      if (!work_.empty()) low_[work_.back().first] = std::min(low_[work_.back().first], low_[done]);
      if (low_[done] != index_[done]) continue;
      std::vector<size_t> comp;
      size_t w;
      do {
        w = stack_.back();
        stack_.pop_back();
        on_stack_[w] = false;
        comp.push_back(w);
      } while (w != done);
      components.push_back(std::move(comp));
    }
  }
  void enter(size_t v) {
    index_[v] = low_[v] = next_++;
    stack_.push_back(v);
    on_stack_[v] = true;
  }
};

}  // namespace

void check_recording_cycles(const std::vector<RecordingDeps>& rules, Diagnostics& diags) {
  // The rules writing each name that some rule reads; other names cannot close a cycle.
  std::unordered_map<std::string_view, std::vector<size_t>> writers;
  for (const RecordingDeps& r : rules) {
    for (const std::string& name : r.reads) writers.try_emplace(name);
  }
  if (writers.empty()) return;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (auto it = writers.find(rules[i].rule->name.value); it != writers.end()) {
      it->second.push_back(i);
    }
  }
  std::vector<std::vector<size_t>> edges(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const std::string& name : rules[i].reads) {
      if (auto it = writers.find(name); it != writers.end()) {
        for (size_t w : it->second) edges[i].push_back(w);
      }
    }
  }
  Components scc(edges);
  for (std::vector<size_t>& comp : scc.components) {
    bool self_loop =
        comp.size() == 1 && std::count(edges[comp[0]].begin(), edges[comp[0]].end(), comp[0]) > 0;
    if (comp.size() < 2 && !self_loop) continue;
    // Report at the rule that comes first in the sources, with the shortest cycle through it.
    std::sort(comp.begin(), comp.end());
    size_t start = comp[0];
    std::vector<size_t> order{start};
    if (!self_loop) {
      std::map<size_t, size_t> parent{{start, start}};
      std::vector<size_t> queue{start};
      size_t last = start;
      for (size_t qi = 0; qi < queue.size() && last == start; ++qi) {
        size_t u = queue[qi];
        for (size_t w : edges[u]) {
          if (w == start && u != start) {
            last = u;
            break;
          }
          if (!std::binary_search(comp.begin(), comp.end(), w) || parent.count(w)) continue;
          parent[w] = u;
          queue.push_back(w);
        }
      }
      std::vector<size_t> path;
      for (size_t v = last; v != start; v = parent[v]) path.push_back(v);
      order.insert(order.end(), path.rbegin(), path.rend());
    }
    const model::Rule& first = *rules[order[0]].rule;
    auto& d = diags.report(
        DiagKind::RecordingRuleCycle, first.name.span,
        self_loop ? fmt::format("recording rule '{}' reads its own output", first.name.value)
                  : fmt::format("recording rules depend on each other in a cycle of {}: '{}' "
                                "reads its own output through the others",
                                comp.size(), first.name.value));
    for (size_t k = 0; k < order.size(); ++k) {
      const model::Rule& r = *rules[order[k]].rule;
      const model::Rule& next = *rules[order[(k + 1) % order.size()]].rule;
      d.note(r.expr_span, fmt::format("'{}' reads '{}'", r.name.value, next.name.value));
    }
  }
}

}  // namespace mzr

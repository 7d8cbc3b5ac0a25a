#pragma once
// Owns the nodes of one syntax tree, of any type derived from `Base`; they are freed together
// when the arena dies, so nodes can point at each other with plain pointers.

#include <memory>
#include <utility>
#include <vector>

namespace mzr {

template <class Base>
class Arena {
 public:
  template <class T, class... Args>
  T* make(Args&&... args) {
    auto node = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = node.get();
    nodes_.push_back(std::move(node));
    return raw;
  }
  size_t size() const { return nodes_.size(); }

 private:
  std::vector<std::unique_ptr<Base>> nodes_;
};

}  // namespace mzr

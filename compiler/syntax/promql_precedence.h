#pragma once
// Internal to compiler/syntax: grouping a flat operator chain by precedence. The PromQL grammar
// parses an expression (and a duration expression) as `operand (op operand)*` and leaves
// precedence and associativity to the builder, which uses this. No ANTLR type appears here.
#include <cstddef>
#include <vector>

namespace mzr::syntax {

// Binding strength of a binary operator, as in Prometheus' yacc grammar; higher binds tighter.
// A sign binds looser than `^` and tighter than everything else.
inline constexpr int kOrPrecedence = 1;
inline constexpr int kAndPrecedence = 2;  // and, unless
inline constexpr int kComparePrecedence = 3;
inline constexpr int kAddPrecedence = 4;
inline constexpr int kMulPrecedence = 5;  // * / % atan2
inline constexpr int kPowPrecedence = 6;  // right-associative

// Groups operands 0..n-1 joined by operators 1..n-1 (operator k sits between operands k-1 and
// k). `^` is right-associative, every other operator left-associative, and the signs written
// before an operand apply to the whole `^` chain that operand starts: `-a ^ b * c` is
// `(-(a ^ b)) * c`. Operands are built in source order and each operator node as soon as both
// its sides are, as a recursive-descent parser would, so diagnostics come out in the same
// order. Nothing recurses: the depth of the input does not reach the stack.
//   base(k)             operand k without its signs
//   precedence(k)       of operator k
//   signs(k, e)         e wrapped in the signs written before operand k
//   binary(lhs, k, rhs) the node for operator k
template <class Expr, class Base, class Precedence, class Signs, class Binary>
Expr* fold_by_precedence(size_t n, Base base, Precedence precedence, Signs signs, Binary binary) {
  if (n == 1) return signs(0, base(0));
  std::vector<Expr*> out;    // operands not yet consumed by an operator
  std::vector<size_t> ops;   // operators waiting for their right-hand side
  std::vector<Expr*> chain;  // the operands of one `^` chain
  size_t next = 0;
  // An operand with the `^` chain it starts, folded from the right.
  auto unit = [&]() {
    size_t first = next;
    chain.clear();
    chain.push_back(base(first));
    size_t last = first;
    while (last + 1 < n && precedence(last + 1) == kPowPrecedence) chain.push_back(base(++last));
    Expr* acc = signs(last, chain.back());
    for (size_t k = last; k > first; --k) acc = signs(k - 1, binary(chain[k - 1 - first], k, acc));
    next = last + 1;
    return acc;
  };
  auto reduce = [&]() {
    Expr* rhs = out.back();
    out.pop_back();
    out.back() = binary(out.back(), ops.back(), rhs);
    ops.pop_back();
  };
  out.push_back(unit());
  while (next < n) {
    size_t k = next;
    int p = precedence(k);
    while (!ops.empty() && precedence(ops.back()) >= p) reduce();
    ops.push_back(k);
    out.push_back(unit());
  }
  while (!ops.empty()) reduce();
  return out.back();
}

}  // namespace mzr::syntax

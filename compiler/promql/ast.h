#pragma once
// The typed PromQL syntax tree. It mirrors Prometheus' own AST (promql/parser/ast.go) closely
// enough that the type rules and the printer can follow upstream case by case, but it is ours:
// every node carries the source span it was built from, and an Arena owns all nodes so that
// children are plain pointers and freeing a deep tree never recurses.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/arena.h"
#include "compiler/base/source.h"

namespace mzr::promql {

struct Function;

enum class ValueType : uint8_t { None, Scalar, Vector, Matrix, String };
// Prometheus' "documented" names used in messages: "instant vector", "range vector", ...
std::string_view documented_name(ValueType t);
// The raw names ("vector", "matrix") that a few upstream messages use.
std::string_view raw_name(ValueType t);

enum class BinOp : uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Pow,
  Atan2,
  Eql,
  Neq,
  Gtr,
  Lss,
  Gte,
  Lte,
  And,
  Or,
  Unless,
  TrimUpper,
  TrimLower,
};
std::string_view spelling(BinOp op);
bool is_comparison(BinOp op);
bool is_set_operator(BinOp op);

enum class AggOp : uint8_t {
  Sum,
  Avg,
  Count,
  Min,
  Max,
  Group,
  Stddev,
  Stdvar,
  Topk,
  Bottomk,
  CountValues,
  Quantile,
  Limitk,
  LimitRatio,
};
std::string_view spelling(AggOp op);
// topk, bottomk, quantile, count_values, limitk, limit_ratio take a parameter first.
bool has_parameter(AggOp op);

enum class MatchOp : uint8_t { Equal, NotEqual, Regex, NotRegex };
std::string_view spelling(MatchOp op);

enum class Cardinality : uint8_t { OneToOne, ManyToOne, OneToMany, ManyToMany };

enum class ExprKind : uint8_t {
  Number,
  String,
  VectorSelector,
  MatrixSelector,
  Subquery,
  Paren,
  Unary,
  Binary,
  Call,
  Aggregate,
  Duration,
};

struct Expr {
  explicit Expr(ExprKind k, Span s) : kind(k), span(s) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  ExprKind kind;
  Span span;
};

template <class T>
const T* as(const Expr* e) {
  return e != nullptr && e->kind == T::kKind ? static_cast<const T*>(e) : nullptr;
}
template <class T>
T* as(Expr* e) {
  return e != nullptr && e->kind == T::kKind ? static_cast<T*>(e) : nullptr;
}

// A number or duration literal. Durations are kept in seconds, as Prometheus does, and remember
// that they were written with units so the printer writes them back the same way.
struct NumberLiteral : Expr {
  static constexpr ExprKind kKind = ExprKind::Number;
  NumberLiteral(Span s, double v, bool dur) : Expr(kKind, s), value(v), duration(dur) {}
  double value;
  bool duration;
};

struct StringLiteral : Expr {
  static constexpr ExprKind kKind = ExprKind::String;
  StringLiteral(Span s, std::string v) : Expr(kKind, s), value(std::move(v)) {}
  std::string value;
};

// Arithmetic on durations inside `[...]` and after `offset` (feature promql-duration-expr).
enum class DurationOp : uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Pow,
  Neg,
  Pos,
  Step,
  Range,
  MinOf,
  MaxOf,
  Paren
};
struct DurationExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Duration;
  DurationExpr(Span s, DurationOp o, Expr* l, Expr* r) : Expr(kKind, s), op(o), lhs(l), rhs(r) {}
  DurationOp op;
  Expr* lhs;  // operand of unary ops and Paren; first argument of min_of/max_of
  Expr* rhs;
};

struct Matcher {
  std::string name;
  MatchOp op = MatchOp::Equal;
  std::string value;
  Span span;
  // True when the value is matched by the empty string (so the matcher selects nothing alone).
  bool matches_empty = false;
};

enum class AtKind : uint8_t { None, Timestamp, Start, End };

// `offset` and `@`, allowed on vector selectors (also inside a range selector) and subqueries.
struct Modifiers {
  Expr* offset = nullptr;  // NumberLiteral (seconds, may be negative) or DurationExpr
  AtKind at = AtKind::None;
  double at_seconds = 0;  // AtKind::Timestamp
  bool anchored = false;
  bool smoothed = false;
};

struct VectorSelector : Expr {
  static constexpr ExprKind kKind = ExprKind::VectorSelector;
  explicit VectorSelector(Span s) : Expr(kKind, s) {}
  std::string name;               // empty when the name is only given by a matcher
  std::vector<Matcher> matchers;  // excludes the name written outside the braces
  Modifiers modifiers;
};

struct MatrixSelector : Expr {
  static constexpr ExprKind kKind = ExprKind::MatrixSelector;
  MatrixSelector(Span s, Expr* vs, Expr* r) : Expr(kKind, s), selector(vs), range(r) {}
  Expr* selector;  // a VectorSelector when valid
  Expr* range;     // NumberLiteral (seconds) or DurationExpr
};

struct SubqueryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Subquery;
  SubqueryExpr(Span s, Expr* e, Expr* r, Expr* st) : Expr(kKind, s), expr(e), range(r), step(st) {}
  Expr* expr;
  Expr* range;
  Expr* step;  // nullptr for `[5m:]`
  Modifiers modifiers;
};

struct ParenExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Paren;
  ParenExpr(Span s, Expr* e) : Expr(kKind, s), expr(e) {}
  Expr* expr;
};

struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Unary;
  UnaryExpr(Span s, BinOp o, Expr* e) : Expr(kKind, s), op(o), expr(e) {}
  BinOp op;  // Add or Sub
  Expr* expr;
};

struct FillValues {
  std::optional<double> lhs;     // fill_left / fill
  std::optional<double> rhs;     // fill_right / fill
  bool written_as_fill = false;  // `fill(v)` rather than the two sided forms
};

struct VectorMatching {
  Cardinality card = Cardinality::OneToOne;
  bool on = false;            // on(...) rather than ignoring(...)
  bool has_matching = false;  // an on/ignoring clause was written (possibly empty)
  std::vector<std::string> matching_labels;
  std::vector<std::string> include;  // group_left/group_right labels
  bool include_written = false;      // group_x(...) had a list (possibly empty)
  FillValues fill;
};

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Binary;
  BinaryExpr(Span s, BinOp o, Expr* l, Expr* r) : Expr(kKind, s), op(o), lhs(l), rhs(r) {}
  BinOp op;
  Expr* lhs;
  Expr* rhs;
  bool return_bool = false;
  VectorMatching matching;
  Span op_span;
};

struct Call : Expr {
  static constexpr ExprKind kKind = ExprKind::Call;
  Call(Span s, const Function* f) : Expr(kKind, s), func(f) {}
  const Function* func;  // never null: unknown functions are syntax errors
  std::vector<Expr*> args;
};

struct AggregateExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Aggregate;
  AggregateExpr(Span s, AggOp o) : Expr(kKind, s), op(o) {}
  AggOp op;
  Expr* expr = nullptr;
  Expr* param = nullptr;
  std::vector<std::string> grouping;
  bool without = false;
  bool has_grouping = false;  // by()/without() was written, even if empty
};

// Owns the nodes of one or more expressions. Nodes are freed together when the arena dies.
using Arena = mzr::Arena<Expr>;

// The static type of an expression, as Prometheus' Expr.Type().
ValueType type_of(const Expr* e);

// Strips any number of parentheses.
const Expr* unparen(const Expr* e);

// Structural equality that ignores source spans: the round-trip property of the printer.
bool same_tree(const Expr* a, const Expr* b);

}  // namespace mzr::promql

#pragma once
// The typed LogQL syntax tree. It follows Loki's own AST (pkg/logql/syntax/ast.go) closely enough
// that Loki's checks can be applied case by case, but every node carries the source span it was
// built from, and an Arena owns all nodes so children are plain pointers.
//
// Literals keep the text they were written with next to their value: the printer writes a
// duration or a number back as written, so printing never changes a query's meaning.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/arena.h"
#include "compiler/base/source.h"

namespace mzr::logql {

struct Node {
  explicit Node(Span s) : span(s) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  Span span;
};

// Owns every node of one parsed query. Nodes never point outside their arena.
using Arena = mzr::Arena<Node>;

// A name as written, with where it was written.
struct Name {
  std::string text;
  Span span;
};

// A string literal: its unquoted value and the span of the quoted text.
struct StringLit {
  std::string value;
  Span span;
};

enum class MatchOp : uint8_t { Equal, NotEqual, Regex, NotRegex };
std::string_view spelling(MatchOp op);

struct Matcher {
  Name name;
  MatchOp op = MatchOp::Equal;
  StringLit value;
  Span span;
};

// ---- Pipeline stages
// -----------------------------------------------------------------------------

enum class LineFilterOp : uint8_t { Contains, NotContains, Regex, NotRegex, Pattern, NotPattern };
std::string_view spelling(LineFilterOp op);

// One operand of a line filter: a string, or `ip("...")`.
struct LineFilterValue {
  StringLit value;
  bool ip = false;
  Span span;
};

enum class StageKind : uint8_t {
  LineFilter,
  Json,
  Logfmt,
  Regexp,
  Pattern,
  Unpack,
  LineFormat,
  Decolorize,
  LabelFormat,
  Drop,
  Keep,
  LabelFilter,
};

struct Stage : Node {
  Stage(StageKind k, Span s) : Node(s), kind(k) {}
  StageKind kind;
};

// `|= "a" or "b"`: the operator applies to every alternative.
struct LineFilterStage : Stage {
  explicit LineFilterStage(Span s) : Stage(StageKind::LineFilter, s) {}
  LineFilterOp op = LineFilterOp::Contains;
  Span op_span;
  std::vector<LineFilterValue> values;
};

// `label="expression"`, or a bare label name that extracts the field of the same name.
struct Extraction {
  Name label;
  std::optional<StringLit> expression;
};

// json, logfmt (with flags), regexp, pattern and unpack: the stages that add labels.
struct ParserStage : Stage {
  ParserStage(StageKind k, Span s) : Stage(k, s) {}
  std::vector<Extraction> extractions;  // json and logfmt with parameters
  std::vector<Name> flags;              // logfmt: --strict, --keep-empty
  std::optional<StringLit> argument;    // regexp and pattern
};

struct LineFormatStage : Stage {
  explicit LineFormatStage(Span s) : Stage(StageKind::LineFormat, s) {}
  StringLit template_text;
};

struct DecolorizeStage : Stage {
  explicit DecolorizeStage(Span s) : Stage(StageKind::Decolorize, s) {}
};

// `dst=src` renames a label; `dst="{{ template }}"` sets one.
struct LabelFormatItem {
  Name target;
  bool rename = false;
  Name source;              // when rename
  StringLit template_text;  // otherwise
  Span span;
};

struct LabelFormatStage : Stage {
  explicit LabelFormatStage(Span s) : Stage(StageKind::LabelFormat, s) {}
  std::vector<LabelFormatItem> items;
};

// drop/keep: a bare name, or a matcher that applies only where it matches.
struct NamedMatcher {
  Name name;
  std::optional<Matcher> matcher;
  Span span;
};

struct DropKeepStage : Stage {
  DropKeepStage(StageKind k, Span s) : Stage(k, s) {}
  std::vector<NamedMatcher> items;
};

// ---- Label filters
// -------------------------------------------------------------------------------

enum class CompareOp : uint8_t { Gt, Gte, Lt, Lte, Neq, Eq, CmpEq };
std::string_view spelling(CompareOp op);

enum class FilterKind : uint8_t { String, Ip, Number, Duration, Bytes, And, Or };

struct LabelFilter : Node {
  LabelFilter(FilterKind k, Span s) : Node(s), kind(k) {}
  FilterKind kind;
};

struct StringFilter : LabelFilter {
  explicit StringFilter(Span s) : LabelFilter(FilterKind::String, s) {}
  Matcher matcher;
};

struct IpFilter : LabelFilter {
  explicit IpFilter(Span s) : LabelFilter(FilterKind::Ip, s) {}
  Name label;
  bool negated = false;  // `!=` instead of `=`
  StringLit pattern;
};

// Numeric, duration and byte-size comparisons. `text` is the literal as written (with its sign).
struct CompareFilter : LabelFilter {
  CompareFilter(FilterKind k, Span s) : LabelFilter(k, s) {}
  Name label;
  CompareOp op = CompareOp::Eq;
  std::string text;
  double value = 0;  // numbers and durations (in seconds); bytes as a count of bytes
  Span value_span;
};

struct BinaryFilter : LabelFilter {
  BinaryFilter(FilterKind k, Span s, LabelFilter* l, LabelFilter* r)
      : LabelFilter(k, s), lhs(l), rhs(r) {}
  LabelFilter* lhs;
  LabelFilter* rhs;
};

struct LabelFilterStage : Stage {
  LabelFilterStage(Span s, LabelFilter* f) : Stage(StageKind::LabelFilter, s), filter(f) {}
  LabelFilter* filter;
};

// ---- Expressions
// ---------------------------------------------------------------------------------

enum class ExprKind : uint8_t {
  Log,
  RangeAggregation,
  VectorAggregation,
  Binary,
  Literal,
  Vector,
  LabelReplace
};

struct Expr : Node {
  Expr(ExprKind k, Span s) : Node(s), kind(k) {}
  ExprKind kind;
};

template <class T>
const T* as(const Expr* e) {
  return e != nullptr && e->kind == T::kKind ? static_cast<const T*>(e) : nullptr;
}

// A stream selector and its pipeline: a log query, or the input of a range aggregation.
struct LogExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Log;
  explicit LogExpr(Span s) : Expr(kKind, s) {}
  std::vector<Matcher> matchers;
  Span selector_span;
  std::vector<Stage*> stages;
};

enum class Conversion : uint8_t { None, Bytes, Duration, DurationSeconds };
std::string_view spelling(Conversion c);

struct Unwrap : Node {
  explicit Unwrap(Span s) : Node(s) {}
  Name label;
  Conversion conversion = Conversion::None;
  std::vector<LabelFilter*> post_filters;
};

// A duration literal: as written, and in nanoseconds as Loki keeps it.
struct DurationLit {
  std::string text;
  int64_t nanos = 0;
  Span span;
};

struct LogRange : Node {
  explicit LogRange(Span s) : Node(s) {}
  const LogExpr* log = nullptr;
  DurationLit range;
  std::optional<DurationLit> offset;
  const Unwrap* unwrap = nullptr;
};

struct Grouping {
  bool without = false;
  std::vector<Name> labels;
  Span span;
};

// A number as written ("0.99", "-1", "1e3") and its value.
struct NumberLit {
  std::string text;
  double value = 0;
  Span span;
};

enum class RangeOp : uint8_t {
  Rate,
  RateCounter,
  CountOverTime,
  BytesRate,
  BytesOverTime,
  AvgOverTime,
  SumOverTime,
  MinOverTime,
  MaxOverTime,
  StdvarOverTime,
  StddevOverTime,
  QuantileOverTime,
  FirstOverTime,
  LastOverTime,
  AbsentOverTime,
};
std::string_view spelling(RangeOp op);

struct RangeAggregation : Expr {
  static constexpr ExprKind kKind = ExprKind::RangeAggregation;
  explicit RangeAggregation(Span s) : Expr(kKind, s) {}
  RangeOp op = RangeOp::Rate;
  Span op_span;
  std::optional<NumberLit> param;
  const LogRange* range = nullptr;
  std::optional<Grouping> grouping;
};

enum class VectorOp : uint8_t {
  Sum,
  Avg,
  Max,
  Min,
  Count,
  Stddev,
  Stdvar,
  Bottomk,
  Topk,
  Sort,
  SortDesc,
  ApproxTopk
};
std::string_view spelling(VectorOp op);

struct VectorAggregation : Expr {
  static constexpr ExprKind kKind = ExprKind::VectorAggregation;
  explicit VectorAggregation(Span s) : Expr(kKind, s) {}
  VectorOp op = VectorOp::Sum;
  Span op_span;
  std::optional<NumberLit> param;
  const Expr* inner = nullptr;
  std::optional<Grouping> grouping;
  bool grouping_first = false;  // `sum by (a) (x)` rather than `sum(x) by (a)`
};

enum class BinOp : uint8_t {
  Or,
  And,
  Unless,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Pow,
  CmpEq,
  Neq,
  Gt,
  Gte,
  Lt,
  Lte
};
std::string_view spelling(BinOp op);
bool is_set_operator(BinOp op);
bool is_comparison(BinOp op);
int precedence(BinOp op);  // 1 (or) to 6 (^)

enum class Cardinality : uint8_t { OneToOne, ManyToOne, OneToMany };

struct VectorMatching {
  bool on = false;  // on(...) rather than ignoring(...)
  std::vector<Name> labels;
  Cardinality card = Cardinality::OneToOne;
  std::vector<Name> include;
  bool include_parens = false;  // group_left() written with parentheses
};

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Binary;
  explicit BinaryExpr(Span s) : Expr(kKind, s) {}
  BinOp op = BinOp::Add;
  Span op_span;
  bool return_bool = false;
  std::optional<VectorMatching> matching;
  const Expr* lhs = nullptr;
  const Expr* rhs = nullptr;
};

struct LiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Literal;
  explicit LiteralExpr(Span s) : Expr(kKind, s) {}
  NumberLit number;
};

struct VectorExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Vector;
  explicit VectorExpr(Span s) : Expr(kKind, s) {}
  NumberLit number;
};

struct LabelReplaceExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::LabelReplace;
  explicit LabelReplaceExpr(Span s) : Expr(kKind, s) {}
  const Expr* inner = nullptr;
  StringLit dst, replacement, src, regex;
};

// A metric query produces samples; a log query (a selector with its pipeline) produces lines.
bool is_metric_expr(const Expr* e);

}  // namespace mzr::logql

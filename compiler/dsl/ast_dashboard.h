#pragma once
// The syntax tree of .mzr dashboards: `dashboard UID "TITLE" { ... }`. A body is a list of
// entries kept as written: settings (`unit "bytes"`, `tags a, b`), blocks with or without a title
// (`row "Sessions" { ... }`, `options { ... }`), queries, variables and threshold steps. Lowering
// gives them their meaning; `mzrules fmt` prints them back.

// Included by ast.h after the common nodes (Name, Text, Comments, Expression, AmValueNode); not on
// its own.

namespace mzr::dsl {

// `80 orange` in `thresholds green, 80 orange, 90 red`; the first step usually has no value.
struct ThresholdStep {
  std::optional<std::string> value;  // the number as written
  Span value_span;
  Name color;
};

struct DashEntry {
  enum class Kind : uint8_t {
    Setting,     // key value, value [{ body }]
    Block,       // key { body }
    Query,       // query EXPR
    Variable,    // variable NAME = EXPR | variable NAME { body }
    Thresholds,  // thresholds STEP, STEP...
  };
  Kind kind = Kind::Setting;
  Name key;                          // Setting, Block; Variable: its name
  std::vector<AmValueNode> values;   // Setting
  std::optional<Expression> expr;    // Query, Variable written `= EXPR`
  std::vector<ThresholdStep> steps;  // Thresholds
  // Setting with a body, Block, Variable with a body.
  bool has_body = false;
  std::vector<DashEntry> body;
  Span body_span;
  Comments inner;  // comments before the body's closing brace
  Span keyword;    // the entry's first word
  Span span;
  Comments comments;
};

struct DashboardBlock {
  Name uid;
  std::optional<Text> title;
  std::vector<DashEntry> body;
  Span keyword;
  Span span;
  Comments comments;
  Comments inner;
};

}  // namespace mzr::dsl

#pragma once
// What the .mzr builder offers the builders of its blocks kept in files of their own: positions,
// comments and the leaves. Internal to compiler/syntax.

#include <optional>
#include <string_view>

#include "MzrParser.h"
#include "compiler/base/source.h"
#include "compiler/dsl/ast.h"

namespace mzr::syntax {

class MzrBuilderTools {
 public:
  virtual Span span(const antlr4::Token* t) const = 0;
  virtual Span span(antlr4::ParserRuleContext* ctx) const = 0;
  virtual dsl::Comments comments(antlr4::ParserRuleContext* ctx) const = 0;
  virtual dsl::Comments inner(antlr4::tree::TerminalNode* rbrace) const = 0;
  virtual dsl::Name name(antlr_Mzr::MzrParser::NameContext* ctx) = 0;
  virtual dsl::Text text(antlr_Mzr::MzrParser::TextContext* ctx) = 0;
  virtual dsl::LabelMap label_map(antlr_Mzr::MzrParser::LabelMapContext* ctx) = 0;
  // A duration token's value (reports one that does not parse).
  virtual std::optional<dsl::DurationValue> duration(antlr4::tree::TerminalNode* n) = 0;
  // The expression cut out by the lexer (reports an empty one).
  virtual dsl::Expression expression(antlr4::tree::TerminalNode* raw) = 0;
  // The bytes of the source file that `s` covers.
  virtual std::string_view source_text(Span s) const = 0;

 protected:
  ~MzrBuilderTools() = default;
};

}  // namespace mzr::syntax

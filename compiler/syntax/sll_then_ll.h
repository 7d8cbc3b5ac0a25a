#pragma once
// The two-stage ANTLR parse the three parsers share (PromQL, LogQL, .mzr): SLL prediction with
// bail-out first, which succeeds on every valid input and is the fast path; on failure, the
// tokens are rewound and parsed again with full LL prediction and error recovery, reporting to
// `listener`, which finds the first offending token (or every mistake, for .mzr).

#include <antlr4-runtime.h>

#include <memory>

namespace mzr::syntax {

template <class Context>
struct TwoStageParse {
  Context* tree = nullptr;  // the SLL tree, or else the LL one (with recovery: possibly partial)
  bool fell_back = false;   // SLL failed and LL ran
};

// `rule` is the start rule (&Parser::root). The listener stays attached after the LL pass.
template <class Parser, class Base, class Context>
TwoStageParse<Context> parse_sll_then_ll(Parser& parser, antlr4::TokenStream& tokens,
                                         Context* (Base::*rule)(),
                                         antlr4::ANTLRErrorListener& listener) {
  TwoStageParse<Context> out;
  parser.removeErrorListeners();
  parser.template getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    out.tree = (parser.*rule)();
  } catch (const antlr4::ParseCancellationException&) {
    out.tree = nullptr;
  }
  if (out.tree != nullptr) return out;
  out.fell_back = true;
  tokens.seek(0);
  parser.reset();
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  parser.template getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  parser.addErrorListener(&listener);
  out.tree = (parser.*rule)();
  return out;
}

}  // namespace mzr::syntax
